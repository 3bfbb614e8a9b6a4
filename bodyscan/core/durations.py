"""Durations as SCRIPT_FORMAT.md defines them, parsed exactly.

Values are kept as `Fraction` seconds so that "1m30s", "750ms" and 2.5 convert to audio
frames without rounding surprises; only the final frame count is rounded.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

MAX_SECONDS = Fraction(4 * 3600)  # one duration
MAX_SESSION_SECONDS = Fraction(6 * 3600)  # a whole session, after stretching
MAX_SESSION_TEXT = "6 hours"
# Each step is one event and each breathing phase another. No sensible exercise comes near
# (a 25-minute scan has about 60, an hour of slow breathing about 700); the cap keeps a
# hostile script from making the planner and render-ahead work for minutes.
MAX_EVENTS = 5000

_UNIT_SECONDS = {"h": Fraction(3600), "m": Fraction(60), "s": Fraction(1), "ms": Fraction(1, 1000)}
_UNIT_ORDER = ("h", "m", "s", "ms")
_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)(ms|h|m|s)")


class DurationError(ValueError):
    """The text says what is wrong, in words for a script author."""


def parse_duration(value: object, *, limit: Fraction | None = MAX_SECONDS) -> Fraction:
    """Return the duration in seconds, or raise DurationError saying why it is not one.

    `limit` None leaves the upper bound to the caller (a timer has its own)."""
    if isinstance(value, bool):
        raise DurationError("expected a duration such as 20, 2.5, '20s' or '1m30s', got true/false")
    if isinstance(value, int):
        seconds = Fraction(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise DurationError("a duration must be a finite number of seconds")
        seconds = Fraction(str(value))
    elif isinstance(value, str):
        seconds = _parse_text(value)
    else:
        raise DurationError(
            f"expected a duration such as 20, 2.5, '20s' or '1m30s', got {describe_type(value)}"
        )
    if seconds < 0:
        raise DurationError(f"a duration cannot be negative ({shown(value)})")
    if limit is not None and seconds > limit:
        raise DurationError(f"'{shown(value)}' is over the 4-hour limit for a duration")
    return seconds


def shown(value: object, limit: int = 24) -> str:
    """A value as it may be quoted in a message: never longer than `limit` characters."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 4] + "…"


def _parse_text(text: str) -> Fraction:
    if text == "":
        raise DurationError("empty duration; write for example '20s' or '1m30s'")
    if text.strip() != text or " " in text:
        raise DurationError(
            f"'{shown(text)}' has spaces; write durations without them, e.g. '1m30s'"
        )
    if text.startswith("-"):
        raise DurationError(f"a duration cannot be negative ('{shown(text)}')")
    if any(char.isdigit() and not char.isascii() for char in text):
        raise DurationError(
            f"'{shown(text)}' has digits other than 0-9; write durations with the digits 0-9"
        )
    position = 0
    total = Fraction(0)
    previous_rank = -1
    for match in _PART.finditer(text):
        if match.start() != position:
            break
        number, unit = match.groups()
        rank = _UNIT_ORDER.index(unit)
        if rank <= previous_rank:
            raise DurationError(
                f"'{shown(text)}': write each unit once, largest first (h, m, s, ms), e.g. '1m30s'"
            )
        previous_rank = rank
        total += _number(number, text) * _UNIT_SECONDS[unit]
        position = match.end()
    if position != len(text) or position == 0:
        if re.fullmatch(r"0[0-9]+", text):
            plain = text.lstrip("0") or "0"
            raise DurationError(
                f"'{shown(text)}' has a leading 0 (YAML reads it as text); write {shown(plain)}"
            )
        if _looks_like_number(text):
            raise DurationError(
                f"'{shown(text)}' needs a unit, e.g. '{shown(text)}s', or no quotes"
            )
        raise DurationError(
            f"'{shown(text)}' is not a duration; use a number of seconds or parts with units "
            "h, m, s, ms such as '20s', '1m30s', '750ms'"
        )
    return total


def _number(digits: str, text: str) -> Fraction:
    """A run of digits as a Fraction; past Python's 4300 digits int() refuses (ValueError)."""
    try:
        return Fraction(digits)
    except ValueError:
        raise DurationError(f"'{shown(text)}' has too many digits for a duration") from None


def _looks_like_number(text: str) -> bool:
    return re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", text) is not None


def describe_type(value: object) -> str:
    """A word for a YAML value's type, as an author would say it."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def format_seconds(seconds: float | Fraction) -> str:
    """Short human form: 45s, 3m, 12m30s, 1h05m."""
    total = round(float(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    if minutes:
        return f"{minutes}m{secs:02d}s" if secs else f"{minutes}m"
    return f"{secs}s"


def about_minutes(seconds: float | Fraction) -> str:
    """Roughly, for a person deciding whether they have time: "about 2 minutes"."""
    minutes = max(1, round(float(seconds) / 60))
    return f"about {minutes} minute{'' if minutes == 1 else 's'}"


def _in_words(seconds: float) -> tuple[int, str]:
    """A length rounded as a person says it: whole minutes from a minute on, else seconds in
    fives (never "0 seconds")."""
    if seconds >= 55:
        return max(1, round(seconds / 60)), "minute"
    return max(5, 5 * round(seconds / 5)), "second"


def _counted(number: int, unit: str) -> str:
    return f"{number} {unit}{'' if number == 1 else 's'}"


def length_in_words(shortest: float | Fraction, longest: float | Fraction | None = None) -> str:
    """An exercise's length range as the library and the tray say it: "3 to 6 minutes",
    "5 minutes", "45 seconds to 2 minutes". The one formatter for lengths in the window."""
    low, low_unit = _in_words(float(shortest))
    if longest is None:
        return _counted(low, low_unit)
    high, high_unit = _in_words(float(max(longest, shortest)))
    if (low, low_unit) == (high, high_unit):
        return _counted(low, low_unit)
    if low_unit == high_unit:
        return f"{low} to {_counted(high, high_unit)}"
    return f"{_counted(low, low_unit)} to {_counted(high, high_unit)}"

"""Checks for one field of a journal export each: type, range, length, vocabulary.

Each takes the value and `where` it is ("entry 3 (id …), check-in 1 (id …): note") and returns
the value as the journal keeps it, or raises `Invalid` with words a person can act on.
"""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime, timedelta
from typing import Any

MAX_NUMBER_DIGITS = 30  # a JSON number longer than this is not one the app wrote
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2101, 1, 1, tzinfo=UTC)  # up to the end of 2100
MAX_SECONDS = 7 * 24 * 3600  # a session, even one left paused, is shorter than a week
MAX_NAME = 200  # exercise ids, kinds, option names
MAX_TITLE = 500
MAX_NOTE = 50_000  # the app's note field holds 32,767 characters
MAX_OTHER = 2_000
MAX_ENTRIES = 1_000_000
MAX_CHECKINS = 1_000
MAX_REGIONS = 200
MAX_STROKES = 1_000
MAX_POINTS = 100_000
MAX_OPTIONS = 50
MAX_PROBLEMS_SHOWN = 10

# The ids the app makes: str(uuid.uuid4()), lowercase with hyphens.
ID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class Invalid(Exception):
    """One field is wrong; `where` names it."""

    def __init__(self, where: str, what: str) -> None:
        super().__init__(f"{where} {what}" if where else what)


def an_object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid(where, f"must be an object {{...}}, not {shown(value)}")
    return value


def known_fields(raw: dict[str, Any], required: set[str], known: set[str], where: str) -> None:
    unknown = sorted(set(raw) - known)
    if unknown:
        raise Invalid(where, f"has a field this version does not know: '{clip(unknown[0])}'")
    missing = sorted(required - set(raw))
    if missing:
        raise Invalid(where, f"has no {missing[0]}")


def a_list(value: object, where: str, most: int) -> list[Any]:
    if not isinstance(value, list):
        raise Invalid(where, f"must be a list [...], not {shown(value)}")
    if len(value) > most:
        raise Invalid(where, f"holds {len(value)} items; at most {most} are possible")
    return value


def an_id(value: object, where: str) -> str:
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise Invalid(
            where,
            f"must be an id as bodyscan makes them (a UUID in lowercase), not {shown(value)}",
        )
    return value


def a_text(value: object, where: str, longest: int, *, empty: bool = True) -> str:
    if not isinstance(value, str):
        raise Invalid(where, f"must be text, not {shown(value)}")
    if len(value) > longest:
        raise Invalid(where, f"is {len(value)} characters long; at most {longest} are possible")
    if not empty and not value.strip():
        raise Invalid(where, "must not be empty")
    if "\x00" in value or not _encodable(value):
        raise Invalid(where, "holds a character that is not text (a NUL or a lone surrogate)")
    return value


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def a_choice(value: object, where: str, known: tuple[str, ...], what: str = "") -> str:
    if not isinstance(value, str) or value not in known:
        wanted = what or "one of " + ", ".join(known)
        raise Invalid(where, f"must be {wanted}, not {shown(value)}")
    return value


def an_optional(value: object, where: str, known: tuple[str, ...] | dict[str, str]) -> str | None:
    if value is None:
        return None
    return a_choice(value, where, tuple(known), "null or one of " + ", ".join(known))


def _number(value: object) -> float | None:
    """A finite JSON number as a float; None for anything else (true and false included)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def seconds(value: object, where: str) -> float:
    number = _number(value)
    if number is None or not 0 <= number <= MAX_SECONDS:
        raise Invalid(
            where, f"must be a number of seconds from 0 to {MAX_SECONDS}, not {shown(value)}"
        )
    return number


def connection(value: object, where: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
        raise Invalid(where, f"must be a whole number from 0 to 10 (or null), not {shown(value)}")
    return value


def fraction(value: object, where: str) -> float:
    number = _number(value)
    if number is None or not 0 <= number <= 1:
        raise Invalid(where, f"must hold numbers from 0 to 1, not {shown(value)}")
    return number


def moment(value: object, where: str) -> datetime:
    wanted = "a date and time with its time zone, from 1970 to 2100, as bodyscan writes them"
    if not isinstance(value, str) or len(value) > 40:
        raise Invalid(where, f"must be {wanted}, not {shown(value)}")
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise Invalid(where, f"must be {wanted}, not {shown(value)}") from None
    if when.tzinfo is None or when.utcoffset() is None:
        raise Invalid(where, f"must say its time zone (like …Z), not {shown(value)}")
    try:
        when = when.astimezone(UTC)
    except OverflowError:  # beyond year 9999 or before year 1 in UTC
        when = EARLIEST - timedelta(days=1)
    if not EARLIEST <= when < LATEST:
        raise Invalid(where, f"must be from 1970 to 2100, not {shown(value)}")
    return when


def options(value: object, where: str) -> dict[str, Any]:
    """What was chosen before starting: names with plain values or lists of text."""
    raw = an_object(value, where)
    if len(raw) > MAX_OPTIONS:
        raise Invalid(where, f"holds {len(raw)} options; at most {MAX_OPTIONS} are possible")
    for name, option in raw.items():
        a_text(name, f"{where}: option name", MAX_NAME, empty=False)
        inner = f"{where}: {clip(name)}"
        if isinstance(option, list):
            a_list(option, inner, MAX_REGIONS)
            for item in option:
                a_text(item, inner, MAX_NAME)
        elif isinstance(option, str):
            a_text(option, inner, MAX_TITLE)
        elif isinstance(option, int | float) and not isinstance(option, bool):
            number = _number(option)
            if number is None or abs(number) > MAX_SECONDS:
                raise Invalid(inner, f"must be a number up to {MAX_SECONDS}, not {shown(option)}")
        elif option is not None and not isinstance(option, bool):
            raise Invalid(
                inner,
                "must be text, a number, true or false, null or a list of text, "
                f"not {shown(option)}",
            )
    return raw


def clip(text: str, most: int = 40) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def shown(value: object) -> str:
    """A value as the file wrote it (JSON), cut short."""
    if isinstance(value, dict):
        return "an object {...}"
    if isinstance(value, list):
        return "a list [...]"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:
        return f"{str(value)[:12]}… ({len(str(abs(value)))} digits)"
    try:
        return clip(json.dumps(value, ensure_ascii=False))
    except ValueError:
        return clip(repr(value))

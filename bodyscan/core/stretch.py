"""Stretching an exercise to a chosen length (SCRIPT_FORMAT.md, Stretching).

Every stretchable pause is multiplied by one common factor so that the whole session lasts the
target exactly. A target outside the allowed range is clamped, with a message that says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from bodyscan.core.durations import MAX_SESSION_SECONDS, MAX_SESSION_TEXT, format_seconds
from bodyscan.core.script import DEFAULT_STRETCH_RANGE, LengthRange
from bodyscan.errors import BodyscanError


class SessionTooLong(BodyscanError):
    """What cannot be shortened (speech, bells, breathing, fixed pauses) is over the limit."""


def max_frames(rate: int) -> int:
    """The longest session, whatever the stretching (SCRIPT_FORMAT.md)."""
    return round(MAX_SESSION_SECONDS * rate)


@dataclass(frozen=True)
class StretchPlan:
    factor: Fraction  # multiplies every stretchable pause
    total_frames: int  # the session's exact length
    message: str | None = None  # set when the asked-for length was changed


def allowed_range(
    fixed_frames: int, stretchable_frames: Fraction, length: LengthRange | None, rate: int
) -> tuple[int, int]:
    """Shortest and longest session in frames."""
    low_factor, high_factor = DEFAULT_STRETCH_RANGE
    low = fixed_frames + stretchable_frames * low_factor
    high = fixed_frames + stretchable_frames * high_factor
    if length is not None:
        if length.min is not None:
            low = length.min * rate
        if length.max is not None:
            high = length.max * rate
    # Never shorter than what cannot be stretched, never longer than the longest session.
    limit = max_frames(rate)
    low = min(max(Fraction(fixed_frames), low), Fraction(limit))
    high = min(max(low, high), Fraction(limit))
    return round(low), round(high)


def plan_stretch(
    fixed_frames: int,
    stretchable_frames: Fraction,
    target_frames: int | None,
    length: LengthRange | None,
    rate: int,
) -> StretchPlan:
    nominal = fixed_frames + stretchable_frames
    limit = max_frames(rate)
    if fixed_frames > limit:
        raise SessionTooLong(
            f"this session would last {format_seconds(fixed_frames / rate)} without any pause; "
            f"a session may last at most {MAX_SESSION_TEXT}",
            "Shorten the exercise (fewer or shorter steps), then try again.",
        )
    if target_frames is None and nominal > limit:
        target_frames = limit  # the narration came out longer than estimated: pauses give way
    if stretchable_frames == 0:
        message = None
        if target_frames is not None and target_frames != round(nominal):
            message = f"this exercise has one length, {format_seconds(nominal / rate)}"
        return StretchPlan(Fraction(1), round(nominal), message)
    if target_frames is None:
        return StretchPlan(Fraction(1), round(nominal))
    low, high = allowed_range(fixed_frames, stretchable_frames, length, rate)
    message = None
    total = target_frames
    if not low <= target_frames <= high:
        total = min(max(target_frames, low), high)
        message = (
            f"asked for {format_seconds(target_frames / rate)}; this exercise can last "
            f"{format_seconds(low / rate)} to {format_seconds(high / rate)}, "
            f"so it will last {format_seconds(total / rate)}"
        )
        if total == limit:
            message += f" (a session lasts at most {MAX_SESSION_TEXT})"
    return StretchPlan(Fraction(total - fixed_frames) / stretchable_frames, total, message)

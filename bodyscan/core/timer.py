"""An unguided timer: a bell at the start, one at every multiple of the interval strictly inside
the duration, and the closing bell starting exactly at the duration.

Planned as an ordinary `Timeline`, so the mixer, the exporter, the session and both players
play it as they play an exercise. Bell onsets are exact frames (`round(k * interval * rate)`),
and the file lasts the duration plus the closing bell's sound. Bells may overlap when the
interval is shorter than the bell: the mixer sums them.

The timeline opens with a silent, zero-length "say" event (no step, so no sound) whose text is
the caption a player shows through the whole timer, as it keeps an instruction on screen
through the pauses and bells after it. The timeline is `unguided`: skip and back go from bell
to bell, and after Ground me the timer goes on where it was left.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from bodyscan.core.durations import (
    MAX_SESSION_SECONDS,
    MAX_SESSION_TEXT,
    DurationError,
    parse_duration,
    shown,
)
from bodyscan.core.script import Pause, Script
from bodyscan.core.sounds import DEFAULT_BELL, NO_AMBIENT, SoundCatalogue
from bodyscan.core.timeline import Event, Timeline
from bodyscan.errors import BodyscanError

TIMER_ID = "timer"  # the journal's exercise id for a timer session
TIMER_KIND = "timer"  # and its kind
# Closer bells would ring into each other; it also keeps six hours under MAX_EVENTS bells.
MIN_INTERVAL = Fraction(5)
# Shorter, the closing bell could fall on the opening one's frame (one bell, a "0s" session).
MIN_DURATION = Fraction(1)
_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


class TimerError(BodyscanError):
    """A timer that cannot be made as asked (the message says what to change)."""


@dataclass(frozen=True)
class TimerSpec:
    duration: Fraction  # seconds
    interval: Fraction | None = None  # seconds between bells; None: start and end only
    bell: str = DEFAULT_BELL
    ambient: str = NO_AMBIENT  # a background sound name, or "none"


def read_duration(text: str, what: str = "the timer") -> Fraction:
    """A duration as the command line and the Timer page take it: "20m", "1m30s", or a plain
    number of seconds ("90"). Raises TimerError saying what is wrong."""
    text = text.strip()
    try:
        if _PLAIN_NUMBER.fullmatch(text):
            try:
                seconds = Fraction(text)
            except ValueError:  # more digits than Python reads (4300)
                raise DurationError(f"'{shown(text)}' has too many digits for a duration") from None
        else:
            seconds = parse_duration(text, limit=None)
    except DurationError as exc:
        raise TimerError(
            f"{what}: {exc}", "Write a length such as 20m, 1m30s, 1h or 90 (seconds)."
        ) from None
    if seconds <= 0:
        raise TimerError(f"{what} must be longer than 0", "For example 20m, 1m30s or 90.")
    if seconds > MAX_SESSION_SECONDS:
        raise TimerError(
            f"{what} can be at most {MAX_SESSION_TEXT}, not '{shown(text)}'",
            "Choose a shorter length (for example 6h or less).",
        )
    return seconds


def check_timer(spec: TimerSpec, sounds: SoundCatalogue) -> None:
    """Raise TimerError for a timer that cannot be played as asked."""
    if spec.duration <= 0:
        raise TimerError("the timer must be longer than 0", "For example 20m, 1m30s or 90.")
    if spec.duration < MIN_DURATION:
        raise TimerError("the timer must be at least 1 second", "For example 20m, 1m30s or 90.")
    if spec.duration > MAX_SESSION_SECONDS:
        raise TimerError(f"a timer can be at most {MAX_SESSION_TEXT}", "Choose a shorter length.")
    interval = spec.interval
    if interval is not None:
        if interval <= 0:
            raise TimerError(
                "the interval must be longer than 0",
                "Leave it out for a bell only at the start and the end.",
            )
        if interval >= spec.duration:
            raise TimerError(
                f"the interval ({in_words(interval)}) must be shorter than the timer "
                f"({in_words(spec.duration)})",
                "Choose a shorter interval, or leave it out for a bell only at the start and "
                "the end.",
            )
        if interval < MIN_INTERVAL:
            raise TimerError(
                f"the interval must be at least {in_words(MIN_INTERVAL)}",
                "Bells closer together would ring into each other.",
            )
    if spec.bell not in sounds.bells:
        raise TimerError(
            f"unknown bell '{shown(spec.bell)}'",
            f"The bells are: {', '.join(sounds.bells)}. `bodyscan sounds` lists them all.",
        )
    if spec.ambient != NO_AMBIENT and spec.ambient not in sounds.ambient:
        raise TimerError(
            f"unknown background sound '{shown(spec.ambient)}'",
            f"The background sounds are: none, {', '.join(sounds.ambient)}. "
            "`bodyscan sounds` lists them all.",
        )


def _frame(seconds: Fraction, rate: int) -> int:
    return math.floor(seconds * rate + Fraction(1, 2))


def bell_onsets(spec: TimerSpec, rate: int) -> tuple[int, ...]:
    """Frames where bells start: 0, every multiple of the interval strictly inside the
    duration, and the duration itself (once, even when the interval divides it)."""
    end = _frame(spec.duration, rate)
    onsets = [0]
    if spec.interval is not None and spec.interval > 0:
        multiple = 1
        while multiple * spec.interval < spec.duration:
            onset = _frame(multiple * spec.interval, rate)
            if onsets[-1] < onset < end:
                onsets.append(onset)
            multiple += 1
    if end > 0:
        onsets.append(end)
    return tuple(onsets)


def plan_timer(spec: TimerSpec, bell_frames: int, rate: int) -> Timeline:
    """The timer's timeline: a caption, then one bell event per onset; it ends when the closing
    bell's sound does (`bell_frames` after the duration)."""
    onsets = bell_onsets(spec, rate)
    events = [Event(0, "say", 0, 0, None, 0, timer_caption(spec))]
    for number, onset in enumerate(onsets):
        following = onsets[number + 1] if number + 1 < len(onsets) else onset + bell_frames
        events.append(Event(number + 1, "bell", onset, following, sound=spec.bell))
    frames = onsets[-1] + bell_frames
    return Timeline(rate, frames, tuple(events), Fraction(1), None, TIMER_ID, unguided=True)


def timer_title(spec: TimerSpec) -> str:
    if spec.interval is None:
        return "Timer"
    return f"Timer, a bell every {in_words(spec.interval)}"


def timer_caption(spec: TimerSpec) -> str:
    if spec.interval is None:
        return (
            f"Rest here in your own way. The next bell, at {in_words(spec.duration)}, is the last."
        )
    return (
        f"Rest here in your own way. A bell every {in_words(spec.interval)}; the last one at "
        f"{in_words(spec.duration)}."
    )


def timer_script(spec: TimerSpec) -> Script:
    """The timer as the practice flow, the check-in and the journal see an exercise: its title,
    its check-in (the body map, as after any practice), its background and bell.

    The script's steps are only its length; what plays is `plan_timer`'s timeline. Its kind is
    one of the script kinds (a timer rests attention much as grounding does); the journal keeps
    TIMER_KIND (see `bodyscan.timer_practice`).
    """
    return Script(
        id=TIMER_ID,
        title=timer_title(spec),
        kind="grounding",
        steps=(Pause(spec.duration, stretch=False),),
        summary="An unguided timer with bells.",
        ambient=None if spec.ambient == NO_AMBIENT else spec.ambient,
        bell=spec.bell,
    )


def in_words(seconds: Fraction | float) -> str:
    """A length as a sentence says it: "5 minutes", "1 minute 30 seconds", "1 hour"."""
    total = float(seconds)
    whole = math.floor(total)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    fraction = total - whole
    parts = []
    for amount, unit in ((hours, "hour"), (minutes, "minute")):
        if amount:
            parts.append(f"{amount} {unit}{'' if amount == 1 else 's'}")
    if secs or fraction or not parts:
        value = f"{secs + fraction:g}"
        parts.append(f"{value} second{'' if value == '1' else 's'}")
    return " ".join(parts)

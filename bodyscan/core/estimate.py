"""Length estimates before any narration exists, and the range an exercise may stretch to.

Narration lengths are estimated from word counts at the calm default pace until the speech is
synthesised; WAV recordings are measured. The timeline replaces estimates with real lengths.
"""

from __future__ import annotations

import re
import wave
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from bodyscan.core.choices import Picked, played_steps, settle
from bodyscan.core.durations import MAX_SESSION_SECONDS
from bodyscan.core.script import DEFAULT_STRETCH_RANGE, Bell, Breathe, Pause, Say, Script

WORDS_PER_SECOND = Fraction(
    145, 60
)  # measured on the bundled voice at speed 1: ~145 wpm inside speech
BELL_SECONDS = Fraction(4)  # length of a bell's sound, part of the session
_SENTENCE_END = re.compile(r"[.!?…]+(\s|$)")


@dataclass(frozen=True)
class LengthSplit:
    fixed: Fraction  # speech, bells, breathing: never stretched
    stretchable: Fraction  # pauses that may be stretched

    @property
    def nominal(self) -> Fraction:
        return self.fixed + self.stretchable


def speech_seconds(text: str, speed: float, gap: Fraction) -> Fraction:
    words = len(text.split())
    sentences = max(1, len(_SENTENCE_END.findall(text)))
    speaking = Fraction(words) / WORDS_PER_SECOND / Fraction(speed).limit_denominator(1000)
    return speaking + gap * (sentences - 1)


def recording_seconds(path: Path) -> Fraction | None:
    if path.suffix.lower() != ".wav":
        return None
    try:
        with wave.open(str(path), "rb") as clip:
            return Fraction(clip.getnframes(), clip.getframerate())
    except (wave.Error, EOFError, OSError, ZeroDivisionError):
        return None


def split_length(script: Script, picked: Picked | None = None) -> LengthSplit:
    """The length of the steps that play for `picked` (the exercise's defaults when None)."""
    fixed = Fraction(0)
    stretchable = Fraction(0)
    if script.bell is not None:
        fixed += 2 * BELL_SECONDS
    # Eyes, anchor and holds choose which steps play (SCRIPT_FORMAT.md, Choices).
    for _, step in played_steps(script, picked or settle(script.choices)):
        pause = Fraction(0)
        if isinstance(step, Say):
            measured = recording_seconds(step.audio) if step.audio else None
            fixed += (
                measured
                if measured is not None
                else speech_seconds(step.text, script.voice.speed, script.voice.sentence_gap)
            )
            pause = step.pause
        elif isinstance(step, Bell):
            fixed += BELL_SECONDS
            pause = step.pause
        elif isinstance(step, Pause):
            pause = step.seconds
        elif isinstance(step, Breathe):
            fixed += step.seconds
        if step.stretch if not isinstance(step, Breathe) else False:
            stretchable += pause
        else:
            fixed += pause
    return LengthSplit(fixed, stretchable)


def length_range(script: Script, picked: Picked | None = None) -> tuple[Fraction, Fraction]:
    """The shortest and longest lengths the exercise may be stretched to (estimated), for
    `picked` (the exercise's defaults when None)."""
    split = split_length(script, picked)
    low_factor, high_factor = DEFAULT_STRETCH_RANGE
    low = split.fixed + split.stretchable * low_factor
    high = split.fixed + split.stretchable * high_factor
    if split.stretchable == 0:
        return split.nominal, split.nominal
    if script.length is not None:
        low = script.length.min if script.length.min is not None else low
        high = script.length.max if script.length.max is not None else high
    high = min(high, MAX_SESSION_SECONDS)  # whatever the stretching
    return min(low, high), high

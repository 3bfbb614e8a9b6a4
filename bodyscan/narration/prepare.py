"""Synthesise the narration of whole exercises ahead of time (`bodyscan narrate`)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bodyscan.core.estimate import speech_seconds
from bodyscan.core.script import Say, Script
from bodyscan.narration.narrator import Narrator

# done instructions, total instructions, seconds of speech so far, estimated seconds of speech done
Progress = Callable[[int, int, float, float, float], None]


@dataclass(frozen=True)
class PrepareSummary:
    instructions: int
    synthesised: int
    already_cached: int
    speech_seconds: float
    elapsed: float


def spoken_steps(script: Script) -> list[Say]:
    return [step for step in script.steps if isinstance(step, Say) and step.audio is None]


def prepare(
    scripts: Sequence[Script], narrator: Narrator, progress: Progress | None = None
) -> PrepareSummary:
    """Make sure every spoken instruction is in the cache; raises NarrationUnavailable."""
    work = [(step, script.voice) for script in scripts for step in spoken_steps(script)]
    estimates = [
        float(speech_seconds(step.text, voice.speed, voice.sentence_gap)) for step, voice in work
    ]
    total_estimate = sum(estimates)
    started = time.monotonic()
    synthesised = cached = 0
    speech = 0.0
    estimated_done = 0.0
    for index, ((step, voice), estimate) in enumerate(zip(work, estimates, strict=True)):
        clip = narrator.cached(step.text, voice)
        if clip is None:
            clip = narrator.speech(step.text, voice)
            synthesised += 1
        else:
            cached += 1
        speech += clip.seconds
        estimated_done += estimate
        if progress is not None:
            progress(index + 1, len(work), speech, estimated_done, total_estimate)
    return PrepareSummary(len(work), synthesised, cached, speech, time.monotonic() - started)

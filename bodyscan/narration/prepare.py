"""Synthesise the narration of whole exercises ahead of time (`bodyscan narrate`)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bodyscan.audio.bank import CUE_WORDS
from bodyscan.core.choices import anchor_cue, every_pick, with_anchor
from bodyscan.core.estimate import speech_seconds
from bodyscan.core.script import Breathe, Say, Script
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
    """Everything the voice may say in a session of the script, whatever the person chooses:
    its instructions (with each anchor it offers), the spoken breathing cues, and the anchor
    cue that replaces an instruction about a left-out area."""
    picks = list(every_pick(script.choices))
    written = [step for step in script.steps if isinstance(step, Say) and step.audio is None]
    steps = list(
        {
            with_anchor(step.text, picked): replace(step, text=with_anchor(step.text, picked))
            for step in written
            for picked in picks
        }.values()
    )
    if any(isinstance(step, Breathe) and step.cue == "voice" for step in script.steps):
        steps += [Say(text=text) for text in dict.fromkeys(CUE_WORDS.values())]
    if any(isinstance(step, Say) and step.region_ids for step in script.steps):
        steps += [Say(text=text) for text in dict.fromkeys(anchor_cue(p) for p in picks)]
    return steps


def prepare(
    scripts: Sequence[Script], narrator: Narrator, progress: Progress | None = None
) -> PrepareSummary:
    """Make sure every spoken instruction is in the cache; raises NarrationUnavailable."""
    work = list(
        dict.fromkeys(
            (step.text, script.voice) for script in scripts for step in spoken_steps(script)
        )
    )
    estimates = [
        float(speech_seconds(text, voice.speed, voice.sentence_gap)) for text, voice in work
    ]
    total_estimate = sum(estimates)
    started = time.monotonic()
    synthesised = cached = 0
    speech = 0.0
    estimated_done = 0.0
    for index, ((text, voice), estimate) in enumerate(zip(work, estimates, strict=True)):
        clip = narrator.cached(text, voice)
        if clip is None:
            clip = narrator.speech(text, voice)
            synthesised += 1
        else:
            cached += 1
        speech += clip.seconds
        estimated_done += estimate
        if progress is not None:
            progress(index + 1, len(work), speech, estimated_done, total_estimate)
    return PrepareSummary(len(work), synthesised, cached, speech, time.monotonic() - started)

"""Choices (SCRIPT_FORMAT.md): every combination of eyes, anchor, holds and a left-out area
planned for one script: what plays, what is left out and takes no time, the anchor's phrase
in the text, the left-out cue, hold-free breathing, stretching what remains, the JSON."""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

import pytest

from bodyscan.core.choices import ANCHOR_PHRASES, ANCHORS, EYES, Picked, settle
from bodyscan.core.estimate import split_length
from bodyscan.core.loader import check_text
from bodyscan.core.script import Breathe, Say, Script
from bodyscan.core.timeline import SoundLengths, Timeline, TimelineOptions, plan, to_json

RATE = 8000
SPEECH = 2 * RATE  # every instruction lasts 2 s here, whatever it says
CHOOSING = """\
title: Choosing
kind: body-scan
bell: false
choices:
  eyes: [closed, open]
  anchor: [feet, hands, sounds, seat, breath]
steps:
  - say: Let your eyes close, {or not}.
    when: {eyes: closed}
    pause: 2s
  - say: Let your gaze rest low.
    when: {eyes: open}
    pause: 3s
  - say: Come back to {anchor}, whenever you like.
    pause: 4s
  - say: The hands now. Warmth, or nothing at all.
    region: hands
    pause: 3s
  - say: Only with a quiet anchor.
    when: {anchor: [sounds, breath]}
  - pause: 5s
    when: {eyes: open, anchor: breath}
  - breathe: {in: 2, hold: 1, out: 2, hold_out: 1, cycles: 3, cue: tone}
  - breathe: {in: 2, hold: 2, out: 2, duration: 21s, cue: silent}
"""
NO_CHOICES = """\
title: Plain
kind: breathwork
bell: false
cautions: [Sit down.]
steps:
  - say: Your feet. Warmth, or nothing at all.
    region: feet
  - breathe: {in: 4, hold: 7, out: 8, cycles: 2}
"""


def load(text: str) -> Script:
    result = check_text(text, Path("t.yaml"))
    assert result.script is not None, result.problems
    assert result.problems == ()
    return result.script


def lengths(script: Script) -> SoundLengths:
    says = {i: SPEECH for i, step in enumerate(script.steps) if isinstance(step, Say)}
    return SoundLengths(speech=says, bells={}, anchor=RATE)


def planned(script: Script, **options: object) -> Timeline:
    return plan(script, lengths(script), TimelineOptions(rate=RATE, **options))  # type: ignore[arg-type]


def seconds(frames: int) -> Fraction:
    return Fraction(frames, RATE)


COMBINATIONS = list(itertools.product(EYES, ANCHORS, (True, False), (False, True)))


@pytest.mark.parametrize(("eyes", "anchor", "holds", "hands_left_out"), COMBINATIONS)
def test_every_combination(eyes: str, anchor: str, holds: bool, hands_left_out: bool) -> None:
    script = load(CHOOSING)
    skip = frozenset({"left-hand", "right-hand"}) if hands_left_out else frozenset()
    timeline = planned(script, eyes=eyes, anchor=anchor, holds=holds, skip_regions=skip)
    phrase = ANCHOR_PHRASES[anchor]
    quiet = anchor in ("sounds", "breath")
    still = eyes == "open" and anchor == "breath"

    expected_steps = [0 if eyes == "closed" else 1, 2, 3]
    expected_steps += [4] if quiet else []
    expected_steps += [5] if still else []
    expected_steps += [6, 7]
    assert [e.step for e in timeline.events] == expected_steps

    says = {e.step: e for e in timeline.events if e.type == "say"}
    if eyes == "closed":
        assert says[0].text == "Let your eyes close, {or not}."  # other braces stay
    else:
        assert says[1].text == "Let your gaze rest low."
    assert says[2].text == f"Come back to {phrase}, whenever you like."
    hands = says[3]
    if hands_left_out:
        assert hands.anchor and hands.text == f"Rest your attention on {phrase}."
        assert hands.regions == ()
    else:
        assert not hands.anchor and hands.text == "The hands now. Warmth, or nothing at all."
    assert not any("{anchor}" in e.text for e in timeline.events)

    tone, silent = (e for e in timeline.events if e.type == "breathe")
    tone_phases = [p.phase for p in tone.phases]
    if holds:
        assert tone_phases == ["in", "hold", "out", "hold_out"] * 3
        assert seconds(tone.end - tone.start) == 18
        # 21 s fits three whole 6 s cycles
        assert [p.phase for p in silent.phases] == ["in", "hold", "out"] * 3
        assert seconds(silent.end - silent.start) == 18
    else:
        assert tone_phases == ["in", "out"] * 3  # the count stays, the block gets shorter
        assert seconds(tone.end - tone.start) == 12
        # 21 s fits five whole hold-free 4 s cycles
        assert [p.phase for p in silent.phases] == ["in", "out"] * 5
        assert seconds(silent.end - silent.start) == 20

    # Steps left out take no time: the session is exactly what plays.
    eyes_pause = 2 if eyes == "closed" else 3
    expected = (2 + eyes_pause) + (2 + 4) + (2 + 3) + (2 if quiet else 0) + (5 if still else 0)
    expected += 36 if holds else 32
    assert seconds(timeline.frames) == expected
    assert to_json(timeline)["choices"] == {"eyes": eyes, "anchor": anchor, "holds": holds}


def test_defaults_are_the_first_values() -> None:
    script = load(CHOOSING)
    timeline = planned(script)
    assert timeline.picked == Picked("closed", "feet", True)
    assert timeline.events[0].text == "Let your eyes close, {or not}."
    assert to_json(timeline)["choices"] == {"eyes": "closed", "anchor": "feet", "holds": True}
    # A value the script does not offer falls back to the default (the practice flow refuses
    # such a flag before it gets here).
    assert settle(script.choices, "sideways", "knees").anchor == "feet"


def test_script_without_choices() -> None:
    script = load(NO_CHOICES)
    timeline = planned(script, skip_regions=frozenset({"left-foot"}))
    assert timeline.events[0].text == "Rest your attention on your feet on the floor."
    assert to_json(timeline)["choices"] == {"eyes": None, "anchor": None, "holds": True}
    hold_free = planned(script, holds=False)
    assert to_json(hold_free)["choices"] == {"eyes": None, "anchor": None, "holds": False}
    breathe = hold_free.events[1]
    assert [p.phase for p in breathe.phases] == ["in", "out"] * 2
    assert seconds(breathe.end - breathe.start) == 24


@pytest.mark.parametrize("eyes", EYES)
def test_stretching_applies_to_what_remains(eyes: str) -> None:
    script = load(CHOOSING)
    natural = planned(script, eyes=eyes, holds=False)
    # The pauses that play: the eyes step's own (2 s closed, 3 s open), the anchor's, the hands'.
    pauses = (2 if eyes == "closed" else 3) + 4 + 3
    target = seconds(natural.frames) + pauses
    stretched = planned(script, eyes=eyes, holds=False, target_seconds=target)
    assert stretched.frames == natural.frames + pauses * RATE
    assert stretched.factor == 2  # the left-out step's pause is not among those stretched
    # Only the pauses of the steps that play stretch; the breathing never does.
    tone = next(e for e in stretched.events if e.type == "breathe")
    assert seconds(tone.end - tone.start) == 12


def test_library_length_counts_the_default_choices() -> None:
    script = load(CHOOSING)
    split = split_length(script)
    # Default eyes closed, anchor feet: the closed-eyes step, anchor, hands, two blocks.
    assert split.stretchable == 2 + 4 + 3
    assert isinstance(script.steps[6], Breathe) and script.steps[6].has_holds

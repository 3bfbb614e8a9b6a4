"""The timeline planner: exact frames, one stretch factor, monotonic, skipped regions."""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bodyscan.core.loader import check_text
from bodyscan.core.script import Say, Script
from bodyscan.core.timeline import ANCHOR_TEXT, SoundLengths, TimelineOptions, plan, to_json

RATE = 48000
SCRIPT = """\
title: T
kind: body-scan
length: {min: 1m, max: 5m}
steps:
  - say: Welcome.
    pause: 3s
  - say: Your feet, or nothing at all.
    region: feet
    pause: 10s
  - pause: 5s
    stretch: false
  - breathe: {in: 4, hold: 1.5, out: 6, cycles: 3}
  - bell: chime
    pause: 2s
  - say: Look around the room.
"""


def load(text: str = SCRIPT) -> Script:
    script = check_text(text, Path("t.yaml")).script
    assert script is not None
    return script


def lengths_for(script: Script, speech: int = 2 * RATE) -> SoundLengths:
    says = {i: speech + i for i, step in enumerate(script.steps) if isinstance(step, Say)}
    return SoundLengths(speech=says, bells={"soft": 4 * RATE, "chime": 2 * RATE}, anchor=3 * RATE)


def test_nominal_plan() -> None:
    script = load()
    timeline = plan(script, lengths_for(script))
    types = [e.type for e in timeline.events]
    assert types == ["bell", "say", "say", "pause", "breathe", "bell", "say", "bell"]
    bell, welcome, feet, pause, breathe, chime, _last, closing = timeline.events
    assert (bell.start, bell.end) == (0, 4 * RATE)
    assert (
        welcome.speech_end == welcome.start + 2 * RATE
        and welcome.end == welcome.speech_end + 3 * RATE
    )
    assert feet.regions == ("feet",) and feet.step == 1
    assert pause.end - pause.start == 5 * RATE
    assert breathe.end - breathe.start == int(Fraction(23, 2) * 3 * RATE)
    assert [p.phase for p in breathe.phases[:3]] == ["in", "hold", "out"]
    assert breathe.phases[0].start == breathe.start and breathe.phases[-1].end == breathe.end
    assert chime.sound == "chime" and closing.sound == "soft" and closing.end == timeline.frames
    assert timeline.factor == 1 and timeline.message is None


def test_stretch_to_target_exactly() -> None:
    script = load()
    for minutes in (Fraction(1), Fraction(2), Fraction(7, 3), Fraction(5)):
        timeline = plan(script, lengths_for(script), TimelineOptions(target_seconds=minutes * 60))
        assert timeline.frames == minutes * 60 * RATE
        assert timeline.message is None
        # Only stretchable pauses changed: the fixed pause and the speech did not.
        pause = timeline.events[3]
        assert pause.end - pause.start == 5 * RATE
        assert timeline.events[1].speech_end - timeline.events[1].start == 2 * RATE + 0


def test_target_outside_range_is_clamped_with_a_message() -> None:
    script = load()
    timeline = plan(script, lengths_for(script), TimelineOptions(target_seconds=Fraction(600)))
    assert timeline.frames == 5 * 60 * RATE
    assert timeline.message == "asked for 10m; this exercise can last 1m to 5m, so it will last 5m"


def test_no_stretchable_pause_means_one_length() -> None:
    script = load(
        "title: T\nkind: grounding\nbell: false\nsteps:\n  - pause: 5s\n    stretch: false\n"
    )
    timeline = plan(script, lengths_for(script), TimelineOptions(target_seconds=Fraction(60)))
    assert timeline.frames == 5 * RATE and "one length" in (timeline.message or "")


def test_without_length_the_factor_runs_from_half_to_three() -> None:
    script = load("title: T\nkind: grounding\nbell: false\nsteps:\n  - pause: 10s\n")
    short = plan(script, lengths_for(script), TimelineOptions(target_seconds=Fraction(1)))
    long = plan(script, lengths_for(script), TimelineOptions(target_seconds=Fraction(100)))
    assert short.frames == 5 * RATE and long.frames == 30 * RATE


def test_bell_option_and_skipped_regions() -> None:
    script = load()
    options = TimelineOptions(bell=False, skip_regions=frozenset({"left-foot"}))
    timeline = plan(script, lengths_for(script), options)
    assert next(e.type for e in timeline.events) == "say"
    feet = timeline.events[1]
    assert feet.anchor and feet.text == ANCHOR_TEXT and feet.regions == ()
    # The anchor cue keeps the instruction's place: at least as long as the speech it replaces.
    assert feet.speech_end - feet.start == 3 * RATE


def test_whole_body_instructions_are_not_skipped() -> None:
    text = "title: T\nkind: body-scan\nsteps:\n  - say: All of you, or nothing.\n    region: whole-body\n"
    script = load(text)
    timeline = plan(script, lengths_for(script), TimelineOptions(skip_regions=frozenset({"chest"})))
    assert not timeline.events[1].anchor


def test_json_document() -> None:
    script = load()
    document = to_json(plan(script, lengths_for(script)))
    events = document["events"]
    assert isinstance(events, list)
    assert document["sample_rate"] == RATE and document["channels"] == 2
    assert events[0] == {"index": 0, "type": "bell", "start": 0.0, "end": 4.0, "bell": "soft"}
    assert events[1]["type"] == "say" and events[1]["speech_end"] == 6.0 and events[1]["step"] == 0
    for before, after in itertools.pairwise(events):
        assert before["end"] == after["start"]
    assert events[-1]["end"] == document["seconds"]
    assert events[4]["phases"][0] == {
        "phase": "in",
        "start": events[4]["start"],
        "end": events[4]["start"] + 4.0,
        "cycle": 0,
    }


# Property tests over generated scripts and sound lengths.

pauses = st.fractions(min_value=0, max_value=120).map(lambda f: f.limit_denominator(1000))


@st.composite
def scripts(draw: st.DrawFn) -> tuple[Script, SoundLengths]:
    steps = []
    for _ in range(draw(st.integers(1, 10))):
        kind = draw(st.sampled_from(["say", "pause", "bell", "breathe"]))
        stretch = draw(st.booleans())
        pause = draw(pauses)
        if kind == "say":
            steps.append(
                f"  - say: Hello, or nothing.\n    pause: {float(pause)}\n    stretch: {str(stretch).lower()}\n"
            )
        elif kind == "pause":
            steps.append(f"  - pause: {float(pause)}\n    stretch: {str(stretch).lower()}\n")
        elif kind == "bell":
            steps.append(f"  - bell: chime\n    pause: {float(pause)}\n")
        else:
            steps.append(
                f"  - breathe: {{in: {draw(st.integers(1, 8))}, out: 4.5, cycles: {draw(st.integers(1, 4))}}}\n"
            )
    text = "title: T\nkind: breathwork\nsteps:\n" + "".join(steps)
    script = load(text)
    speech = {
        i: draw(st.integers(1, 30 * RATE)) for i, s in enumerate(script.steps) if isinstance(s, Say)
    }
    return script, SoundLengths(
        speech, {"soft": draw(st.integers(1, 5 * RATE)), "chime": 2 * RATE}, 3 * RATE
    )


@settings(max_examples=200, deadline=None)
@given(scripts(), st.fractions(min_value=0, max_value=7200))
def test_properties(case: tuple[Script, SoundLengths], target: Fraction) -> None:
    script, lengths = case
    timeline = plan(script, lengths, TimelineOptions(target_seconds=target))
    events = timeline.events
    assert events[0].start == 0 and events[-1].end == timeline.frames
    assert sum(e.end - e.start for e in events) == timeline.frames  # total = sum of parts
    for before, after in itertools.pairwise(events):
        assert before.end == after.start  # order kept, no gaps
    for event in events:
        assert event.end >= event.start >= 0  # never negative
        if event.speech_end is not None:
            assert event.start <= event.speech_end <= event.end
        for phase in event.phases:
            assert event.start <= phase.start < phase.end <= event.end
    steps = [e.step for e in events if e.step is not None]
    assert steps == sorted(steps)
    assert (
        plan(script, lengths, TimelineOptions(target_seconds=target)) == timeline
    )  # deterministic


@settings(max_examples=150, deadline=None)
@given(
    scripts(), st.fractions(min_value=0, max_value=3600), st.fractions(min_value=0, max_value=3600)
)
def test_stretch_is_monotonic_in_the_target(
    case: tuple[Script, SoundLengths], a: Fraction, b: Fraction
) -> None:
    script, lengths = case
    low, high = sorted((a, b))
    shorter = plan(script, lengths, TimelineOptions(target_seconds=low))
    longer = plan(script, lengths, TimelineOptions(target_seconds=high))
    assert shorter.frames <= longer.frames
    for first, second in zip(shorter.events, longer.events, strict=True):
        assert first.start <= second.start and first.end <= second.end
        if first.type != "breathe" and first.speech_end is not None:
            assert first.speech_end - first.start == second.speech_end - second.start  # type: ignore[operator]

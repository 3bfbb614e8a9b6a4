"""Property-based tests: no input makes the validator crash, hang or lose positions.

Generated valid scripts must load into exactly the steps they describe, plan within the
format's limits and render (real voice, real mixer); generated, mutated and random inputs must
come back as problems with sensible positions, never as an exception.
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bodyscan import provider
from bodyscan.audio.bank import SoundBank
from bodyscan.audio.export import export
from bodyscan.audio.mixer import Mixer
from bodyscan.audio.wavfile import read_wav
from bodyscan.core import regions
from bodyscan.core.durations import MAX_EVENTS, MAX_SESSION_SECONDS
from bodyscan.core.estimate import speech_seconds
from bodyscan.core.loader import check_file, check_text
from bodyscan.core.script import Breathe, Pause, Say, Script
from bodyscan.core.timeline import SoundLengths, TimelineOptions, plan
from bodyscan.narration.narrator import Narrator
from tests.conftest import REPO

FUZZ = settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
PATH = Path("fuzz.yaml")

durations = st.one_of(
    st.integers(0, 600),
    st.sampled_from(["20s", "1m30s", "750ms", "2m", "1.5s", "0s", "5m"]),
)
phase = st.integers(1, 20)
words = st.text(st.characters(whitelist_categories=("L", "N", "Zs")), min_size=1, max_size=60)
say_text = words.filter(lambda t: t.strip() != "").map(lambda t: t.strip() + " or nothing at all.")


@st.composite
def say_step(draw: st.DrawFn) -> dict[str, object]:
    step: dict[str, object] = {"say": draw(say_text)}
    if draw(st.booleans()):
        step["pause"] = draw(durations)
    if draw(st.booleans()):
        step["region"] = draw(st.lists(st.sampled_from(regions.all_region_names()), max_size=3))
    if draw(st.booleans()):
        step["stretch"] = draw(st.booleans())
    return step


@st.composite
def breathe_step(draw: st.DrawFn) -> dict[str, object]:
    block: dict[str, object] = {"in": draw(phase), "out": draw(phase)}
    for hold in ("hold", "hold_out"):
        if draw(st.booleans()):
            block[hold] = draw(st.integers(0, 7))
    block["cycles"] = draw(st.integers(1, 12))
    block["cue"] = draw(st.sampled_from(["voice", "tone", "silent"]))
    return {"breathe": block}


steps = st.lists(
    st.one_of(
        say_step(),
        st.builds(lambda d: {"pause": d}, durations),
        st.builds(
            lambda b, d: {"bell": b, "pause": d},
            st.sampled_from([True, "soft", "chime"]),
            durations,
        ),
        breathe_step(),
    ),
    min_size=1,
    max_size=12,
)


@st.composite
def valid_scripts(draw: st.DrawFn) -> dict[str, object]:
    script: dict[str, object] = {
        "title": draw(words.filter(lambda t: t.strip() != "" and len(t) <= 80)),
        "kind": draw(st.sampled_from(["body-scan", "breathwork", "grounding", "movement"])),
        "steps": draw(steps),
    }
    if draw(st.booleans()):
        script["length"] = {"min": "1m", "max": "30m"}
    if draw(st.booleans()):
        script["ambient"] = draw(st.sampled_from(["none", "pink-noise", "brown-noise"]))
    return script


@FUZZ
@given(valid_scripts())
def test_generated_valid_scripts_load_exactly(data: dict[str, object]) -> None:
    result = check_text(yaml.safe_dump(data, allow_unicode=True), PATH)
    assert result.errors == (), result.problems
    assert result.script is not None
    written = data["steps"]
    assert isinstance(written, list)
    assert len(result.script.steps) == len(written)
    for step, source in zip(result.script.steps, written, strict=True):
        expected = (
            Say
            if "say" in source
            else Breathe
            if "breathe" in source
            else Pause
            if "bell" not in source
            else None
        )
        if expected is not None:
            assert isinstance(step, expected)


json_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20)
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
KEYS = [
    "title",
    "kind",
    "steps",
    "say",
    "pause",
    "bell",
    "breathe",
    "region",
    "audio",
    "stretch",
    "length",
    "voice",
    "checkin",
    "in",
    "out",
    "hold",
    "cycles",
    "duration",
    "cue",
    "tags",
]


@st.composite
def wrong_type_scripts(draw: st.DrawFn) -> object:
    """Script-shaped data with wrong types and keys sprinkled everywhere."""
    base = draw(valid_scripts())
    for _ in range(draw(st.integers(1, 5))):
        target: object = base
        if draw(st.booleans()) and isinstance(base["steps"], list) and base["steps"]:
            target = draw(st.sampled_from(base["steps"]))
        if isinstance(target, dict):
            target[draw(st.sampled_from(KEYS))] = draw(json_values)
    return base


def assert_sane(result_problems: tuple[object, ...], text: str) -> None:
    # Lines as YAML counts them: NEL and the Unicode line and paragraph separators break lines
    # too (Hypothesis found a '\x85' in a string that safe_dump wrote out raw).
    line_count = sum(text.count(mark) for mark in ("\n", "\x85", "\u2028", "\u2029")) + 2
    for problem in result_problems:
        line, column = problem.line, problem.column  # type: ignore[attr-defined]
        assert 1 <= line <= line_count and column >= 1
        assert problem.message  # type: ignore[attr-defined]


@FUZZ
@given(wrong_type_scripts())
def test_wrong_types_are_reported_not_raised(data: object) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    result = check_text(text, PATH)
    assert_sane(result.problems, text)


BUNDLED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((REPO / "scripts").glob("*.yaml"))]


@st.composite
def mutated_texts(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(BUNDLED_TEXTS))
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start, min(len(text), start + 40)))
        choice = draw(st.integers(0, 4))
        if choice == 0:
            text = text[:start] + text[end:]
        elif choice == 1:
            text = text[:start] + draw(st.text(max_size=12)) + text[start:]
        elif choice == 2:
            text = (
                text[:start]
                + draw(
                    st.sampled_from(
                        [
                            "&a ",
                            "*a",
                            "[",
                            "{",
                            ": ",
                            "\t",
                            "- ",
                            "!x ",
                            "'",
                            '"',
                            "\n  ",
                            "<<: *a\n",
                            "---\n",
                        ]
                    )
                )
                + text[start:]
            )
        elif choice == 3:
            text = text[:start] + text[start:end] * draw(st.integers(2, 5)) + text[end:]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


@FUZZ
@given(mutated_texts())
def test_mutated_bundled_scripts(text: str) -> None:
    result = check_text(text, REPO / "scripts" / "mutated.yaml")
    assert_sane(result.problems, text)


@settings(max_examples=200, deadline=2000)
@given(st.binary(max_size=2000))
def test_random_bytes(tmp_path_factory: object, data: bytes) -> None:
    path = Path(tmp_path_factory.mktemp("bytes")) / "junk.yaml"  # type: ignore[attr-defined]
    path.write_bytes(data)
    result = check_file(path)
    assert result.ok or result.errors


@FUZZ
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    result = check_text(text, PATH)
    assert result.ok or result.errors


# --- every accepted script renders ----------------------------------------------------------

PLAN_RATE = 8000  # plans and renders here are about structure, not sound quality


def estimated_lengths(script: Script) -> SoundLengths:
    """Speech lengths as the planner gets them before narration exists (the word estimate)."""
    speech = {
        index: round(
            speech_seconds(step.text, script.voice.speed, script.voice.sentence_gap) * PLAN_RATE
        )
        for index, step in enumerate(script.steps)
        if isinstance(step, Say)
    }
    bells = {name: 4 * PLAN_RATE for name in ("soft", "chime")}
    return SoundLengths(speech=speech, bells=bells)


@FUZZ
@given(valid_scripts(), st.one_of(st.none(), st.integers(1, 600)))
def test_every_accepted_script_plans_within_the_limits(
    data: dict[str, object], minutes: int | None
) -> None:
    script = check_text(yaml.safe_dump(data, allow_unicode=True), PATH).script
    assert script is not None
    options = TimelineOptions(
        rate=PLAN_RATE, target_seconds=None if minutes is None else Fraction(minutes * 60)
    )
    timeline = plan(script, estimated_lengths(script), options)
    assert 0 <= timeline.frames <= MAX_SESSION_SECONDS * PLAN_RATE
    position = 0
    for event in timeline.events:
        assert event.start == position and event.end >= event.start
        position = event.end
    assert position == timeline.frames
    assert len(timeline.events) <= MAX_EVENTS + 2  # the session bells


_narrators: dict[str, Narrator] = {}


def real_narrator() -> Narrator:
    """One real narrator (the bundled voice) per test home, loaded once for many examples."""
    home = os.environ["BODYSCAN_HOME"]
    if home not in _narrators:
        _narrators.clear()
        _narrators[home] = provider.narrator()
    return _narrators[home]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_scripts())
def test_every_accepted_script_renders(data: dict[str, object]) -> None:
    """The real voice, sounds and mixer; a short session is exported whole, a long one is
    rendered around each event boundary (bounded, so the suite stays quick)."""
    script = check_text(yaml.safe_dump(data, allow_unicode=True), PATH).script
    assert script is not None
    options = TimelineOptions(rate=PLAN_RATE)
    catalogue = provider.sound_catalogue()
    bank = SoundBank(script, real_narrator(), catalogue, options)
    timeline = plan(script, bank.measure(), options)
    mixer = Mixer(timeline, bank, provider.ambient_bed(script.ambient, PLAN_RATE, catalogue))
    if timeline.frames <= 5 * 60 * PLAN_RATE:
        out = Path(os.environ["BODYSCAN_HOME"]) / "fuzz.wav"
        export(mixer, out)
        samples, rate = read_wav(out)
        assert rate == PLAN_RATE and samples.shape == (timeline.frames, 2)
        return
    for event in timeline.events:
        start = max(0, event.start - PLAN_RATE // 4)
        end = min(timeline.frames, event.start + PLAN_RATE // 4)
        assert mixer.render(start, end).shape == (end - start, 2)
    assert mixer.render(timeline.frames - 100, timeline.frames).shape == (100, 2)

"""Edges of the format that the corpus cannot hold: symlink loops, files that are not scripts,
and the six-hour limit on a whole session after stretching."""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import pytest

from bodyscan.core.durations import MAX_EVENTS, MAX_SESSION_SECONDS
from bodyscan.core.estimate import length_range
from bodyscan.core.loader import check_file, check_text
from bodyscan.core.script import Say, Script
from bodyscan.core.stretch import SessionTooLong
from bodyscan.core.timeline import SoundLengths, TimelineOptions, plan
from tests.conftest import REPO

RATE = 8000  # the plans here are long; a low rate keeps the numbers small
SIX_HOURS = int(MAX_SESSION_SECONDS * RATE)


def load(text: str) -> Script:
    result = check_text(text, Path("t.yaml"))
    assert result.script is not None, result.problems
    return result.script


def lengths(script: Script, speech_seconds: int = 2) -> SoundLengths:
    says = {i: speech_seconds * RATE for i, s in enumerate(script.steps) if isinstance(s, Say)}
    return SoundLengths(speech=says, bells={"soft": 4 * RATE})


def test_symlink_loop_in_audio_is_an_error_with_its_position(tmp_path: Path) -> None:
    os.symlink("b.wav", tmp_path / "a.wav")
    os.symlink("a.wav", tmp_path / "b.wav")
    script = tmp_path / "loop.yaml"
    script.write_text("title: T\nkind: body-scan\nsteps:\n  - say: Hello.\n    audio: a.wav\n")
    [problem] = check_file(script).problems
    assert (problem.line, problem.column) == (5, 12)
    assert problem.message == (
        "audio path 'a.wav' is a loop of symbolic links; point it at a real recording"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "shadow",
            "root:$6$secretsalt$hash:19000:0:99999:7:::\nalice:$6$xyz$abc:19000:0:99999:7:::\n",
            "this is not an exercise script (it has none of the keys title, kind, steps)",
        ),
        (
            "notes.txt",
            "Dear diary, my password is hunter2\n",
            "this is not an exercise script (not a YAML mapping)",
        ),
        (
            "config.ini",
            "[section]\npassword: hunter2\n  bad: indent\n",
            "this is not an exercise script (not a .yaml file, and not valid YAML)",
        ),
        (
            "list.yaml",
            "- hunter2\n- secret\n",
            "this is not an exercise script (not a YAML mapping)",
        ),
    ],
)
def test_files_that_are_not_scripts_are_named_without_quoting_them(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    [problem] = check_file(path).problems
    assert problem.message == message
    for secret in ("hunter2", "secret", "root", "alice", "diary", "section"):
        assert secret not in problem.message


def test_a_misspelt_script_is_still_read_as_a_script() -> None:
    # One key of the format is enough to give the detailed diagnostics.
    result = check_text("titel: T\nkind: body-scan\n", Path("t.yaml"))
    messages = [p.message for p in result.problems]
    assert "unknown key 'titel'; did you mean 'title'?" in messages


def test_another_programs_settings_are_not_quoted() -> None:
    result = check_text("version: '3'\nservices: {db: {password: hunter2}}\n", Path("x.yaml"))
    assert [p.message for p in result.problems] == [
        "this is not an exercise script (it has none of the keys title, kind, steps)"
    ]


def test_events_under_the_cap_are_accepted() -> None:
    cycles = (MAX_EVENTS - 1) // 2  # one step plus two phases a cycle
    load(
        f"title: T\nkind: breathwork\nbell: false\nsteps:\n  - breathe: {{in: 1, out: 1, cycles: {cycles}}}\n"
    )


def test_bundled_scripts_are_far_from_the_limits() -> None:
    for path in sorted((REPO / "scripts").glob("*.yaml")):
        script = check_file(path).script
        assert script is not None
        events = sum(1 + 4 * step.cycles if hasattr(step, "cycles") else 1 for step in script.steps)
        assert events < MAX_EVENTS / 10, path.name


def test_stretching_never_passes_six_hours() -> None:
    script = load("title: T\nkind: body-scan\nsteps:\n  - say: Rest.\n    pause: 3h\n")
    timeline = plan(
        script, lengths(script), TimelineOptions(rate=RATE, target_seconds=Fraction(9 * 3600))
    )
    assert timeline.frames == SIX_HOURS
    assert timeline.message is not None and "at most 6 hours" in timeline.message
    # The default range (pauses up to three times as long) is capped the same way.
    assert (
        plan(
            script, lengths(script), TimelineOptions(rate=RATE, target_seconds=Fraction(8 * 3600))
        ).frames
        == SIX_HOURS
    )


def test_listed_length_range_stops_at_six_hours() -> None:
    script = load("title: T\nkind: body-scan\nsteps:\n  - pause: 3h\n  - pause: 2h30m\n")
    low, high = length_range(script)
    assert high == MAX_SESSION_SECONDS and low < high


def test_narration_longer_than_estimated_shrinks_pauses_to_fit() -> None:
    script = load(
        "title: T\nkind: body-scan\nbell: false\nsteps:\n  - say: Rest.\n    pause: 3h59m\n"
    )
    timeline = plan(script, lengths(script, speech_seconds=3 * 3600), TimelineOptions(rate=RATE))
    assert timeline.frames == SIX_HOURS


def test_what_cannot_be_shortened_over_six_hours_is_refused_before_rendering() -> None:
    script = load("title: T\nkind: body-scan\nbell: false\nsteps:\n  - say: Rest.\n    pause: 1h\n")
    with pytest.raises(SessionTooLong) as refused:
        plan(script, lengths(script, speech_seconds=7 * 3600), TimelineOptions(rate=RATE))
    assert refused.value.short == (
        "this session would last 7h00m without any pause; a session may last at most 6 hours"
    )

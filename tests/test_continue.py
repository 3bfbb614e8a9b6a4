"""Continuing where the person stopped, through the one practice flow (Qt-free): real
renderers, the null output on a fake clock, and a real journal file."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest

from bodyscan import provider
from bodyscan.audio.null_output import NullOutput
from bodyscan.core.clock import FakeClock
from bodyscan.core.loader import load_script
from bodyscan.core.script import Script
from bodyscan.core.session import Listener, Session, State
from bodyscan.errors import BodyscanError
from bodyscan.journal.model import SessionRecord
from bodyscan.practice import Choices, Practice, continuing, remembered
from bodyscan.settings import Settings
from tests.conftest import burst

LONG_FIRST = """\
title: Long first
kind: grounding
bell: false
steps:
  - say: Step a, or nothing.
    audio: a.wav
    pause: 125s
  - say: Step b, or nothing.
    audio: b.wav
    pause: 2s
  - say: Step c, or nothing.
    audio: c.wav
    pause: 2s
"""


@pytest.fixture
def long_first(tmp_path: Path) -> Path:
    """Over two minutes in its first instruction, then two short ones: stopped in the second,
    the rest plays in seconds."""
    for name, hz in (("a", 440), ("b", 660), ("c", 880)):
        burst(tmp_path / f"{name}.wav", hz, 0.5)
    path = tmp_path / "long-first.yaml"
    path.write_text(LONG_FIRST)
    return path


def practice_of(script: Script, choices: Choices, settings: Settings, **more: object) -> Practice:
    narrator = provider.narrator()

    def make_renderer(script, options, ambient, _voice):  # type: ignore[no-untyped-def]
        return provider.render_ahead(script, options, ambient, narrator)

    return Practice(script, choices, settings, make_renderer, **more)  # type: ignore[arg-type]


def run(
    practice: Practice, seconds: float, captions: list[str] | None = None
) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    sink = captions if captions is not None else []
    listener = Listener(caption=lambda now, _next: sink.append(now))
    session = Session(practice.main_part(), NullOutput(clock), listener, clock=clock)
    practice.renderers[0].complete.wait(60)
    session.play()
    for _ in range(int(seconds / 0.05)):
        clock.advance(0.05)
        session.tick()
        if session.state is State.FINISHED:
            break
    return session, clock


def stopped_after(
    script: Script, seconds: float, choices: Choices, settings: Settings
) -> SessionRecord:
    practice = practice_of(script, choices, settings)
    session, _ = run(practice, seconds)
    session.stop()
    practice.close()
    return practice.record(session)


CHOSEN = Choices(
    minutes=Fraction(7, 3),
    ambient="pink-noise",
    ambient_level=0.3,
    bell=False,
    left_out=("chest",),
)


def test_only_a_session_stopped_after_two_minutes_can_be_continued(long_first: Path) -> None:
    script = load_script(long_first, provider.script_context())
    short = stopped_after(script, 100, Choices(), Settings())
    assert short.ending == "stopped" and short.resume_step is None
    assert short.resume_choices == {}
    long = stopped_after(script, 127.5, Choices(), Settings())
    assert long.played_seconds > 120 and long.resume_step == 1  # in step b: back to its start
    with pytest.raises(BodyscanError, match="nothing of Long first to continue"):
        continuing(short, script, Settings())


def test_continuing_keeps_the_choices_and_voice_and_grows_the_same_entry(
    long_first: Path,
) -> None:
    script = load_script(long_first, provider.script_context())
    then = Settings(speed=1.25, voice_model="")
    first = stopped_after(script, 135, CHOSEN, then)
    assert first.resume_step is not None
    journal = provider.journal()
    journal.record_session(first)
    assert journal.to_continue(script.id) == first

    # Settings changed since: the continued session still has the choices and voice of then.
    record = journal.to_continue(script.id)
    assert record is not None
    choices, settings = continuing(record, script, Settings(speed=1.0, ambient_level=0.9))
    assert choices == CHOSEN
    assert settings.speed == 1.25
    practice = practice_of(script, choices, settings, continues=record)
    captions: list[str] = []
    session, _ = run(practice, 60, captions)
    practice.close()
    assert session.state is State.FINISHED
    timeline = session.main.timeline
    [step_event] = [e for e in timeline.events if e.step == record.resume_step]
    assert session.started_from == step_event.start > 0
    assert "Step a, or nothing." not in captions
    assert captions[0] == step_event.text
    grown = practice.record(session)
    assert grown.id == first.id and grown.started_at == first.started_at
    added = (timeline.frames - step_event.start) / timeline.rate
    assert grown.played_seconds == pytest.approx(first.played_seconds + added)
    assert grown.ending == "completed" and grown.resume_step is None
    journal.record_session(grown)
    [entry] = journal.entries()
    assert entry.session.played_seconds == pytest.approx(grown.played_seconds)
    assert journal.to_continue() is None


def test_an_exercise_changed_since_cannot_be_continued(long_first: Path) -> None:
    script = load_script(long_first, provider.script_context())
    record = stopped_after(script, 130, Choices(), Settings())
    shorter = replace(script, steps=script.steps[:1])
    with pytest.raises(BodyscanError, match="has changed since you stopped it"):
        continuing(record, shorter, Settings())


@pytest.mark.parametrize(("seconds", "step"), [(126, 1), (129, 2)])
def test_start_at_finds_the_instruction_in_the_final_plan_not_the_estimate(
    long_first: Path, seconds: int, step: int
) -> None:
    """The recordings' lengths are known only once they are read: planned with estimates,
    step b spans about 126.7-130.3 s; read, 125.5-128.0. Whichever plan exists when the
    session is made, the instruction playing at the time asked for is the one in the final
    plan (it was the estimate's whenever the recordings were still being read)."""
    script = load_script(long_first, provider.script_context())
    practice = practice_of(script, Choices(), Settings(), start_seconds=Fraction(seconds))
    captions: list[str] = []
    session, _ = run(practice, 30, captions)
    practice.close()
    timeline = session.main.timeline
    assert [round(e.start / timeline.rate, 2) for e in timeline.events] == [0, 125.5, 128]
    [step_event] = [e for e in timeline.events if e.step == step]
    assert session.started_from == step_event.start
    assert captions[0] == step_event.text


def test_beginning_an_exercise_puts_it_first_in_recent() -> None:
    script = provider.library().load("box-breathing")
    first = remembered(Settings(), script, Choices())
    assert first.recent == ("box-breathing",)
    other = provider.library().load("body-scan-3")
    later = remembered(remembered(first, other, Choices()), script, Choices())
    assert later.recent == ("box-breathing", "body-scan-3")


# --- the command line --------------------------------------------------------------------


def play(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bodyscan", "play", *args, "--output", "null"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def journal_entries() -> list[dict]:  # type: ignore[type-arg]
    result = subprocess.run(
        [sys.executable, "-m", "bodyscan", "journal", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)["entries"]  # type: ignore[no-any-return]


def test_play_continue_plays_on_from_the_instruction_and_joins_the_entry(
    long_first: Path,
) -> None:
    script = load_script(long_first, provider.script_context())
    first = stopped_after(script, 127.5, Choices(bell=False, ambient="none"), Settings())
    journal = provider.journal()
    journal.record_session(first)
    journal.close()

    result = play(str(long_first), "--continue")
    assert result.returncode == 0, result.stderr
    assert "continuing where you stopped" in result.stdout
    assert "Step b" in result.stdout and "Step a" not in result.stdout
    [entry] = journal_entries()
    assert entry["session"]["id"] == first.id
    assert entry["session"]["ending"] == "completed"
    assert entry["session"]["played_seconds"] > first.played_seconds + 4

    again = play(str(long_first), "--continue")  # finished: nothing left to continue
    assert again.returncode == 1
    assert "there is no stopped session of Long first to continue" in again.stderr
    assert "Traceback" not in again.stderr


def test_play_continue_with_nothing_to_continue_says_so(long_first: Path) -> None:
    result = play(str(long_first), "--continue")
    assert result.returncode == 1
    assert result.stderr.startswith("bodyscan: there is no stopped session of Long first")
    assert "more than two minutes" in result.stderr


def test_play_continue_with_other_choices_is_a_usage_error(long_first: Path) -> None:
    result = play(str(long_first), "--continue", "--minutes", "3")
    assert result.returncode == 2
    assert "--continue plays with the choices of the session it continues" in result.stderr
    both = play(str(long_first), "--continue", "--start-at", "2m")
    assert both.returncode == 2 and "not allowed with argument" in both.stderr


def test_play_start_at_begins_at_that_instruction(long_first: Path) -> None:
    result = play(str(long_first), "--start-at", "2m6s")
    assert result.returncode == 0, result.stderr
    assert "Step b" in result.stdout and "Step a" not in result.stdout
    [entry] = journal_entries()
    assert entry["session"]["ending"] == "completed"
    assert entry["session"]["played_seconds"] < 10  # only what was played counts
    late = play(str(long_first), "--start-at", "1h")
    assert late.returncode == 1 and "is past the end of Long first" in late.stderr


def test_choices_of_the_wrong_kind_in_the_journal_keep_their_defaults(long_first: Path) -> None:
    """A hand-edited or older journal: what cannot be read is left as chosen by default."""
    script = load_script(long_first, provider.script_context())
    record = stopped_after(script, 130, CHOSEN, Settings(speed=1.5))
    kept = record.resume_choices
    assert "continue" not in record.options  # what was chosen, as the journal shows it
    assert kept["choices"]["minutes"] == {"fraction": "7/3"}
    assert "connection_before" not in kept["choices"]  # asked afresh
    broken = replace(
        record,
        resume_choices={
            "choices": {
                "minutes": {"fraction": "x"},
                "bell": "yes",
                "ambient_level": "loud",
                "left_out": ["belly"],
                "unknown": 3,
            },
            "speed": "fast",
        },
    )
    choices, settings = continuing(broken, script, Settings(speed=0.75))
    assert choices == Choices(left_out=("belly",))
    assert settings.speed == 0.75


def test_stopping_a_continued_session_before_it_plays_keeps_the_place(long_first: Path) -> None:
    script = load_script(long_first, provider.script_context())
    first = stopped_after(script, 127.5, Choices(), Settings())
    choices, settings = continuing(first, script, Settings())
    practice = practice_of(script, choices, settings, continues=first)
    session = Session(practice.main_part(), NullOutput(FakeClock()))
    session.stop()  # nothing played yet (still preparing, say)
    practice.close()
    again = practice.record(session)
    assert again.id == first.id and again.resume_step == first.resume_step == 1
    assert again.played_seconds == first.played_seconds

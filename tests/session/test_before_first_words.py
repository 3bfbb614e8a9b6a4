"""The first moment of a session, while its first words are still being made: pause and
Ground me work at once (they were ignored until the voice was ready), skip and back wait for
the exercise to sound and say so through `can_move`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bodyscan import provider
from bodyscan.audio.null_output import NullOutput
from bodyscan.core.clock import FakeClock
from bodyscan.core.grounding import grounding_script
from bodyscan.core.loader import load_script
from bodyscan.core.session import Part, Session, State
from bodyscan.core.timeline import Timeline
from tests.session.test_session import Recorder, part_for, run_for


@dataclass
class NotYetReady:
    """A real mixer whose first words are "still being made" until `made` is set."""

    inner: Part
    made: bool = False

    @property
    def timeline(self) -> Timeline:
        return self.inner.renderer.timeline

    def render(self, start: int, end: int) -> Any:
        return self.inner.renderer.render(start, end)

    def ready(self) -> bool:
        return self.made

    def ready_until(self) -> int:
        return self.inner.renderer.ready_until() if self.made else 0


class CountingOutput(NullOutput):
    def __init__(self, clock: FakeClock) -> None:
        super().__init__(clock)
        self.starts = 0

    def start(self, source: Any, rate: int, channels: int) -> None:
        self.starts += 1
        super().start(source, rate, channels)


@pytest.fixture
def waiting(
    recorded_exercise: Path,
) -> tuple[Session, NotYetReady, CountingOutput, FakeClock, Recorder]:
    clock = FakeClock()
    recorder = Recorder()
    script = load_script(recorded_exercise, provider.script_context())
    renderer = NotYetReady(part_for(script))
    output = CountingOutput(clock)
    session = Session(
        Part(renderer),
        output,
        recorder.listener(),
        grounding=lambda: part_for(grounding_script()),
    )
    session.play()
    assert session.state is State.PREPARING
    return session, renderer, output, clock, recorder


def test_pause_while_the_first_words_are_made_holds_until_resumed(
    waiting: tuple[Session, NotYetReady, CountingOutput, FakeClock, Recorder],
) -> None:
    session, renderer, output, clock, recorder = waiting
    assert not session.can_move
    session.pause()
    assert session.state is State.PAUSED
    renderer.made = True
    run_for(session, clock, 3)  # the words exist now, but the person asked to wait
    assert session.state is State.PAUSED and output.starts == 0 and session.position == 0
    assert not session.can_move
    session.resume()
    assert session.state is State.PLAYING and output.starts == 1
    assert session.can_move
    run_for(session, clock, 2)
    assert session.position > 0 and recorder.captions[0] == "First, or nothing."
    assert recorder.states == [State.PREPARING, State.PAUSED, State.PLAYING]


def test_resumed_before_the_words_exist_it_goes_on_getting_ready(
    waiting: tuple[Session, NotYetReady, CountingOutput, FakeClock, Recorder],
) -> None:
    session, renderer, output, _clock, _ = waiting
    session.toggle_pause()
    session.toggle_pause()
    assert session.state is State.PREPARING and output.starts == 0
    renderer.made = True
    session.tick()
    assert session.state is State.PLAYING and output.starts == 1


def test_ground_me_before_the_first_words_then_the_exercise_begins(
    waiting: tuple[Session, NotYetReady, CountingOutput, FakeClock, Recorder],
) -> None:
    session, renderer, _, clock, recorder = waiting
    session.ground()
    assert session.state is State.GROUNDING and session.exercise_position == 0
    renderer.made = True
    run_for(session, clock, 75)
    assert session.awaiting_choice and recorder.grounding_done == 1
    session.continue_after_grounding()
    assert session.state is State.PLAYING and session.position == 0
    run_for(session, clock, 1)
    assert recorder.captions[-1] == "First, or nothing."


def test_skip_back_and_stop_before_the_first_words(
    waiting: tuple[Session, NotYetReady, CountingOutput, FakeClock, Recorder],
) -> None:
    session, renderer, output, clock, recorder = waiting
    session.skip()
    session.back()
    assert session.state is State.PREPARING and output.starts == 0  # not yet: nothing sounds
    session.pause()
    session.skip()
    assert session.state is State.PAUSED and output.starts == 0
    session.stop()
    renderer.made = True
    run_for(session, clock, 2)
    assert session.state is State.STOPPED and output.starts == 0
    assert recorder.states[-1] is State.STOPPED


def test_ended_after_ground_me_the_journal_counts_only_the_exercise_played(
    recorded_exercise: Path,
) -> None:
    """The interlude's own frames are not the exercise's: ending after it records where the
    exercise was left (the whole exercise had been recorded as played)."""
    clock = FakeClock()
    script = load_script(recorded_exercise, provider.script_context())
    for before in (0.0, 4.0):  # Ground me before the first words, and four seconds in
        session = Session(
            part_for(script), NullOutput(clock), grounding=lambda: part_for(grounding_script())
        )
        session.play()
        run_for(session, clock, before)
        session.ground()
        run_for(session, clock, 75)
        assert session.awaiting_choice
        session.end_after_grounding()
        played = session.exercise_position / session.main.timeline.rate
        assert played == pytest.approx(before, abs=0.1)


def test_pause_while_ground_me_waits_for_its_words_stays_silent_until_resumed(
    waiting: tuple[Session, NotYetReady, CountingOutput, FakeClock, Recorder],
) -> None:
    session, _renderer, output, clock, _ = waiting
    interlude = late_interlude(session)
    session.ground()
    session.pause()
    interlude[0].made = True
    run_for(session, clock, 3)
    assert session.state is State.PAUSED and output.starts == 0 and session.position == 0
    session.resume()
    run_for(session, clock, 2)
    assert session.state is State.GROUNDING and output.starts == 1 and session.position > 0


def test_stopped_while_ground_me_waits_for_its_words_nothing_plays_after(
    waiting: tuple[Session, NotYetReady, CountingOutput, FakeClock, Recorder],
) -> None:
    session, _renderer, output, clock, recorder = waiting
    interlude = late_interlude(session)
    session.ground()
    session.stop()
    interlude[0].made = True
    run_for(session, clock, 2)
    assert session.state is State.STOPPED and output.starts == 0
    assert recorder.states[-1] is State.STOPPED


def late_interlude(session: Session) -> list[NotYetReady]:
    """Ground me's words are "still being made" too, until the first of these is `made`."""
    made: list[NotYetReady] = []

    def interlude() -> Part:
        made.append(NotYetReady(part_for(grounding_script())))
        return Part(made[-1])

    session._make_grounding = interlude
    return made


def test_continuing_after_an_early_ground_me_waits_for_the_first_words(
    waiting: tuple[Session, NotYetReady, CountingOutput, FakeClock, Recorder],
) -> None:
    session, renderer, output, clock, _ = waiting
    session.ground()
    run_for(session, clock, 75)  # the interlude plays; the exercise's words are still made
    session.continue_after_grounding()
    assert session.state is State.PREPARING and output.starts == 1
    renderer.made = True
    session.tick()
    assert session.state is State.PLAYING and output.starts == 2 and session.position == 0

"""The session controller with a fake clock and the null output, over a real mixer."""

from __future__ import annotations

from pathlib import Path

import pytest

from bodyscan import provider
from bodyscan.audio.bank import SoundBank
from bodyscan.audio.mixer import Mixer
from bodyscan.audio.null_output import NullOutput
from bodyscan.core.clock import FakeClock
from bodyscan.core.grounding import grounding_script
from bodyscan.core.loader import load_script
from bodyscan.core.script import Script
from bodyscan.core.session import Listener, Part, Session, State
from bodyscan.core.timeline import Phase, TimelineOptions, plan

RATE = 48000


def part_for(script: Script) -> Part:
    options = TimelineOptions(rate=RATE)
    bank = SoundBank(script, provider.narrator(), provider.sound_catalogue(), options)
    timeline = plan(script, bank.measure(), options)
    mixer = Mixer(timeline, bank)
    return Part(mixer, lambda level: setattr(mixer, "ambient_level", level))


class Recorder:
    def __init__(self) -> None:
        self.states: list[State] = []
        self.captions: list[str] = []
        self.phases: list[tuple[str | None, int]] = []
        self.grounding_done = 0

    def listener(self) -> Listener:
        return Listener(
            state=self.states.append,
            caption=lambda text, _next: self.captions.append(text),
            phase=lambda phase, left: self.phases.append(
                (phase.phase if isinstance(phase, Phase) else None, left)
            ),
            grounding_done=lambda: setattr(self, "grounding_done", self.grounding_done + 1),
        )


@pytest.fixture
def setup(recorded_exercise: Path) -> tuple[Session, FakeClock, Recorder]:
    clock = FakeClock()
    recorder = Recorder()
    script = load_script(recorded_exercise, provider.script_context())
    session = Session(
        part_for(script),
        NullOutput(clock),
        recorder.listener(),
        grounding=lambda: part_for(grounding_script()),
    )
    return session, clock, recorder


def run_for(session: Session, clock: FakeClock, seconds: float, step: float = 0.05) -> None:
    for _ in range(round(seconds / step)):
        clock.advance(step)
        session.tick()


def test_plays_to_the_end_with_captions_and_phases(
    setup: tuple[Session, FakeClock, Recorder],
) -> None:
    session, clock, recorder = setup
    session.play()
    assert session.state is State.PLAYING
    run_for(session, clock, 30)
    assert session.state is State.FINISHED and recorder.states[-1] is State.FINISHED
    assert recorder.captions[0] == "First, or nothing."
    assert "Second, or nothing." in recorder.captions and "Third, or nothing." in recorder.captions
    names = [name for name, _ in recorder.phases if name]
    assert names[:4] == ["in", "in", "hold", "out"]  # "in" counts 2, 1; then hold; then out
    assert (
        ("in", 2) in recorder.phases
        and ("in", 1) in recorder.phases
        and ("out", 3) in recorder.phases
    )
    assert recorder.phases[-1] == (None, 0)


def test_position_follows_the_audio_clock(setup: tuple[Session, FakeClock, Recorder]) -> None:
    session, clock, _ = setup
    session.play()
    run_for(session, clock, 2.5)
    assert session.position == pytest.approx(2.5 * RATE, abs=RATE * 0.06)


def test_pause_holds_the_frame_and_resume_continues(
    setup: tuple[Session, FakeClock, Recorder],
) -> None:
    session, clock, _ = setup
    session.play()
    run_for(session, clock, 1.0)
    session.pause()
    held = session.position
    run_for(session, clock, 5.0)
    assert session.state is State.PAUSED and session.position == held
    session.resume()
    run_for(session, clock, 1.0)
    assert session.position == pytest.approx(held + RATE, abs=RATE * 0.06)


def test_skip_and_back_land_on_instruction_starts(
    setup: tuple[Session, FakeClock, Recorder],
) -> None:
    session, clock, _ = setup
    starts = session.timeline.instruction_starts()
    session.play()
    run_for(session, clock, 0.5)
    session.skip()
    assert session.position == starts[1]
    session.skip()
    assert session.position == starts[2]  # the breathing block
    run_for(session, clock, 5.0)
    session.back()  # well into the block: back to its start
    assert session.position == starts[2]
    session.back()  # just at its start: to the one before
    assert session.position == starts[1]
    session.pause()
    session.skip()
    assert session.state is State.PAUSED and session.position == starts[2]


def test_ground_then_continue_or_end(setup: tuple[Session, FakeClock, Recorder]) -> None:
    session, clock, recorder = setup
    starts = session.timeline.instruction_starts()
    session.play()
    run_for(session, clock, 4.0)  # into the second instruction
    session.ground()
    assert session.state is State.GROUNDING
    assert any("Look around the room" in c for c in recorder.captions) is False  # not yet
    run_for(session, clock, 75)
    assert recorder.grounding_done == 1 and session.awaiting_choice
    assert session.state is State.PAUSED
    assert any("Look around the room" in c for c in recorder.captions)
    session.continue_after_grounding()
    assert session.state is State.PLAYING and session.position == starts[1]
    session.ground()
    run_for(session, clock, 75)
    session.end_after_grounding()
    assert session.state is State.STOPPED


def test_stop_is_final_and_quiet(setup: tuple[Session, FakeClock, Recorder]) -> None:
    session, clock, recorder = setup
    session.play()
    run_for(session, clock, 1)
    session.stop()
    run_for(session, clock, 30)
    assert session.state is State.STOPPED and recorder.states.count(State.STOPPED) == 1
    session.play()  # a stopped session does not restart
    assert session.state is State.STOPPED


def test_volume_and_ambient_level(setup: tuple[Session, FakeClock, Recorder]) -> None:
    session, _, _ = setup
    session.set_volume(1.7)
    assert session.output.volume == 1.0  # type: ignore[attr-defined]
    session.set_ambient_level(0.3)
    assert session.main.renderer.ambient_level == 0.3  # type: ignore[attr-defined]

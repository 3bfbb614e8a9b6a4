"""Render-ahead never leaves a session waiting: an exercise with nothing to say plays at once,
and whatever breaks in the render thread ends the session (stopped) with a message."""

from __future__ import annotations

import struct
from pathlib import Path

from bodyscan import provider
from bodyscan.audio.ahead import RenderAhead
from bodyscan.audio.bank import SoundBank
from bodyscan.audio.null_output import NullOutput
from bodyscan.core.clock import FakeClock
from bodyscan.core.loader import load_script
from bodyscan.core.script import Say, Script
from bodyscan.core.session import Part, Session, State
from bodyscan.core.timeline import TimelineOptions
from tests.conftest import burst


def play_through(ahead: RenderAhead, seconds: float = 600) -> Session:
    """Tick a session on a fake clock until it ends (or the clock passes `seconds`)."""
    clock = FakeClock()
    session = Session(Part(ahead), NullOutput(clock), clock=clock)
    ahead.start()
    session.play()
    waited = 0.0
    while session.state not in (State.FINISHED, State.STOPPED) and waited < seconds:
        if session.state is State.PREPARING:
            ahead.complete.wait(0.05)  # real time for the render thread, not the clock's
        clock.advance(0.1)
        waited += 0.1
        session.tick()
    ahead.close()
    ahead.join(60)
    return session


def ahead_for(script: Script) -> RenderAhead:
    """As provider.render_ahead builds it (the real voice and sounds), not started yet."""
    options = TimelineOptions()
    bank = SoundBank(script, provider.narrator(), provider.sound_catalogue(), options)
    return RenderAhead(script, bank, options)


def test_an_exercise_with_nothing_to_say_is_ready_at_once_and_plays_to_the_end(
    tmp_path: Path,
) -> None:
    path = tmp_path / "quiet.yaml"
    path.write_text("title: Quiet\nkind: grounding\nsteps:\n  - pause: 3s\n  - bell: chime\n")
    ahead = ahead_for(load_script(path, provider.script_context()))
    assert ahead.ready()  # before its thread even starts: there is nothing to make
    session = play_through(ahead)
    assert session.state is State.FINISHED and session.failure is None


def test_a_recording_broken_after_validation_stops_the_session_with_its_reason(
    tmp_path: Path,
) -> None:
    burst(tmp_path / "hello.wav", 440, 1.0)
    path = tmp_path / "rec.yaml"
    path.write_text(
        "title: R\nkind: grounding\nsteps:\n  - say: Hello, or nothing.\n    audio: hello.wav\n"
        "    pause: 2s\n"
    )
    script = load_script(path, provider.script_context())
    # A real broken file: the header now claims 4 GHz, as a damaged or hostile file might.
    data = bytearray((tmp_path / "hello.wav").read_bytes())
    data[24:28] = struct.pack("<I", 4_000_000_000)
    (tmp_path / "hello.wav").write_bytes(bytes(data))
    session = play_through(ahead_for(script))
    assert session.state is State.STOPPED
    assert session.failure is not None
    assert session.failure.short.startswith("recording hello.wav cannot be played: sample rate")
    assert "4000000000 Hz" in session.failure.short


def test_text_the_voice_cannot_speak_stops_the_session_instead_of_hanging(
    tmp_path: Path,
) -> None:
    # Built in code, past the validator (which refuses it): a lone surrogate reaches the voice.
    script = Script(
        id="odd", title="Odd", kind="grounding", steps=(Say(text="Rest \ud800 here.", line=7),)
    )
    session = play_through(ahead_for(script))
    assert session.state is State.STOPPED
    assert session.failure is not None
    assert session.failure.short == (
        'Could not make the narration for the instruction (line 7) "Rest ? here.": '
        "UnicodeEncodeError."
    )

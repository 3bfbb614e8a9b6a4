"""The sound server dies in the middle of `bodyscan play`, for real: a private PulseAudio that
the test kills (SIGKILL) and starts again, with the player in a pseudo-terminal.

Each run is its own process: once its server has died, Qt's PulseAudio backend stays broken for
the process (which is what the Qt output has to survive), so it must not be the test's own.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import burst
from tests.pulse import PulseServer
from tests.session.test_play_cli import Terminal, journal_json, run_play

NO_SOUND_AGAIN = {"qt": "No sound: the sound server is", "portaudio": "No sound: the sound device"}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[PulseServer]:
    folder = tmp_path / "pulse"
    folder.mkdir()
    own = PulseServer(folder)
    own.start()
    yield own
    own.stop()


@pytest.fixture
def exercise(tmp_path: Path) -> Path:
    for name, hz in (("a", 440), ("b", 660), ("c", 880)):
        burst(tmp_path / f"{name}.wav", hz, 0.5)
    path = tmp_path / "steady.yaml"
    path.write_text(
        "title: Steady one\nkind: grounding\nbell: false\nsteps:\n"
        + "".join(
            f"  - say: Step {n}, or nothing.\n    audio: {n}.wav\n    pause: 4s\n"
            "    stretch: false\n"
            for n in "abc"
        )
    )
    return path


def stderr_of(terminal: Terminal) -> str:
    assert terminal.process.stderr is not None
    return terminal.process.stderr.read().decode()


@pytest.mark.parametrize("output", ["qt", "portaudio"])
def test_server_dies_and_comes_back_resume_plays_on(
    output: str, server: PulseServer, exercise: Path
) -> None:
    terminal = Terminal("play", str(exercise), "--output", output, env=server.env)
    terminal.read_until("Step a, or nothing.")
    time.sleep(1.5)
    server.kill()
    terminal.read_until("Paused: press space to play on.")
    assert "The sound stopped" in terminal.text
    terminal.press(" ")  # still no server: said again, nothing aborts, nothing plays on
    terminal.read_until(NO_SOUND_AGAIN[output])
    time.sleep(1.0)
    assert terminal.process.poll() is None, "the player died"
    assert "Step b" not in terminal.text
    server.start()
    time.sleep(0.5)
    terminal.press(" ")
    terminal.read_until("Step b, or nothing.")
    terminal.read_until("Finished Steady one")
    terminal.read_until("Your answer (1-5): ")
    terminal.press("s\n")
    assert terminal.process.wait(timeout=30) == 0
    errors = stderr_of(terminal)
    assert errors == "", errors  # no traceback, no ALSA or PulseAudio noise
    [entry] = json.loads(journal_json())["entries"]
    assert entry["session"]["ending"] == "completed"
    assert entry["session"]["played_seconds"] == pytest.approx(entry["session"]["planned_seconds"])


@pytest.mark.parametrize("output", ["qt", "portaudio"])
def test_server_dies_and_stopping_journals_what_was_heard(
    output: str, server: PulseServer, exercise: Path
) -> None:
    terminal = Terminal("play", str(exercise), "--output", output, env=server.env)
    terminal.read_until("Step a, or nothing.")
    time.sleep(2.0)
    server.kill()
    killed = time.monotonic()
    terminal.read_until("Paused: press space to play on.")
    time.sleep(3.0)  # paused: the session's clock must not run on
    terminal.press("q")
    terminal.read_until("Stopped.")
    terminal.read_until("You practised")
    terminal.read_until("Your answer (1-5): ")
    terminal.press("s\n")
    assert terminal.process.wait(timeout=30) == 0
    assert "Finished" not in terminal.text
    assert stderr_of(terminal) == ""
    [entry] = json.loads(journal_json())["entries"]
    session = entry["session"]
    assert session["ending"] == "stopped"
    # "Step a" showed about 2 s before the kill (its caption shows as its sound starts; the
    # first sound comes a moment after the output starts): what was heard, not the time spent.
    assert 1.0 < session["played_seconds"] < 3.5, session
    assert time.monotonic() - killed > 3.0


@pytest.mark.parametrize("output", ["qt", "portaudio", "simpleaudio"])
def test_no_server_at_start_an_explicit_output_exits_1(output: str, exercise: Path) -> None:
    env = {**os.environ, "PULSE_SERVER": "unix:/nonexistent/socket"}
    result = run_play(str(exercise), "--output", output, env=env)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    if output == "simpleaudio":
        assert lines[0].startswith("The simpleaudio output was removed")
        lines = lines[1:]
    assert lines[0].startswith("bodyscan: no sound:"), result.stderr
    assert len(lines) == 2 and "--output null" in lines[1], result.stderr  # and nothing else


def test_no_server_automatic_choice_says_so_once_and_nothing_else(exercise: Path) -> None:
    env = {**os.environ, "PULSE_SERVER": "unix:/nonexistent/socket"}
    result = run_play(str(exercise), env=env)
    assert result.returncode == 0
    assert result.stderr == (
        "No sound device found: captions will run on their own, without sound.\n"
    )
    assert "Finished Steady one" in result.stdout

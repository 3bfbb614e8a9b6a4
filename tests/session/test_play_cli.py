"""`bodyscan play` in a real pseudo-terminal: captions, keys, the closing summary."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import ClassVar

import pytest

from tests.conftest import burst


@pytest.fixture
def short_exercise(tmp_path: Path) -> Path:
    for name, hz in (("a", 440), ("b", 660), ("c", 880)):
        burst(tmp_path / f"{name}.wav", hz, 0.5)
    path = tmp_path / "short.yaml"
    path.write_text(
        "title: Short one\nkind: grounding\nbell: false\nsteps:\n"
        + "".join(
            f"  - say: Step {n}, or nothing.\n    audio: {n}.wav\n    pause: 3s\n" for n in "abc"
        )
    )
    return path


class Terminal:
    opened: ClassVar[list[Terminal]] = []  # ended after each test (tests/session/conftest.py)

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        Terminal.opened.append(self)
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bodyscan", *args],
            stdin=slave,
            stdout=slave,
            stderr=subprocess.PIPE,
            env={**(env or os.environ), "COLUMNS": "80"},
        )
        os.close(slave)
        self.text = ""

    def read_until(self, wanted: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while wanted not in self.text and wanted not in " ".join(self.text.split()):
            # (the second: a message the player wrapped to the terminal's width)
            assert time.monotonic() < deadline, f"never saw {wanted!r} in {self.text!r}"
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    self.text += os.read(self.master, 4096).decode(errors="replace")
                except OSError:
                    break

    def press(self, key: str) -> None:
        os.write(self.master, key.encode())

    def hang_up(self) -> None:
        """The terminal window is closed."""
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    def close(self) -> None:
        """End the player if a failed test left it running, and free the terminal."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.hang_up()


def test_keys_in_a_terminal(short_exercise: Path) -> None:
    terminal = Terminal("play", str(short_exercise), "--output", "null")
    terminal.read_until("space pause")
    terminal.read_until("Step a, or nothing.")
    terminal.press(" ")
    terminal.read_until("paused ·")
    terminal.press(" ")
    terminal.press("s")
    terminal.read_until("Step b, or nothing.")
    terminal.press("g")
    terminal.read_until("— Ground me —")
    terminal.read_until("Let's pause here.")
    terminal.press("q")
    terminal.read_until("Stopped.")
    terminal.read_until("You practised")
    terminal.read_until("or s to skip it all")
    terminal.read_until("Your answer (1-5): ")
    terminal.press("s\n")  # one key skips the check-in
    assert terminal.process.wait(timeout=30) == 0
    assert "Traceback" not in terminal.process.stderr.read().decode()  # type: ignore[union-attr]
    [entry] = json.loads(journal_json())["entries"]
    assert entry["session"]["ending"] == "stopped"  # a partial session counts, neutrally
    assert entry["checkins"] == []


def journal_json() -> str:
    result = subprocess.run(
        [sys.executable, "-m", "bodyscan", "journal", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_the_check_in_after_playing_is_saved(short_exercise: Path) -> None:
    terminal = Terminal("play", str(short_exercise), "--output", "null")
    terminal.read_until("Finished Short one")
    answers = [
        ("Your answer (1-5): ", "1"),
        ("Which places?", "chest, left hand, tail"),
        ("your chest: up to three words", "warm, tingling"),
        ("your chest: faint / clear / strong? ", "clear"),
        ("your chest: pleasant / neutral / unpleasant? ", "pleasant"),
        ("your left hand: up to three words", "numb"),
        ("your left hand: faint / clear / strong? ", ""),
        ("your left hand: pleasant / neutral / unpleasant? ", ""),
        ("How was that", "2"),
        ("A note for yourself", "steady"),
    ]
    for prompt, reply in answers:
        terminal.read_until(prompt)
        terminal.press(reply + "\n")
    terminal.read_until("Saved in your journal.")
    assert terminal.process.wait(timeout=30) == 0
    assert "no place called 'tail'" in terminal.text
    [entry] = json.loads(journal_json())["entries"]
    assert entry["session"]["ending"] == "completed"
    [checkin] = entry["checkins"]
    assert checkin["answer"] == "noticed"
    assert checkin["how_was_that"] == "about-right" and checkin["note"] == "steady"
    assert [
        (r["region"], r["qualities"], r["strength"], r["tone"]) for r in checkin["regions"]
    ] == [
        ("chest", ["warm", "tingling"], "clear", "pleasant"),
        ("left-hand", ["numb"], None, None),
    ]


def run_play(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`bodyscan play` with no terminal attached."""
    return subprocess.run(
        [sys.executable, "-m", "bodyscan", "play", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )


def test_plays_to_the_end_without_a_terminal(short_exercise: Path) -> None:
    result = run_play(str(short_exercise), "--output", "null")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("Step a") < out.index("Step b") < out.index("Step c")
    assert "Finished Short one" in out


def test_unknown_exercise_and_forced_missing_output(short_exercise: Path) -> None:
    missing = run_play("nope", "--output", "null")
    assert missing.returncode == 1 and "no exercise called 'nope'" in missing.stderr
    env = {k: v for k, v in os.environ.items() if k != "PULSE_SERVER"}
    env["PULSE_SERVER"] = "unix:/nonexistent/socket"
    forced = run_play(str(short_exercise), "--output", "qt", env=env)
    assert forced.returncode == 1 and "no sound: Qt found no sound device" in forced.stderr
    assert "Traceback" not in forced.stderr
    # Automatic choice: no sound server here; PortAudio's ALSA default also goes through the
    # (unreachable) pulse plugin, so the captions run alone and the user is told once.
    automatic = run_play(str(short_exercise), env=env)
    assert automatic.returncode == 0 and "No sound device found" in automatic.stderr
    assert "Finished Short one" in automatic.stdout


def test_each_caption_is_printed_once(tmp_path: Path) -> None:
    """A pause or a bell after an instruction keeps its caption on screen; printed, it would
    read as the instruction given twice."""
    for name, hz in (("a", 440), ("b", 660)):
        burst(tmp_path / f"{name}.wav", hz, 0.3)
    path = tmp_path / "quiet.yaml"
    path.write_text(
        "title: Quiet one\nkind: grounding\nbell: true\nsteps:\n"
        "  - say: Notice the floor, or nothing.\n    audio: a.wav\n    pause: 1s\n"
        "  - pause: 1s\n"
        "  - bell: chime\n"
        "  - pause: 1s\n"
        "  - say: Notice the air, or nothing.\n    audio: b.wav\n    pause: 1s\n"
        "  - bell: chime\n"
    )
    result = run_play(str(path), "--output", "null")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Notice the floor, or nothing.") == 1, result.stdout
    assert result.stdout.count("Notice the air, or nothing.") == 1, result.stdout
    assert result.stdout.index("the floor") < result.stdout.index("the air")


def test_a_closed_terminal_ends_the_player(short_exercise: Path) -> None:
    """Not a busy loop on a terminal that is gone (it used to spin at a quarter of a core)."""
    terminal = Terminal("play", str(short_exercise), "--output", "null")
    terminal.read_until("Step a, or nothing.")
    terminal.hang_up()
    terminal.process.wait(timeout=20)

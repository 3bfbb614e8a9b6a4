"""Ctrl+C at every stage, a timer with no sound device, and an export stopped half way: the
person sees sentences (never Python's traceback), and nothing is left under the final name."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, run_bodyscan
from tests.session.test_play_cli import Terminal


def _started(home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bodyscan", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "BODYSCAN_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"},
    )


@pytest.mark.parametrize("args", [("journal", "summary"), ("timer", "10", "-o", "OUT"), ("list",)])
def test_ctrl_c_while_bodyscan_starts_ends_quietly(
    bodyscan_home: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    """Ctrl+C while the command's modules load (most of a second): sent as soon as Python
    reports (-X importtime) that it has loaded bodyscan.errors, one of the first, rather than
    after a guessed sleep."""
    out = tmp_path / "t.wav"
    process = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "bodyscan"]
        + [str(out) if a == "OUT" else a for a in args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "BODYSCAN_HOME": str(bodyscan_home), "QT_QPA_PLATFORM": "offscreen"},
    )
    assert process.stderr is not None
    seen = ""
    while not seen.rstrip().endswith(" bodyscan.errors"):
        seen = process.stderr.readline()
        assert seen, "bodyscan.errors was never imported"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert process.returncode in (0, 130), err  # 0: it had finished first
    if process.returncode == 130:
        assert "stopped (Ctrl+C)" in err


def test_ctrl_c_during_a_timer_export_leaves_nothing_and_says_so(
    bodyscan_home: Path, tmp_path: Path
) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "t.wav"
    process = _started(bodyscan_home, "timer", "40m", "-o", str(out))
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".t.wav.*")):  # rendering has begun
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "stopped (Ctrl+C)" in err and "Traceback" not in err
    assert sorted(tmp_path.iterdir()) == []


def test_a_killed_timer_export_leaves_nothing_under_the_final_name(
    bodyscan_home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "t.wav"
    process = _started(bodyscan_home, "timer", "40m", "-o", str(out))
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".t.wav.*")):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    process.kill()
    process.communicate(timeout=60)
    assert not out.exists()


def test_a_timer_without_sound_names_the_timer_s_own_flag(
    bodyscan_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`play` says "--output null"; for `timer`, --output writes a file called null."""
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent/pulse")
    done = run_bodyscan(bodyscan_home, "timer", "6", "--sound", "qt")
    assert done.returncode == 1
    assert "no sound" in done.stderr
    assert "--sound null" in done.stderr and "--output" not in done.stderr
    assert "Traceback" not in done.stderr


def test_ctrl_c_at_the_check_in_keeps_the_timer_in_the_journal(bodyscan_home: Path) -> None:
    terminal = Terminal("timer", "6", "--sound", "null")
    try:
        terminal.read_until("The timer has finished", timeout=90)
        terminal.read_until("Your answer (1-5): ")
        terminal.process.send_signal(signal.SIGINT)
        assert terminal.process.wait(timeout=30) == 130
        assert terminal.process.stderr is not None
        err = terminal.process.stderr.read().decode()
        assert "Traceback" not in err and "stopped (Ctrl+C)" in err
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
        os.close(terminal.master)
    table = run_bodyscan(bodyscan_home, "journal", "--format", "json")
    assert table.returncode == 0, table.stderr
    [entry] = json.loads(table.stdout)["entries"]
    assert entry["session"]["exercise_id"] == "timer"


def test_a_timer_with_no_sound_device_says_its_bells_are_missing(
    bodyscan_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It runs (the time shows), but "captions will run on their own" said nothing of bells."""
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent/pulse")
    done = run_bodyscan(bodyscan_home, "timer", "1")
    assert done.returncode == 0, done.stderr
    assert "without its bells" in done.stderr and "-o" in done.stderr
    assert "The timer has finished" in done.stdout

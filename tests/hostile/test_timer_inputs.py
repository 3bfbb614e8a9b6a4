"""`bodyscan timer` given values at the edges: lengths too short to hold two bells, and empty
names for the bell and the background (which fell back silently to the defaults)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_bodyscan


@pytest.mark.parametrize("length", ["0.0000001", "1ms", "0.5", "999ms"])
def test_a_timer_shorter_than_a_second_is_refused(
    bodyscan_home: Path, tmp_path: Path, length: str
) -> None:
    """Shorter than a frame, its closing bell fell on its opening one: one bell, and a "0s"
    session in the journal."""
    out = tmp_path / "t.wav"
    done = run_bodyscan(bodyscan_home, "timer", length, "-o", str(out))
    assert done.returncode == 1, done.stderr  # as an interval under its minimum
    assert "at least 1 second" in done.stderr
    assert not out.exists()


def test_a_one_second_timer_is_made(bodyscan_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.wav"
    done = run_bodyscan(bodyscan_home, "timer", "1", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.exists()


@pytest.mark.parametrize(
    ("flag", "said"), [("--bell", "unknown bell ''"), ("--ambient", "unknown background sound ''")]
)
def test_an_empty_sound_name_is_said_not_replaced(
    bodyscan_home: Path, tmp_path: Path, flag: str, said: str
) -> None:
    out = tmp_path / "t.wav"
    done = run_bodyscan(bodyscan_home, "timer", "10", flag, "", "-o", str(out))
    assert done.returncode == 1, done.stderr
    assert said in done.stderr and "bodyscan sounds" in done.stderr
    assert not out.exists()

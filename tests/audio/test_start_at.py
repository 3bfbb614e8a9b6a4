"""`export --start-at`: the file is the full export's tail to the frame, and its timeline
says where everything is in that file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bodyscan.audio.wavfile import read_wav
from bodyscan.cli import main
from tests.conftest import RATE, run_bodyscan


def exported(script: Path, out: Path, *extra: str) -> tuple[np.ndarray, dict]:  # type: ignore[type-arg]
    plan = out.with_suffix(".json")
    assert main(["export", str(script), "-o", str(out), "--timeline", str(plan), *extra]) == 0
    samples, rate = read_wav(out)
    assert rate == RATE
    return samples, json.loads(plan.read_text())


@pytest.mark.parametrize("offset", ["7.3", "4s", "1s250ms"])
def test_the_export_is_the_full_exports_tail_to_the_frame(
    recorded_exercise: Path, tmp_path: Path, offset: str
) -> None:
    options = ("--minutes", "0.5", "--ambient", "pink-noise")
    full, full_plan = exported(recorded_exercise, tmp_path / "full.wav", *options)
    tail, tail_plan = exported(
        recorded_exercise, tmp_path / "tail.wav", *options, "--start-at", offset
    )
    seconds = {"7.3": 7.3, "4s": 4.0, "1s250ms": 1.25}[offset]
    frame = round(seconds * RATE)
    assert tail.shape[0] == full.shape[0] - frame
    assert np.any(tail)  # sound, not silence
    assert np.array_equal(tail, full[frame:])
    assert tail_plan["frames"] == full_plan["frames"] - frame
    # Every event still playing at the offset is there, moved earlier by it; the one playing
    # then starts at 0 and keeps its index and step.
    still = [e for e in full_plan["events"] if round(e["end"] * RATE) > frame]
    assert [e["index"] for e in tail_plan["events"]] == [e["index"] for e in still]
    assert tail_plan["events"][0]["start"] == 0.0
    for before, after in zip(still[1:], tail_plan["events"][1:], strict=True):
        assert round(after["start"] * RATE) == round(before["start"] * RATE) - frame
        assert after.get("step") == before.get("step")
    assert tail_plan["events"][-1]["end"] == tail_plan["seconds"]
    for event in tail_plan["events"]:
        for phase in event.get("phases", []):
            assert 0 <= phase["start"] < phase["end"] <= event["end"]


def test_a_start_past_the_end_is_refused_in_words(
    recorded_exercise: Path, bodyscan_home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "late.wav"
    result = run_bodyscan(
        bodyscan_home, "export", str(recorded_exercise), "-o", str(out), "--start-at", "3h"
    )
    assert result.returncode == 1
    assert "past the end of this session" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_start_that_is_not_a_time_is_a_usage_error(
    recorded_exercise: Path, bodyscan_home: Path, tmp_path: Path
) -> None:
    result = run_bodyscan(
        bodyscan_home,
        "export",
        str(recorded_exercise),
        "-o",
        str(tmp_path / "x.wav"),
        "--start-at",
        "soon",
    )
    assert result.returncode == 2
    assert "'soon' is not a duration" in result.stderr

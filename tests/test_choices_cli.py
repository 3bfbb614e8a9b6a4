"""`--eyes`, `--anchor` and `--no-holds` on `play` and `export`, run as a person runs them:
what is played and shown, what an exercise does not offer, and hold-free breathing measured in
the exported samples."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bodyscan.audio.wavfile import read_wav
from tests.conftest import run_bodyscan

CHOOSING = """\
title: Choosing
kind: grounding
bell: false
checkin: {ask: []}
choices:
  eyes: [closed, open]
  anchor: [feet, hands]
steps:
  - say: Eyes closed.
    when: {eyes: closed}
  - say: Eyes open.
    when: {eyes: open}
  - say: Back to {anchor}.
    pause: 1s
"""
PLAIN = """\
title: Plain
kind: grounding
bell: false
checkin: {ask: []}
steps:
  - say: Just this.
"""
# Tones only (no voice), so the breathing is all there is to hear.
BOX = """\
title: Box tones
kind: breathwork
bell: false
ambient: none
checkin: {ask: []}
cautions: [Sit down. Never in water or while driving. Stop if dizzy.]
steps:
  - breathe: {in: 2, hold: 1, out: 2, hold_out: 1, cycles: 3, cue: tone}
  - breathe: {in: 1, hold: 2, out: 1, duration: 9s, cue: tone}
"""


@pytest.fixture
def exercises(user_exercises: Path) -> Path:
    (user_exercises / "choosing.yaml").write_text(CHOOSING)
    (user_exercises / "plain.yaml").write_text(PLAIN)
    (user_exercises / "box-tones.yaml").write_text(BOX)
    return user_exercises


def export(home: Path, out: Path, *args: str) -> dict:  # type: ignore[type-arg]
    plan = out.with_suffix(".json")
    result = run_bodyscan(home, "export", *args, "-o", str(out), "--timeline", str(plan))
    assert result.returncode == 0, result.stderr
    return json.loads(plan.read_text())  # type: ignore[no-any-return]


def texts(plan: dict) -> list[str]:  # type: ignore[type-arg]
    return [e["text"] for e in plan["events"] if e["type"] == "say"]


def test_export_with_choices(bodyscan_home: Path, exercises: Path, tmp_path: Path) -> None:
    plan = export(bodyscan_home, tmp_path / "default.wav", "choosing")
    assert texts(plan) == ["Eyes closed.", "Back to your feet on the floor."]
    assert plan["choices"] == {"eyes": "closed", "anchor": "feet", "holds": True}

    plan = export(
        bodyscan_home, tmp_path / "chosen.wav", "choosing", "--eyes", "open", "--anchor", "hands"
    )
    assert texts(plan) == ["Eyes open.", "Back to your hands."]
    assert [e["step"] for e in plan["events"]] == [1, 2]  # the closed-eyes step is left out
    assert plan["choices"] == {"eyes": "open", "anchor": "hands", "holds": True}

    plan = export(bodyscan_home, tmp_path / "plain.wav", "plain", "--no-holds")
    assert plan["choices"] == {"eyes": None, "anchor": None, "holds": False}


def test_play_with_choices(bodyscan_home: Path, exercises: Path) -> None:
    result = run_bodyscan(
        bodyscan_home, "play", "choosing", "--output", "null", "--eyes", "open", "--anchor", "hands"
    )
    assert result.returncode == 0, result.stderr
    assert "Eyes open." in result.stdout and "Back to your hands." in result.stdout
    assert "Eyes closed." not in result.stdout and "{anchor}" not in result.stdout


@pytest.mark.parametrize("command", ["play", "export"])
@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("choosing", "--anchor", "seat"), 1, "Choosing offers anchor feet, hands, not 'seat'."),
        (("plain", "--eyes", "open"), 1, "Plain offers no eyes choice, so --eyes cannot be used"),
        (("plain", "--anchor", "feet"), 1, "Plain offers no anchor choice"),
        (("choosing", "--eyes", "sideways"), 2, "argument --eyes: invalid choice: 'sideways'"),
        (("choosing", "--anchor", "knees"), 2, "argument --anchor: invalid choice: 'knees'"),
    ],
)
def test_a_choice_not_offered_is_refused(
    *,
    bodyscan_home: Path,
    exercises: Path,
    tmp_path: Path,
    command: str,
    args: tuple[str, ...],
    code: int,
    words: str,
) -> None:
    extra = ("-o", str(tmp_path / "x.wav")) if command == "export" else ("--output", "null")
    result = run_bodyscan(bodyscan_home, command, *args, *extra)
    assert result.returncode == code
    assert words in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not (tmp_path / "x.wav").exists()


QUIET = 0.03  # of the loudest moment
# A tone rises from silence along a raised cosine over 80 ms (bodyscan.audio.synth.tone): it
# passes QUIET this long after it begins.
RISE = 0.08 * float(np.arccos(1 - 2 * QUIET)) / np.pi


def onsets(left: np.ndarray, rate: int) -> list[float]:  # type: ignore[type-arg]
    """Seconds where a tone begins: the end of a near-silent moment followed within 0.1 s by a
    clearly audible one, less the time its soft edge takes to rise out of the quiet."""
    step = rate // 1000  # 1 ms
    frames = left[: left.size // step * step].reshape(-1, step)
    loudness = np.max(np.abs(frames.astype(int)), axis=1)
    peak = int(loudness.max())
    quiet = loudness < peak * QUIET
    ahead = rate // 10 // step
    return [
        (index + 1) * step / rate - RISE
        for index in range(loudness.size - ahead)
        if quiet[index] and not quiet[index + 1] and loudness[index + ahead] > peak * 0.5
    ]


def test_no_holds_in_the_exported_samples(
    bodyscan_home: Path, exercises: Path, tmp_path: Path
) -> None:
    out = tmp_path / "box.wav"
    plan = export(bodyscan_home, out, "box-tones", "--no-holds")
    samples, rate = read_wav(out)
    left = samples[:, 0]
    # Three hold-free cycles of 2 + 2 s (the count kept), then as many whole 1 + 1 s cycles as
    # fit in 9 s: four. Every phase is a tone; the next begins where the last ends.
    expected = [0, 2, 4, 6, 8, 10] + [12 + n for n in range(8)]
    assert samples.shape[0] == 20 * rate and plan["seconds"] == 20.0
    found = onsets(left, rate)
    assert len(found) == len(expected), found
    for heard, planned in zip(found, expected, strict=True):
        assert abs(heard - planned) <= 0.003, (found, expected)
    assert plan["choices"]["holds"] is False

    # With the holds, the same exercise has ticks and silences where the holds are.
    held = tmp_path / "held.wav"
    export(bodyscan_home, held, "box-tones")
    samples, rate = read_wav(held)
    assert samples.shape[0] == (18 + 8) * rate  # 3 x 6 s, then two 4 s cycles in 9 s
    # (a hold's tick is short and soft: not an onset by the measure above)
    assert onsets(samples[:, 0], rate)[:4] == pytest.approx([0, 3, 6, 9], abs=0.003)

"""Shared fixtures: tests never touch the real user folders."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from bodyscan.audio.wavfile import write_wav

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault(
    "QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false;qt.multimedia.ffmpeg=false"
)

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus"


@pytest.fixture(autouse=True)
def bodyscan_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("BODYSCAN_HOME", str(home))
    return home


@pytest.fixture
def user_exercises(bodyscan_home: Path) -> Path:
    folder = bodyscan_home / "exercises"
    folder.mkdir()
    return folder


MINIMAL = """\
title: Minimal
kind: grounding
steps:
  - say: Notice your feet on the floor, or nothing at all.
    region: feet
    pause: 5s
"""


# Exercises made of known recordings, so rendered audio can be checked sample by sample.

RATE = 48000


def burst(
    path: Path, frequency: float, seconds: float, level: float = 0.3, rate: int = RATE
) -> Path:
    t = np.arange(int(seconds * rate)) / rate
    envelope = np.minimum(1, np.minimum(t, seconds - t) / 0.01)  # 10 ms ramps of its own
    write_wav(
        path, (level * 32767 * envelope * np.sin(2 * np.pi * frequency * t)).astype(np.int16), rate
    )
    return path


@pytest.fixture
def recorded_exercise(tmp_path: Path) -> Path:
    """Three recordings of distinct pitch with pauses, a fixed pause and a breathing block."""
    folder = tmp_path / "rec"
    folder.mkdir()
    burst(folder / "a.wav", 440, 1.0)
    burst(folder / "b.wav", 660, 0.75)
    burst(folder / "c.wav", 880, 1.25, rate=22050)  # needs resampling
    script = folder / "known.yaml"
    script.write_text(
        """\
title: Known recordings
kind: breathwork
bell: false
length: {min: 10s, max: 2m}
steps:
  - say: First, or nothing.
    audio: a.wav
    pause: 2s
  - say: Second, or nothing.
    audio: b.wav
    pause: 3s
  - pause: 1.5s
    stretch: false
  - breathe: {in: 2, hold: 1, out: 3, cycles: 2, cue: tone}
  - say: Third, or nothing.
    audio: c.wav
    pause: 1s
"""
    )
    return script

"""Sound files dropped into the user's audio folders become bells and ambient beds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bodyscan.audio.wavfile import read_wav
from bodyscan.cli import main
from tests.conftest import RATE, burst


def test_dropped_files_are_listed_and_played(
    bodyscan_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (bodyscan_home / "audio" / "ambient").mkdir(parents=True)
    burst(bodyscan_home / "audio" / "ambient" / "Low Hum.wav", 120, 3.0, level=0.5)
    (bodyscan_home / "audio" / "bells").mkdir(parents=True)
    burst(bodyscan_home / "audio" / "bells" / "tingsha.wav", 2500, 1.5)
    assert main(["sounds", "--json"]) == 0
    names = json.loads(capsys.readouterr().out)
    assert "low-hum" in names["ambient"] and "tingsha" in names["bells"]

    script = tmp_path / "s.yaml"
    script.write_text(
        "title: T\nkind: grounding\nbell: tingsha\nsteps:\n  - pause: 20s\n    stretch: false\n"
    )
    out = tmp_path / "o.wav"
    assert main(["export", str(script), "-o", str(out), "--ambient", "low-hum"]) == 0
    samples, _ = read_wav(out)
    left = samples[:, 0].astype(float)
    spectrum = np.abs(np.fft.rfft(left[:RATE]))
    assert np.argmax(spectrum) == pytest.approx(
        2500, abs=5
    )  # 1-s window: bins are 1 Hz  # the file bell rings first
    middle = left[8 * RATE : 12 * RATE]  # only the looped bed: 120 Hz, across several loop points
    spectrum = np.abs(np.fft.rfft(middle))
    assert np.argmax(spectrum) * RATE / middle.size == pytest.approx(120, abs=1)

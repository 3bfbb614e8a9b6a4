"""`bodyscan timer -o`: bell onsets found in the written samples, exact to the frame."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from bodyscan.audio.synth import light_chime, singing_bowl
from bodyscan.audio.wavfile import read_wav
from bodyscan.cli.commands import main

RATE = 48000
BELLS = {"soft": singing_bowl, "chime": light_chime}


def bell_samples(name: str) -> NDArray[np.int16]:
    """The bell as the file holds it where it rings alone (full scale, rounded)."""
    return np.rint(BELLS[name](RATE).as_float() * 32767).astype(np.int16)


def found_onsets(samples: NDArray[np.int16], bell: NDArray[np.int16]) -> list[int]:
    """Frames where a bell starts: sound after at least half a second of digital silence,
    moved back by the bell's own silent lead-in (its first frames round to 0)."""
    sounding = np.flatnonzero(samples != 0)
    after_silence = np.flatnonzero(np.diff(sounding) > RATE // 2) + 1
    firsts = [int(sounding[0]), *(int(sounding[i]) for i in after_silence)]
    lead = int(np.flatnonzero(bell != 0)[0])
    return [first - lead for first in firsts]


def export_timer(out: Path, *args: str) -> NDArray[np.int16]:
    """The left channel of the exported file (bells alone are centred: both are the same)."""
    assert main(["timer", *args, "-o", str(out)]) == 0
    samples, rate = read_wav(out)
    assert rate == RATE
    if "--ambient" not in args:
        assert np.array_equal(samples[:, 0], samples[:, 1])
    return samples[:, 0]


@pytest.mark.parametrize(
    ("args", "bell", "expected_seconds"),
    [
        # The interval divides the duration: the bell at 30 s rings once (the closing bell).
        (["30s", "--interval", "10s"], "soft", [0, 10, 20, 30]),
        (["25", "--interval", "10"], "soft", [0, 10, 20, 25]),
        (
            ["21.5s", "--interval", "6.25s", "--bell", "chime"],
            "chime",
            [0, 6.25, 12.5, 18.75, 21.5],
        ),
        (["12s"], "soft", [0, 12]),
    ],
)
def test_bells_start_exactly_on_their_frames(
    tmp_path: Path, args: list[str], bell: str, expected_seconds: list[float]
) -> None:
    samples = export_timer(tmp_path / "timer.wav", *args)
    sound = bell_samples(bell)
    expected = [round(seconds * RATE) for seconds in expected_seconds]
    assert found_onsets(samples, sound) == expected
    # Each bell is there whole from its frame on, sample for sample (none overlaps here).
    for onset in expected:
        ringing = samples[onset : onset + sound.size].astype(int)
        assert np.max(np.abs(ringing - sound.astype(int))) <= 1
        assert not np.any(samples[max(0, onset - RATE // 2) : onset])
    # The file lasts the duration and the closing bell's sound: not a frame more or less.
    assert samples.size == expected[-1] + sound.size


def test_bells_closer_than_their_sound_overlap_and_add(tmp_path: Path) -> None:
    samples = export_timer(tmp_path / "timer.wav", "12s", "--interval", "5s", "--bell", "soft")
    sound = bell_samples("soft").astype(np.float64)
    assert samples.size == 12 * RATE + sound.size
    # The bell at 10 s is still ringing when the closing bell starts at 12 s: both sound.
    expected = np.zeros(samples.size)
    for onset in (0, 5 * RATE, 10 * RATE, 12 * RATE):
        expected[onset : onset + sound.size] += sound
    assert np.max(np.abs(samples - expected)) <= 2


def test_a_background_plays_under_the_bells(tmp_path: Path) -> None:
    samples = export_timer(
        tmp_path / "timer.wav", "20s", "--interval", "8s", "--ambient", "brown-noise"
    )
    between = samples[5 * RATE : 7 * RATE].astype(float)  # after the first bell, before the next
    assert np.sqrt(np.mean(between**2)) > 30


@pytest.mark.parametrize("suffix", [".mp3", ".ogg"])
def test_compressed_formats(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"timer{suffix}"
    assert main(["timer", "30s", "--interval", "10s", "-o", str(out)]) == 0
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    # 30 s and the 4-second closing bell; encoders pad by a few milliseconds at most.
    assert float(probe.stdout) == pytest.approx(34.0, abs=0.1)
    assert oct(out.stat().st_mode & 0o777) == oct(0o600)


def test_export_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["timer", "1m", "-o", str(tmp_path / "x.flac")]) == 1
    assert "cannot export to '.flac'" in capsys.readouterr().err
    assert main(["timer", "1m", "-o", str(tmp_path / "missing" / "x.wav")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not list(tmp_path.glob("**/x.*"))

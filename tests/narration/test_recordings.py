"""Authors' recordings: decoded (WAV natively, others via ffmpeg), normalised, or refused."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from bodyscan import provider
from bodyscan.audio.clip import rms_dbfs
from bodyscan.audio.wavfile import write_wav
from bodyscan.core.loader import check_file
from bodyscan.narration.level import TARGET_DBFS
from bodyscan.narration.recordings import RecordingError, load_recording
from tests.conftest import MINIMAL


def tone_wav(
    path: Path, seconds: float = 1.0, level: float = 0.05, rate: int = 44100, channels: int = 2
) -> Path:
    t = np.arange(int(seconds * rate)) / rate
    mono = (level * 32767 * np.sin(2 * np.pi * 330 * t)).astype(np.int16)
    write_wav(path, np.stack([mono] * channels, axis=1) if channels > 1 else mono, rate)
    return path


def test_wav_is_normalised_and_made_mono(tmp_path: Path) -> None:
    clip = load_recording(tone_wav(tmp_path / "quiet.wav", level=0.01))
    assert clip.rate == 44100 and clip.samples.ndim == 1
    assert abs(rms_dbfs(clip.samples) - TARGET_DBFS) < 0.5
    assert abs(int(clip.samples[0])) < 20  # faded in


def test_mp3_through_ffmpeg(tmp_path: Path) -> None:
    wav = tone_wav(tmp_path / "source.wav", seconds=2)
    mp3 = tmp_path / "feet.mp3"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-i", str(wav), str(mp3)], check=True)
    clip = load_recording(mp3)
    assert 1.9 < clip.seconds < 2.2
    assert abs(rms_dbfs(clip.samples) - TARGET_DBFS) < 1


def test_silent_recording_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "silent.wav"
    write_wav(path, np.zeros(44100, dtype=np.int16), 44100)
    with pytest.raises(RecordingError, match=r"recording silent\.wav is silent"):
        load_recording(path)


def test_unreadable_recording(tmp_path: Path) -> None:
    path = tmp_path / "garbage.ogg"
    path.write_bytes(b"OggS but not really" * 100)
    with pytest.raises(RecordingError, match=r"garbage\.ogg cannot be read"):
        load_recording(path)


def test_without_ffmpeg_the_message_says_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mp3 = tmp_path / "feet.mp3"
    mp3.write_bytes(b"ID3")
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert shutil.which("ffmpeg") is None
    with pytest.raises(RecordingError) as caught:
        load_recording(mp3)
    assert "needs ffmpeg" in caught.value.short and "install ffmpeg" in caught.value.detail.lower()
    script = tmp_path / "s.yaml"
    script.write_text(MINIMAL + "    audio: feet.mp3\n")
    [error] = check_file(script, provider.script_context()).errors
    assert "needs ffmpeg" in error.message and "feet.mp3" in error.message


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: write_wav(p, np.zeros(44100, dtype=np.int16), 44100),
            "recording 'rec.wav' is silent",
        ),
        (
            lambda p: p.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk"),
            "recording 'rec.wav' cannot be read as WAV",
        ),
    ],
)
def test_validator_names_the_bad_recording(tmp_path: Path, make: object, message: str) -> None:
    make(tmp_path / "rec.wav")  # type: ignore[operator]
    script = tmp_path / "s.yaml"
    script.write_text(MINIMAL + "    audio: rec.wav\n")
    [error] = check_file(script, provider.script_context()).errors
    assert error.message.startswith(message) and (error.line, error.column) == (7, 12)


def test_good_recording_validates(tmp_path: Path) -> None:
    tone_wav(tmp_path / "rec.wav")
    script = tmp_path / "s.yaml"
    script.write_text(MINIMAL + "    audio: rec.wav\n")
    assert check_file(script, provider.script_context()).problems == ()

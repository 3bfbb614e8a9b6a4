"""Long and failing exports: RF64 past 4 GiB (read back by ffmpeg), room on the disk checked
before rendering, and a disk that fills while writing reported as full with nothing left."""

from __future__ import annotations

import contextlib
import os
import struct
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from bodyscan.audio.export import FORMATS, check_room, export
from bodyscan.audio.wavfile import RIFF_LIMIT, WavWriter, needs_rf64, read_wav, wav_header
from bodyscan.errors import StorageError
from tests.conftest import RATE, mixer_for

SIX_HOURS_96K_STEREO = 6 * 3600 * 96000  # frames: about 8.3 GB of 16-bit stereo


def probe(path: Path) -> dict[str, str]:
    result = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=format_name:stream=sample_rate,channels,duration_ts,codec_name",
            "-of",
            "default=noprint_wrappers=1",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(line.split("=", 1) for line in result.stdout.splitlines())


def test_rf64_header_holds_sizes_past_four_gib() -> None:
    frames = SIX_HOURS_96K_STEREO
    data_bytes = frames * 4
    assert data_bytes > RIFF_LIMIT and needs_rf64(frames, 2)
    header = wav_header(96000, 2, frames, rf64=True)
    assert len(header) == 80
    assert header[:4] == b"RF64" and header[8:12] == b"WAVE"
    assert struct.unpack("<I", header[4:8])[0] == 0xFFFFFFFF
    name, size, riff, data, samples, table = struct.unpack("<4sIQQQI", header[12:48])
    assert (name, size, table) == (b"ds64", 28, 0)
    assert data == data_bytes and samples == frames
    assert riff == len(header) - 8 + data_bytes  # everything after the first 8 bytes
    assert header[48:52] == b"fmt "
    channels, rate = struct.unpack("<HI", header[58:64])
    assert (channels, rate) == (2, 96000)
    assert header[72:76] == b"data" and struct.unpack("<I", header[76:80])[0] == 0xFFFFFFFF


def test_plain_riff_up_to_its_limit_and_never_past_it() -> None:
    # The largest stereo file RIFF can describe: 36 header bytes plus data within 32 bits.
    frames = (RIFF_LIMIT - 36) // 4
    assert not needs_rf64(frames, 2) and needs_rf64(frames + 1, 2)
    assert struct.unpack("<I", wav_header(48000, 2, frames)[4:8])[0] == 36 + frames * 4
    with pytest.raises(ValueError, match="RF64"):
        wav_header(48000, 2, frames + 1)


def test_a_six_hour_48k_session_still_fits_plain_riff() -> None:
    assert not needs_rf64(6 * 3600 * RATE, 2)  # ~4.15 GB: under 4 GiB by a little


def test_small_file_forced_to_rf64_reads_back_with_ffmpeg(tmp_path: Path) -> None:
    t = np.arange(RATE) / RATE
    left = np.round(np.sin(2 * np.pi * 440 * t) * 12000).astype(np.int16)
    samples = np.stack([left, -left], axis=1)
    path = tmp_path / "forced.wav"
    with path.open("wb") as handle:
        writer = WavWriter(handle, RATE, 2, rf64=True)
        writer.write(samples[: RATE // 2])
        writer.write(samples[RATE // 2 :])
        writer.close()
    assert path.read_bytes()[:4] == b"RF64"
    info = probe(path)
    assert info["format_name"] == "wav"
    assert (info["codec_name"], info["sample_rate"], info["channels"]) == (
        "pcm_s16le",
        "48000",
        "2",
    )
    assert int(info["duration_ts"]) == RATE
    decoded = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-"],
        capture_output=True,
        check=True,
    ).stdout
    assert np.array_equal(np.frombuffer(decoded, "<i2").reshape(-1, 2), samples)
    again, rate = read_wav(path)
    assert rate == RATE and np.array_equal(again, samples)


def test_sparse_file_past_four_gib_is_read_as_its_full_length(tmp_path: Path) -> None:
    """The header a 6-hour 96 kHz export gets, on a sparse file of that size (no disk used)."""
    frames = SIX_HOURS_96K_STEREO
    path = tmp_path / "long.wav"
    with path.open("wb") as handle:
        handle.write(wav_header(96000, 2, frames, rf64=True))
        handle.truncate(80 + frames * 4)
    assert path.stat().st_size > RIFF_LIMIT
    info = probe(path)
    assert (info["sample_rate"], info["channels"]) == ("96000", "2")
    assert int(info["duration_ts"]) == frames


def test_writer_given_a_long_length_chooses_rf64(tmp_path: Path) -> None:
    with (tmp_path / "x.wav").open("wb") as handle:
        assert WavWriter(handle, 96000, 2, frames=SIX_HOURS_96K_STEREO).rf64
    with (tmp_path / "y.wav").open("wb") as handle:
        assert not WavWriter(handle, RATE, 2, frames=RATE).rf64


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A real, small tmpfs (root only): a disk that really fills."""
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")

PAUSES = "title: Quiet\nkind: grounding\nbell: false\nsteps:\n  - pause: {seconds}s\n"


@needs_root
def test_export_too_big_for_the_disk_is_refused_before_rendering(tmp_path: Path) -> None:
    script = tmp_path / "long.yaml"
    script.write_text(PAUSES.format(seconds=30))  # 30 s of stereo: 5.8 MB
    mixer = mixer_for(script)
    rendered: list[int] = []
    with small_disk(tmp_path / "disk", "1m") as disk:
        target = disk / "out.wav"
        with pytest.raises(StorageError) as refused:
            export(mixer, target, lambda done, total: rendered.append(done))
        assert not rendered  # not one block was rendered
        assert list(disk.iterdir()) == []
    message = refused.value.short
    assert "needs about 5.8 MB" in message and "free" in message


@needs_root
def test_disk_that_fills_while_writing_is_reported_full_and_nothing_is_left(
    tmp_path: Path,
) -> None:
    script = tmp_path / "short.yaml"
    script.write_text(PAUSES.format(seconds=6))  # 1.2 MB of WAV: fits when the export starts
    mixer = mixer_for(script)
    with small_disk(tmp_path / "disk", "3m") as disk:
        check_room(disk / "out.wav", mixer.timeline.frames, mixer.channels)  # passes now
        filler = disk / "someone-else.bin"

        def fill_the_disk(done: int, total: int) -> None:
            if not filler.exists():  # another program takes the rest of the disk
                with filler.open("wb") as handle, contextlib.suppress(OSError):
                    while True:
                        handle.write(b"\0" * 65536)
                        handle.flush()

        with pytest.raises(StorageError) as full:
            export(mixer, disk / "out.wav", fill_the_disk)
        assert sorted(p.name for p in disk.iterdir()) == ["someone-else.bin"]
    assert full.value.short == f"Could not export to out.wav: the disk holding {disk} is full."


@pytest.mark.parametrize("suffix", [".mp3", ".ogg"])
def test_rf64_is_encoded_by_ffmpeg_as_export_does(tmp_path: Path, suffix: str) -> None:
    """Past 4 GiB, MP3 and OGG are encoded from an RF64 file: ffmpeg must take it as input."""
    source = tmp_path / "forced.part"
    samples = np.zeros((RATE, 2), np.int16)
    samples[::100] = 8000
    with source.open("wb") as handle:
        writer = WavWriter(handle, RATE, 2, rf64=True)
        writer.write(samples)
        writer.close()
    encoded = tmp_path / f"out{suffix}"
    codec = FORMATS[suffix]
    assert codec is not None
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "wav", "-i", str(source), *codec, str(encoded)], check=True
    )
    seconds = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "csv=p=0",
            str(encoded),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert float(seconds) == pytest.approx(1.0, abs=0.06)

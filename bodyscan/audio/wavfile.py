"""16-bit PCM WAV files, written in a stream and read back with an integrity check.

`WavWriter` writes the header with placeholder sizes and fixes them on close, so a session of
any length is written in blocks. Past 4 GiB (a 6-hour session at 96 kHz, say) RIFF's 32-bit
sizes overflow, so such files are RF64 (EBU Tech 3306), which ffmpeg, sox and libsndfile read.
It can add a `bsck` chunk holding the CRC-32 of the audio
data: other players ignore unknown chunks, and `read_wav(verify=True)` uses it to tell a
damaged file from a good one.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import BinaryIO

import numpy as np
from numpy.typing import NDArray

CHECK_CHUNK = b"bsck"
RIFF_LIMIT = 0xFFFFFFFF  # a RIFF size field holds 32 bits: about 4 GiB
_PLAIN_HEADER = 44  # RIFF header, fmt chunk and data chunk header
_DS64_CHUNK = 8 + 28  # EBU Tech 3306 ds64: riff size, data size, sample count, table length
_CHECK_BYTES = 8 + 4


class WavError(ValueError):
    """The file is not a WAV this module can read, or it is damaged."""


def needs_rf64(frames: int, channels: int, *, checksum: bool = False) -> bool:
    """Whether a 16-bit WAV of this many frames overflows RIFF's 32-bit sizes."""
    extra = _CHECK_BYTES if checksum else 0
    return _PLAIN_HEADER - 8 + frames * channels * 2 + extra > RIFF_LIMIT


def wav_bytes(frames: int, channels: int, *, checksum: bool = False) -> int:
    """The size of the whole file (RF64 when it has to be)."""
    extra = _CHECK_BYTES if checksum else 0
    header = _PLAIN_HEADER + (_DS64_CHUNK if needs_rf64(frames, channels, checksum=checksum) else 0)
    return header + frames * channels * 2 + extra


def wav_header(
    rate: int, channels: int, frames: int, *, rf64: bool = False, extra: int = 0
) -> bytes:
    """The header of a 16-bit PCM file of `frames` frames, followed by `extra` bytes of chunks.

    Plain RIFF when it fits; RF64 (EBU Tech 3306) otherwise or when asked: 'RF64' with size
    0xFFFFFFFF, a ds64 chunk holding the real 64-bit sizes, then fmt and data (size 0xFFFFFFFF).
    """
    block_align = channels * 2
    data_bytes = frames * block_align
    fmt = b"fmt " + struct.pack(
        "<IHHIIHH", 16, 1, channels, rate, rate * block_align, block_align, 16
    )
    if not rf64:
        riff_size = 4 + len(fmt) + 8 + data_bytes + extra
        if riff_size > RIFF_LIMIT:
            raise WavError(f"{frames} frames do not fit in a RIFF WAV; write it as RF64")
        return (
            b"RIFF"
            + struct.pack("<I", riff_size)
            + b"WAVE"
            + fmt
            + b"data"
            + struct.pack("<I", data_bytes)
        )
    riff_size = 4 + _DS64_CHUNK + len(fmt) + 8 + data_bytes + extra
    ds64 = b"ds64" + struct.pack("<IQQQI", 28, riff_size, data_bytes, frames, 0)
    return (
        b"RF64"
        + struct.pack("<I", RIFF_LIMIT)
        + b"WAVE"
        + ds64
        + fmt
        + b"data"
        + struct.pack("<I", RIFF_LIMIT)
    )


class WavWriter:
    """Writes a 16-bit WAV in blocks. `frames` (the length to come, when known) or `rf64`
    decides the layout up front: RF64's header is longer, so it cannot be chosen at the end."""

    def __init__(
        self,
        handle: BinaryIO,
        rate: int,
        channels: int,
        *,
        checksum: bool = False,
        frames: int | None = None,
        rf64: bool = False,
    ) -> None:
        self.handle = handle
        self.rate = rate
        self.channels = channels
        self.checksum = checksum
        self.rf64 = rf64 or (frames is not None and needs_rf64(frames, channels, checksum=checksum))
        self.frames = 0
        self.crc = 0
        self._write_header(0)

    def _write_header(self, frames: int) -> None:
        extra = _CHECK_BYTES if self.checksum else 0
        self.handle.write(wav_header(self.rate, self.channels, frames, rf64=self.rf64, extra=extra))

    def write(self, samples: NDArray[np.int16]) -> None:
        """Append frames: shape (n,) for mono or (n, channels)."""
        data = np.ascontiguousarray(samples, dtype="<i2")
        if data.ndim == 1:
            data = data.reshape(-1, 1)
        if data.shape[1] != self.channels:
            raise ValueError(f"expected {self.channels} channels, got {data.shape[1]}")
        raw = data.tobytes()
        self.handle.write(raw)
        self.frames += data.shape[0]
        if self.checksum:
            self.crc = zlib.crc32(raw, self.crc)

    def close(self) -> None:
        if not self.rf64 and needs_rf64(self.frames, self.channels, checksum=self.checksum):
            raise WavError(
                f"{self.frames} frames do not fit in a RIFF WAV; give WavWriter the length"
            )
        if self.checksum:
            self.handle.write(CHECK_CHUNK + struct.pack("<II", 4, self.crc))
        self.handle.seek(0)
        self._write_header(self.frames)
        self.handle.seek(0, 2)


def write_wav(path: Path, samples: NDArray[np.int16], rate: int, *, checksum: bool = False) -> None:
    channels = 1 if samples.ndim == 1 else samples.shape[1]
    with path.open("wb") as handle:
        writer = WavWriter(handle, rate, channels, checksum=checksum, frames=samples.shape[0])
        writer.write(samples)
        writer.close()


def read_wav(path: Path, *, verify: bool = False) -> tuple[NDArray[np.int16], int]:
    """Samples as (frames,) for mono or (frames, channels), and the sample rate."""
    data = path.read_bytes()
    if len(data) < 12 or data[:4] not in (b"RIFF", b"RF64") or data[8:12] != b"WAVE":
        raise WavError("not a WAV file")
    chunks: dict[bytes, bytes] = {}
    data_size: int | None = None  # RF64: the data chunk's real size, from ds64
    offset = 12
    while offset + 8 <= len(data):
        name = data[offset : offset + 4]
        size = struct.unpack("<I", data[offset + 4 : offset + 8])[0]
        if name == b"data" and size == RIFF_LIMIT and data_size is not None:
            size = data_size
        body = data[offset + 8 : offset + 8 + size]
        if len(body) != size:
            raise WavError(f"chunk {name!r} is cut short")
        chunks[name] = body
        if name == b"ds64" and data[:4] == b"RF64" and size >= 28:
            data_size = struct.unpack("<Q", body[8:16])[0]
        offset += 8 + size + (size & 1)
    if b"fmt " not in chunks or b"data" not in chunks:
        raise WavError("missing fmt or data chunk")
    fmt, channels, rate, _, _, bits = struct.unpack("<HHIIHH", chunks[b"fmt "][:16])
    if fmt != 1 or bits != 16 or channels < 1:
        raise WavError("only 16-bit PCM WAV is supported here")
    raw = chunks[b"data"]
    if len(raw) % (2 * channels):
        raise WavError("data chunk is not a whole number of frames")
    if verify:
        if CHECK_CHUNK not in chunks or len(chunks[CHECK_CHUNK]) != 4:
            raise WavError("no checksum")
        if struct.unpack("<I", chunks[CHECK_CHUNK])[0] != zlib.crc32(raw):
            raise WavError("checksum does not match")
    samples = np.frombuffer(raw, dtype="<i2").astype(np.int16)
    if channels > 1:
        samples = samples.reshape(-1, channels)
    return samples, rate

"""16-bit PCM WAV files, written in a stream and read back with an integrity check.

`WavWriter` writes the header with placeholder sizes and fixes them on close, so a session of
any length is written in blocks. It can add a `bsck` chunk holding the CRC-32 of the audio
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


class WavError(ValueError):
    """The file is not a WAV this module can read, or it is damaged."""


class WavWriter:
    def __init__(
        self, handle: BinaryIO, rate: int, channels: int, *, checksum: bool = False
    ) -> None:
        self.handle = handle
        self.rate = rate
        self.channels = channels
        self.checksum = checksum
        self.frames = 0
        self.crc = 0
        self._write_header(0)

    def _write_header(self, data_bytes: int) -> None:
        block_align = self.channels * 2
        extra = 8 + 4 if self.checksum else 0
        self.handle.write(b"RIFF" + struct.pack("<I", 36 + data_bytes + extra) + b"WAVE")
        self.handle.write(
            b"fmt "
            + struct.pack(
                "<IHHIIHH",
                16,
                1,
                self.channels,
                self.rate,
                self.rate * block_align,
                block_align,
                16,
            )
        )
        self.handle.write(b"data" + struct.pack("<I", data_bytes))

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
        data_bytes = self.frames * self.channels * 2
        if self.checksum:
            self.handle.write(CHECK_CHUNK + struct.pack("<II", 4, self.crc))
        self.handle.seek(0)
        self._write_header(data_bytes)
        self.handle.seek(0, 2)


def write_wav(path: Path, samples: NDArray[np.int16], rate: int, *, checksum: bool = False) -> None:
    channels = 1 if samples.ndim == 1 else samples.shape[1]
    with path.open("wb") as handle:
        writer = WavWriter(handle, rate, channels, checksum=checksum)
        writer.write(samples)
        writer.close()


def read_wav(path: Path, *, verify: bool = False) -> tuple[NDArray[np.int16], int]:
    """Samples as (frames,) for mono or (frames, channels), and the sample rate."""
    data = path.read_bytes()
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise WavError("not a WAV file")
    chunks: dict[bytes, bytes] = {}
    offset = 12
    while offset + 8 <= len(data):
        name = data[offset : offset + 4]
        size = struct.unpack("<I", data[offset + 4 : offset + 8])[0]
        body = data[offset + 8 : offset + 8 + size]
        if len(body) != size:
            raise WavError(f"chunk {name!r} is cut short")
        chunks[name] = body
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

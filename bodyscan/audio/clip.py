"""A mono clip of audio held in memory: narration sentences, recordings, synthesised sounds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FULL_SCALE = 32767


@dataclass(frozen=True, eq=False)
class Clip:
    samples: NDArray[np.int16]  # mono
    rate: int

    @property
    def frames(self) -> int:
        return int(self.samples.shape[0])

    @property
    def seconds(self) -> float:
        return self.frames / self.rate

    def as_float(self) -> NDArray[np.float32]:
        return (self.samples.astype(np.float32) / np.float32(FULL_SCALE)).astype(np.float32)


def from_float(samples: NDArray[np.floating], rate: int) -> Clip:
    clipped = np.clip(np.asarray(samples, dtype=np.float64) * FULL_SCALE, -FULL_SCALE, FULL_SCALE)
    return Clip(np.round(clipped).astype(np.int16), rate)


def silence(seconds: float, rate: int) -> Clip:
    return Clip(np.zeros(round(seconds * rate), dtype=np.int16), rate)


def rms_dbfs(samples: NDArray[np.int16]) -> float:
    """Loudness as RMS level in dB relative to full scale (-inf for digital silence)."""
    if samples.size == 0:
        return float("-inf")
    rms = float(np.sqrt(np.mean(np.square(samples.astype(np.float64)))))
    return 20 * np.log10(rms / FULL_SCALE) if rms > 0 else float("-inf")


def peak_dbfs(samples: NDArray[np.int16]) -> float:
    if samples.size == 0:
        return float("-inf")
    peak = float(np.max(np.abs(samples.astype(np.int32))))
    return 20 * np.log10(peak / FULL_SCALE) if peak > 0 else float("-inf")

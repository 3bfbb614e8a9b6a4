"""Sample-rate conversion for whole clips (narration at 22.05 kHz into a 48 kHz session).

Done once per clip in the frequency domain: exact length (round(n * dst / src)), no aliasing,
and clips are faded at both ends, so the transform's wrap-around has nothing to smear.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def resampled_length(frames: int, source_rate: int, target_rate: int) -> int:
    return round(frames * target_rate / source_rate)


def resample(
    samples: NDArray[np.float32], source_rate: int, target_rate: int
) -> NDArray[np.float32]:
    if source_rate == target_rate or samples.size == 0:
        return samples.astype(np.float32, copy=False)
    frames = samples.shape[0]
    target = resampled_length(frames, source_rate, target_rate)
    spectrum = np.fft.rfft(samples.astype(np.float64))
    bins = target // 2 + 1
    reshaped = np.zeros(bins, dtype=np.complex128)
    keep = min(bins, spectrum.size)
    reshaped[:keep] = spectrum[:keep]
    out: NDArray[np.float32] = (np.fft.irfft(reshaped, target) * (target / frames)).astype(
        np.float32
    )
    return out

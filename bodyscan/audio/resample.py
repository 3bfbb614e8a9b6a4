"""Sample-rate conversion for whole clips (narration at 22.05 kHz into a 48 kHz session).

libsoxr (through the `soxr` package) at its high quality setting: a linear-phase polyphase
filter, flat to 20 kHz and far below 16-bit noise outside it. The FFT of a whole clip that this
replaced was exact too, but clip lengths are rarely FFT-friendly: it took 5.4 s of a 45-minute
export (42 clips), soxr takes about a tenth of that. The length is always
round(n * target / source), so the length planned is the length played.
"""

from __future__ import annotations

import numpy as np
import soxr
from numpy.typing import NDArray


def resampled_length(frames: int, source_rate: int, target_rate: int) -> int:
    return round(frames * target_rate / source_rate)


def resample(
    samples: NDArray[np.float32], source_rate: int, target_rate: int
) -> NDArray[np.float32]:
    if source_rate == target_rate or samples.size == 0:
        return samples.astype(np.float32, copy=False)
    target = resampled_length(samples.shape[0], source_rate, target_rate)
    converted = soxr.resample(
        np.ascontiguousarray(samples, dtype=np.float32), source_rate, target_rate, quality="HQ"
    )
    out: NDArray[np.float32] = np.zeros(target, dtype=np.float32)
    kept = min(target, converted.shape[0])
    out[:kept] = converted[:kept]  # soxr gives this length already; never trust it blindly
    return out

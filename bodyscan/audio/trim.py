"""Trimming the silence before and after a voice recording, keeping a short breath of room."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

WINDOW_SECONDS = 0.01
KEEP_SECONDS = 0.15  # room left before the first and after the last sound
FLOOR = 10 ** (-45 / 20)  # -45 dBFS: quieter than this is silence, however quiet the voice
SHARE_OF_LOUDEST = 0.05  # ... and so is anything under 5 % of the loudest moment (room noise)


def sound_span(samples: NDArray[np.int16], rate: int) -> tuple[int, int]:
    """The first and one past the last frame of sound, with KEEP_SECONDS of room each side;
    (0, 0) when it is silence throughout."""
    if samples.size == 0:
        return 0, 0
    mono = samples.astype(np.float64) / 32768.0
    if mono.ndim > 1:
        mono = mono.mean(axis=1)
    window = max(1, int(rate * WINDOW_SECONDS))
    count = mono.size // window
    if count == 0:
        return 0, 0
    blocks = mono[: count * window].reshape(count, window)
    loudness = np.sqrt((blocks**2).mean(axis=1))
    threshold = max(FLOOR, SHARE_OF_LOUDEST * float(loudness.max()))
    loud = np.nonzero(loudness > threshold)[0]
    if loud.size == 0:
        return 0, 0
    keep = int(rate * KEEP_SECONDS)
    start = max(0, int(loud[0]) * window - keep)
    end = min(mono.size, (int(loud[-1]) + 1) * window + keep)
    return start, end


def trim_silence(samples: NDArray[np.int16], rate: int) -> NDArray[np.int16]:
    start, end = sound_span(samples, rate)
    return samples[start:end]

"""One loudness for every clip, speech or recording, and fades so nothing clicks (pydub)."""

from __future__ import annotations

import math

import numpy as np

from bodyscan.audio.clip import Clip
from bodyscan.audio.decode import from_segment, to_segment

TARGET_DBFS = -23.0  # RMS level of every narration clip (leaves room for speech peaks)
PEAK_CEILING_DBFS = -1.0  # never closer to full scale than this
FADE_MS = 8
SILENT_DBFS = -60.0  # quieter than this is treated as no sound at all


def normalise(clip: Clip) -> Clip:
    """The clip at the common RMS level, peak-limited, with short fades at both ends."""
    segment = to_segment(clip)
    if segment.dBFS == -math.inf:
        return clip
    gain = min(TARGET_DBFS - segment.dBFS, PEAK_CEILING_DBFS - segment.max_dBFS)
    fade = min(FADE_MS, len(segment) // 2)
    return from_segment(segment.apply_gain(gain).fade_in(fade).fade_out(fade))


def is_silent(clip: Clip) -> bool:
    return bool(to_segment(clip).dBFS < SILENT_DBFS)


def trim(samples: np.ndarray, rate: int, threshold: int = 100, margin_ms: int = 10) -> np.ndarray:
    """Cut near-silence from both ends (keeping a short margin): gaps are what the script says."""
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > threshold)
    if loud.size == 0:
        return samples[:0]
    margin = rate * margin_ms // 1000
    return samples[max(0, loud[0] - margin) : min(samples.size, loud[-1] + margin + 1)]

"""Turn a `say` text into one speech clip: sentence by sentence with the script's gap."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from bodyscan.audio.clip import Clip
from bodyscan.narration.engine import CALM_LENGTH_SCALE, SpeechEngine
from bodyscan.narration.level import normalise, trim


def length_scale(speed: float) -> float:
    return CALM_LENGTH_SCALE / speed


def render_speech(engine: SpeechEngine, text: str, speed: float, gap: Fraction) -> Clip:
    rate = engine.sample_rate
    pause = np.zeros(round(gap * rate), dtype=np.int16)
    parts: list[np.ndarray] = []
    for sentence in engine.sentences(text, length_scale(speed)):
        spoken = trim(sentence, rate)
        if spoken.size == 0:
            continue
        if parts:
            parts.append(pause)
        parts.append(_fade(spoken, rate))
    samples = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16)
    return normalise(Clip(samples, rate))


def _fade(samples: np.ndarray, rate: int, ms: int = 5) -> np.ndarray:
    """Fade each sentence's edges, so a cut at its first or last sample never clicks."""
    n = min(samples.size // 2, rate * ms // 1000)
    if n == 0:
        return samples
    ramp = np.linspace(0.0, 1.0, n)
    out = samples.astype(np.float64)
    out[:n] *= ramp
    out[-n:] *= ramp[::-1]
    return np.round(out).astype(np.int16)

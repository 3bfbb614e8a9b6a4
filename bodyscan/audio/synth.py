"""Sounds made in code: bells and breath tones. Deterministic, so tests can find them.

Bells are sums of inharmonic partials with exponential decays, which is roughly how struck
metal rings: a singing bowl has a low fundamental and long decay, a chime is brighter and short.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from bodyscan.audio.clip import Clip, from_float

Partial = tuple[float, float, float]  # frequency ratio, amplitude, decay time constant (s)

BOWL: tuple[Partial, ...] = (
    (1.0, 1.0, 2.6),
    (2.71, 0.45, 1.6),
    (5.12, 0.18, 0.9),
    (8.3, 0.06, 0.5),
)
CHIME: tuple[Partial, ...] = (
    (1.0, 1.0, 0.9),
    (2.76, 0.5, 0.45),
    (5.4, 0.25, 0.22),
    (8.93, 0.1, 0.12),
)


def _ring(
    fundamental: float, partials: tuple[Partial, ...], seconds: float, rate: int, peak: float
) -> NDArray[np.float64]:
    t = np.arange(round(seconds * rate)) / rate
    wave = np.zeros_like(t)
    for ratio, amplitude, decay in partials:
        # A slight beating between two close partials gives the bowl its shimmer.
        wave += amplitude * np.exp(-t / decay) * np.sin(2 * np.pi * fundamental * ratio * t)
        wave += (
            0.3
            * amplitude
            * np.exp(-t / decay)
            * np.sin(2 * np.pi * (fundamental * ratio + 1.3) * t)
        )
    attack = np.minimum(1.0, t / 0.004)  # 4 ms: a soft strike, no click
    release = np.minimum(1.0, (seconds - t) / 0.05)
    wave *= attack * release
    scaled: NDArray[np.float64] = wave * (peak / np.max(np.abs(wave)))
    return scaled


def singing_bowl(rate: int, seconds: float = 4.0) -> Clip:
    return from_float(_ring(220.0, BOWL, seconds, rate, peak=0.5), rate)


def light_chime(rate: int, seconds: float = 2.0) -> Clip:
    return from_float(_ring(880.0, CHIME, seconds, rate, peak=0.35), rate)


def tone(rate: int, seconds: float, start_hz: float, end_hz: float, level: float) -> Clip:
    """A soft sine glide with raised-cosine edges: breath-phase cues."""
    n = round(seconds * rate)
    frequency = np.linspace(start_hz, end_hz, n)
    phase = 2 * np.pi * np.cumsum(frequency) / rate
    edge = min(n // 2, round(0.08 * rate))
    envelope = np.ones(n)
    ramp = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, edge))
    envelope[:edge] = ramp
    envelope[n - edge :] = ramp[::-1]
    return from_float(level * envelope * np.sin(phase), rate)

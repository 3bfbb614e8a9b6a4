"""Ambient beds: pink and brown noise made in code, and looped files, readable at any position.

Noise is built from frames of spectrally shaped noise, each drawn from its own seeded random
stream (so nothing ever repeats and any minute can be rendered directly), windowed with a sine
window and overlap-added at 50 %. Because sin² + cos² = 1, the power of the uncorrelated frames
stays constant across every seam: no loop point, no level dip, no pattern.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from bodyscan.audio.resample import resample

HOP = 1 << 15  # frames between noise frames (0.68 s at 48 kHz); each frame spans two hops
HIGH_PASS_HZ = 25.0  # below this, noise is rumble (and brown noise would drift)
LOOP_CROSSFADE_SECONDS = 2.0


class AmbientBed(Protocol):
    channels: int

    def render(self, start: int, frames: int) -> NDArray[np.float32]:
        """Shape (frames, channels), RMS about 1 before the bed's level is applied."""
        ...


class NoiseBed:
    channels = 2

    def __init__(self, colour: str, rate: int, seed: int = 7) -> None:
        if colour not in ("pink", "brown"):
            raise ValueError(colour)
        self.rate = rate
        self.seed = seed
        self.colour_index = 0 if colour == "pink" else 1
        frequencies = np.fft.rfftfreq(2 * HOP, 1 / rate)
        safe = np.maximum(frequencies, 1.0)
        shape = 1 / np.sqrt(safe) if colour == "pink" else 1 / safe
        shape *= 0.5 - 0.5 * np.cos(
            np.pi * np.clip(frequencies / HIGH_PASS_HZ, 0, 1)
        )  # soft high-pass
        shape[0] = 0
        # Bins are drawn as complex Gaussians with E|bin|^2 = 2; irfft of such a spectrum has
        # variance 4 * sum(shape^2) / N^2, so this scale gives the overlap-added bed RMS 1.
        size = 2 * HOP
        self.shape = (shape * size / (2 * np.sqrt(np.sum(shape**2)))).astype(np.float32)
        self.window = np.sin(np.pi * (np.arange(2 * HOP) + 0.5) / (2 * HOP)).astype(np.float32)
        # Single precision throughout: plenty for a background bed, and twice as fast.
        self._frames: OrderedDict[tuple[int, int], NDArray[np.float32]] = OrderedDict()

    def _frame(self, index: int, channel: int) -> NDArray[np.float32]:
        key = (index, channel)
        cached = self._frames.get(key)
        if cached is not None:
            self._frames.move_to_end(key)
            return cached
        rng = np.random.default_rng([self.seed, self.colour_index, channel, index + (1 << 20)])
        # White noise has a complex Gaussian spectrum: draw it directly (one FFT per frame).
        bins = self.shape.size
        spectrum = np.empty(bins, dtype=np.complex64)
        spectrum.real = rng.standard_normal(bins, dtype=np.float32)
        spectrum.imag = rng.standard_normal(bins, dtype=np.float32)
        spectrum *= self.shape
        frame: NDArray[np.float32] = (np.fft.irfft(spectrum, 2 * HOP) * self.window).astype(
            np.float32, copy=False
        )
        self._frames[key] = frame
        if len(self._frames) > 8:
            self._frames.popitem(last=False)
        return frame

    def render(self, start: int, frames: int) -> NDArray[np.float32]:
        out = np.zeros((frames, self.channels), dtype=np.float32)
        end = start + frames
        # Frame k spans [(k - 1) * HOP, (k + 1) * HOP).
        for index in range(start // HOP, (end - 1) // HOP + 2):
            frame_start = (index - 1) * HOP
            lo, hi = max(start, frame_start), min(end, frame_start + 2 * HOP)
            if lo >= hi:
                continue
            for channel in range(self.channels):
                out[lo - start : hi - start, channel] += self._frame(index, channel)[
                    lo - frame_start : hi - frame_start
                ]
        return out


class LoopBed:
    """A sound file played in a loop, its end cross-faded into its start so there is no seam."""

    channels = 2

    def __init__(self, samples: NDArray[np.float32], source_rate: int, rate: int) -> None:
        audio = resample(samples, source_rate, rate).astype(np.float64)
        fade = min(int(LOOP_CROSSFADE_SECONDS * rate), audio.size // 3)
        if fade > 0:
            t = np.linspace(0, np.pi / 2, fade)
            head = audio[:fade] * np.sin(t) + audio[-fade:] * np.cos(t)  # equal-power crossfade
            audio = np.concatenate([head, audio[fade:-fade]])
        rms = float(np.sqrt(np.mean(audio**2))) if audio.size else 0.0
        self.loop = (audio / rms if rms > 0 else audio).astype(np.float32)

    def render(self, start: int, frames: int) -> NDArray[np.float32]:
        if self.loop.size == 0:
            return np.zeros((frames, 2), dtype=np.float32)
        positions = (np.arange(start, start + frames)) % self.loop.size
        mono = self.loop[positions]
        return np.stack([mono, mono], axis=1)

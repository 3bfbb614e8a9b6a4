"""Ambient beds: pink and brown noise made in code, and looped files, readable at any position.

Noise is read from three long tables of spectrally shaped noise (exact pink or brown magnitude,
random phase, made once per bed). The bed is cut into segments of HOP frames; each segment sums
the three tables at its own offsets and signs, drawn from a hash of (seed, colour, channel,
segment), and neighbouring segments cross-fade over CROSSFADE frames with sine and cosine
ramps. Because sin² + cos² = 1 and the segments are uncorrelated, the power stays constant
across every seam: no loop point, no level dip. Any frame is a pure function of its position,
so any range can be rendered directly and equals the same range of a longer render.

Why tables, not fresh noise per frame: shaping fresh Gaussian noise with one FFT per frame cost
about 35 ns per sample and channel here (two normal draws and an inverse FFT), two thirds of an
export. Reading three tables costs one add per table and sample. The tables are reused, but
never as a whole: the sum at a given moment would recur only if all three offsets lined up at
the same lag again, which the 60 random bits per segment make vanishingly unlikely over years
of playing (tests/audio/test_noise.py checks hours of segments and the rendered sound).
"""

from __future__ import annotations

import functools
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from bodyscan.audio.resample import resample

HOP = 1 << 15  # frames between segment seams (0.68 s at 48 kHz)
CROSSFADE = 1 << 12  # frames over which one segment hands over to the next, centred on the seam
TABLE_BITS = 20
TABLE_FRAMES = 1 << TABLE_BITS  # 21.8 s at 48 kHz, per table
TABLES = 3
HIGH_PASS_HZ = 25.0  # below this, noise is rumble (and brown noise would drift)
LOOP_CROSSFADE_SECONDS = 2.0

_MASK64 = (1 << 64) - 1


class AmbientBed(Protocol):
    channels: int

    def render(self, start: int, frames: int) -> NDArray[np.float32]:
        """Shape (frames, channels), RMS about 1 before the bed's level is applied. A new array
        each call: the caller may scale it in place."""
        ...


def _mix64(value: int) -> int:
    """SplitMix64's finaliser: a well-spread 64-bit hash, the same on every platform."""
    value = (value + 0x9E3779B97F4A7C15) & _MASK64
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK64
    return value ^ (value >> 31)


def noise_shape(colour: str, frequencies: NDArray[np.floating]) -> NDArray[np.float64]:
    """Amplitude per frequency: pink 1/sqrt(f), brown 1/f, softly high-passed below 25 Hz."""
    safe = np.maximum(frequencies, 1.0, dtype=np.float64)
    shape: NDArray[np.float64] = 1 / np.sqrt(safe) if colour == "pink" else 1 / safe
    low = frequencies < HIGH_PASS_HZ
    shape[low] *= 0.5 - 0.5 * np.cos(np.pi * frequencies[low] / HIGH_PASS_HZ)
    shape[0] = 0
    return shape


@functools.lru_cache(maxsize=2)
def shaped_tables(colour: str, rate: int, seed: int) -> NDArray[np.float32]:
    """The three periodic tables of a bed, each followed by a copy of its start (so a read may
    run past the end). About 0.1 s to make, 12.6 MB; kept for the next session (read-only)."""
    shape = noise_shape(colour, np.fft.rfftfreq(TABLE_FRAMES, 1 / rate))
    # Scaled so that each table carries a third of the power (the sum of three has RMS 1):
    # a spectrum of magnitudes m gives irfft values of mean square 2 * sum(m^2) / N^2.
    shape *= TABLE_FRAMES / np.sqrt(2 * TABLES * np.sum(shape**2))
    magnitude = shape.astype(np.float32)
    rng = np.random.default_rng([seed, 0 if colour == "pink" else 1])
    reach = HOP + CROSSFADE
    tables = np.empty((TABLES, TABLE_FRAMES + reach), dtype=np.float32)
    spectrum = np.empty(magnitude.size, dtype=np.complex64)
    for table in tables:
        # Exact magnitudes, random phases: the table's spectrum is the shape itself.
        phase = rng.random(magnitude.size, dtype=np.float32) * np.float32(2 * np.pi)
        spectrum.real = np.cos(phase) * magnitude
        spectrum.imag = np.sin(phase) * magnitude
        table[:TABLE_FRAMES] = np.fft.irfft(spectrum, TABLE_FRAMES)
        table[TABLE_FRAMES:] = table[:reach]
    tables.flags.writeable = False
    return tables


class NoiseBed:
    channels = 2

    def __init__(self, colour: str, rate: int, seed: int = 7) -> None:
        if colour not in ("pink", "brown"):
            raise ValueError(colour)
        self.rate = rate
        self.seed = seed
        self.colour_index = 0 if colour == "pink" else 1
        self.tables = shaped_tables(colour, rate, seed)
        ramp = np.pi / 2 * (np.arange(CROSSFADE) + 0.5) / CROSSFADE
        self.fade_in = np.sin(ramp).astype(np.float32)
        self.fade_out = np.cos(ramp).astype(np.float32)
        # Hash of everything but the segment index, folded in once.
        self._key = _mix64(_mix64(_mix64(seed) ^ self.colour_index) ^ 0x5EED)

    def segment(self, index: int, channel: int) -> tuple[tuple[int, int, int], int]:
        """Table offsets and signs (bit 0: second table negated, bit 1: third) of a segment."""
        bits = _mix64(_mix64(self._key ^ channel) ^ (index & _MASK64))
        mask = TABLE_FRAMES - 1
        offsets = (bits & mask, (bits >> TABLE_BITS) & mask, (bits >> 2 * TABLE_BITS) & mask)
        return offsets, (bits >> 3 * TABLE_BITS) & 3

    def _write_segment(
        self, dest: NDArray[np.float32], index: int, channel: int, offset: int
    ) -> None:
        """Write segment `index` into dest, from `offset` frames after its span's first frame.

        The span of segment k is [k * HOP - CROSSFADE / 2, (k + 1) * HOP + CROSSFADE / 2).
        """
        table_offsets, signs = self.segment(index, channel)
        first, second, third = (
            table[at + offset : at + offset + dest.size]
            for table, at in zip(self.tables, table_offsets, strict=True)
        )
        (np.subtract if signs & 1 else np.add)(first, second, out=dest)
        (np.subtract if signs & 2 else np.add)(dest, third, out=dest)

    def render(self, start: int, frames: int) -> NDArray[np.float32]:
        # Channel-major, so every step writes contiguous memory; returned as (frames, channels).
        out = np.empty((self.channels, frames), dtype=np.float32)
        half = CROSSFADE // 2
        end = start + frames
        scratch = np.empty(CROSSFADE, dtype=np.float32)
        for channel in range(self.channels):
            row = out[channel]
            # Segment k alone covers [k * HOP + half, (k + 1) * HOP - half); around each seam
            # k * HOP, segment k - 1 fades out while k fades in. Each frame is written once, by
            # the segment whose seam or solo stretch it is in.
            for index in range((start + half) // HOP, (end - 1 + half) // HOP + 1):
                span_start = index * HOP - half
                fade_lo, fade_hi = max(start, span_start), min(end, span_start + CROSSFADE)
                if fade_hi > fade_lo:
                    a, b = fade_lo - span_start, fade_hi - span_start
                    dest = row[fade_lo - start : fade_hi - start]
                    self._write_segment(dest, index, channel, a)
                    dest *= self.fade_in[a:b]
                    before = scratch[: b - a]
                    self._write_segment(before, index - 1, channel, a + HOP)
                    before *= self.fade_out[a:b]
                    dest += before
                solo_lo = max(start, span_start + CROSSFADE)
                solo_hi = min(end, span_start + HOP)
                if solo_hi > solo_lo:
                    dest = row[solo_lo - start : solo_hi - start]
                    self._write_segment(dest, index, channel, solo_lo - span_start)
        return out.T


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

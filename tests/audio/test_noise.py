"""The noise beds: the right colour, any range on demand, the same for the same seed, no repeat."""

from __future__ import annotations

import numpy as np
import pytest

from bodyscan.audio.noise import CROSSFADE, HOP, TABLE_FRAMES, NoiseBed, shaped_tables
from tests.conftest import RATE

# Octave bands whose mean power density is compared: 100 Hz to 6.4 kHz, six octaves.
OCTAVE_EDGES = [100 * 2**k for k in range(7)]


def octave_levels(signal: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
    """Mean power density (dB) per octave band, averaged over Hann-windowed frames (Welch)."""
    size = 1 << 14
    frames = signal[: signal.size // size * size].reshape(-1, size).astype(np.float64)
    spectra = np.abs(np.fft.rfft(frames * np.hanning(size), axis=1)) ** 2
    density = spectra.mean(axis=0)
    freqs = np.fft.rfftfreq(size, 1 / RATE)
    return np.array(
        [
            10 * np.log10(density[(freqs >= low) & (freqs < 2 * low)].mean())
            for low in OCTAVE_EDGES[:-1]
        ]
    )


@pytest.mark.parametrize(("colour", "slope"), [("pink", -3.01), ("brown", -6.02)])
def test_spectrum_falls_by_three_or_six_db_per_octave(colour: str, slope: float) -> None:
    bed = NoiseBed(colour, RATE)
    audio = bed.render(11 * RATE, 60 * RATE)
    for channel in range(2):
        levels = octave_levels(audio[:, channel])
        octaves = np.arange(levels.size)
        fitted, offset = np.polyfit(octaves, levels, 1)
        # A power law is a straight line here: 1/f (pink) falls 3.01 dB per octave, 1/f^2
        # (brown) 6.02 dB; no octave strays from the line (no bump, no hole).
        assert fitted == pytest.approx(slope, abs=0.25), (colour, levels)
        assert np.max(np.abs(levels - (fitted * octaves + offset))) < 0.5, (colour, levels)


@pytest.mark.parametrize("colour", ["pink", "brown"])
def test_any_range_equals_the_same_range_of_one_long_render(colour: str) -> None:
    bed = NoiseBed(colour, RATE)
    start = 3 * 3600 * RATE + 12_345  # hours in: where a long session may seek to
    whole = bed.render(start, 20 * HOP)
    rng = np.random.default_rng(5)
    pieces, position = [], 0
    while position < whole.shape[0]:
        size = min(int(rng.integers(1, 3 * HOP)), whole.shape[0] - position)
        pieces.append(bed.render(start + position, size))
        position += size
    assert np.array_equal(np.concatenate(pieces), whole)
    # Single frames and ranges starting and ending inside a cross-fade.
    seam = start - start % HOP + 3 * HOP
    for at, size in [(seam, 1), (seam - 1, 2), (seam - CROSSFADE // 2, CROSSFADE), (seam + 7, HOP)]:
        assert np.array_equal(bed.render(at, size), whole[at - start : at - start + size])


def test_the_same_seed_gives_the_same_bed_everywhere() -> None:
    first = NoiseBed("pink", RATE)
    shaped_tables.cache_clear()  # made again from the seed, not shared from the cache
    again = NoiseBed("pink", RATE)
    assert again.tables is not first.tables
    for at in (0, 5 * RATE, 7 * 3600 * RATE):
        assert np.array_equal(first.render(at, RATE), again.render(at, RATE))
    others = [NoiseBed("pink", RATE, seed=8), NoiseBed("brown", RATE)]
    reference = first.render(5 * RATE, RATE)[:, 0]
    for other in others:
        assert abs(np.corrcoef(reference, other.render(5 * RATE, RATE)[:, 0])[0, 1]) < 0.2


def test_segments_never_line_up_their_three_layers_in_hours() -> None:
    # A stretch of the bed could only recur if two segments read all three tables at the same
    # lag from each other: the same differences between their offsets. Over six hours, on
    # both channels, no two segments share them.
    bed = NoiseBed("pink", RATE)
    segments = 6 * 3600 * RATE // HOP
    lags = set()
    for channel in range(2):
        for index in range(segments):
            (first, second, third), _signs = bed.segment(index, channel)
            lags.add(((second - first) % TABLE_FRAMES, (third - first) % TABLE_FRAMES))
    assert len(lags) == 2 * segments


def normalised_cross_correlation(reference: np.ndarray, signal: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
    """Correlation coefficient of `reference` with every window of `signal` of its length."""
    size = reference.size
    length = 1 << int(np.ceil(np.log2(signal.size + size)))
    centred = reference - reference.mean()
    products = np.fft.irfft(
        np.fft.rfft(signal, length) * np.conj(np.fft.rfft(centred, length)), length
    )[: signal.size - size + 1]
    energy = np.concatenate([[0.0], np.cumsum(signal.astype(np.float64) ** 2)])
    window_energy = energy[size:] - energy[:-size]
    return products / np.sqrt(window_energy * np.sum(centred**2))


def test_no_stretch_recurs_at_any_lag_in_ten_minutes() -> None:
    # A quarter of a second of the bed against every window of ten minutes, at every lag. In
    # ten minutes every part of every table is read about 30 times, but one layer of three at
    # a time: nothing may resemble the reference more than one layer's third of the power
    # (plus chance). A loop would reach 1, two layers reused together 2/3 (and a bed of two
    # layers 1/2). Pink only: brown noise is so slow that a short stretch holds too few cycles
    # to tell a shared layer from chance.
    bed = NoiseBed("pink", RATE)
    own, size = 100 * RATE, RATE // 4
    reference = bed.render(own, size)[:, 0].astype(np.float64)
    strongest = 0.0
    chunk = 1 << 21
    for start in range(0, 10 * 60 * RATE, chunk):
        signal = bed.render(start, chunk + size)[:, 0].astype(np.float64)
        correlation = np.abs(normalised_cross_correlation(reference, signal))
        if start <= own < start + correlation.size:
            assert correlation[own - start] == pytest.approx(1.0, abs=1e-4)  # finds itself
            correlation[max(0, own - start - size) : own - start + size] = 0
        strongest = max(strongest, float(correlation.max()))
    assert strongest < 0.5

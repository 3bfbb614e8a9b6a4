"""Resampling: exact planned lengths, the tone kept, nothing folded back, aligned in time."""

from __future__ import annotations

import numpy as np
import pytest

from bodyscan.audio.resample import resample, resampled_length


@pytest.mark.parametrize(("source", "target"), [(22050, 48000), (44100, 48000), (48000, 22050)])
def test_length_is_always_the_planned_length(source: int, target: int) -> None:
    rng = np.random.default_rng(2)
    for frames in [1, 2, 3, 17, 1000, 22_051, 123_457]:
        samples = rng.standard_normal(frames).astype(np.float32) * 0.1
        out = resample(samples, source, target)
        assert out.dtype == np.float32
        assert out.shape == (resampled_length(frames, source, target),)


def test_a_tone_keeps_its_pitch_level_and_place_and_nothing_aliases() -> None:
    source, target = 22050, 48000
    t = np.arange(source * 2) / source
    envelope = np.minimum(1, np.minimum(t, 2 - t) / 0.05)
    tone = (0.5 * envelope * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    out = resample(tone, source, target).astype(np.float64)
    expected = (
        0.5
        * np.interp(np.arange(out.size) / target, t, envelope)
        * np.sin(2 * np.pi * 1000 * np.arange(out.size) / target)
    )
    assert np.max(np.abs(out - expected)) < 2e-3  # same pitch, level and timing (no delay)
    # Content above the source's Nyquist frequency would be images folded in: none.
    spectrum = np.abs(np.fft.rfft(out * np.hanning(out.size)))
    freqs = np.fft.rfftfreq(out.size, 1 / target)
    assert spectrum[freqs > 11_500].max() < 1e-4 * spectrum.max()


def test_same_rate_and_empty_clips_pass_through() -> None:
    samples = np.linspace(-1, 1, 100, dtype=np.float32)
    assert np.array_equal(resample(samples, 48000, 48000), samples)
    assert resample(np.zeros(0, np.float32), 22050, 48000).shape == (0,)

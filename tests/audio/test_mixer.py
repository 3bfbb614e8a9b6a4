"""Mixer and sounds: any block split gives the same audio; beds have no seam and no repeat."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from bodyscan.audio.mixer import Mixer
from bodyscan.audio.noise import HOP, LoopBed, NoiseBed
from bodyscan.audio.synth import light_chime, singing_bowl
from tests.conftest import RATE, mixer_for


def build_mixer(script_path: Path, ambient: str | None = "pink-noise", **options: object) -> Mixer:
    return mixer_for(script_path, ambient, **options)


def test_any_block_split_renders_the_same_audio(recorded_exercise: Path) -> None:
    mixer = build_mixer(recorded_exercise, target_seconds=Fraction(40))
    whole = mixer.render(0, mixer.timeline.frames)
    rng = np.random.default_rng(3)
    pieces, position = [], 0
    while position < mixer.timeline.frames:
        size = int(rng.integers(1, 9000))
        pieces.append(mixer.render(position, position + size))
        position += size
    assert np.array_equal(np.concatenate(pieces), whole)
    # Seeking: a range rendered on its own equals the same range of the whole.
    assert np.array_equal(mixer.render(1_234_567, 1_300_000), whole[1_234_567:1_300_000])


@pytest.mark.parametrize("colour", ["pink", "brown"])
def test_noise_has_no_seam_and_no_repeat_in_thirty_minutes(colour: str) -> None:
    bed = NoiseBed(colour, RATE)
    # Mean power around 400 frame seams against 400 points between them: a windowed overlap
    # that dipped or bulged would show here (brown noise needs many windows: it is mostly bass).
    window = RATE // 20
    at_seams, between = [], []
    for hop in range(1, 400):
        seam = hop * HOP
        at_seams.append(np.mean(bed.render(seam - window, 2 * window) ** 2))
        between.append(np.mean(bed.render(seam + HOP // 2 - window, 2 * window) ** 2))
    assert np.mean(at_seams) / np.mean(between) == pytest.approx(1.0, abs=0.05)
    # One second compared with 40 others spread over 30 minutes: no copy anywhere.
    reference = bed.render(5 * RATE, RATE)[:, 0]
    for minute in np.linspace(0.5, 30, 40):
        other = bed.render(int(minute * 60 * RATE), RATE)[:, 0]
        correlation = np.corrcoef(reference, other)[0, 1]
        assert abs(correlation) < 0.2
    # Left and right differ (a wide bed, not a mono copy).
    stereo = bed.render(RATE, RATE)
    assert abs(np.corrcoef(stereo[:, 0], stereo[:, 1])[0, 1]) < 0.2


def test_looped_file_has_no_seam() -> None:
    rng = np.random.default_rng(1)
    source = rng.standard_normal(RATE * 5).astype(np.float32) * 0.2
    bed = LoopBed(source, RATE, RATE)
    length = bed.loop.size
    around = bed.render(length - RATE // 2, RATE)[:, 0]
    jumps = np.abs(np.diff(around))
    assert jumps[RATE // 2 - 2 : RATE // 2 + 2].max() < 6 * np.median(jumps)
    assert np.array_equal(bed.render(3, 100), bed.render(length + 3, 100))  # it loops


def spectral_centroid(samples: np.ndarray) -> float:  # type: ignore[type-arg]
    spectrum = np.abs(np.fft.rfft(samples))
    freqs = np.fft.rfftfreq(samples.size, 1 / RATE)
    return float(np.sum(spectrum * freqs) / np.sum(spectrum))


def test_two_distinct_bells() -> None:
    bowl, chime = singing_bowl(RATE), light_chime(RATE)
    assert bowl.seconds == 4 and chime.seconds == 2
    assert spectral_centroid(chime.as_float()) > 2 * spectral_centroid(bowl.as_float())
    for bell in (bowl, chime):
        assert abs(int(bell.samples[0])) < 200 and bell.samples[-1] == 0  # soft strike, clean end
        assert np.max(np.abs(bell.samples)) < 32767 * 0.6


def test_voiced_breath_cues_speak_at_each_phase(tmp_path: Path) -> None:
    script = tmp_path / "voiced.yaml"
    script.write_text(
        "title: Voiced\nkind: breathwork\nbell: false\nsteps:\n"
        "  - breathe: {in: 3, hold: 2, out: 3, cycles: 2, cue: voice}\n"
    )
    mixer = build_mixer(script, ambient=None)
    audio = mixer.render(0, mixer.timeline.frames)[:, 0]
    [breathe] = mixer.timeline.events
    for phase in breathe.phases:
        spoken = audio[phase.start : phase.start + RATE // 2]
        assert np.sqrt(np.mean(spoken.astype(float) ** 2)) > 300, phase
        assert not np.any(audio[phase.end - RATE // 10 : phase.end])  # quiet before the next cue


def per_sample_gain(mixer: Mixer, start: int, frames: int) -> np.ndarray:  # type: ignore[type-arg]
    """The bed's gain the plain way, every frame in float64: what the mixer must reproduce."""
    from bodyscan.audio import mixer as mixing

    rate, total = mixer.timeline.rate, mixer.timeline.frames
    t = np.arange(start, start + frames, dtype=np.float64)
    fade_in = np.clip(t / (mixing.AMBIENT_FADE_IN_SECONDS * rate), 0, 1)
    fade_out = np.clip((total - t) / (mixing.AMBIENT_FADE_OUT_SECONDS * rate), 0, 1)
    ramp = mixing.DUCK_RAMP_SECONDS * rate
    duck = np.zeros(frames)
    for event in mixer.timeline.events:
        if event.type == "say":
            speech_end = event.speech_end or event.start
            rising = np.clip((t - (event.start - ramp)) / ramp, 0, 1)
            falling = np.clip(((speech_end + ramp) - t) / ramp, 0, 1)
            duck = np.maximum(duck, np.minimum(rising, falling))
    smooth = 0.5 - 0.5 * np.cos(np.pi * duck)
    return fade_in * fade_out * (1 - (1 - mixing.DUCK_GAIN) * smooth)


def test_ambient_gain_ducks_and_fades_exactly_as_the_per_sample_curve(tmp_path: Path) -> None:
    from tests.conftest import recordings_mixer

    # Pauses shorter than the two ramps make neighbouring ducks overlap.
    mixer = recordings_mixer(
        tmp_path, [("a", 440, 1.0, "0.3s"), ("b", 550, 0.5, "0.2s"), ("c", 660, 2.0, "6s")]
    )
    total = mixer.timeline.frames
    expected = per_sample_gain(mixer, 0, total)
    assert expected.min() == 0 and np.any(np.isclose(expected, 0.4)) and expected.max() == 1
    whole = mixer._ambient_gain(0, total, 1.0)
    assert np.max(np.abs(whole - expected)) < 1e-6
    rng = np.random.default_rng(11)
    for _ in range(200):
        start = int(rng.integers(0, total - 1))
        frames = int(rng.integers(1, min(30_000, total - start) + 1))
        assert np.array_equal(
            mixer._ambient_gain(start, frames, 1.0), whole[start : start + frames]
        )


def test_render_gives_interleaved_int16_frames_even_where_nothing_plays(tmp_path: Path) -> None:
    from tests.conftest import recordings_mixer

    mixer = recordings_mixer(tmp_path, [("a", 440, 1.0, "2s")])
    for start, end in [(0, 100), (mixer.timeline.frames - 50, mixer.timeline.frames + 50)]:
        block = mixer.render(start, end)
        assert block.dtype == np.int16 and block.flags.c_contiguous
        assert block.shape == (min(end, mixer.timeline.frames) - start, 2)
    silent = mixer.render(mixer.timeline.frames - 50, mixer.timeline.frames)
    assert not np.any(silent)  # the pause after the last recording, no bed
    assert mixer.render(10, 10).shape == (0, 2)

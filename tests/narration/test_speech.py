"""Real speech from the bundled voice: pace, gaps, level, fades, cache hits."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from bodyscan.audio.clip import peak_dbfs, rms_dbfs
from bodyscan.core.script import Say, Voice
from bodyscan.narration.cache import NarrationCache
from bodyscan.narration.level import TARGET_DBFS
from bodyscan.narration.narrator import Narrator
from tests.narration.conftest import CountingEngine

PASSAGE = (
    "Let your attention arrive at your feet. The soles, the toes, the heels. "
    "You might notice warmth, coolness, pressure, or nothing at all."
)


def test_calm_default_pace(narrator: Narrator) -> None:
    clip = narrator.speech(PASSAGE, Voice())
    assert clip.rate == 22050
    words_per_minute = len(PASSAGE.split()) / clip.seconds * 60
    assert 105 <= words_per_minute <= 125


def median_speaking_time(narrator: Narrator, voice: Voice, folder: Path) -> float:
    """Median length of five fresh renders of the passage. Piper samples each sound's length,
    so one render varies by about 1 % (measured: 30 renders a speed); five steady it."""
    lengths = []
    for render in range(5):
        fresh = NarrationCache(folder / f"{voice.speed}-{render}")  # no cache hit
        lengths.append(
            Narrator(None, narrator.loader, fresh, narrator._memo).speech(PASSAGE, voice)
        )
    return float(np.median([clip.seconds for clip in lengths]))


@pytest.mark.parametrize("speed", [0.7, 2.0])
def test_speed_scales_speaking_time(narrator: Narrator, speed: float, tmp_path: Path) -> None:
    calm = median_speaking_time(narrator, Voice(speed=1.0, sentence_gap=Fraction(0)), tmp_path)
    other = median_speaking_time(narrator, Voice(speed=speed, sentence_gap=Fraction(0)), tmp_path)
    # Measured here: within 4 % of the inverse (the edges of each sentence do not scale).
    assert abs(other / calm * speed - 1) <= 0.10


def longest_zero_run(samples: np.ndarray) -> int:
    padded = np.concatenate(([1], (samples != 0).astype(np.int8), [1]))
    edges = np.flatnonzero(np.diff(padded))
    runs = edges[1::2] - edges[0::2]
    return int(runs.max()) if runs.size else 0


@pytest.mark.parametrize("gap", [Fraction(1, 2), Fraction(5, 2)])
def test_sentence_gap_is_exact(narrator: Narrator, gap: Fraction) -> None:
    clip = narrator.speech("Notice your hands. Notice your feet.", Voice(sentence_gap=gap))
    # The gap is digital silence of exactly the script's length (synthesis varies a little
    # from run to run, so the gap is measured, not the difference of two renders).
    silence = longest_zero_run(clip.samples)
    assert int(gap * 22050) <= silence <= int(gap * 22050) + 22050 * 30 // 1000


def without_gaps(samples: np.ndarray, rate: int) -> np.ndarray:
    """The speech only: runs of digital silence longer than 50 ms (the script's gaps) cut out."""
    padded = np.concatenate(([1], (samples != 0).astype(np.int8), [1]))
    edges = np.flatnonzero(np.diff(padded))
    keep = np.ones(samples.size, dtype=bool)
    for start, end in zip(edges[0::2], edges[1::2], strict=True):
        if end - start > rate // 20:
            keep[start:end] = False
    return samples[keep]


@pytest.mark.parametrize("text", ["Welcome.", PASSAGE, "Your shoulders, neck and jaw. Maybe ease."])
def test_one_level_for_every_clip(narrator: Narrator, text: str) -> None:
    clip = narrator.speech(text, Voice())
    # Every sentence is levelled on its own, so the speech (not the gaps) sits at the target.
    assert abs(rms_dbfs(without_gaps(clip.samples, clip.rate)) - TARGET_DBFS) <= 1.0
    assert peak_dbfs(clip.samples) <= -0.9


def test_every_sentence_at_the_same_level(narrator: Narrator) -> None:
    clip = narrator.speech("Soft. Now a much longer sentence follows the short one here.", Voice())
    padded = np.concatenate(([1], (clip.samples != 0).astype(np.int8), [1]))
    edges = np.flatnonzero(np.diff(padded))
    gaps = [
        (a, b) for a, b in zip(edges[0::2], edges[1::2], strict=True) if b - a > clip.rate // 20
    ]
    assert len(gaps) == 1
    first, second = clip.samples[: gaps[0][0]], clip.samples[gaps[0][1] :]
    assert abs(rms_dbfs(first) - rms_dbfs(second)) <= 1.0


def test_no_click_at_the_edges(narrator: Narrator) -> None:
    clip = narrator.speech(PASSAGE, Voice())
    edge = 22050 * 5 // 1000
    assert abs(int(clip.samples[0])) < 50 and abs(int(clip.samples[-1])) < 50
    head = np.abs(clip.samples[:edge].astype(np.int32))
    assert head.max() < np.abs(clip.samples.astype(np.int32)).max() * 0.5


def test_second_request_synthesises_nothing(
    narrator: Narrator, counting_engine: CountingEngine, tmp_path: Path
) -> None:
    first = narrator.speech(PASSAGE, Voice())
    again = narrator.speech(PASSAGE, Voice())
    assert counting_engine.texts == [PASSAGE]
    assert np.array_equal(first.samples, again.samples)
    # A different speed or gap is different sound: a new entry.
    narrator.speech(PASSAGE, Voice(speed=1.1))
    narrator.speech(PASSAGE, Voice(sentence_gap=Fraction(1)))
    assert len(counting_engine.texts) == 3
    assert len(list((tmp_path / "cache" / "narration").glob("*/*.wav"))) == 3


def test_cached_survives_a_new_narrator(
    narrator: Narrator, counting_engine: CountingEngine
) -> None:
    narrator.speech("Feet on the floor.", Voice())
    fresh = Narrator(None, narrator.loader, narrator.cache, narrator._memo)
    assert fresh.cached("Feet on the floor.", Voice()) is not None
    assert counting_engine.texts == ["Feet on the floor."]


def test_damaged_entry_is_made_again(narrator: Narrator, counting_engine: CountingEngine) -> None:
    narrator.speech("Hands resting.", Voice())
    path = narrator.cache.path(narrator.key("Hands resting.", Voice()))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    assert narrator.cached("Hands resting.", Voice()) is None
    assert not path.exists()
    narrator.speech("Hands resting.", Voice())
    assert counting_engine.texts == ["Hands resting.", "Hands resting."]
    assert narrator.cached("Hands resting.", Voice()) is not None


def test_say_clip_uses_speech(narrator: Narrator) -> None:
    clip = narrator.say_clip(Say(text="Welcome."), Voice())
    assert 0.3 < clip.seconds < 3 and narrator.take_notice() is None

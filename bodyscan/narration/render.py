"""Turn a `say` text into one speech clip: sentence by sentence with the script's gap."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

import numpy as np

from bodyscan.audio.clip import Clip
from bodyscan.narration.engine import CALM_LENGTH_SCALE, SpeechEngine
from bodyscan.narration.level import normalise, trim

# Piper's length scale does not stretch every pause in proportion: 1/speed alone made speed 2
# only 1.7 times faster. This exponent, fitted on the bundled voice, keeps the speaking time
# within about 10 % of 1/speed from 0.6 to 2.
SPEED_EXPONENT = 1.25


def length_scale(speed: float) -> float:
    return float(CALM_LENGTH_SCALE / speed**SPEED_EXPONENT)


def speech_sentences(engine: SpeechEngine, text: str, speed: float) -> Iterator[Clip]:
    """Each sentence as soon as it is made: trimmed, at the common level, with soft edges.

    Sentences are levelled one by one (not the whole step at once) so that a step played while
    it is still being synthesised sounds the same as the same step played from the cache.
    """
    rate = engine.sample_rate
    for sentence in engine.sentences(text, length_scale(speed)):
        spoken = trim(sentence, rate)
        if spoken.size:
            yield normalise(Clip(_fade(spoken, rate), rate))


def join_sentences(sentences: list[Clip], gap: Fraction, rate: int) -> Clip:
    pause = np.zeros(round(gap * rate), dtype=np.int16)
    parts: list[np.ndarray] = []
    for sentence in sentences:
        if parts:
            parts.append(pause)
        parts.append(sentence.samples)
    samples = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16)
    return Clip(samples, rate)


def render_speech(engine: SpeechEngine, text: str, speed: float, gap: Fraction) -> Clip:
    sentences = list(speech_sentences(engine, text, speed))
    return join_sentences(sentences, gap, engine.sample_rate)


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

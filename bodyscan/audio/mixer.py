"""Render any range of a session's frames, on demand, in bounded memory.

Sounds are placed at their events' first frames; the ambient bed runs under everything, fades in
and out with the session and ducks smoothly under speech; a soft limiter keeps every sample
below full scale. Rendering [a, b) touches only the sounds that overlap it, found by bisection,
so minute 40 costs what minute 0 costs.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bodyscan.audio.bank import Key, SoundBank
from bodyscan.audio.noise import AmbientBed
from bodyscan.core.timeline import Timeline

AMBIENT_RMS = 10 ** (-32 / 20)  # the bed at level 1.0: well under speech at -23 dBFS
DUCK_GAIN = 0.4  # the bed's gain while someone speaks
DUCK_RAMP_SECONDS = 0.4
AMBIENT_FADE_IN_SECONDS = 3.0
AMBIENT_FADE_OUT_SECONDS = 4.0
LIMIT_KNEE = 0.9


@dataclass(frozen=True)
class Placement:
    start: int
    frames: int
    key: Key


def placements(timeline: Timeline, bank: SoundBank) -> list[Placement]:
    placed: list[Placement] = []
    for event in timeline.events:
        if event.type == "bell" and event.sound:
            key: Key = ("bell", event.sound)
            placed.append(Placement(event.start, bank.frames(key), key))
        elif event.type == "say" and event.step is not None:
            key = ("anchor",) if event.anchor else ("say", event.step)
            placed.append(Placement(event.start, bank.frames(key), key))
        elif event.type == "breathe":
            for phase in event.phases:
                length = phase.end - phase.start
                if event.cue == "voice":
                    word: Key = ("word", phase.phase)
                    placed.append(Placement(phase.start, bank.frames(word), word))
                elif event.cue == "tone" and phase.phase in ("in", "out"):
                    placed.append(Placement(phase.start, length, ("tone", phase.phase, length)))
                elif event.cue == "tone":
                    placed.append(Placement(phase.start, bank.frames(("tick",)), ("tick",)))
    placed.sort(key=lambda p: p.start)
    return placed


def soft_limit(signal: NDArray[np.float32]) -> NDArray[np.float32]:
    """Identity below the knee, a smooth curve above it that never reaches full scale."""
    magnitude = np.abs(signal)
    over = magnitude > LIMIT_KNEE
    if np.any(over):
        headroom = 1.0 - LIMIT_KNEE
        squeezed = LIMIT_KNEE + headroom * np.tanh((magnitude[over] - LIMIT_KNEE) / headroom)
        signal = signal.copy()
        signal[over] = np.sign(signal[over]) * squeezed * 0.9999
    return signal


class Mixer:
    channels = 2

    def __init__(
        self,
        timeline: Timeline,
        bank: SoundBank,
        ambient: AmbientBed | None = None,
        *,
        ambient_level: float = 1.0,
        volume: float = 1.0,
    ) -> None:
        self.bank = bank
        self.ambient = ambient
        self.ambient_level = ambient_level
        self.volume = volume
        self.set_timeline(timeline)

    def set_timeline(self, timeline: Timeline) -> None:
        """Mix to this plan from now on (render-ahead re-plans as narration arrives)."""
        self.timeline = timeline
        self.placed = placements(timeline, bank=self.bank)
        self.starts = [p.start for p in self.placed]
        self.longest = max((p.frames for p in self.placed), default=0)
        self.speech = [
            (e.start, e.speech_end or e.start) for e in timeline.events if e.type == "say"
        ]
        self.speech_starts = [start for start, _ in self.speech]

    def ready(self) -> bool:
        return True

    def ready_until(self) -> int:
        return self.timeline.frames

    def render(self, start: int, end: int) -> NDArray[np.int16]:
        """Frames [start, end) as int16, shape (frames, 2)."""
        end = min(end, self.timeline.frames)
        frames = max(0, end - start)
        mono = np.zeros(frames, dtype=np.float32)
        first = bisect.bisect_left(self.starts, start - self.longest)
        last = bisect.bisect_left(self.starts, end)
        for placement in self.placed[first:last]:
            if placement.start + placement.frames <= start:
                continue
            samples = self.bank.samples(placement.key)
            lo = max(start, placement.start)
            hi = min(end, placement.start + samples.shape[0])
            if hi > lo:
                mono[lo - start : hi - start] += samples[
                    lo - placement.start : hi - placement.start
                ]
        mixed = np.repeat(mono[:, None], self.channels, axis=1)
        if self.ambient is not None and self.ambient_level > 0 and frames:
            bed = self.ambient.render(start, frames)
            gain = self._ambient_gain(start, frames) * (AMBIENT_RMS * self.ambient_level)
            mixed += bed * gain[:, None]
        mixed *= self.volume
        limited = soft_limit(mixed)
        return np.round(limited * 32767).astype(np.int16)

    def _ambient_gain(self, start: int, frames: int) -> NDArray[np.float32]:
        rate = self.timeline.rate
        t = np.arange(start, start + frames, dtype=np.float64)
        fade_in = np.clip(t / (AMBIENT_FADE_IN_SECONDS * rate), 0, 1)
        fade_out = np.clip((self.timeline.frames - t) / (AMBIENT_FADE_OUT_SECONDS * rate), 0, 1)
        ramp = DUCK_RAMP_SECONDS * rate
        duck = np.zeros(frames)
        first = max(0, bisect.bisect_right(self.speech_starts, start - ramp) - 1)
        for speech_start, speech_end in self.speech[first:]:
            if speech_start - ramp >= start + frames:
                break
            rising = np.clip((t - (speech_start - ramp)) / ramp, 0, 1)
            falling = np.clip(((speech_end + ramp) - t) / ramp, 0, 1)
            duck = np.maximum(duck, np.minimum(rising, falling))
        smooth = 0.5 - 0.5 * np.cos(np.pi * duck)  # raised-cosine ramps: no zipper, no click
        gain = fade_in * fade_out * (1 - (1 - DUCK_GAIN) * smooth)
        return gain.astype(np.float32)

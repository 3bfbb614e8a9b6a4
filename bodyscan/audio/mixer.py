"""Render any range of a session's frames, on demand, in bounded memory.

Sounds are placed at their events' first frames; the ambient bed runs under everything, fades in
and out with the session and ducks smoothly under speech; a soft limiter keeps every sample
below full scale. Rendering [a, b) touches only the sounds that overlap it, found by bisection,
so minute 40 costs what minute 0 costs.
"""

from __future__ import annotations

import bisect
import math
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
FULL_SCALE = 32767


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
        """Frames [start, end) as int16, shape (frames, 2).

        Everything is summed in float32 already scaled to int16 units (the volume and full
        scale are folded into the bed's gain and the sounds' scale), so the block is touched
        only a few times: bed times gain, sounds added where they play, rounding, int16.
        """
        end = min(end, self.timeline.frames)
        frames = max(0, end - start)
        out = np.empty((frames, self.channels), dtype=np.int16)
        if frames == 0:
            return out
        scale = np.float32(FULL_SCALE * self.volume)
        voice = self._sounds(start, end, scale)
        mixed: NDArray[np.float32]
        if self.ambient is not None and self.ambient_level > 0:
            mixed = self.ambient.render(start, frames)
            level = AMBIENT_RMS * self.ambient_level * FULL_SCALE * self.volume
            mixed *= self._ambient_gain(start, frames, level)[:, None]
            if voice is not None:
                mixed += voice[:, None]
        elif voice is not None:
            mixed = voice[:, None]
        else:
            out.fill(0)
            return out
        if mixed.max() > LIMIT_KNEE * FULL_SCALE or mixed.min() < -LIMIT_KNEE * FULL_SCALE:
            mixed = soft_limit(mixed * np.float32(1 / FULL_SCALE)) * np.float32(FULL_SCALE)
        np.rint(mixed, out=mixed)
        # Column by column: four times faster than one transposing copy, as the bed's channels
        # are contiguous (speech alone is one column for all). In range: the limiter keeps
        # every sample below 32767.
        for channel in range(self.channels):
            column = mixed[:, channel % mixed.shape[1]]
            np.copyto(out[:, channel], column, casting="unsafe")
        return out

    def _sounds(self, start: int, end: int, scale: np.float32) -> NDArray[np.float32] | None:
        """The sounds playing in [start, end), mono, times `scale`; None when nothing plays."""
        mono: NDArray[np.float32] | None = None
        first = bisect.bisect_left(self.starts, start - self.longest)
        last = bisect.bisect_left(self.starts, end)
        for placement in self.placed[first:last]:
            if placement.start + placement.frames <= start:
                continue
            samples = self.bank.samples(placement.key)
            lo = max(start, placement.start)
            hi = min(end, placement.start + samples.shape[0])
            if hi <= lo:
                continue
            if mono is None:
                mono = np.zeros(end - start, dtype=np.float32)
            piece = samples[lo - placement.start : hi - placement.start]
            mono[lo - start : hi - start] += piece * scale
        return mono

    def _ambient_gain(self, start: int, frames: int, level: float) -> NDArray[np.float32]:
        """The bed's gain for frames [start, start + frames): `level`, ducked under speech with
        raised-cosine ramps, faded in and out with the session.

        Built piece by piece: a constant, the ducked stretches, then the curves only where a
        ramp or a fade is, each from absolute frame numbers, so a frame's gain does not depend
        on where the block around it starts.
        """
        rate = self.timeline.rate
        end = start + frames
        gain = np.full(frames, level, dtype=np.float32)
        ramp = DUCK_RAMP_SECONDS * rate
        ducked = np.float32(level * DUCK_GAIN)

        def shaped(lo: int, hi: int, duck: NDArray[np.float64]) -> None:
            # raised-cosine ramps: no zipper, no click; where ducks overlap the lower gain wins
            curve = level * (1 - (1 - DUCK_GAIN) * (0.5 - 0.5 * np.cos(np.pi * duck)))
            part = gain[lo - start : hi - start]
            np.minimum(part, curve.astype(np.float32), out=part)

        first = max(0, bisect.bisect_right(self.speech_starts, start - ramp) - 1)
        for speech_start, speech_end in self.speech[first:]:
            if speech_start - ramp >= end:
                break
            rise_lo, rise_hi = max(start, math.ceil(speech_start - ramp)), min(end, speech_start)
            if rise_hi > rise_lo:
                t = np.arange(rise_lo, rise_hi, dtype=np.float64)
                shaped(rise_lo, rise_hi, (t - (speech_start - ramp)) / ramp)
            held_lo, held_hi = max(start, speech_start), min(end, speech_end + 1)
            if held_hi > held_lo:
                gain[held_lo - start : held_hi - start] = ducked
            fall_lo = max(start, speech_end + 1)
            fall_hi = min(end, math.floor(speech_end + ramp) + 1)
            if fall_hi > fall_lo:
                t = np.arange(fall_lo, fall_hi, dtype=np.float64)
                shaped(fall_lo, fall_hi, ((speech_end + ramp) - t) / ramp)
        fade_in = AMBIENT_FADE_IN_SECONDS * rate
        if start < fade_in:
            hi = min(end, math.ceil(fade_in))
            t = np.arange(start, hi, dtype=np.float64)
            gain[: hi - start] *= (t / fade_in).astype(np.float32)
        fade_out = AMBIENT_FADE_OUT_SECONDS * rate
        total = self.timeline.frames
        if end > total - fade_out:
            lo = max(start, math.floor(total - fade_out))
            t = np.arange(lo, end, dtype=np.float64)
            gain[lo - start :] *= np.clip((total - t) / fade_out, 0, 1).astype(np.float32)
        return gain

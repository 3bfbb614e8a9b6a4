"""Every sound a session needs, at the session rate: speech, bells, breath cues.

The bank measures the sounds once (so the timeline can be planned), keeps narration at its own
rate in memory (a 25-minute scan holds about 26 MB), and hands out session-rate copies from a
small cache, so the length planned is always the length played.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from bodyscan.audio.clip import Clip
from bodyscan.audio.decode import decode
from bodyscan.audio.resample import resample, resampled_length
from bodyscan.audio.synth import light_chime, singing_bowl, tone
from bodyscan.core.choices import anchor_cue, played_steps
from bodyscan.core.script import Bell, Breathe, Say, Script, Voice
from bodyscan.core.sounds import SoundCatalogue
from bodyscan.core.timeline import SoundLengths, TimelineOptions, is_skipped

Key = tuple[object, ...]
Progress = Callable[[int, int], None]

CUE_WORDS = {"in": "Breathe in.", "hold": "Hold.", "out": "Breathe out.", "hold_out": "Hold."}
TONE_LEVEL = 0.06  # breath tones sit well under speech
TICK_LEVEL = 0.05
BELL_FILE_PEAK = 0.5


class Speaker(Protocol):
    """What speaks the say steps (the narrator): the audio layer knows it only by this."""

    def say_clip(self, step: Say, voice: Voice) -> Clip: ...

    def say_pieces(self, step: Say, voice: Voice) -> Iterator[Clip]: ...


@dataclass(frozen=True)
class ToneShape:
    start_hz: float
    end_hz: float


TONES = {"in": ToneShape(196.0, 262.0), "out": ToneShape(262.0, 196.0)}


class SoundBank:
    def __init__(
        self,
        script: Script,
        narrator: Speaker,
        catalogue: SoundCatalogue,
        options: TimelineOptions,
    ) -> None:
        self.script = script
        self.narrator = narrator
        self.catalogue = catalogue
        self.options = options
        self.rate = options.rate
        self._native: dict[Key, Clip] = {}
        self._ready: OrderedDict[Key, NDArray[np.float32]] = OrderedDict()
        # Sounds that arrive while playing (render-ahead), at the session rate, growing piece by
        # piece; a new array replaces the old one, so a reader never sees a half-written one.
        self._live: dict[Key, NDArray[np.float32]] = {}
        self._open: set[Key] = set()

    def spoken_keys(self) -> list[tuple[Key, Say]]:
        """Every sound the voice makes in this session: the instructions that play (as they
        are said, with the chosen anchor), the anchor cue if an area is left out, and the
        spoken breathing cues."""
        picked = self.options.picked(self.script)
        played = [step for _, step in played_steps(self.script, picked)]
        keys: list[tuple[Key, Say]] = []
        for index, step in played_steps(self.script, picked):
            if isinstance(step, Say):
                keys.append((("say", index), step))
        if self.options.skip_regions and any(
            isinstance(s, Say) and is_skipped(s, self.options.skip_regions) for s in played
        ):
            keys.append((("anchor",), Say(text=anchor_cue(picked))))
        if any(isinstance(s, Breathe) and s.cue == "voice" for s in played):
            keys += [(("word", phase), Say(text=text)) for phase, text in CUE_WORDS.items()]
        return keys

    def measure(self, progress: Progress | None = None) -> SoundLengths:
        """Narrate (or load) every spoken sound and return the lengths the plan needs."""
        spoken = self.spoken_keys()
        for done, (key, step) in enumerate(spoken, start=1):
            if key not in self._native:
                self._native[key] = self.narrator.say_clip(step, self.script.voice)
            if progress is not None:
                progress(done, len(spoken))
        speech = {int(str(key[1])): self.frames(key) for key, _ in spoken if key[0] == "say"}
        bells = {name: self.frames(("bell", name)) for name in self.bell_names()}
        anchor = self.frames(("anchor",)) if ("anchor",) in self._native else 0
        return SoundLengths(speech=speech, bells=bells, anchor=anchor)

    def bell_names(self) -> set[str]:
        picked = self.options.picked(self.script)
        names = {s.name for _, s in played_steps(self.script, picked) if isinstance(s, Bell)}
        if self.script.bell is not None:
            names.add(self.script.bell)
        return names

    # --- sounds arriving while playing -----------------------------------------------------

    def expect(self, key: Key) -> None:
        """The sound will arrive while playing: until then it is empty (and open)."""
        self._live.setdefault(key, np.zeros(0, np.float32))
        self._open.add(key)

    def append(self, key: Key, piece: Clip) -> None:
        """Add the next piece of a sound still being made (at its own rate)."""
        samples = resample(piece.as_float(), piece.rate, self.rate)
        before = self._live.get(key)
        self._live[key] = samples if before is None else np.concatenate([before, samples])
        self._open.add(key)

    def pad(self, key: Key, frames: int) -> int:
        """Lengthen an unfinished sound with silence to `frames`: the player waits here, at a
        sentence or step boundary. Returns the frames of silence added."""
        before = self._live.get(key, np.zeros(0, np.float32))
        missing = frames - int(before.shape[0])
        if missing <= 0:
            return 0
        self._live[key] = np.concatenate([before, np.zeros(missing, np.float32)])
        self._open.add(key)
        return missing

    def close(self, key: Key) -> None:
        """The sound is complete."""
        self._live.setdefault(key, np.zeros(0, np.float32))
        self._open.discard(key)

    def is_open(self, key: Key) -> bool:
        """Expected while playing and not complete yet."""
        return key in self._open

    def frames(self, key: Key) -> int:
        live = self._live.get(key)
        if live is not None:
            return int(live.shape[0])
        native = self._native.get(key)
        if native is not None:
            return resampled_length(native.frames, native.rate, self.rate)
        return int(self.samples(key).shape[0])

    def samples(self, key: Key) -> NDArray[np.float32]:
        """Mono float samples at the session rate."""
        live = self._live.get(key)
        if live is not None:
            return live
        ready = self._ready.get(key)
        if ready is not None:
            self._ready.move_to_end(key)
            return ready
        ready = self._make(key)
        self._ready[key] = ready
        if len(self._ready) > 16:
            self._ready.popitem(last=False)
        return ready

    def _make(self, key: Key) -> NDArray[np.float32]:
        kind = key[0]
        native = self._native.get(key)
        if native is not None:
            return resample(native.as_float(), native.rate, self.rate)
        if kind == "bell":
            return self._bell(str(key[1]))
        if kind == "tone":
            shape = TONES[str(key[1])]
            seconds = int(str(key[2])) / self.rate
            return tone(self.rate, seconds, shape.start_hz, shape.end_hz, TONE_LEVEL).as_float()
        if kind == "tick":
            return tone(self.rate, 0.12, 880.0, 860.0, TICK_LEVEL).as_float()
        raise KeyError(key)

    def _bell(self, name: str) -> NDArray[np.float32]:
        path = self.catalogue.files.get(f"bells/{name}")
        if path is not None:
            clip = decode(path, "bell sound")
            audio = resample(clip.as_float(), clip.rate, self.rate)
            peak = float(np.max(np.abs(audio))) if audio.size else 0.0
            return (audio * (BELL_FILE_PEAK / peak)).astype(np.float32) if peak else audio
        if name == "chime":
            return light_chime(self.rate).as_float()
        return singing_bowl(self.rate).as_float()

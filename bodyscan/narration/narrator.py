"""Clips for `say` steps: the author's recording, cached speech, fresh speech, or a chime.

When the voice cannot load, the app still works: each instruction gets a soft chime and its
caption stays up for a reading time, and `notice` explains once what is wrong and how to fix it.
When the cache cannot store a clip (a full disk), speech still plays, uncached, and
`storage_problem` keeps the first such error for the caller to report; `speech()`, whose whole
point is the cache (`bodyscan narrate`), raises it instead.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from bodyscan.audio.clip import Clip
from bodyscan.audio.synth import light_chime
from bodyscan.core.script import Say, Voice
from bodyscan.errors import StorageError
from bodyscan.narration.cache import NarrationCache, cache_key
from bodyscan.narration.engine import EngineLoader, NarrationUnavailable, VoiceFiles
from bodyscan.narration.identity import voice_identity
from bodyscan.narration.recordings import load_recording
from bodyscan.narration.render import join_sentences, render_speech, speech_sentences

log = logging.getLogger(__name__)

FALLBACK_RATE = 22050
READING_WORDS_PER_SECOND = 2.5


class Narrator:
    def __init__(
        self, files: VoiceFiles | None, loader: EngineLoader, cache: NarrationCache, memo: Path
    ) -> None:
        self._files = files
        self.loader = loader
        self.cache = cache
        self._memo = memo
        self._identity: str | None = None
        self.unavailable: NarrationUnavailable | None = None
        self.storage_problem: StorageError | None = None
        self._notice_given = False
        self._lock = threading.Lock()

    @property
    def identity(self) -> str:
        if self._identity is None:
            files = self._files or VoiceFiles.bundled()
            try:
                self._identity = voice_identity(files, self._memo)
            except OSError as exc:
                raise NarrationUnavailable(
                    f"voice file not found: {exc.filename}",
                    "Choose another voice in Settings, or the bundled one.",
                ) from exc
        return self._identity

    def key(self, text: str, voice: Voice) -> str:
        return cache_key(self.identity, text, voice.speed, voice.sentence_gap)

    def cached(self, text: str, voice: Voice) -> Clip | None:
        try:
            return self.cache.get(self.key(text, voice))
        except NarrationUnavailable:
            return None

    def speech(self, text: str, voice: Voice) -> Clip:
        """Speech for the text, from the cache or synthesised now (raises NarrationUnavailable)."""
        key = self.key(text, voice)
        clip = self.cache.get(key)
        if clip is None:
            clip = render_speech(self.loader.get(), text, voice.speed, voice.sentence_gap)
            self.cache.put(key, clip)
        return clip

    def say_clip(self, step: Say, voice: Voice) -> Clip:
        """What to play for a say step; never raises for a missing voice."""
        return join_pieces(list(self.say_pieces(step, voice)))

    def say_pieces(self, step: Say, voice: Voice) -> Iterator[Clip]:
        """The step's sound in pieces, each as soon as it exists: a recording or a cached clip
        comes whole; fresh speech comes sentence by sentence with the gaps between them as
        silent pieces (and goes into the cache once complete). Never raises for a missing voice.
        """
        if step.audio is not None:
            yield load_recording(step.audio)
            return
        if self.unavailable is None:
            try:
                cached = self.cache.get(self.key(step.text, voice))
                if cached is not None:
                    yield cached
                    return
                engine = self.loader.get()
                sentences: list[Clip] = []
                for sentence in speech_sentences(engine, step.text, voice.speed):
                    if sentences:
                        gap = round(voice.sentence_gap * sentence.rate)
                        yield Clip(np.zeros(gap, np.int16), sentence.rate)
                    sentences.append(sentence)
                    yield sentence
                whole = join_sentences(sentences, voice.sentence_gap, engine.sample_rate)
                self._store(self.key(step.text, voice), whole)
                if not sentences:
                    yield whole  # nothing to say: an empty clip, not none
                return
            except NarrationUnavailable as exc:
                with self._lock:
                    self.unavailable = exc
                log.warning("speaking without a voice: %s", exc.short)
        yield fallback_clip(step.text)

    def _store(self, key: str, clip: Clip) -> None:
        """Cache a clip that is already playing; a failure is kept, not raised."""
        try:
            self.cache.put(key, clip)
        except StorageError as exc:
            log.warning("speaking without caching: %s", exc.short)
            with self._lock:
                if self.storage_problem is None:
                    self.storage_problem = exc

    def take_notice(self) -> NarrationUnavailable | None:
        """The reason speech is missing, the first time it is asked for only."""
        with self._lock:
            if self.unavailable is None or self._notice_given:
                return None
            self._notice_given = True
            return self.unavailable


def fallback_clip(text: str) -> Clip:
    """A soft chime, then silence for as long as the caption takes to read."""
    chime = light_chime(FALLBACK_RATE, seconds=1.2)
    reading = len(text.split()) / READING_WORDS_PER_SECOND
    total = max(chime.frames, round(reading * FALLBACK_RATE))
    samples = np.zeros(total, dtype=np.int16)
    samples[: chime.frames] = chime.samples
    return Clip(samples, FALLBACK_RATE)


def join_pieces(pieces: list[Clip]) -> Clip:
    if len(pieces) == 1:
        return pieces[0]
    rate = pieces[0].rate
    return Clip(np.concatenate([p.samples for p in pieces]), rate)


__all__ = ["Narrator", "fallback_clip", "join_pieces"]

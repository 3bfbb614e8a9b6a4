"""Render-ahead: play an exercise while its narration is still being synthesised.

A background thread makes the sounds in the order they are heard, sentence by sentence. The
session is planned with estimated speech lengths and planned again each time a sound is
complete: events already reached keep their place, later ones move, and with a chosen length
the later pauses share a new factor so the session still ends on time.

Rendering never runs past what exists. If the player reaches a sentence that is not made yet,
the unfinished sound is lengthened with silence up to where the player is, so the person waits
at a sentence or step boundary (never inside a word) and `waited_frames` grows, which the
session reports. With a voice twenty times faster than speech this does not happen in practice,
but a slow machine must still sound calm.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from bodyscan.audio.bank import Key, SoundBank
from bodyscan.audio.mixer import Mixer
from bodyscan.audio.noise import AmbientBed
from bodyscan.core.estimate import speech_seconds
from bodyscan.core.script import Say, Script
from bodyscan.core.timeline import (
    Event,
    SoundLengths,
    Timeline,
    TimelineOptions,
    event_of_step,
    instruction_at,
    plan,
    replan,
)
from bodyscan.errors import BodyscanError

log = logging.getLogger(__name__)


class RenderAhead:
    """A renderer (see `bodyscan.core.playback.Renderer`) whose plan improves while it plays."""

    def __init__(
        self,
        script: Script,
        bank: SoundBank,
        options: TimelineOptions,
        ambient: AmbientBed | None = None,
        on_error: Callable[[BodyscanError], None] | None = None,
    ) -> None:
        self.script = script
        self.bank = bank
        self.options = options
        self.rate = options.rate
        self.on_error = on_error
        self._lock = threading.RLock()
        self._spoken = bank.spoken_keys()
        self._estimates = {
            key: round(
                speech_seconds(say.text, script.voice.speed, script.voice.sentence_gap) * self.rate
            )
            for key, say in self._spoken
        }
        for key, _ in self._spoken:
            bank.expect(key)
        first = plan(script, self._lengths(), options)
        self.message = first.message
        self._target = first.frames if options.target_seconds is not None else None
        self._mixer = Mixer(first, bank, ambient)
        self._rendered = 0  # frames handed out so far: nothing before this may move
        self.waited_frames = 0
        self.complete = threading.Event()  # every sound is made
        self.made = 0  # sounds complete so far, of len(self.sounds)
        self._first_piece = threading.Event()
        if not self._spoken:
            self._first_piece.set()  # nothing to make: playable at once
        self.failure: BodyscanError | None = None  # why making the sounds stopped, if it did
        self._stopping = False
        # Continuing: the step of the instruction playing begins at.
        self.start_step: int | None = None
        # `play --start-at`: a frame of the plan; playing begins at the instruction playing
        # then, found once the plan up to it is final (an estimate would move it).
        self.start_at: int | None = None
        # Not a daemon: leaving the interpreter in the middle of an ONNX run can crash it, so
        # close() asks the thread to stop after the sentence it is making.
        self._thread = threading.Thread(target=self._make_sounds, name="render-ahead")

    # --- the renderer ---------------------------------------------------------------------

    @property
    def timeline(self) -> Timeline:
        return self._mixer.timeline

    @property
    def ambient_level(self) -> float:
        return self._mixer.ambient_level

    @ambient_level.setter
    def ambient_level(self, level: float) -> None:
        self._mixer.ambient_level = level

    @property
    def sounds(self) -> int:
        """How many spoken sounds the exercise needs."""
        return len(self._spoken)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        """Stop making sounds (the session ended) after the sentence being made."""
        self._stopping = True

    def join(self, timeout: float | None = None) -> None:
        if self._thread.is_alive():
            self._thread.join(timeout)

    def ready(self) -> bool:
        """Something to play: the first sound that is heard has begun to exist. Beginning at
        a later step, every sound before it must be complete too, so that the plan up to
        that step is final and the place to begin no longer moves."""
        if self.start_at is not None and not self._settle_start_at():
            return False
        if self.start_step is None or self.complete.is_set():
            return self._first_piece.is_set()
        with self._lock:
            timeline = self._mixer.timeline
            first = event_of_step(timeline, self.start_step)
            if first is None:
                return self._first_piece.is_set()
            if not self._made(timeline.events[: first.index]):
                return False
            return all(
                not self.bank.is_open(key) or self.bank.frames(key) > 0 for key in _keys_of(first)
            )

    def _settle_start_at(self) -> bool:
        """Turn `start_at` into `start_step` once every sound up to and including the
        instruction playing at that frame is made: only then is that instruction known."""
        with self._lock:
            assert self.start_at is not None
            timeline = self._mixer.timeline
            event = instruction_at(timeline, self.start_at)
            last = timeline.events[-1].index if event is None else event.index
            if not self._made(timeline.events[: last + 1]):
                return False
            self.start_step = None if event is None or not event.step else event.step
            self.start_at = None
            return True

    def _made(self, events: Sequence[Event]) -> bool:
        """Every sound of these events is complete, so their lengths are final."""
        return not any(self.bank.is_open(key) for event in events for key in _keys_of(event))

    def start_frame(self) -> int:
        """Where playing begins (the start of `start_step`'s event), fixed from now on: what
        lies before it is treated as played, so no later change of plan moves it."""
        with self._lock:
            timeline = self._mixer.timeline
            first = None if self.start_step is None else event_of_step(timeline, self.start_step)
            frame = 0 if first is None else first.start
            self._rendered = max(self._rendered, frame)
            return frame

    def ready_until(self) -> int:
        """Frames that can be rendered without waiting for narration."""
        with self._lock:
            timeline = self._mixer.timeline
            for event in timeline.events:
                open_keys = [key for key in _keys_of(event) if self.bank.is_open(key)]
                if open_keys:
                    known = min(self.bank.frames(key) for key in open_keys)
                    return max(self._rendered, event.start + known)
            return timeline.frames

    def render(self, start: int, end: int) -> NDArray[np.int16]:
        with self._lock:
            timeline = self._mixer.timeline
            for event in timeline.events:
                if event.start >= end:
                    break
                open_keys = [key for key in _keys_of(event) if self.bank.is_open(key)]
                if not open_keys:
                    continue
                # The player has reached a sound still being made: wait here, in silence.
                added = max(self.bank.pad(key, end - event.start) for key in open_keys)
                if added:
                    self.waited_frames += added
                    log.info("narration is behind: waiting %.2f s", added / self.rate)
                    self._replan()
                break
            self._rendered = max(self._rendered, end)
            try:
                return self._mixer.render(start, end)
            except BodyscanError as exc:  # a bell or ambient file that broke while playing
                self.failure = self.failure or exc
            except Exception as exc:  # the output's thread must never see an exception
                log.debug("mixing failed", exc_info=True)
                self.failure = self.failure or _unexpected(exc, None, "mix the sound")
            # Silence for this block; the session sees `failure` and stops.
            return np.zeros((max(0, end - start), self._mixer.channels), np.int16)

    # --- making the sounds ----------------------------------------------------------------

    def _lengths(self) -> SoundLengths:
        speech: dict[int, int] = {}
        anchor = 0
        for key, _ in self._spoken:
            frames = self.bank.frames(key)
            if self.bank.is_open(key):
                frames = max(frames, self._estimates[key])
            if key[0] == "say":
                speech[int(str(key[1]))] = frames
            elif key[0] == "anchor":
                anchor = frames
        bells = {name: self.bank.frames(("bell", name)) for name in self.bank.bell_names()}
        return SoundLengths(speech=speech, bells=bells, anchor=anchor)

    def _replan(self) -> None:
        previous = self._mixer.timeline
        keep = sum(1 for event in previous.events if event.start < self._rendered)
        target = None if self._target is None else self._target + self.waited_frames
        timeline = replan(
            self.script, self._lengths(), self.options, previous, keep=keep, target_frames=target
        )
        self._mixer.set_timeline(timeline)

    def _order(self) -> list[tuple[Key, Say]]:
        """Sounds in the order they are first heard."""
        first_use: dict[Key, int] = {}
        for event in self.timeline.events:
            for key in _keys_of(event):
                first_use.setdefault(key, event.start)
            if event.type == "breathe" and event.cue == "voice":
                for phase in event.phases:
                    first_use.setdefault(("word", phase.phase), phase.start)
        ending = self.timeline.frames
        return sorted(self._spoken, key=lambda item: first_use.get(item[0], ending))

    def _make_sounds(self) -> None:
        step: Say | None = None
        try:
            for key, say in self._order():
                step = say
                if self._stopping:
                    return
                for piece in self.bank.narrator.say_pieces(say, self.script.voice):
                    if self._stopping:
                        return
                    with self._lock:
                        self.bank.append(key, piece)
                    self._first_piece.set()
                with self._lock:
                    self.bank.close(key)
                    self._replan()
                self.made += 1
                self._first_piece.set()
        except BodyscanError as exc:  # a recording that broke since validation, a full disk
            self._fail(exc)
        except Exception as exc:  # a thread must never die silently
            log.debug("making a sound failed", exc_info=True)
            self._fail(_unexpected(exc, step))
        finally:
            self._first_piece.set()
            self.complete.set()

    def _fail(self, error: BodyscanError) -> None:
        """Stop here and tell the session, which ends with this message instead of waiting."""
        log.info("could not make a sound: %s", error.short)
        self.failure = error
        try:
            self._give_up()
        except Exception:  # the failure is already recorded
            log.debug("closing the sounds after a failure failed", exc_info=True)
        if self.on_error is not None:
            self.on_error(error)

    def _give_up(self) -> None:
        """Close every sound (what is missing stays silent) so nothing waits for it."""
        with self._lock:
            for key, _ in self._spoken:
                if self.bank.is_open(key):
                    self.bank.close(key)
            self._replan()
        self._first_piece.set()


def _unexpected(
    exc: Exception, step: Say | None, action: str = "make the narration"
) -> BodyscanError:
    """Words for a failure nobody foresaw, naming the instruction it happened on."""
    where = ""
    if step is not None:
        line = f" (line {step.line})" if step.line else ""
        where = f' for the instruction{line} "{_shorten(step.text)}"'
    error = BodyscanError(
        f"Could not {action}{where}: {type(exc).__name__}.",
        "The session was stopped. Check that instruction's text (or its recording) with "
        "`bodyscan validate`, then start again; run with --verbose to see the details.",
    )
    error.__cause__ = exc
    return error


def _shorten(text: str, limit: int = 40) -> str:
    clean = text.encode("utf-8", "replace").decode("utf-8").replace("\n", " ")
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def _keys_of(event: Event) -> tuple[Key, ...]:
    """The spoken sounds whose lengths decide where this event ends.

    A left-out instruction plays the anchor cue but lasts as long as its own narration would,
    so both must exist before the player may pass it.
    """
    if event.type != "say" or event.step is None:
        return ()
    if event.anchor:
        return (("say", event.step), ("anchor",))
    return (("say", event.step),)


__all__ = ["RenderAhead"]

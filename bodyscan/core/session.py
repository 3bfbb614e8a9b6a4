"""The session controller: one state machine for a playing exercise. It knows nothing of Qt.

Commands: play, pause, resume, skip, back, stop, ground (the sixty-second interlude, after
which the person chooses `continue_after_grounding` or `end_after_grounding`), set_volume and
set_ambient_level. Pause and ground work from the first moment, also while the first words
are still being made; skip and back once the exercise sounds (`can_move`).

Position comes from the output's count of frames actually played, never from summed sleeps,
so captions cannot drift from the sound. `tick()` is called regularly (a UI timer, the
terminal loop); it reads the audio clock and reports what changed through plain callbacks that
a UI may re-emit as signals.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from bodyscan.core.clock import Clock, MonotonicClock
from bodyscan.core.playback import AudioOutput, RangeSource, Renderer
from bodyscan.core.timeline import Event, Phase, Timeline
from bodyscan.errors import BodyscanError

log = logging.getLogger(__name__)

BACK_TO_SAME_INSTRUCTION_SECONDS = 3.0  # back within this of a start goes one further back
DRAIN_MARGIN_SECONDS = 5.0


class State(Enum):
    READY = "ready"
    PREPARING = "preparing"
    PLAYING = "playing"
    PAUSED = "paused"
    GROUNDING = "grounding"
    FINISHED = "finished"
    STOPPED = "stopped"


@dataclass
class Listener:
    """Callbacks for what a session reports; any may be left out."""

    state: Callable[[State], None] | None = None
    event: Callable[[Event], None] | None = None
    caption: Callable[[str, str], None] | None = None  # current text, next text
    phase: Callable[[Phase | None, int], None] | None = None  # breath phase, whole seconds left
    position: Callable[[int, int], None] | None = None  # frames played, frames in all
    grounding_done: Callable[[], None] | None = None
    device_lost: Callable[[str], None] | None = None  # the session paused; the reason why
    waited: Callable[[float], None] | None = None  # seconds spent waiting for narration so far


@dataclass(frozen=True)
class Part:
    """A renderer of a planned session (its plan may improve while it plays)."""

    renderer: Renderer
    ambient_level: Callable[[float], None] | None = None
    # Where playing begins (continuing, `--start-at`), asked when it begins; None: frame 0.
    start: Callable[[], int] | None = None

    @property
    def timeline(self) -> Timeline:
        return self.renderer.timeline


class Session:
    def __init__(
        self,
        main: Part,
        output: AudioOutput,
        listener: Listener | None = None,
        grounding: Callable[[], Part] | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.main = main
        self.clock = clock or MonotonicClock()
        self._end_reached_at: float | None = None
        self.output = output
        self.listener = listener or Listener()
        self._make_grounding = grounding
        self.state = State.READY
        self.part = main
        self._base = 0  # frame of the current part where the output started
        self._resume_at: int | None = None  # main frame to go back to after grounding (None:
        # where the exercise was to begin, when grounding came before its first words)
        self._awaiting_choice = False
        self._paused_from = State.PLAYING
        self._event_index = -1
        self._phase_key: tuple[int, int] | None = None
        self._planned: Timeline | None = None
        self._starts: list[int] = []
        self._instructions: tuple[int, ...] = ()
        self._waited = 0
        self._restart_at: int | None = None  # after a lost device: play on from this frame
        self.ended_by_grounding = False
        self._left_at = 0
        self._start_when_ready = False
        self.failure: BodyscanError | None = None  # why the session stopped on its own
        self.started_from = 0  # the frame of the exercise playing began at
        output.set_lost_handler(self._output_lost)

    # --- position -------------------------------------------------------------------------

    @property
    def timeline(self) -> Timeline:
        return self.part.timeline

    @property
    def position(self) -> int:
        """Frames of the current part played so far."""
        if self.state is State.FINISHED:
            return self.timeline.frames
        if self._restart_at is not None:
            return self._restart_at
        if self._start_when_ready:
            return 0
        played = self.output.played_frames() if self._sounding() else 0
        return min(self.timeline.frames, self._base + played)

    @property
    def exercise_position(self) -> int:
        """Frames of the exercise itself reached (during grounding, or ended after it: where
        it was left; the output's count is then the interlude's)."""
        if self.part is self.main and not self.ended_by_grounding:
            return self.position
        return self._left_at

    @property
    def can_move(self) -> bool:
        """Skip and back apply: the exercise itself sounds (or is paused while it does)."""
        return (
            self.part is self.main
            and self.state in (State.PLAYING, State.PAUSED)
            and self._sounding()
        )

    @property
    def awaiting_choice(self) -> bool:
        """After grounding: waiting for continue or end."""
        return self._awaiting_choice

    # --- commands -------------------------------------------------------------------------

    def play(self) -> None:
        """Start; while the first narration is still being made, prepare until it exists."""
        if self.state is not State.READY:
            return
        if not self.main.renderer.ready():
            self._set_state(State.PREPARING)
            return
        self._set_state(State.PLAYING)
        self._try_start_at(self._first_frame())

    def _first_frame(self) -> int:
        if self.main.start is not None:
            self.started_from = self.main.start()
        return self.started_from

    def pause(self) -> None:
        if self.state is State.PREPARING:  # before the first words: they wait when made
            self._paused_from = self.state
            self._set_state(State.PAUSED)
        elif self.state in (State.PLAYING, State.GROUNDING) and not self._awaiting_choice:
            if not self._start_when_ready:  # an interlude not begun has nothing to pause
                self.output.pause()
            self._paused_from = self.state
            self._set_state(State.PAUSED)

    def resume(self) -> None:
        if self.state is State.PAUSED and not self._awaiting_choice:
            if self._paused_from is State.PREPARING:
                self.state = State.READY  # as before the first play (not reported)
                self.play()
                return
            if self._restart_at is not None:
                # On whatever device is the default now; with still no sound, stay paused.
                if self._try_start_at(self._restart_at, self._paused_from):
                    self._set_state(self._paused_from)
                return
            self._set_state(self._paused_from)
            if not self._start_when_ready:  # else it begins when its words exist (tick)
                self.output.resume()

    def toggle_pause(self) -> None:
        if self.state is State.PAUSED:
            self.resume()
        else:
            self.pause()

    def skip(self) -> None:
        """To the start of the next instruction (or the end)."""
        if not self.can_move:
            return
        self._follow_plan()
        here = self.position
        index = bisect.bisect_right(self._instructions, here)
        target = (
            self._instructions[index] if index < len(self._instructions) else self.timeline.frames
        )
        self._seek(target)

    def back(self) -> None:
        """To the start of this instruction, or the one before when just past its start."""
        if not self.can_move:
            return
        self._follow_plan()
        here = self.position
        index = bisect.bisect_right(self._instructions, here) - 1
        if index < 0:
            self._seek(0)
            return
        near = BACK_TO_SAME_INSTRUCTION_SECONDS * self.timeline.rate
        if here - self._instructions[index] < near and index > 0:
            index -= 1
        self._seek(self._instructions[index])

    def stop(self) -> None:
        if self.state in (State.FINISHED, State.STOPPED, State.READY):
            return
        if self._sounding():
            self.output.stop()
        self._awaiting_choice = False
        self._start_when_ready = False  # an interlude whose words come later stays unplayed
        self._set_state(State.STOPPED)

    def ground(self) -> None:
        """Pause the exercise and play the grounding interlude."""
        if self._make_grounding is None or self.part is not self.main:
            return
        if self.state not in (State.PLAYING, State.PAUSED, State.PREPARING):
            return
        if self._sounding():
            self._follow_plan()
            here = self.position
            self._left_at = here
            index = bisect.bisect_right(self._instructions, here) - 1
            self._resume_at = self._instructions[index] if index >= 0 else 0
            if self.timeline.unguided:
                self._resume_at = here
            self.output.stop()
        else:  # before the first words: afterwards the exercise begins as it would have
            self._left_at = 0
            self._resume_at = None
        self._paused_from = State.PLAYING
        self._restart_at = None
        self.part = self._make_grounding()
        self._reset_reporting()
        self._set_state(State.GROUNDING)
        if self.part.renderer.ready():
            self._try_start_at(0)
        else:
            self._start_when_ready = True  # its first words are still being made

    def continue_after_grounding(self) -> None:
        if not self._awaiting_choice:
            return
        self._awaiting_choice = False
        self.part = self.main
        self._reset_reporting()
        if self._resume_at is None:
            # Grounded before the first words: begin as play() does, once they exist (for a
            # continued session, everything before its place). The step back is not reported.
            self.state = State.READY
            self.play()
            return
        self._set_state(State.PLAYING)
        self._try_start_at(self._resume_at)

    def end_after_grounding(self) -> None:
        if self._awaiting_choice:
            self._awaiting_choice = False
            self.ended_by_grounding = True
            self.part = self.main
            self._set_state(State.STOPPED)

    def set_volume(self, volume: float) -> None:
        self.output.set_volume(max(0.0, min(1.0, volume)))

    def set_ambient_level(self, level: float) -> None:
        if self.main.ambient_level is not None:
            self.main.ambient_level(max(0.0, min(1.0, level)))

    # --- the clock ------------------------------------------------------------------------

    def tick(self) -> None:
        """Read the audio clock and report what changed."""
        if self._renderer_failed():
            return
        if self.state is State.PREPARING and self.main.renderer.ready():
            self._set_state(State.PLAYING)
            self._try_start_at(self._first_frame())
        if (
            self._start_when_ready
            and self.state is State.GROUNDING  # not while paused: it waits for Resume
            and self.part.renderer.ready()
        ):
            self._start_when_ready = False
            self._try_start_at(0)
        if self._start_when_ready:
            return
        if self.state not in (State.PLAYING, State.PAUSED, State.GROUNDING):
            return
        if not self._sounding():  # paused before the first words: nothing plays yet
            return
        self.output.pump()
        position = self.position
        self._report(position)
        self._report_waiting()
        if self.state is State.PAUSED:
            return
        # Finished when the output has played everything: an output whose clock runs ahead of
        # its sound (simpleaudio through a buffering ALSA plugin) would otherwise be cut short.
        # The margin only guards against an output that never says it is drained.
        overdue = False
        if position >= self.timeline.frames:
            if self._end_reached_at is None:
                self._end_reached_at = self.clock.now()
            overdue = self.clock.now() - self._end_reached_at > DRAIN_MARGIN_SECONDS
        if self.output.drained() or overdue:
            self.output.stop()
            if self.part is self.main:
                self._set_state(State.FINISHED)
            else:
                self._awaiting_choice = True
                self._set_state(State.PAUSED)
                if self.listener.grounding_done:
                    self.listener.grounding_done()

    # --- internals ------------------------------------------------------------------------

    def _renderer_failed(self) -> bool:
        """A renderer that could not make its sounds ends the session (stopped, with its
        message in `failure`) instead of leaving it waiting for sound that never comes."""
        if self.state in (State.FINISHED, State.STOPPED):
            return False
        for part in (self.main, self.part):
            failure = getattr(part.renderer, "failure", None)
            if isinstance(failure, BodyscanError):
                self.failure = failure
                if self._sounding():
                    self.output.stop()
                self._awaiting_choice = False
                self._set_state(State.STOPPED)
                return True
        return False

    def _sounding(self) -> bool:
        """The output has been started for this session (it may be paused since)."""
        if self.state in (State.READY, State.PREPARING):
            return False
        return not (self.state is State.PAUSED and self._paused_from is State.PREPARING)

    def _output_lost(self, reason: str) -> None:
        """The device went away: pause where the sound stopped, never finish or crash."""
        if self.state not in (State.PLAYING, State.GROUNDING):
            return
        self._restart_at = self._base + self.output.played_frames()
        self._paused_from = self.state
        self._set_state(State.PAUSED)
        if self.listener.device_lost:
            self.listener.device_lost(reason)

    def _try_start_at(self, frame: int, playing_state: State | None = None) -> bool:
        """Start the output at `frame`; without sound, pause there and say so (never raise)."""
        try:
            self._start_at(frame)
        except BodyscanError as exc:
            log.info("no sound: %s", exc.short)
            self._restart_at = frame
            if playing_state is not None:
                self._paused_from = playing_state
            elif self.state is not State.PAUSED:
                self._paused_from = self.state
            if self.state is not State.PAUSED:
                self._set_state(State.PAUSED)
            if self.listener.device_lost:
                self.listener.device_lost(exc.short)
            return False
        self._restart_at = None
        return True

    def _start_at(self, frame: int) -> None:
        self._base = frame
        self._end_reached_at = None
        source = RangeSource(self.part.renderer, frame, self.timeline.rate // 4)
        self.output.start(source, self.timeline.rate, 2)
        self._report(frame)

    def _report_waiting(self) -> None:
        waited = getattr(self.main.renderer, "waited_frames", 0)
        if waited != self._waited:
            self._waited = waited
            seconds = waited / self.main.timeline.rate
            log.info("waited %.2f s for narration so far", seconds)
            if self.listener.waited:
                self.listener.waited(seconds)

    def _seek(self, frame: int) -> None:
        if self._restart_at is not None:  # no sound yet: only the place to play on moves
            self._restart_at = frame
            self._report(frame)
            return
        paused = self.state is State.PAUSED
        self.output.stop()
        if self._try_start_at(frame) and paused:
            self.output.pause()

    def _reset_reporting(self) -> None:
        self._event_index = -1
        self._phase_key = None
        self._planned = None

    def _follow_plan(self) -> Timeline:
        """The current plan, with the lookup tables rebuilt when it has changed."""
        timeline = self.timeline
        if timeline is not self._planned:
            self._planned = timeline
            self._starts = [e.start for e in timeline.events]
            self._instructions = timeline.instruction_starts()
        return timeline

    def _set_state(self, state: State) -> None:
        self.state = state
        if self.listener.state:
            self.listener.state(state)

    def _report(self, position: int) -> None:
        events = self._follow_plan().events
        if not events:
            return
        index = max(0, bisect.bisect_right(self._starts, position) - 1)
        if index != self._event_index:
            self._event_index = index
            event = events[index]
            if self.listener.event:
                self.listener.event(event)
            if self.listener.caption:
                current = event.text if event.type == "say" else self._caption_for(event)
                upcoming = next((e.text for e in events[index + 1 :] if e.type == "say"), "")
                self.listener.caption(current, upcoming)
        self._report_phase(events[index], position)
        if self.listener.position:
            self.listener.position(position, self.timeline.frames)

    def _caption_for(self, event: Event) -> str:
        if event.type == "breathe":
            return "Follow the circle, breathing at your own comfort."
        # Keep the last instruction on screen through pauses and bells.
        for earlier in reversed(self.timeline.events[: event.index]):
            if earlier.type == "say":
                return earlier.text
        return ""

    def _report_phase(self, event: Event, position: int) -> None:
        if not self.listener.phase:
            return
        if event.type != "breathe" or not event.phases:
            if self._phase_key is not None:
                self._phase_key = None
                self.listener.phase(None, 0)
            return
        starts = [p.start for p in event.phases]
        index = max(0, bisect.bisect_right(starts, position) - 1)
        phase = event.phases[index]
        left = -(-(phase.end - position) // self.timeline.rate)  # whole seconds, rounded up
        key = (phase.start, left)
        if key != self._phase_key:
            self._phase_key = key
            self.listener.phase(phase, left)

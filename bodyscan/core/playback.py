"""What the session controller needs from audio, as protocols: core stays free of devices.

A `FrameSource` hands out the session's frames in order; an `AudioOutput` pulls them and plays
them, and says how many frames it has actually played: that count is the session's clock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from bodyscan.core.timeline import Timeline


class FrameSource(Protocol):
    def read(self, frames: int) -> Any:
        """The next frames as int16 (frames, channels); fewer, or none, at the end."""
        ...


class Renderer(Protocol):
    """Renders any range of a planned session (the audio mixer, or render-ahead around it)."""

    @property
    def timeline(self) -> Timeline:
        """The current plan; render-ahead replaces it as narration arrives."""
        ...

    def render(self, start: int, end: int) -> Any: ...

    def ready(self) -> bool:
        """There is something to play (render-ahead: the first sentence exists)."""
        ...

    def ready_until(self) -> int:
        """Frames that can be rendered now without waiting for narration."""
        ...


class AudioOutput(Protocol):
    name: str

    def start(self, source: FrameSource, rate: int, channels: int) -> None:
        """Begin playing frames pulled from the source; raises OutputUnavailable."""
        ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def stop(self) -> None:
        """Stop and forget the source; played_frames() keeps its last value."""
        ...

    def played_frames(self) -> int:
        """Frames actually played since start(): the audio clock."""
        ...

    def drained(self) -> bool:
        """True when the source has ended and every frame of it has been played."""
        ...

    def set_volume(self, volume: float) -> None: ...

    def pump(self) -> None:
        """Give the output a chance to work from the caller's thread (a no-op for most)."""
        ...

    def set_lost_handler(self, handler: Callable[[str], None]) -> None:
        """Who to tell (with a reason) when the device goes away while playing."""
        ...


class RangeSource:
    """A renderer's frames from `start` to the end of its (possibly growing) plan, in order.

    A read stops where narration is still missing, so an output that reads far ahead (the
    simpleaudio one reads ten seconds at once) does not make the player wait needlessly. When
    nothing more exists yet, it reads a short step, and the renderer waits there in silence.
    """

    def __init__(self, renderer: Renderer, start: int, wait_frames: int = 12000) -> None:
        self.renderer = renderer
        self.cursor = start
        self.wait_frames = wait_frames

    def read(self, frames: int) -> Any:
        stop = min(self.renderer.timeline.frames, self.cursor + frames)
        ready = self.renderer.ready_until()
        # Up to where narration exists; or, when nothing more exists yet, a short wait.
        limit = ready if ready > self.cursor else self.cursor + self.wait_frames
        stop = min(stop, limit)
        block = self.renderer.render(self.cursor, stop)
        self.cursor = max(self.cursor, stop)
        return block

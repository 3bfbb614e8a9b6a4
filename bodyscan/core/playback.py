"""What the session controller needs from audio, as protocols: core stays free of devices.

A `FrameSource` hands out the session's frames in order; an `AudioOutput` pulls them and plays
them, and says how many frames it has actually played: that count is the session's clock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class FrameSource(Protocol):
    def read(self, frames: int) -> Any:
        """The next frames as int16 (frames, channels); fewer, or none, at the end."""
        ...


class Renderer(Protocol):
    """Renders any range of a planned session (the audio mixer)."""

    def render(self, start: int, end: int) -> Any: ...


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
    """Frames [start, end) of a renderer, read in order."""

    def __init__(self, renderer: Renderer, start: int, end: int) -> None:
        self.renderer = renderer
        self.cursor = start
        self.end = end

    def read(self, frames: int) -> Any:
        stop = min(self.end, self.cursor + frames)
        block = self.renderer.render(self.cursor, stop)
        self.cursor = stop
        return block

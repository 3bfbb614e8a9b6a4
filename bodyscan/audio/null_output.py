"""An output with no sound device: it follows a clock, pulling frames as a device would.

Used when no sound device is available (captions still run, timed exactly) and in fast tests
with a fake clock. It renders what it pulls, so the mixer's work is the same as on a device.
"""

from __future__ import annotations

from collections.abc import Callable

from bodyscan.core.clock import Clock
from bodyscan.core.playback import FrameSource


class NullOutput:
    name = "null"

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._source: FrameSource | None = None
        self._rate = 48000
        self._started = 0.0
        self._paused_at: float | None = None
        self._paused_total = 0.0
        self._pulled = 0
        self._ended = False
        self._played = 0
        self.volume = 1.0

    def start(self, source: FrameSource, rate: int, channels: int) -> None:
        self._source = source
        self._rate = rate
        self._started = self.clock.now()
        self._paused_at = None
        self._paused_total = 0.0
        self._pulled = 0
        self._played = 0
        self._ended = False

    def _elapsed_frames(self) -> int:
        now = self._paused_at if self._paused_at is not None else self.clock.now()
        return max(0, int((now - self._started - self._paused_total) * self._rate))

    def pump(self) -> None:
        """Pull (and so render) everything the clock says has been played by now."""
        if self._source is None:
            return
        wanted = self._elapsed_frames()
        while self._pulled < wanted and not self._ended:
            block = self._source.read(min(wanted - self._pulled, self._rate))
            count = int(block.shape[0])
            self._pulled += count
            if count == 0:
                self._ended = True
        self._played = min(wanted, self._pulled)

    def pause(self) -> None:
        if self._paused_at is None:
            self.pump()
            self._paused_at = self.clock.now()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._paused_total += self.clock.now() - self._paused_at
            self._paused_at = None

    def stop(self) -> None:
        self.pump()
        self._source = None

    def played_frames(self) -> int:
        self.pump()
        return self._played

    def drained(self) -> bool:
        self.pump()
        return self._ended and self._played >= self._pulled

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def set_lost_handler(self, handler: Callable[[str], None]) -> None:
        return None  # there is no device to lose

"""The ALSA fallback output, for systems without PulseAudio or PipeWire (simpleaudio-patched).

simpleaudio plays whole buffers and cannot stream or report a position, so a worker thread
plays the session in chunks of a few seconds, and the position is the time since the current
chunk began. Pausing stops the chunk and keeps the frame; resuming plays on from that frame.
Chunk boundaries can leave a gap of a few milliseconds (a new ALSA stream each time): the Qt
output, when available, is gapless.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from bodyscan.core.clock import Clock, MonotonicClock
from bodyscan.core.playback import FrameSource
from bodyscan.errors import BodyscanError

log = logging.getLogger(__name__)

CHUNK_SECONDS = 10
POLL_SECONDS = 0.005


class SimpleaudioUnavailable(BodyscanError):
    """simpleaudio is missing or ALSA cannot play."""


def _module() -> Any:
    try:
        import simpleaudio  # noqa: PLC0415 - an optional extra
    except ImportError as exc:
        raise SimpleaudioUnavailable(
            "the simpleaudio output is not installed",
            "Install it with `pip install 'bodyscan[simpleaudio]'` (needs gcc and libasound2-dev).",
        ) from exc
    return simpleaudio


def alsa_works() -> bool:
    """True when simpleaudio is installed and ALSA's default device takes a short silence."""
    try:
        simpleaudio = _module()
        simpleaudio.play_buffer(bytes(4 * 480), 2, 2, 48000).wait_done()
    except Exception:  # missing module, no device, busy device: all mean "not this output"
        return False
    return True


class SimpleaudioOutput:
    name = "simpleaudio"

    def __init__(self, clock: Clock | None = None) -> None:
        self.simpleaudio = _module()
        self.clock = clock or MonotonicClock()
        self.volume = 1.0
        self._lock = threading.Condition()
        self._thread: threading.Thread | None = None
        self._reset()

    def _reset(self) -> None:
        self._source: FrameSource | None = None
        self._chunk: np.ndarray | None = None  # the chunk being played
        self._chunk_start = 0  # frames before the chunk
        self._offset = 0  # where in the chunk playing (re)started
        self._started_at: float | None = None  # clock time when it (re)started; None when idle
        self._played_before_pause = 0
        self._paused = False
        self._stopping = False
        self._ended = False
        self._play: Any = None
        self._generation = 0

    def start(self, source: FrameSource, rate: int, channels: int) -> None:
        self.stop()
        with self._lock:
            self._reset()
            self._source = source
            self.rate = rate
            self.channels = channels
            self._generation += 1
            generation = self._generation
        self._thread = threading.Thread(
            target=self._run, args=(generation,), name="simpleaudio", daemon=True
        )
        self._thread.start()

    def _run(self, generation: int) -> None:
        try:
            while True:
                with self._lock:
                    while self._paused and not self._stopping:
                        self._lock.wait()
                    if self._stopping or generation != self._generation or self._source is None:
                        return
                    if self._chunk is None or self._offset >= self._chunk.shape[0]:
                        if self._chunk is not None:
                            self._chunk_start += self._chunk.shape[0]
                        self._chunk = self._source.read(self.rate * CHUNK_SECONDS)
                        self._offset = 0
                        if self._chunk.shape[0] == 0:
                            self._ended = True
                            self._started_at = None
                            return
                    audio = self._chunk[self._offset :]
                    if self.volume != 1.0:
                        audio = np.round(audio * self.volume).astype(np.int16)
                    self._play = self.simpleaudio.play_buffer(
                        np.ascontiguousarray(audio).tobytes(), self.channels, 2, self.rate
                    )
                    self._started_at = self.clock.now()
                    play = self._play
                # Not play.wait_done(): after stop() ALSA can report "playing" until the buffer
                # would have ended, so a pause would never be noticed. Poll, and watch the flags.
                while play.is_playing():
                    with self._lock:
                        if self._paused or self._stopping or generation != self._generation:
                            break
                    time.sleep(POLL_SECONDS)
                with self._lock:
                    if not self._paused and not self._stopping and self._chunk is not None:
                        self._offset = self._chunk.shape[0]
        except Exception:  # ALSA errors must not kill the app; the session sees a stall
            log.warning("simpleaudio playback failed", exc_info=True)
            with self._lock:
                self._ended = True

    def _position(self) -> int:
        if self._chunk is None:
            return self._chunk_start
        within = self._offset
        if self._started_at is not None and not self._paused:
            elapsed = int((self.clock.now() - self._started_at) * self.rate)
            within = min(self._chunk.shape[0], self._offset + elapsed)
        return self._chunk_start + within

    def pause(self) -> None:
        with self._lock:
            if self._paused or self._chunk is None:
                return
            self._offset = self._position() - self._chunk_start
            self._paused = True
            self._started_at = None
            play = self._play
        if play is not None:
            play.stop()

    def resume(self) -> None:
        with self._lock:
            if self._paused:
                self._paused = False
                self._lock.notify_all()

    def stop(self) -> None:
        with self._lock:
            if self._source is None and self._thread is None:
                return
            self._played_before_pause = self._position()
            self._stopping = True
            self._lock.notify_all()
            play = self._play
        if play is not None:
            play.stop()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        with self._lock:
            kept = self._played_before_pause
            self._reset()
            self._chunk_start = kept

    def played_frames(self) -> int:
        with self._lock:
            return self._position()

    def drained(self) -> bool:
        with self._lock:
            return self._ended

    def set_volume(self, volume: float) -> None:
        self.volume = volume  # applies from the next chunk or resume

    def pump(self) -> None:
        return None

    def set_lost_handler(self, handler: Callable[[str], None]) -> None:
        return None  # ALSA errors end playback; the session then sees the output drained

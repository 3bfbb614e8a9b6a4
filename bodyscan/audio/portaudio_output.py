"""Live sound through PortAudio (`sounddevice`): the fallback when Qt has no sound device.

A callback stream is gapless: PortAudio's thread asks for the next few milliseconds and the
callback only copies frames prepared about a second ahead by `pump()` (called from the
session's tick, where the mixer renders them). Position is the count of the session's frames
whose time at the speaker (PortAudio's `outputBufferDacTime` for each callback) has come, so
captions follow what is heard, not a wall clock.

Pausing does not stop the stream: the callback hands out silence instead of the next frames.
Stopping a stream would drop the audio already queued in ALSA and the sound server, and which
of it had been heard can only be estimated; a stream that keeps running plays every frame it
was given exactly once, so resume goes on from the very next frame. The price is that a pause
takes effect after what is queued (`LATENCY_SECONDS`) has played.
"""

from __future__ import annotations

import ctypes
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import numpy as np

from bodyscan.audio.sound_server import quiet_stderr
from bodyscan.core.playback import FrameSource
from bodyscan.errors import OutputUnavailable

log = logging.getLogger(__name__)

AHEAD_SECONDS = 1.0  # prepared in the caller's thread: rides out a busy moment of the machine
# What PortAudio keeps queued at the device (through ALSA's pulse plugin this becomes the
# PulseAudio stream's buffer). Shorter makes pausing quicker; longer survives a busy machine
# (the callback needs Python's GIL in time): 100 ms, as the Qt output asks of PulseAudio.
LATENCY_SECONDS = 0.1
# Callbacks come every few tens of milliseconds; none for this long while playing means the
# device or the sound server is gone (PortAudio itself may wait forever on a dead server).
STALL_SECONDS = 2.0

_stale = False  # PortAudio's device list was made before the sound server went away


def portaudio() -> Any:
    """sounddevice, with PortAudio initialised quietly (it probes every ALSA device at start and
    ALSA prints what it cannot open to the terminal). After a lost device it is initialised
    again, since PortAudio only looks for devices once."""
    global _stale  # noqa: PLW0603 - PortAudio's initialisation is process-wide, like this flag
    try:
        with quiet_stderr():
            import sounddevice  # noqa: PLC0415 - loads libportaudio2, only when this output is used

            if _stale:
                sounddevice._terminate()
                sounddevice._initialize()
                _stale = False
    except OSError as exc:  # sounddevice raises OSError when libportaudio2 is missing
        raise OutputUnavailable(
            "the PortAudio library is not installed",
            "Install libportaudio2 (Debian, Ubuntu), portaudio (Fedora, Arch) or use --output qt.",
        ) from exc
    return sounddevice


def available() -> bool:
    """True when PortAudio has a default output device (probing quietly)."""
    try:
        sounddevice = portaudio()
        with quiet_stderr():
            sounddevice.query_devices(kind="output")
    except Exception:  # no library, no device: both mean "not this output"
        return False
    return True


def _ask_for_realtime(sounddevice: Any, stream: Any) -> None:
    """Ask PortAudio's ALSA host to run the callback thread with real-time scheduling, where
    the system allows it (root, or an rtprio limit). A late callback empties the device's
    queue (100 ms) and a gap is heard; the timing-critical thread should win over a busy
    machine. sounddevice does not wrap this ALSA-only call, so it goes through ctypes."""
    try:
        hostapi = sounddevice.query_hostapis(sounddevice.query_devices(stream.device)["hostapi"])
        if hostapi["name"] != "ALSA":
            return
        library = ctypes.CDLL(sounddevice._libname)
        library.PaAlsa_EnableRealtimeScheduling.argtypes = [ctypes.c_void_p, ctypes.c_int]
        library.PaAlsa_EnableRealtimeScheduling(
            int(sounddevice._ffi.cast("uintptr_t", stream._ptr)), 1
        )
    except Exception:  # an optional improvement: never a reason not to play
        log.info("could not ask for real-time scheduling of the sound thread", exc_info=True)


class PortAudioOutput:
    name = "portaudio"

    def __init__(self) -> None:
        self.volume = 1.0
        self.on_device_lost: Callable[[str], None] | None = None
        self._lock = threading.Lock()
        self._stream: Any = None
        self._last_played = 0
        self._reset(None, 48000)

    def _reset(self, source: FrameSource | None, rate: int) -> None:
        self._source = source
        self.rate = rate
        self._pending: deque[np.ndarray] = deque()  # prepared frames, oldest first
        self._head = 0  # frames of _pending[0] already handed out
        self._prepared = 0  # frames in _pending not yet handed out
        self._source_ended = False
        self._written = 0  # session frames handed to the device
        # (time at the speaker, first frame, count) for each callback that carried frames
        self._marks: deque[tuple[float, int, int]] = deque(maxlen=8192)
        self._paused = False
        self._lost = False
        self._finished = False  # PortAudio ended the stream on its own
        self._last_callback = time.monotonic()
        self._callback_time = 0.0  # stream time of the last callback
        self._underruns = 0

    # --- the device's thread ----------------------------------------------------------------

    def _callback(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        with self._lock:
            self._last_callback = time.monotonic()
            if status.output_underflow:  # the device ran dry before this callback came
                self._underruns += 1
            self._callback_time = time_info.currentTime
            taken = 0
            if not self._paused:
                while taken < frames and self._pending:
                    block = self._pending[0]
                    count = min(frames - taken, block.shape[0] - self._head)
                    outdata[taken : taken + count] = block[self._head : self._head + count]
                    taken += count
                    self._head += count
                    if self._head >= block.shape[0]:
                        self._pending.popleft()
                        self._head = 0
                self._prepared -= taken
                if taken < frames and not self._source_ended:
                    self._underruns += 1
            outdata[taken:] = 0
            if taken:
                if self.volume != 1.0:
                    outdata[:taken] = np.round(outdata[:taken] * self.volume).astype(np.int16)
                at_speaker = time_info.outputBufferDacTime or (
                    time_info.currentTime + LATENCY_SECONDS
                )
                self._marks.append((at_speaker, self._written, taken))
                self._written += taken

    def _finished_callback(self) -> None:
        with self._lock:
            self._finished = True

    # --- commands ---------------------------------------------------------------------------

    def start(self, source: FrameSource, rate: int, channels: int) -> None:
        self.stop()
        global _stale  # noqa: PLW0603
        sounddevice = portaudio()
        with self._lock:
            self._reset(source, rate)
        self._fill()
        try:
            with quiet_stderr():
                stream = sounddevice.OutputStream(
                    samplerate=rate,
                    channels=channels,
                    dtype="int16",
                    latency=LATENCY_SECONDS,
                    callback=self._callback,
                    finished_callback=self._finished_callback,
                )
                _ask_for_realtime(sounddevice, stream)
                stream.start()
        except Exception as exc:  # PortAudioError, or ValueError for "no default device"
            _stale = True  # look for devices afresh next time: the server may come back
            log.info("PortAudio could not open the default output: %s", exc)
            with self._lock:
                self._source = None
            raise OutputUnavailable(
                "no sound: the sound device could not be opened",
                "Check that the sound server (PulseAudio or PipeWire) runs, or use --output null.",
            ) from exc
        self._stream = stream

    def pump(self) -> None:
        self._fill()
        self._watch()

    def _fill(self) -> None:
        """Render up to AHEAD_SECONDS ahead, here in the caller's thread, never in the device's."""
        if self._source is None:
            return
        wanted = int(self.rate * AHEAD_SECONDS)
        while not self._source_ended:
            with self._lock:
                if self._prepared >= wanted:
                    return
            block = np.ascontiguousarray(self._source.read(self.rate // 10), dtype=np.int16)
            with self._lock:
                if block.shape[0] == 0:
                    self._source_ended = True
                else:
                    self._pending.append(block)
                    self._prepared += int(block.shape[0])

    def _watch(self) -> None:
        """Notice a device or sound server that went away, and say so once."""
        if self._stream is None or self._lost:
            return
        with self._lock:
            stalled = time.monotonic() - self._last_callback > STALL_SECONDS
            finished, underruns, self._underruns = self._finished, self._underruns, 0
        if underruns:
            log.info("the sound device ran dry %d times (a gap in the sound)", underruns)
        if finished or stalled:
            log.info("PortAudio stream %s", "ended by itself" if finished else "stalled")
            self._device_lost("the sound stopped: the sound device or sound server went away")

    def _device_lost(self, reason: str) -> None:
        global _stale  # noqa: PLW0603
        _stale = True
        self._last_played = self._heard(self._callback_time)
        self._lost = True
        self._close()
        if self.on_device_lost is not None:
            self.on_device_lost(reason)

    def pause(self) -> None:
        with self._lock:
            self._paused = True

    def resume(self) -> None:
        with self._lock:
            self._paused = False

    def stop(self) -> None:
        if self._stream is not None:
            self._last_played = self.played_frames()
            self._close()
        with self._lock:
            self._source = None

    def _close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        try:
            with quiet_stderr():
                stream.abort()  # drops what is queued: this is a stop, not a pause
                stream.close()
        except Exception:  # a dead server can make closing fail; the stream is gone either way
            log.info("closing the PortAudio stream failed", exc_info=True)

    # --- the clock --------------------------------------------------------------------------

    def _heard(self, now: float) -> int:
        """Session frames whose time at the speaker has come by stream time `now`."""
        with self._lock:
            while len(self._marks) > 1 and self._marks[1][0] <= now:
                self._marks.popleft()
            if not self._marks:
                return self._written
            at_speaker, first, count = self._marks[0]
            if at_speaker > now:
                return first
            return first + min(count, int((now - at_speaker) * self.rate))

    def played_frames(self) -> int:
        stream = self._stream
        if stream is None:
            return self._last_played
        try:
            now = stream.time
        except Exception:  # the stream died under us: what was heard until the last callback
            now = self._callback_time
        return self._heard(now)

    def drained(self) -> bool:
        if self._stream is None:
            return not self._lost
        with self._lock:
            ended = self._source_ended and not self._pending
            written = self._written
        return ended and self.played_frames() >= written

    def set_volume(self, volume: float) -> None:
        self.volume = volume  # the callback applies it to the next frames it hands out

    def set_lost_handler(self, handler: Callable[[str], None]) -> None:
        self.on_device_lost = handler

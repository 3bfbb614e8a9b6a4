"""Live sound through Qt Multimedia: a QAudioSink in pull mode, fed by the session's frames.

Lives in bodyscan.ui because it is Qt. A timer keeps a prepared buffer about a second ahead of the
device (rendering happens there, never in the device's read), so playback is gapless and the
ambient bed runs unbroken across steps. Position is the sink's processed time: frames the
device has actually taken. A device that disappears pauses the session with a message instead
of crashing or hanging.

A sound server that dies is worse: Qt's PulseAudio backend loses its connection for good (it
does not reconnect in the same process, measured with Qt 6.11), and the next sink it builds
aborts the whole process inside libpulse (`Assertion 'c' failed`). So this output checks the
server itself (bodyscan.audio.sound_server) before it touches a sink, and once Qt's connection
is dead it plays on through PortAudio, which can connect afresh.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QIODevice, QObject, QTimer, Slot
from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices, QtAudio

from bodyscan.audio.sound_server import server_identity, server_running
from bodyscan.core.playback import FrameSource
from bodyscan.errors import OutputUnavailable

if TYPE_CHECKING:
    # numpy and PortAudio load only when the fallback is needed, not with the window.
    from bodyscan.audio.portaudio_output import PortAudioOutput

log = logging.getLogger(__name__)

AHEAD_SECONDS = 1.0  # rides out a busy moment of the machine without an underrun
FILL_INTERVAL_MS = 100
DEVICE_BUFFER_SECONDS = 0.5
# Qt's PulseAudio stream asks the server for about 21 ms of buffering, whatever the sink's
# buffer size, so a GUI thread busy for longer than that (or a busy machine) leaves a gap in
# the sound; on this machine a 10-minute session gained 0.12 to 0.25 s that way (and so did a
# bare QAudioSink reading a QBuffer). libpulse reads this variable when a stream connects:
# with 100 ms the gaps are gone and pausing still cuts the sound at once (the stream is
# corked). The price: Qt's position runs about 60 ms ahead of what is heard, so a caption
# shows that much before its words, which nobody notices. A value the user set is kept.
PULSE_LATENCY_MSEC = "100"
# PulseAudio can take a sink away without Qt saying anything: the stream stays "active" and its
# processed time just stops. Longer than this with data waiting means the device is gone
# (device start takes about a second, so this cannot fire on a healthy start).
STALL_SECONDS = 3.0
TAIL_SECONDS = int(PULSE_LATENCY_MSEC) / 1000 + 0.05  # PulseAudio's buffer, played out at the end
# Sooner than that, a stall makes the output ask whether the sound server is still there.
SERVER_CHECK_SECONDS = 0.5

# The server Qt's PulseAudio backend connected to (its socket and inode), and whether that
# connection is known dead. Both are process-wide, as Qt's backend is.
_qt_server: tuple[str, int] | None = None
_qt_dead = False


def _qt_connection_dead() -> bool:
    """True once the server Qt connected to has gone (even if a new one runs now)."""
    global _qt_dead  # noqa: PLW0603
    if not _qt_dead and _qt_server is not None and server_identity() != _qt_server:
        log.info("the sound server Qt was connected to has gone")
        _qt_dead = True
    return _qt_dead


class _PullDevice(QIODevice):
    """What the sink reads from: only copies prepared bytes."""

    def __init__(self) -> None:
        super().__init__()
        self.buffer = bytearray()
        self.ended = False

    def isSequential(self) -> bool:
        return True

    def bytesAvailable(self) -> int:
        # Opened unbuffered, so QIODevice holds nothing of its own to add (the sink asks this
        # often; skipping the base call halves its cost).
        return len(self.buffer)

    def readData(self, maxlen: int) -> bytes:
        size = min(maxlen, len(self.buffer))
        size -= size % 4  # whole stereo 16-bit frames only
        chunk = bytes(self.buffer[:size])
        del self.buffer[:size]
        return chunk

    def writeData(self, data: bytes | bytearray | memoryview, length: int, /) -> int:
        return -1  # read-only: the sink only reads


def _remember_server() -> None:
    """Note which server Qt's backend connects to; call before anything touches QtMultimedia
    (its first use connects the backend, once for the process)."""
    global _qt_server  # noqa: PLW0603
    if _qt_server is None:
        _qt_server = server_identity()


def available() -> bool:
    """True when Qt can play: it lists a device and its connection to the server is alive."""
    _remember_server()
    if _qt_connection_dead():
        return False
    return bool(QMediaDevices.audioOutputs())


def devices() -> list[tuple[str, str]]:
    """(id, description) of every output device, for Settings."""
    _remember_server()
    if _qt_connection_dead():
        return []
    return [
        (bytes(d.id().data()).decode(errors="replace"), d.description())
        for d in QMediaDevices.audioOutputs()
    ]


class QtOutput(QObject):
    name = "qt"

    def __init__(
        self, on_device_lost: Callable[[str], None] | None = None, device: str = ""
    ) -> None:
        super().__init__()
        _remember_server()
        self.wanted_device = device  # a device id from Settings; "" is the system default
        self.on_device_lost = on_device_lost
        self.sink: QAudioSink | None = None
        self.device: _PullDevice | None = None
        self.source: FrameSource | None = None
        self.rate = 48000
        self.pulled = 0  # frames handed to the device buffer
        self.volume = 1.0
        self.lost = False
        self._progress = (-1, time.monotonic())
        self._suspended = False
        self._last_played = 0
        self.timer = QTimer(self)
        self.timer.setInterval(FILL_INTERVAL_MS)
        self.timer.timeout.connect(self.pump)
        self.devices = QMediaDevices(self)
        self.devices.audioOutputsChanged.connect(self._outputs_changed)
        self._device_id = b""
        self.fallback: PortAudioOutput | None = None  # plays once Qt's connection is dead
        self._given_all_at: float | None = None  # when the sink went idle with nothing left

    def start(self, source: FrameSource, rate: int, channels: int) -> None:
        self.stop()
        self.fallback = None
        if not available():
            if not server_running():
                raise OutputUnavailable(
                    "no sound: the sound server is not running",
                    "Start PulseAudio or PipeWire (or plug the device back in), then resume.",
                )
            log.info("Qt cannot reach the sound server again in this process; using PortAudio")
            from bodyscan.audio.portaudio_output import PortAudioOutput  # noqa: PLC0415

            fallback = PortAudioOutput()
            fallback.set_lost_handler(self._fallback_lost)
            fallback.set_volume(self.volume)
            fallback.start(source, rate, channels)
            self.fallback, self.lost = fallback, False
            self.timer.start()  # pumps the fallback even when no session tick does
            return
        outputs = QMediaDevices.audioOutputs()
        if not outputs:
            raise OutputUnavailable("no sound device found", "Captions will still run.")
        device_info = next(
            (
                d
                for d in outputs
                if bytes(d.id().data()).decode(errors="replace") == self.wanted_device
            ),
            QMediaDevices.defaultAudioOutput(),
        )
        self._device_id = bytes(device_info.id().data())
        audio_format = QAudioFormat()
        audio_format.setSampleRate(rate)
        audio_format.setChannelCount(channels)
        audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if not device_info.isFormatSupported(audio_format):
            raise OutputUnavailable(f"the sound device cannot play {rate} Hz stereo")
        self.source = source
        self.rate = rate
        self.lost = False
        self.pulled = 0
        self._last_played = 0
        self._given_all_at = None
        self.device = _PullDevice()
        self.device.open(QIODevice.OpenModeFlag.ReadOnly | QIODevice.OpenModeFlag.Unbuffered)
        self._fill()
        os.environ.setdefault("PULSE_LATENCY_MSEC", PULSE_LATENCY_MSEC)
        self.sink = QAudioSink(device_info, audio_format, self)
        self.sink.setVolume(self.volume)
        # Half a second in the device rides out a busy moment of the GUI thread (which feeds
        # it) without an underrun; the position is latency-corrected, so captions stay exact.
        self.sink.setBufferSize(int(rate * 4 * DEVICE_BUFFER_SECONDS))
        self.sink.stateChanged.connect(self._state_changed)
        self.sink.start(self.device)
        if self.sink.error() != QtAudio.Error.NoError:
            error = self.sink.error()
            self.stop()
            raise OutputUnavailable("the sound device could not be opened", str(error))
        self._suspended = False
        self._progress = (-1, time.monotonic())
        self.timer.start()

    def _fill(self) -> None:
        if self.device is None or self.source is None or self.device.ended:
            return
        wanted = int(self.rate * AHEAD_SECONDS) * 4
        added = False
        while len(self.device.buffer) < wanted:
            block = self.source.read(self.rate // 10)
            if block.shape[0] == 0:
                self.device.ended = True
                break
            self.device.buffer += block.astype("<i2").tobytes()
            self.pulled += int(block.shape[0])
            added = True
        if added:
            self.device.readyRead.emit()

    @Slot()
    def pump(self) -> None:
        if self.fallback is not None:
            self.fallback.pump()
            return
        self._fill()
        self._watch_for_stall()

    def _watch_for_stall(self) -> None:
        if self.sink is None or self._suspended or self.device is None or not self.device.buffer:
            self._progress = (-1, time.monotonic())
            return
        processed = int(self.sink.processedUSecs())
        last, since = self._progress
        if processed != last:
            self._progress = (processed, time.monotonic())
        elif time.monotonic() - since > SERVER_CHECK_SECONDS and _qt_connection_dead():
            log.info("sound server gone at %d us", processed)
            self._lost("the sound stopped: the sound server went away")
        elif time.monotonic() - since > STALL_SECONDS:
            log.info("sound device stalled at %d us", processed)
            self._lost("the sound device stopped responding")

    @Slot(QtAudio.State)
    def _state_changed(self, state: QtAudio.State) -> None:
        if self.sink is None:
            return
        error = self.sink.error()
        if state == QtAudio.State.StoppedState and error not in (
            QtAudio.Error.NoError,
            QtAudio.Error.UnderrunError,
        ):
            log.info("sound device stopped: %s", error)
            self._lost("the sound device stopped working")

    @Slot()
    def _outputs_changed(self) -> None:
        ids = {bytes(d.id().data()) for d in QMediaDevices.audioOutputs()}
        if self.sink is not None and self._device_id not in ids:
            self._lost("the sound device was disconnected")

    def _lost(self, reason: str) -> None:
        self.stop()
        self.lost = True  # not drained: the rest was never played
        if self.on_device_lost is not None:
            self.on_device_lost(reason)

    def _fallback_lost(self, reason: str) -> None:
        self.lost = True
        if self.on_device_lost is not None:
            self.on_device_lost(reason)

    def pause(self) -> None:
        if self.fallback is not None:
            self.fallback.pause()
        elif self.sink is not None and not self._suspended:
            self.sink.suspend()
            self._suspended = True

    def resume(self) -> None:
        if self.fallback is not None:
            self.fallback.resume()
        elif self.sink is not None and self._suspended:
            if _qt_connection_dead():  # the server went away while paused: never touch the sink
                self._lost("no sound: the sound server went away")
                return
            self.sink.resume()
            self._suspended = False

    def stop(self) -> None:
        self.timer.stop()
        if self.fallback is not None:
            self.fallback.stop()
            self._last_played = self.fallback.played_frames()
        if self.sink is not None:
            self._last_played = self.played_frames()
            if not _qt_connection_dead():  # a dead connection: leave the sink to Qt alone
                if self._suspended:
                    self.sink.reset()  # stopping a suspended sink can hang; reset it first
                self.sink.stop()
            self.sink.deleteLater()
            self.sink = None
        if self.device is not None:
            self.device.close()
            self.device = None
        self.source = None
        self._suspended = False

    def played_frames(self) -> int:
        if self.fallback is not None:
            return self.fallback.played_frames()
        if self.sink is None:
            return self._last_played
        return min(self.pulled, int(self.sink.processedUSecs() * self.rate // 1_000_000))

    def drained(self) -> bool:
        if self.fallback is not None:
            return self.fallback.drained()
        if self.sink is None:
            return not self.lost
        given_all = bool(
            self.device is not None
            and self.device.ended
            and not self.device.buffer
            and self.sink.state() == QtAudio.State.IdleState
        )
        if not given_all:
            self._given_all_at = None
            return False
        # Idle means PulseAudio has taken everything, not that it has played it: stopping now
        # would cut the last ~40 ms (measured: the end of an ambient bed's fade-out). Wait for
        # what its buffer can still hold.
        now = time.monotonic()
        if self._given_all_at is None:
            self._given_all_at = now
        return now - self._given_all_at >= TAIL_SECONDS

    def set_lost_handler(self, handler: Callable[[str], None]) -> None:
        self.on_device_lost = handler

    def set_volume(self, volume: float) -> None:
        self.volume = volume
        if self.fallback is not None:
            self.fallback.set_volume(volume)
        if self.sink is not None:
            self.sink.setVolume(volume)

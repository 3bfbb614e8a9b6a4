"""One contract for every audio output, run against each backend in real time.

The null output follows the real clock, and what it "plays" is what it pulled up to its own
count. The Qt and PortAudio outputs play into a PulseAudio null sink (PortAudio through ALSA's
pulse plugin) whose monitor is recorded with parec: what is checked there is the real sound.

The frames are numbered (each sample's value is 1 + its index modulo 30000, never zero), so a
recording read back shows every frame's place: consecutive values mean no gap and no repeat,
and the sink's digital silence (zero) is a pause or a gap.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray
from pytestqt.qtbot import QtBot

from bodyscan.audio.null_output import NullOutput
from bodyscan.core.clock import MonotonicClock
from bodyscan.core.playback import AudioOutput, FrameSource
from tests.conftest import RATE
from tests.pulse import PulseServer

WRAP = 30000
POSITION_LEAD = {"qt": 0.1, "portaudio": 0.01}  # seconds the count may run ahead of the sound


class CountingSource:
    """Two-channel frames whose value is 1 + their index (mod 30000): order is checkable."""

    def __init__(self, frames: int, level: int | None = None) -> None:
        self.frames = frames
        self.cursor = 0
        self.level = level  # a constant value instead of the count (for volume)

    def read(self, count: int) -> NDArray[np.int16]:
        stop = min(self.frames, self.cursor + count)
        if self.level is None:
            values = (1 + np.arange(self.cursor, stop) % WRAP).astype(np.int16)
        else:
            values = np.full(stop - self.cursor, self.level, dtype=np.int16)
        self.cursor = stop
        return np.stack([values, values], axis=1)


@dataclass
class PulledFrames:
    """A source's frames as the null output pulled them (its 'sound')."""

    source: FrameSource
    blocks: list[NDArray[np.int16]] = field(default_factory=list)

    def read(self, count: int) -> NDArray[np.int16]:
        block: NDArray[np.int16] = self.source.read(count)
        self.blocks.append(block)
        return block


class Ears:
    """What reached the listener: `take(source)` before start, `heard()` after stop."""

    def __init__(self, server: PulseServer | None, folder: Path) -> None:
        self.server = server
        self.path = folder / "heard.raw"
        self.recorder: subprocess.Popen[bytes] | None = None
        self.pulled: PulledFrames | None = None
        self.played = 0

    def take(self, source: FrameSource) -> FrameSource:
        if self.server is None:
            self.pulled = PulledFrames(source)
            return self.pulled
        self.recorder = self.server.record(self.path)
        return source

    def heard(self, output: AudioOutput) -> NDArray[np.int64]:
        """Mono samples heard, from the first sound to the last."""
        if self.pulled is not None:
            frames = np.concatenate(self.pulled.blocks)[: self.played or output.played_frames()]
            samples = frames[:, 0].astype(np.int64)
        else:
            assert self.recorder is not None
            time.sleep(0.4)  # what the sink still holds reaches the monitor
            self.recorder.terminate()
            self.recorder.wait(timeout=10)
            samples = np.fromfile(self.path, dtype="<i2").astype(np.int64)
        sound = np.flatnonzero(samples)
        assert sound.size, "nothing was heard"
        return samples[sound[0] : sound[-1] + 1]


@dataclass
class Backend:
    output: AudioOutput
    ears: Ears


@pytest.fixture(params=["null", "qt", "portaudio"])
def backend(request: pytest.FixtureRequest, qtbot: QtBot, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "null":
        yield Backend(NullOutput(MonotonicClock()), Ears(None, tmp_path))
        return
    server: PulseServer = request.getfixturevalue("pulse_server")
    output: AudioOutput
    if request.param == "portaudio":
        from bodyscan.audio.portaudio_output import PortAudioOutput, available

        assert available(), "ALSA should reach the test sound server through its pulse plugin"
        output = PortAudioOutput()
    else:
        from bodyscan.ui.qt_output import QtOutput
        from bodyscan.ui.qt_output import available as qt_available

        assert qt_available(), "the test sound server should offer a device"
        output = QtOutput()
    yield Backend(output, Ears(server, tmp_path))
    output.stop()


def wait(qtbot: QtBot, output: AudioOutput, seconds: float) -> None:
    """Let time pass while the output is pumped, as the session's tick does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        output.pump()
        qtbot.wait(20)


def wait_until(qtbot: QtBot, output: AudioOutput, condition: object, timeout: float) -> None:
    qtbot.waitUntil(lambda: (output.pump(), condition())[1], timeout=int(timeout * 1000))  # type: ignore[operator]


def runs_of_sound(samples: NDArray[np.int64]) -> list[NDArray[np.int64]]:
    """The stretches of sound between silences (zeros)."""
    silent = samples == 0
    edges = np.flatnonzero(np.diff(silent.astype(np.int8))) + 1
    pieces = np.split(samples, edges)
    return [piece for piece in pieces if piece.size and piece[0] != 0]


def assert_in_order(samples: NDArray[np.int64], first: int = 1) -> None:
    """Every sample follows the one before it: nothing skipped, nothing repeated."""
    assert samples[0] == first, f"began at {samples[0]}, not {first}"
    steps = np.diff(samples) % WRAP
    wrong = np.flatnonzero(steps != 1)
    assert wrong.size == 0, f"{wrong.size} breaks, the first after frame {wrong[:1]}"


def test_plays_at_the_real_rate_in_order_without_gaps(backend: Backend, qtbot: QtBot) -> None:
    output = backend.output
    source = CountingSource(RATE * 30)
    output.start(backend.ears.take(source), RATE, 2)
    wait_until(qtbot, output, lambda: output.played_frames() > RATE // 10, 5)  # device start
    first, started = output.played_frames(), time.monotonic()
    wait(qtbot, output, 2.0)
    rate = (output.played_frames() - first) / (time.monotonic() - started)
    assert rate == pytest.approx(RATE, rel=0.08)
    played = output.played_frames()
    assert source.cursor >= played  # never plays what it has not pulled
    output.stop()
    heard = backend.ears.heard(output)
    assert len(runs_of_sound(heard)) == 1, "a gap in the sound"
    assert_in_order(heard)
    assert heard.size >= RATE * 2


def test_pause_holds_and_resume_continues_on_the_next_frame(backend: Backend, qtbot: QtBot) -> None:
    output = backend.output
    output.start(backend.ears.take(CountingSource(RATE * 30)), RATE, 2)
    wait_until(qtbot, output, lambda: output.played_frames() > RATE // 2, 5)
    output.pause()
    wait(qtbot, output, 0.2)  # pausing takes effect within 200 ms
    held = output.played_frames()
    wait(qtbot, output, 0.8)
    assert output.played_frames() == held
    output.resume()
    wait(qtbot, output, 1.0)
    assert output.played_frames() > held + RATE // 2
    backend.ears.played = output.played_frames()
    output.stop()
    heard = backend.ears.heard(output)
    runs = runs_of_sound(heard)
    if backend.ears.pulled is None:
        assert len(runs) == 2, f"{len(runs)} pieces of sound: a gap besides the pause"
        # What was heard before the pause is what the output counted as played, give or take
        # its known lead (Qt counts what PulseAudio took, up to its 100 ms buffer ahead of the
        # speaker: qt_output.PULSE_LATENCY_MSEC), and the sound after it goes on from the very
        # next frame.
        lead = held - runs[0].size
        assert -RATE // 100 <= lead <= POSITION_LEAD[output.name] * RATE
    assert_in_order(np.concatenate(runs))


def test_volume_takes_effect(backend: Backend, qtbot: QtBot) -> None:
    output = backend.output
    output.start(backend.ears.take(CountingSource(RATE * 30, level=10000)), RATE, 2)
    wait_until(qtbot, output, lambda: output.played_frames() > RATE // 2, 5)
    output.set_volume(0.5)
    wait(qtbot, output, 1.0)
    backend.ears.played = output.played_frames()
    output.stop()
    heard = backend.ears.heard(output)
    if backend.ears.pulled is not None:
        # The null output has no sound to scale: it keeps the level for the next output.
        assert output.volume == 0.5  # type: ignore[attr-defined]
        return
    assert np.median(heard[: RATE // 4]) == pytest.approx(10000, rel=0.02)
    tail = heard[-RATE // 4 :]
    assert np.median(tail) == pytest.approx(5000, rel=0.1)


def test_drains_a_short_source(backend: Backend, qtbot: QtBot) -> None:
    output = backend.output
    output.start(backend.ears.take(CountingSource(RATE // 2)), RATE, 2)
    wait_until(qtbot, output, output.drained, 6)
    assert output.played_frames() == pytest.approx(RATE // 2, abs=RATE // 50)
    heard = backend.ears.heard(output)
    assert_in_order(heard)
    assert heard.size == RATE // 2  # all of it, once


def test_stop_keeps_the_count_and_a_new_start_begins_at_zero(
    backend: Backend, qtbot: QtBot
) -> None:
    output = backend.output
    output.start(CountingSource(RATE * 30), RATE, 2)
    wait_until(qtbot, output, lambda: output.played_frames() > RATE // 4, 5)
    output.pause()
    output.stop()  # stopping while paused must not hang
    kept = output.played_frames()
    wait(qtbot, output, 0.3)
    assert output.played_frames() == kept > 0
    output.start(CountingSource(RATE * 30), RATE, 2)
    assert output.played_frames() < RATE // 10
    output.set_volume(0.5)
    output.stop()

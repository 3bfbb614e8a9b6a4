"""One contract for every audio output, run against each backend in real time.

The null output follows the real clock here; the Qt output plays into a PulseAudio null sink,
and the simpleaudio output reaches the same sink through ALSA's pulse plugin.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from bodyscan.audio.null_output import NullOutput
from bodyscan.core.clock import MonotonicClock
from bodyscan.core.playback import AudioOutput
from tests.conftest import RATE


class CountingSource:
    """Two-channel frames whose value is their own index (mod 30000): order is checkable."""

    def __init__(self, frames: int) -> None:
        self.frames = frames
        self.cursor = 0

    def read(self, count: int) -> np.ndarray:  # type: ignore[type-arg]
        stop = min(self.frames, self.cursor + count)
        values = (np.arange(self.cursor, stop) % 30000).astype(np.int16)
        self.cursor = stop
        return np.stack([values, values], axis=1)


@pytest.fixture(params=["null", "qt", "simpleaudio"])
def output(request: pytest.FixtureRequest, qtbot: QtBot) -> Iterator[AudioOutput]:
    if request.param == "null":
        yield NullOutput(MonotonicClock())
        return
    request.getfixturevalue("pulse_server")
    if request.param == "simpleaudio":
        from bodyscan.audio.simpleaudio_output import SimpleaudioOutput, alsa_works

        assert alsa_works(), "ALSA should reach the test sound server through its pulse plugin"
        simple = SimpleaudioOutput()
        yield simple
        simple.stop()
        return
    from bodyscan.ui.qt_output import QtOutput, available

    assert available(), "the test sound server should offer a device"
    qt_output = QtOutput()
    yield qt_output
    qt_output.stop()


def wait(qtbot: QtBot, seconds: float) -> None:
    qtbot.wait(int(seconds * 1000))


def test_plays_at_the_real_rate(output: AudioOutput, qtbot: QtBot) -> None:
    source = CountingSource(RATE * 30)
    output.start(source, RATE, 2)
    qtbot.waitUntil(lambda: output.played_frames() > RATE // 10, timeout=5000)  # device start
    first, started = output.played_frames(), time.monotonic()
    wait(qtbot, 1.5)
    rate = (output.played_frames() - first) / (time.monotonic() - started)
    assert rate == pytest.approx(RATE, rel=0.08)
    played = output.played_frames()
    assert source.cursor >= played  # never plays what it has not pulled


def test_pause_holds_and_resume_continues(output: AudioOutput, qtbot: QtBot) -> None:
    output.start(CountingSource(RATE * 30), RATE, 2)
    qtbot.waitUntil(lambda: output.played_frames() > RATE // 2, timeout=5000)
    output.pause()
    wait(qtbot, 0.1)  # pausing stops within 100 ms
    held = output.played_frames()
    wait(qtbot, 0.8)
    assert output.played_frames() == held
    output.resume()
    wait(qtbot, 0.6)
    assert output.played_frames() > held + RATE // 4


def test_drains_a_short_source(output: AudioOutput, qtbot: QtBot) -> None:
    output.start(CountingSource(RATE // 2), RATE, 2)
    qtbot.waitUntil(output.drained, timeout=6000)
    assert output.played_frames() == pytest.approx(RATE // 2, abs=RATE // 50)


def test_stop_keeps_the_count_and_a_new_start_begins_at_zero(
    output: AudioOutput, qtbot: QtBot
) -> None:
    output.start(CountingSource(RATE * 30), RATE, 2)
    qtbot.waitUntil(lambda: output.played_frames() > RATE // 4, timeout=5000)
    output.pause()
    output.stop()  # stopping while paused must not hang
    kept = output.played_frames()
    wait(qtbot, 0.3)
    assert output.played_frames() == kept > 0
    output.start(CountingSource(RATE * 30), RATE, 2)
    assert output.played_frames() < RATE // 10
    output.set_volume(0.5)
    output.stop()

"""Real audio: a session played through the Qt output, recorded from the sink and measured."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from bodyscan import provider
from bodyscan.core.session import Listener, Part, Session, State
from tests.conftest import RATE, recordings_mixer
from tests.pulse import PulseServer, onsets


def test_recordings_start_on_time_and_pause_resumes_at_the_same_frame(
    pulse_server: PulseServer, qtbot: QtBot, tmp_path: Path
) -> None:
    from bodyscan.ui.qt_output import QtOutput

    mixer = recordings_mixer(
        tmp_path,
        [(name, hz, 0.5, "1s") for name, hz in (("a", 440), ("b", 550), ("c", 660), ("d", 770))],
    )
    timeline = mixer.timeline
    session = Session(Part(mixer), QtOutput())
    capture = tmp_path / "capture.raw"
    recorder = pulse_server.record(capture)
    try:
        qtbot.wait(300)
        session.play()
        planned = [e.start for e in timeline.events]
        # Pause in the silence after the second recording, for 1.2 s.
        qtbot.waitUntil(
            lambda: (session.tick(), session.position)[1] >= planned[1] + int(0.75 * RATE),
            timeout=10000,
        )
        session.pause()
        paused_from = time.monotonic()
        paused_at = session.position
        qtbot.wait(1200)
        session.resume()
        paused_for = time.monotonic() - paused_from
        qtbot.waitUntil(lambda: (session.tick(), session.state)[1] is State.FINISHED, timeout=15000)
        qtbot.wait(300)
    finally:
        recorder.terminate()
        recorder.wait(timeout=10)
    samples = np.fromfile(capture, dtype="<i2").astype(float)
    found = onsets(samples)
    assert len(found) == 4, found
    first = found[0]
    measured = [(index - first) / RATE for index in found]
    expected = [(start - planned[0]) / RATE for start in planned]
    # Before the pause: on time within 20 ms of the plan.
    assert measured[1] == pytest.approx(expected[1], abs=0.020)
    # After the pause: later by exactly the time spent paused (within 50 ms), and still exactly
    # spaced from each other, because playback resumed at the same frame.
    gap = measured[2] - expected[2]
    assert gap == pytest.approx(paused_for, abs=0.05)
    assert measured[3] - measured[2] == pytest.approx(expected[3] - expected[2], abs=0.020)
    assert paused_at < planned[2]


def test_ambient_bed_plays_without_underrun_gaps(
    pulse_server: PulseServer, qtbot: QtBot, tmp_path: Path
) -> None:
    from bodyscan.ui.qt_output import QtOutput

    mixer = recordings_mixer(tmp_path, [("a", 440, 0.5, "7s")])
    mixer.ambient = provider.ambient_bed("brown-noise", RATE, provider.sound_catalogue())
    mixer.ambient_level = 4.0
    session = Session(Part(mixer), QtOutput())
    capture = tmp_path / "bed.raw"
    recorder = pulse_server.record(capture)
    try:
        qtbot.wait(300)
        session.play()
        qtbot.waitUntil(lambda: (session.tick(), session.state)[1] is State.FINISHED, timeout=20000)
        qtbot.wait(300)
    finally:
        recorder.terminate()
        recorder.wait(timeout=10)
    samples = np.fromfile(capture, dtype="<i2").astype(float)
    audible = np.flatnonzero(np.abs(samples) > 20)
    start = audible[0]
    # Between the end of the bed's fade-in and the start of its fade-out the bed never stops:
    # every 5 ms window carries sound (an underrun would leave digital silence).
    body = samples[start + 3 * RATE : start + int(4.5 * RATE)]
    windows = body[: body.size // 240 * 240].reshape(-1, 240)
    quietest = np.sqrt(np.mean(windows**2, axis=1)).min()
    assert quietest > 5, quietest


def test_simpleaudio_plays_through_alsa_on_time(pulse_server: PulseServer, tmp_path: Path) -> None:
    """The ALSA fallback reaches the sink (through ALSA's pulse plugin) with its timing intact.

    Pausing is not checked here: through the pulse plugin, simpleaudio's stop() does not cut
    what the plugin has already buffered (an open point of the playback work).
    """
    from bodyscan.audio.simpleaudio_output import SimpleaudioOutput

    mixer = recordings_mixer(tmp_path, [("tone", 500, 1.5, "1s"), ("next", 700, 0.5, "0.5s")])
    timeline = mixer.timeline
    session = Session(Part(mixer), SimpleaudioOutput())
    capture = tmp_path / "alsa.raw"
    recorder = pulse_server.record(capture)
    try:
        deadline = time.monotonic() + 10
        while (
            not capture.exists() or capture.stat().st_size < RATE
        ) and time.monotonic() < deadline:
            time.sleep(0.02)  # the recorder is connected once its file grows (silence)
        session.play()
        deadline = time.monotonic() + 20
        while session.state is not State.FINISHED and time.monotonic() < deadline:
            session.tick()
            time.sleep(0.01)
        time.sleep(1.0)
    finally:
        recorder.terminate()
        recorder.wait(timeout=10)
    assert session.state is State.FINISHED
    samples = np.fromfile(capture, dtype="<i2").astype(float)
    found = onsets(samples, quiet=0.5)
    assert len(found) == 2, found
    planned = (timeline.events[1].start - timeline.events[0].start) / RATE
    assert (found[1] - found[0]) / RATE == pytest.approx(planned, abs=0.020)


def pactl(server: PulseServer, *args: str) -> str:
    return subprocess.run(
        ["pactl", *args], env=server.env, capture_output=True, text=True, check=True
    ).stdout


def test_losing_the_device_pauses_and_resume_plays_on(
    pulse_server: PulseServer, qtbot: QtBot, tmp_path: Path
) -> None:
    from bodyscan.ui.qt_output import QtOutput, available

    mixer = recordings_mixer(tmp_path, [("long", 440, 3.0, "2s")])
    reasons: list[str] = []
    session = Session(Part(mixer), QtOutput(), Listener(device_lost=reasons.append))
    sink = next(
        line.split()[0]
        for line in pactl(pulse_server, "list", "short", "modules").splitlines()
        if "module-null-sink" in line
    )
    try:
        session.play()
        qtbot.waitUntil(lambda: (session.tick(), session.position)[1] > RATE // 2, timeout=10000)
        pactl(pulse_server, "unload-module", sink)
        qtbot.waitUntil(lambda: (session.tick(), bool(reasons))[1], timeout=10000)
        assert session.state is State.PAUSED
        held = session.position
        assert RATE // 2 <= held < mixer.timeline.frames
        qtbot.wait(300)
        session.tick()
        assert session.state is State.PAUSED and session.position == held  # nothing runs on
    finally:
        if "module-null-sink" not in pactl(pulse_server, "list", "short", "modules"):
            pactl(
                pulse_server,
                "load-module",
                "module-null-sink",
                "sink_name=test",
                "rate=48000",
                "channels=2",
            )
            pactl(pulse_server, "set-default-sink", "test")
    qtbot.waitUntil(available, timeout=10000)
    session.resume()
    qtbot.waitUntil(lambda: (session.tick(), session.state)[1] is State.FINISHED, timeout=20000)
    assert reasons[0] in (
        "the sound device was disconnected",
        "the sound device stopped working",
        "the sound device stopped responding",
    )

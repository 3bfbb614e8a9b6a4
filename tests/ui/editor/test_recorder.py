"""Recording a voice for a step from a real PulseAudio source (a 440 Hz sine source made the
default), through Qt Multimedia as the app does it."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from bodyscan.audio.wavfile import read_wav
from bodyscan.ui.recorder import NO_MICROPHONE, RecorderDialog
from tests.pulse import PulseServer

SOURCE_RATE = 44100


def pactl(server: PulseServer, *args: str) -> str:
    done = subprocess.run(
        ["pactl", *args], env=server.env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture
def sine_microphone(pulse_server: PulseServer, qtbot: QtBot) -> Iterator[PulseServer]:
    """A 440 Hz "microphone" at 44.1 kHz as the default source, muted until a test unmutes it;
    removed afterwards. (Qt 6.12 keeps listing a removed source, so the test without a
    microphone comes first in this file.)

    The tone plays into a null sink whose monitor is remapped as a source of its own (Qt lists
    no monitors as inputs). `module-sine-source` would be simpler, but Qt 6.12's PulseAudio
    input receives next to nothing from it (measured: 1.5 ms of sound in 2 s), while parec
    and this remapped source deliver in real time.
    """
    from PySide6.QtMultimedia import QMediaDevices

    modules = [
        pactl(
            pulse_server,
            "load-module",
            "module-null-sink",
            "sink_name=voice",
            f"rate={SOURCE_RATE}",
            "channels=1",
        ),
        pactl(pulse_server, "load-module", "module-sine", "sink=voice", "frequency=440"),
        pactl(
            pulse_server,
            "load-module",
            "module-remap-source",
            "master=voice.monitor",
            "source_name=microphone",
            "channels=1",
        ),
    ]
    pactl(pulse_server, "set-default-sink", "test")
    pactl(pulse_server, "set-default-source", "microphone")
    pactl(pulse_server, "set-source-mute", "microphone", "1")
    qtbot.waitUntil(lambda: not QMediaDevices.defaultAudioInput().isNull(), timeout=10000)
    yield pulse_server
    for module in reversed(modules):
        pactl(pulse_server, "unload-module", module)


def dominant_frequency(samples: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float64) * np.hanning(samples.size)))
    return float(np.fft.rfftfreq(samples.size, 1 / rate)[int(np.argmax(spectrum))])


def test_without_a_microphone_it_says_so_and_writes_nothing(
    pulse_server: PulseServer, qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtMultimedia import QMediaDevices

    assert not QMediaDevices.audioInputs()  # the test server has only a sink (and its monitor)
    target = tmp_path / "recordings" / "step-1.wav"
    dialog = RecorderDialog(target)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.record_button.click()
    assert dialog.message.text() == NO_MICROPHONE
    assert not dialog.recording and not dialog.ticker.isActive()
    assert not dialog.use_button.isEnabled() and not dialog.listen_button.isEnabled()
    assert dialog.record_button.isEnabled()  # try again once one is plugged in
    assert not target.parent.exists()
    dialog.reject()
    assert dialog.saved_path is None


def test_a_take_is_saved_trimmed_at_the_source_rate(
    sine_microphone: PulseServer, qtbot: QtBot, tmp_path: Path
) -> None:
    target = tmp_path / "exercise" / "recordings" / "mine-step-1.wav"
    dialog = RecorderDialog(target)
    qtbot.addWidget(dialog)
    dialog.countdown_seconds = 1
    dialog.show()
    dialog.record_button.click()
    assert dialog.count.text() == "1"  # the countdown shows before anything is recorded
    qtbot.waitUntil(lambda: dialog.recording, timeout=5000)
    # Silence (muted), then the tone for a second, then silence again: the ends are cut.
    # (Pulse's first block comes about a second after starting.)
    qtbot.waitUntil(lambda: len(dialog.captured) >= SOURCE_RATE * 2 * 0.8, timeout=10000)
    pactl(sine_microphone, "set-source-mute", "microphone", "0")
    qtbot.waitUntil(lambda: dialog.level.value() > 20, timeout=5000)  # the meter moves
    start = len(dialog.captured)
    qtbot.waitUntil(lambda: len(dialog.captured) - start >= SOURCE_RATE * 2 * 1.0, timeout=10000)
    pactl(sine_microphone, "set-source-mute", "microphone", "1")
    start = len(dialog.captured)
    qtbot.waitUntil(lambda: len(dialog.captured) - start >= SOURCE_RATE * 2 * 0.8, timeout=10000)
    dialog.stop_button.click()
    raw_seconds = len(dialog.captured) / 2 / SOURCE_RATE
    assert raw_seconds > 2.5
    assert dialog.listen_button.isEnabled() and dialog.use_button.isEnabled()
    dialog.listen_button.click()  # plays through the null sink without trouble
    dialog.use_button.click()

    assert dialog.saved_path == target
    samples, rate = read_wav(target)
    assert rate == SOURCE_RATE
    assert samples.ndim == 1
    seconds = samples.size / rate
    # About the second of tone, plus 0.15 s of room each side (and Pulse's block latency).
    assert 0.9 < seconds < 1.8, seconds
    assert abs(dominant_frequency(samples, rate) - 440) < 3
    quiet_edge = int(0.05 * rate)
    assert np.abs(samples[:quiet_edge]).max() < 500  # starts in (a little) silence
    assert np.abs(samples[rate // 4 : -rate // 4]).max() > 3000  # the tone fills the middle

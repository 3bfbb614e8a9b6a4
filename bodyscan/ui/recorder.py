"""Recording your own voice for a step: from the default microphone through Qt Multimedia
(QAudioSource), with a countdown, a level meter, stop, listen and record again. The silence at
both ends is trimmed and the take is saved as a 16-bit mono WAV beside the exercise."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer
from PySide6.QtMultimedia import (
    QAudioFormat,
    QAudioSink,
    QAudioSource,
    QMediaDevices,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bodyscan.audio.trim import trim_silence
from bodyscan.audio.wavfile import WavWriter
from bodyscan.errors import BodyscanError
from bodyscan.files import atomic_file
from bodyscan.paths import private_folder

log = logging.getLogger(__name__)
COUNTDOWN_SECONDS = 3
LONGEST_SECONDS = 5 * 60  # a take stops by itself after this
NO_MICROPHONE = (
    "No microphone was found. Connect one, or switch it on in your system's sound settings, "
    "then press Record again."
)


class RecorderDialog(QDialog):
    def __init__(self, target: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record your voice")
        self.target = target
        self.saved_path: Path | None = None
        self.countdown_seconds = COUNTDOWN_SECONDS
        self.left = 0
        self.rate = 0
        self.captured = bytearray()
        self.take: NDArray[np.int16] | None = None  # the last take, trimmed
        self.source: QAudioSource | None = None
        self.device: QIODevice | None = None
        self.sink: QAudioSink | None = None
        self.buffer: QBuffer | None = None

        self.message = QLabel(
            "Press Record, wait for the count, then read the step's words in your own time. "
            "The silence before and after is cut off."
        )
        self.message.setWordWrap(True)
        self.count = QLabel("")
        self.count.setObjectName("heading")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.level = QProgressBar()
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        self.level.setAccessibleName("Microphone level")
        self.record_button = QPushButton("&Record")
        self.record_button.setObjectName("primary")
        self.record_button.clicked.connect(self.record)
        self.stop_button = QPushButton("&Stop")
        self.stop_button.clicked.connect(self.stop)
        self.listen_button = QPushButton("&Listen")
        self.listen_button.clicked.connect(self.listen)
        self.use_button = QPushButton("&Use this recording")
        self.use_button.clicked.connect(self.use)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.record_button, self.stop_button, self.listen_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.use_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(self.message)
        layout.addWidget(self.count)
        meter = QLabel("Microphone level")
        meter.setObjectName("notice")
        layout.addWidget(meter)
        layout.addWidget(self.level)
        layout.addLayout(buttons)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._count_down)
        self.limit = QTimer(self)
        self.limit.setSingleShot(True)
        self.limit.setInterval(LONGEST_SECONDS * 1000)
        self.limit.timeout.connect(self.stop)
        self.resize(520, 240)
        self._update_buttons()

    # --- recording ----------------------------------------------------------------------

    def record(self) -> None:
        """Count down, then record; without a microphone, say so and change nothing."""
        self._stop_listening()
        if QMediaDevices.defaultAudioInput().isNull() or not QMediaDevices.audioInputs():
            self.message.setText(NO_MICROPHONE)
            return
        self.left = self.countdown_seconds
        self.record_button.setEnabled(False)
        if self.left <= 0:
            self._start_capture()
            return
        self.count.setText(str(self.left))
        self.message.setText("Get ready…")
        self.ticker.start()

    def _count_down(self) -> None:
        self.left -= 1
        if self.left > 0:
            self.count.setText(str(self.left))
            return
        self.ticker.stop()
        self._start_capture()

    def _start_capture(self) -> None:
        device = QMediaDevices.defaultAudioInput()
        if device.isNull():
            self.message.setText(NO_MICROPHONE)
            self._update_buttons()
            return
        audio_format = QAudioFormat()
        audio_format.setSampleRate(device.preferredFormat().sampleRate() or 48000)
        audio_format.setChannelCount(1)
        audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self.rate = audio_format.sampleRate()
        self.captured = bytearray()
        self.source = QAudioSource(device, audio_format, self)
        self.device = self.source.start()
        if self.device is None:
            self.message.setText(NO_MICROPHONE)
            self.source = None
            self._update_buttons()
            return
        self.device.readyRead.connect(self._read)
        self.count.setText("Recording")
        self.message.setText(f"Recording from {device.description()}. Press Stop when done.")
        self.limit.start()
        self._update_buttons()

    def _read(self) -> None:
        if self.device is None:
            return
        data = bytes(self.device.readAll().data())
        if len(data) % 2:
            data = data[:-1]  # a half sample arrives with the next block
        self.captured.extend(data)
        if data:
            block = np.frombuffer(data, dtype="<i2")
            peak = int(np.abs(block.astype(np.int32)).max()) if block.size else 0
            self.level.setValue(min(100, peak * 100 // 32767))

    @property
    def recording(self) -> bool:
        return self.source is not None

    def stop(self) -> None:
        self.ticker.stop()
        self.limit.stop()
        if self.source is None:
            self._update_buttons()
            return
        self._read()
        self.source.stop()
        self.source = None
        self.device = None
        self.level.setValue(0)
        samples = np.frombuffer(bytes(self.captured), dtype="<i2").astype(np.int16)
        self.take = trim_silence(samples, self.rate)
        self.count.setText("")
        if self.take.size == 0:
            self.take = None
            self.message.setText(
                "Nothing but silence was recorded. Check that the microphone is on and not "
                "muted, then press Record again."
            )
        else:
            self.message.setText(
                f"Recorded {self.take.size / self.rate:.1f} seconds. Listen, record again, or "
                "use this recording."
            )
        self._update_buttons()

    # --- listening ----------------------------------------------------------------------

    def listen(self) -> None:
        if self.take is None:
            return
        self._stop_listening()
        audio_format = QAudioFormat()
        audio_format.setSampleRate(self.rate)
        audio_format.setChannelCount(1)
        audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self.buffer = QBuffer(self)
        self.buffer.setData(QByteArray(self.take.astype("<i2").tobytes()))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.sink = QAudioSink(QMediaDevices.defaultAudioOutput(), audio_format, self)
        self.sink.start(self.buffer)

    def _stop_listening(self) -> None:
        if self.sink is not None:
            self.sink.stop()
            self.sink = None
        if self.buffer is not None:
            self.buffer.close()
            self.buffer = None

    # --- keeping ------------------------------------------------------------------------

    def use(self) -> None:
        """Save the take as the target WAV (atomically) and close."""
        if self.take is None:
            return
        try:
            private_folder(self.target.parent, "make the recordings folder")
            with atomic_file(self.target, "save the recording") as out:
                writer = WavWriter(out, self.rate, 1, frames=self.take.size)
                writer.write(self.take)
                writer.close()
        except BodyscanError as exc:
            self.message.setText(f"{exc.short[:1].upper()}{exc.short[1:]}. {exc.detail}")
            return
        self.saved_path = self.target
        self._stop_listening()
        self.accept()

    def reject(self) -> None:
        if self.source is not None:
            self.source.stop()
            self.source = None
        self.ticker.stop()
        self._stop_listening()
        super().reject()

    def _update_buttons(self) -> None:
        busy = self.recording or self.ticker.isActive()
        self.record_button.setEnabled(not busy)
        self.record_button.setText("&Record again" if self.take is not None else "&Record")
        self.stop_button.setEnabled(busy)
        self.listen_button.setEnabled(self.take is not None and not busy)
        self.use_button.setEnabled(self.take is not None and not busy)

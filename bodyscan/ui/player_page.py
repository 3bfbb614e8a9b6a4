"""The player: the instruction as a large caption (the next one faint below), the breathing
pacer, a progress bar with a mark at each instruction, and the controls.

Keys: Space pause/resume, Left back, Right skip, Esc stop, G ground me, + and - volume.
Stopping asks nothing: it is always a fine choice.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter, QPaintEvent, QPalette, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bodyscan.core.durations import format_seconds
from bodyscan.core.session import Session, State
from bodyscan.core.timeline import Phase
from bodyscan.ui.bridge import SessionBridge
from bodyscan.ui.pacer import BreathPacer

VOLUME_STEP = 5


class ProgressMarks(QWidget):
    """The whole session as a thin bar, with a tick where each instruction begins."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(18)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.played = 0
        self.total = 1
        self.marks: tuple[int, ...] = ()
        self.setAccessibleName("Progress")

    def set_marks(self, marks: tuple[int, ...], total: int) -> None:
        self.marks = marks
        self.total = max(1, total)
        self.update()

    def set_position(self, played: int, total: int) -> None:
        self.played = played
        self.total = max(1, total)
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        bar = QRectF(0, self.height() / 2 - 3, self.width(), 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Mid))
        painter.drawRoundedRect(bar, 3, 3)
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
        done = QRectF(bar.left(), bar.top(), bar.width() * self.played / self.total, bar.height())
        painter.drawRoundedRect(done, 3, 3)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        for mark in self.marks:
            x = self.width() * mark / self.total
            painter.drawLine(int(x), int(bar.top() - 4), int(x), int(bar.bottom() + 4))
        painter.end()


def _button(text: str, name: str, description: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setAccessibleDescription(description)
    return button


class PlayerPage(QWidget):
    stopped = Signal()

    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.session: Session | None = None
        self.rate = 48000

        self.title = QLabel()
        self.title.setObjectName("playerTitle")
        self.caption = QLabel()
        self.caption.setObjectName("caption")
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setAccessibleName("Instruction")
        self.upcoming = QLabel()
        self.upcoming.setObjectName("upcoming")
        self.upcoming.setWordWrap(True)
        self.upcoming.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.upcoming.setAccessibleName("Next instruction")
        self.status = QLabel()
        self.status.setObjectName("notice")
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.voice_progress = QLabel()
        self.voice_progress.setObjectName("notice")
        self.voice_progress.setAccessibleName("Narration being prepared")
        self.pacer = BreathPacer(self._position)
        self.pacer.hide()

        self.marks = ProgressMarks()
        self.elapsed = QLabel("0s")
        self.elapsed.setAccessibleName("Time played")
        self.remaining = QLabel("")
        self.remaining.setAccessibleName("Time left")

        self.back_button = _button("◀ Back", "Back", "To the start of this instruction (Left)")
        self.pause_button = _button("Pause", "Pause or resume", "Space")
        self.skip_button = _button("Skip ▶", "Skip", "To the next instruction (Right)")
        self.stop_button = _button("Stop", "Stop", "End the session here (Esc)")
        self.ground_button = _button(
            "Ground me", "Ground me", "A minute of eyes-open orienting, then continue or end (G)"
        )
        self.ground_button.setObjectName("ground")
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setMaximumWidth(160)
        self.volume.setAccessibleName("Volume")
        self.volume.setAccessibleDescription("Plus and minus keys change it")
        self.continue_button = _button("Continue the exercise", "Continue", "Back to the exercise")
        self.end_button = _button("End here", "End here", "Finish the session now")

        controls = QHBoxLayout()
        for widget in (self.back_button, self.pause_button, self.skip_button, self.stop_button):
            controls.addWidget(widget)
        controls.addStretch()
        controls.addWidget(QLabel("Volume"))
        controls.addWidget(self.volume)
        choice = QHBoxLayout()
        choice.addStretch()
        choice.addWidget(self.continue_button)
        choice.addWidget(self.end_button)
        choice.addStretch()
        self.choice = QWidget()
        self.choice.setLayout(choice)
        self.choice.hide()
        times = QHBoxLayout()
        times.addWidget(self.elapsed)
        times.addStretch()
        times.addWidget(self.remaining)

        self.middle = QStackedWidget()
        texts = QWidget()
        text_layout = QVBoxLayout(texts)
        text_layout.addStretch()
        text_layout.addWidget(self.caption)
        text_layout.addWidget(self.upcoming)
        text_layout.addStretch()
        self.middle.addWidget(texts)
        breathing = QWidget()
        breathing_layout = QVBoxLayout(breathing)
        breathing_layout.addWidget(self.pacer, 1)
        self.breath_caption = QLabel()
        self.breath_caption.setObjectName("upcoming")
        self.breath_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.breath_caption.setWordWrap(True)
        breathing_layout.addWidget(self.breath_caption)
        self.middle.addWidget(breathing)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.ground_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.middle, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.voice_progress)
        layout.addWidget(self.choice)
        layout.addWidget(self.marks)
        layout.addLayout(times)
        layout.addLayout(controls)

        self.back_button.clicked.connect(lambda: self._do("back"))
        self.skip_button.clicked.connect(lambda: self._do("skip"))
        self.pause_button.clicked.connect(lambda: self._do("toggle_pause"))
        self.stop_button.clicked.connect(lambda: self._do("stop"))
        self.ground_button.clicked.connect(lambda: self._do("ground"))
        self.continue_button.clicked.connect(lambda: self._do("continue_after_grounding"))
        self.end_button.clicked.connect(lambda: self._do("end_after_grounding"))
        self.volume.valueChanged.connect(self._volume_changed)
        keys = {
            Qt.Key.Key_Space: lambda: self._do("toggle_pause"),
            Qt.Key.Key_Left: lambda: self._do("back"),
            Qt.Key.Key_Right: lambda: self._do("skip"),
            Qt.Key.Key_Escape: lambda: self._do("stop"),
            Qt.Key.Key_G: lambda: self._do("ground"),
            Qt.Key.Key_Plus: lambda: self.volume.setValue(self.volume.value() + VOLUME_STEP),
            Qt.Key.Key_Equal: lambda: self.volume.setValue(self.volume.value() + VOLUME_STEP),
            Qt.Key.Key_Minus: lambda: self.volume.setValue(self.volume.value() - VOLUME_STEP),
        }
        self.shortcuts = []
        for key, action in keys.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
            self.shortcuts.append(shortcut)

        self.setFocusProxy(self.pause_button)  # Space, arrows and Esc work from the start
        bridge.caption_changed.connect(self._caption)
        bridge.phase_changed.connect(self._phase)
        bridge.position_changed.connect(self._position_changed)
        bridge.state_changed.connect(self._state)
        bridge.grounding_done.connect(self._grounding_done)
        bridge.device_lost.connect(self._device_lost)
        bridge.waited.connect(self._waited)

    # --- wiring ---------------------------------------------------------------------------

    def start(self, session: Session, title: str, volume: float) -> None:
        self.session = session
        self.rate = session.timeline.rate
        self.title.setText(title)
        self.caption.setText("")
        self.upcoming.setText("")
        self.status.setText("")
        self.choice.hide()
        self.pacer.set_phase(None, 0)
        self.middle.setCurrentIndex(0)
        self.volume.setValue(round(volume * 100))
        session.set_volume(volume)
        self._refresh_marks()
        self.bridge.attach(session)
        self.pause_button.setFocus()
        session.play()

    def _do(self, command: str) -> None:
        if self.session is not None:
            getattr(self.session, command)()

    def _position(self) -> int:
        return self.session.position if self.session is not None else 0

    def _volume_changed(self, value: int) -> None:
        if self.session is not None:
            self.session.set_volume(value / 100)

    def _refresh_marks(self) -> None:
        if self.session is not None:
            timeline = self.session.timeline
            self.marks.set_marks(timeline.instruction_starts(), timeline.frames)

    # --- what the session reports ---------------------------------------------------------

    def _caption(self, current: str, upcoming: str) -> None:
        self.caption.setText(current)
        self.upcoming.setText(upcoming)
        self.breath_caption.setText(current)

    def _phase(self, phase: Phase | None, left: int) -> None:
        self.pacer.set_phase(phase, left)
        self.middle.setCurrentIndex(0 if phase is None else 1)
        self.pacer.setVisible(phase is not None)

    def _show_voice_progress(self) -> None:
        """While render-ahead works: how much of the narration is ready (it plays meanwhile)."""
        renderer = self.session.main.renderer if self.session is not None else None
        made, sounds = getattr(renderer, "made", None), getattr(renderer, "sounds", 0)
        if made is None or made >= sounds:
            self.voice_progress.setText("")
            return
        self.voice_progress.setText(f"Preparing the voice ahead of you: {made} of {sounds}")

    def _position_changed(self, played: int, total: int) -> None:
        self._show_voice_progress()
        if self.session is not None and self.marks.total != total:
            self._refresh_marks()  # the plan improved while the voice was made
        self.marks.set_position(played, total)
        self.elapsed.setText(format_seconds(played / self.rate))
        self.remaining.setText(f"{format_seconds(max(0, total - played) / self.rate)} left")

    def _state(self, state: State) -> None:
        paused = state is State.PAUSED
        self.pause_button.setText("Resume" if paused else "Pause")
        if state is State.PREPARING:
            self.status.setText("Preparing the voice…")
        elif state is State.PLAYING:
            self.status.setText("")
            self.choice.hide()
        elif state is State.GROUNDING:
            self.status.setText("Ground me: eyes open, feet on the floor.")
        elif state in (State.FINISHED, State.STOPPED):
            self.bridge.detach()
            self.stopped.emit()

    def _grounding_done(self) -> None:
        self.status.setText("Would you like to go on, or end here? Either is fine.")
        self.choice.show()
        self.continue_button.setFocus()

    def _device_lost(self, reason: str) -> None:
        # Also when a resume found no sound again: the session stays paused and says why.
        self.status.setText(f"{reason[:1].upper()}{reason[1:]}. Paused: press Resume to play on.")

    def _waited(self, seconds: float) -> None:
        self.status.setText(f"The voice is catching up (waited {seconds:.1f} s).")

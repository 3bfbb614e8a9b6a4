"""A small always-on-top window for a quick break: the caption, the pacer, pause and stop.

It is what a break started from the tray or a reminder plays in, so a short pause at the desk
does not need the full window. Before an exercise with cautions that were never read, it shows
them first. At the end it says so, and offers the check-in (answered in the main window, which
has room for the body map).

Keys: Space pause/resume, Esc stop.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bodyscan.core.durations import format_seconds
from bodyscan.core.script import Script
from bodyscan.core.session import Session, State
from bodyscan.core.timeline import Phase
from bodyscan.ui.bridge import SessionBridge
from bodyscan.ui.pacer import BreathPacer

CLOSE_AFTER_MS = 60_000  # a finished break with nothing to ask closes itself after a minute


def _label(name: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class BreakWindow(QWidget):
    stopped = Signal()  # the session ended (finished or stopped)
    begin_requested = Signal()  # the cautions were read
    checkin_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle("bodyscan break")
        self.setObjectName("breakWindow")
        self.resize(380, 340)
        self.setMinimumSize(300, 260)
        self.bridge = SessionBridge(self)
        self.session: Session | None = None
        self.rate = 48000

        self.title = _label("playerTitle")
        self.pages = QStackedWidget()

        # Cautions, read once before the first time.
        self.cautions = _label("cautions")
        self.cautions.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.begin_button = QPushButton("I have read this. Begin")
        self.begin_button.setObjectName("primary")
        self.begin_button.setDefault(True)
        self.begin_button.clicked.connect(self.begin_requested.emit)
        not_now = QPushButton("Not now")
        not_now.clicked.connect(self.close)
        cautions_page = QWidget()
        cautions_layout = QVBoxLayout(cautions_page)
        cautions_layout.addWidget(self.cautions, 1)
        cautions_buttons = QHBoxLayout()
        cautions_buttons.addWidget(not_now)
        cautions_buttons.addStretch()
        cautions_buttons.addWidget(self.begin_button)
        cautions_layout.addLayout(cautions_buttons)

        # Playing: the caption, or the pacer during breathing.
        self.caption = _label("breakCaption")
        self.caption.setAccessibleName("Instruction")
        self.pacer = BreathPacer(self._position)
        self.pacer.hide()
        self.status = _label("notice")
        self.left = QLabel()
        self.left.setAccessibleName("Time left")
        self.pause_button = QPushButton("Pause")
        self.pause_button.setAccessibleDescription("Space")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setAccessibleDescription("End the break here (Esc)")
        self.pause_button.clicked.connect(self._toggle_pause)
        self.stop_button.clicked.connect(self._stop)
        playing_page = QWidget()
        playing_layout = QVBoxLayout(playing_page)
        playing_layout.addWidget(self.caption, 1)
        playing_layout.addWidget(self.pacer, 3)
        playing_layout.addWidget(self.status)
        controls = QHBoxLayout()
        controls.addWidget(self.left)
        controls.addStretch()
        controls.addWidget(self.pause_button)
        controls.addWidget(self.stop_button)
        playing_layout.addLayout(controls)

        # Finished.
        self.message = _label("heading")
        self.checkin_button = QPushButton("Check in")
        self.checkin_button.setObjectName("primary")
        self.checkin_button.setAccessibleDescription(
            "Note where you noticed sensation, in the main window"
        )
        self.checkin_button.clicked.connect(self.checkin_requested.emit)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.close)
        finished_page = QWidget()
        finished_layout = QVBoxLayout(finished_page)
        finished_layout.addWidget(self.message, 1)
        finished_buttons = QHBoxLayout()
        finished_buttons.addStretch()
        finished_buttons.addWidget(self.close_button)
        finished_buttons.addWidget(self.checkin_button)
        finished_layout.addLayout(finished_buttons)

        for page in (cautions_page, playing_page, finished_page):
            self.pages.addWidget(page)
        self.cautions_page, self.playing_page, self.finished_page = (
            cautions_page,
            playing_page,
            finished_page,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.pages, 1)

        self.close_timer = QTimer(self)
        self.close_timer.setSingleShot(True)
        self.close_timer.setInterval(CLOSE_AFTER_MS)
        self.close_timer.timeout.connect(self.close)
        for key, action in (
            (Qt.Key.Key_Space, self._toggle_pause),
            (Qt.Key.Key_Escape, self._escape),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(action)
        self.bridge.caption_changed.connect(self._caption)
        self.bridge.phase_changed.connect(self._phase)
        self.bridge.position_changed.connect(self._position_changed)
        self.bridge.state_changed.connect(self._state)
        self.bridge.device_lost.connect(
            lambda reason: self.status.setText(f"{reason.capitalize()}. Paused.")
        )

    # --- what the main window asks ---------------------------------------------------------

    def ask_cautions(self, script: Script) -> None:
        self.title.setText(script.title)
        self.cautions.setText("Before you begin:\n\n" + "\n\n".join(script.cautions))
        self.pages.setCurrentWidget(self.cautions_page)
        self.present()
        self.begin_button.setFocus()

    def start(self, session: Session, title: str, volume: float) -> None:
        self.close_timer.stop()
        self.session = session
        self.rate = session.timeline.rate
        self.title.setText(title)
        self.caption.setText("")
        self.status.setText("")
        self.pacer.set_phase(None, 0)
        self.pacer.hide()
        self.caption.show()
        self.pause_button.setText("Pause")
        self.pages.setCurrentWidget(self.playing_page)
        session.set_volume(volume)
        self.present()
        self.bridge.attach(session)
        self.pause_button.setFocus()
        session.play()

    def show_finished(self, message: str, *, offer_checkin: bool) -> None:
        invitation = "\n\nA short check-in, if you like." if offer_checkin else ""
        self.message.setText(message + invitation)
        self.checkin_button.setVisible(offer_checkin)
        self.pages.setCurrentWidget(self.finished_page)
        (self.checkin_button if offer_checkin else self.close_button).setFocus()
        if not offer_checkin:
            self.close_timer.start()
        self.present()

    def present(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()

    # --- controls --------------------------------------------------------------------------

    def _position(self) -> int:
        return self.session.position if self.session is not None else 0

    def _toggle_pause(self) -> None:
        if self.session is not None:
            self.session.toggle_pause()

    def _stop(self) -> None:
        if self.session is not None:
            self.session.stop()

    def _escape(self) -> None:
        if self.session is not None:
            self.session.stop()
        else:
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the little window ends the break (it is saved as practised so far).
        self.close_timer.stop()
        self._stop()
        event.accept()

    # --- what the session reports ------------------------------------------------------------

    def _caption(self, current: str, _upcoming: str) -> None:
        self.caption.setText(current)

    def _phase(self, phase: Phase | None, left: int) -> None:
        self.pacer.set_phase(phase, left)
        self.pacer.setVisible(phase is not None)

    def _position_changed(self, played: int, total: int) -> None:
        self.left.setText(f"{format_seconds(max(0, total - played) / self.rate)} left")

    def _state(self, state: State) -> None:
        self.pause_button.setText("Resume" if state is State.PAUSED else "Pause")
        if state is State.PREPARING:
            self.status.setText("Preparing the voice…")
        elif state is State.PLAYING:
            self.status.setText("")
        elif state is State.PAUSED:
            self.status.setText("Paused. Space or Resume to go on.")
        elif state in (State.FINISHED, State.STOPPED):
            self.bridge.detach()
            self.session = None
            self.stopped.emit()

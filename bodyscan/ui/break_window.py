"""A small always-on-top window for a quick break: the caption, the pacer, Ground me, pause and
stop, and "Get help now" (which opens the help in the main window).

It is what a break started from the tray or a reminder plays in, so a short pause at the desk
does not need the full window. Before an exercise with cautions that were never read, it shows
them first. At the end it says so, and offers the check-in (answered in the main window, which
has room for the body map).

Keys: Space pause/resume (or presses the focused button), Enter presses the focused button,
G ground me, Esc stop. It fits an 800 x 600 screen at twice the usual text size.
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
from bodyscan.core.timeline import Event, Phase
from bodyscan.ui import focus_keys
from bodyscan.ui.bridge import SessionBridge
from bodyscan.ui.pacer import BreathPacer
from bodyscan.ui.player_parts import PACER_WORDS, SteadyButton

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
    help_requested = Signal()  # "Get help now": the help opens in the main window

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle("bodyscan break")
        self.setObjectName("breakWindow")
        self.resize(420, 380)  # grows to what the words need (larger text), never clips them
        self.bridge = SessionBridge(self)
        self.session: Session | None = None
        self.rate = 48000

        self.title = _label("playerTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.help_button = QPushButton("Get help now")
        self.help_button.setObjectName("help")
        self.help_button.setAccessibleDescription("Crisis lines and what to do right now (F1)")
        self.help_button.clicked.connect(self.help_requested.emit)
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
        self.breathing = False
        self.caption = _label("breakCaption")
        self.caption.setAccessibleName("Instruction")
        self.pacer = BreathPacer(self._position)
        self.pacer.setMinimumSize(120, 120)
        self.pacer.hide()
        self.pacer.motion_changed.connect(lambda _reduced: self._word_the_pacer())
        self.status = _label("notice")
        self.status.setAccessibleName("What is happening")
        self.left = QLabel()
        self.left.setAccessibleName("Time left")
        self.ground_button = QPushButton("Ground me")
        self.ground_button.setObjectName("ground")
        self.ground_button.setAccessibleDescription(
            "A minute of eyes-open orienting, then continue or end (G)"
        )
        self.pause_button = SteadyButton(("Pause", "Resume"))
        self.pause_button.setAccessibleName("Pause or resume")
        self.pause_button.setAccessibleDescription("Space")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setAccessibleDescription("End the break here (Esc)")
        self.continue_button = QPushButton("Continue the exercise")
        self.continue_button.setObjectName("primary")
        self.continue_button.setAccessibleName("Continue")
        self.end_button = QPushButton("End here")
        self.ground_button.clicked.connect(self._ground)
        self.pause_button.clicked.connect(self._toggle_pause)
        self.stop_button.clicked.connect(self._stop)
        self.continue_button.clicked.connect(self._continue)
        self.end_button.clicked.connect(self._end_here)
        playing_page = QWidget()
        playing_layout = QVBoxLayout(playing_page)
        playing_layout.setContentsMargins(0, 0, 0, 0)
        playing_layout.addWidget(self.caption, 1)
        playing_layout.addWidget(self.pacer, 3)
        playing_layout.addWidget(self.status)
        self.choice = QWidget()
        choice = QHBoxLayout(self.choice)
        choice.setContentsMargins(0, 0, 0, 0)
        choice.addWidget(self.continue_button)
        choice.addWidget(self.end_button)
        self.choice.hide()
        playing_layout.addWidget(self.choice)
        playing_layout.addWidget(self.left)
        controls = QHBoxLayout()
        controls.addWidget(self.ground_button)
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
        layout.setContentsMargins(18, 12, 18, 12)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.help_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)

        self.close_timer = QTimer(self)
        self.close_timer.setSingleShot(True)
        self.close_timer.setInterval(CLOSE_AFTER_MS)
        self.close_timer.timeout.connect(self.close)
        for key, action in (
            (Qt.Key.Key_Space, self._space),
            (Qt.Key.Key_Return, self._press_focused),
            (Qt.Key.Key_Enter, self._press_focused),
            (Qt.Key.Key_G, self._ground),
            (Qt.Key.Key_F1, self.help_requested.emit),
            (Qt.Key.Key_Escape, self._escape),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(action)
        self.bridge.caption_changed.connect(self._caption)
        self.bridge.event_changed.connect(self._event)
        self.bridge.grounding_done.connect(self._grounding_done)
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
        self.pause_button.setEnabled(True)
        self.ground_button.setEnabled(True)
        self.choice.hide()
        self.breathing = False
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
        self.grow_to_fit()
        self.show()

    def grow_to_fit(self) -> None:
        """As large as the words need at this text size (never clipped), within the screen."""
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        size = self.size().expandedTo(self.minimumSizeHint())
        width = size.width()
        while True:
            needed = self.heightForWidth(width) if self.hasHeightForWidth() else -1
            height = max(size.height(), needed)
            if screen is None or height <= screen.height() or width >= screen.width():
                break
            width = min(screen.width(), width + 60)  # wider, so the words take fewer lines
        if screen is not None:
            width, height = min(width, screen.width()), min(height, screen.height())
        self.resize(width, height)
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

    def _ground(self) -> None:
        if self.session is not None:
            self.session.ground()

    def _continue(self) -> None:
        if self.session is not None:
            self.session.continue_after_grounding()

    def _end_here(self) -> None:
        if self.session is not None:
            self.session.end_after_grounding()

    def _space(self) -> None:
        focus_keys.space(self, self.pause_button, self._toggle_pause)

    def _press_focused(self) -> None:
        focus_keys.press_focused(self)

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

    def _event(self, event: Event) -> None:
        self.breathing = event.type == "breathe"

    def _caption(self, current: str, _upcoming: str) -> None:
        self.caption.setText(current)
        self._word_the_pacer()
        if self.isVisible():
            self.grow_to_fit()

    def _word_the_pacer(self) -> None:
        """Words for what the pacer shows: the circle, or the bar in reduced motion."""
        if self.breathing:
            self.caption.setText(PACER_WORDS[self.pacer.reduced_motion])

    def _grounding_done(self) -> None:
        self.status.setText("Go on, or end here? Either is fine.")
        self.choice.show()
        if self.isVisible():
            self.grow_to_fit()  # the choice takes room: the words above it keep theirs
        self.continue_button.setFocus()

    def _phase(self, phase: Phase | None, left: int) -> None:
        self.pacer.set_phase(phase, left)
        self.pacer.setVisible(phase is not None)

    def _position_changed(self, played: int, total: int) -> None:
        self.left.setText(f"{format_seconds(max(0, total - played) / self.rate)} left")

    def _state(self, state: State) -> None:
        session = self.session
        awaiting = session is not None and session.awaiting_choice
        grounding = session is not None and session.part is not session.main
        self.pause_button.setText("Resume" if state is State.PAUSED and not awaiting else "Pause")
        self.pause_button.setEnabled(not awaiting)
        self.ground_button.setEnabled(not grounding)
        self.ground_button.setToolTip("You are in Ground me now" if grounding else "")
        if state is State.PREPARING:
            self.status.setText("Getting ready. The first words come in a moment.")
        elif state is State.PLAYING:
            self.status.setText("")
            self.choice.hide()
        elif state is State.GROUNDING:
            self.status.setText("Ground me: eyes open, feet on the floor.")
        elif state is State.PAUSED and not awaiting:
            self.status.setText("Paused. Space or Resume to go on.")
        elif state in (State.FINISHED, State.STOPPED):
            self.choice.hide()
            self.bridge.detach()
            self.session = None
            self.stopped.emit()

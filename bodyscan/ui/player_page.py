"""The player: one large caption (the next line faint below), a small body figure lighting the
place the instruction is about, the breathing pacer, "Paused" in large words when paused, a
progress bar with a mark at each instruction, and controls that never move.

Keys: Space pause/resume (or presses the focused button), Enter presses the focused button,
Left back, Right skip, Esc stop, G ground me, + and - volume. Stopping asks nothing: it is
always a fine choice. During Ground me, Back and Skip are off and say why.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShortcut,
)
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
from bodyscan.core.timeline import Event, Phase
from bodyscan.ui import focus_keys
from bodyscan.ui.bridge import SessionBridge
from bodyscan.ui.pacer import BreathPacer
from bodyscan.ui.player_parts import PACER_WORDS, BodyFigure, SteadyButton

log = logging.getLogger(__name__)
VOLUME_STEP = 5
NOT_WHILE_GROUNDING = "Not during Ground me: continue the exercise first"
NOT_BEFORE_THE_WORDS = "Back and Skip work once the first words play"
SMALLEST_CAPTION = 16.0  # points: below LOOK.md's 24 only when the words would not fit at all
CAPTION_PADDING = 12  # px each side, as the style sheet gives the caption
GROUNDING_WORDS = "Ground me: eyes open, feet on the floor. Back and Skip wait until you go on."


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


def _steady(labels: tuple[str, ...], name: str, description: str) -> SteadyButton:
    button = SteadyButton(labels)
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
        self.breathing = False  # the current event is a breathing block

        self.title = QLabel()
        self.title.setObjectName("playerTitle")
        self.title.setWordWrap(True)
        self.paused_words = QLabel("Paused")
        self.paused_words.setObjectName("pausedWords")
        self.paused_words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.paused_words.setAccessibleName("Paused")
        self.paused_words.hide()
        self.caption = QLabel()
        self.caption.setObjectName("caption")
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setAccessibleName("Instruction")
        self.caption.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.upcoming = QLabel()
        self.upcoming.setObjectName("upcoming")
        self.upcoming.setWordWrap(True)
        self.upcoming.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.upcoming.setAccessibleName("Next instruction")
        self.status = QLabel()
        self.status.setObjectName("notice")
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setAccessibleName("What is happening")
        self.figure = BodyFigure()
        self.pacer = BreathPacer(self._position)
        self.pacer.hide()
        self.pacer.motion_changed.connect(lambda _reduced: self._word_the_pacer())

        self.marks = ProgressMarks()
        self.elapsed = QLabel("0s")
        self.elapsed.setAccessibleName("Time played")
        self.remaining = QLabel("")
        self.remaining.setAccessibleName("Time left")
        self.remaining.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.back_button = _steady(("◀ Back",), "Back", "To the start of this instruction (Left)")
        self.pause_button = _steady(("Pause", "Resume"), "Pause or resume", "Space")
        self.skip_button = _steady(("Skip ▶",), "Skip", "To the next instruction (Right)")
        self.stop_button = _steady(("Stop",), "Stop", "End the session here (Esc)")
        self.ground_button = _button(
            "Ground me", "Ground me", "A minute of eyes-open orienting, then continue or end (G)"
        )
        self.ground_button.setObjectName("ground")
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setMinimumWidth(90)
        self.volume.setMaximumWidth(160)
        self.volume.setAccessibleName("Volume")
        self.volume.setAccessibleDescription("Plus and minus keys change it")
        self.continue_button = _button("Continue the exercise", "Continue", "Back to the exercise")
        self.continue_button.setObjectName("primary")
        self.end_button = _button("End here", "End here", "Finish the session now")

        controls = QHBoxLayout()
        controls.setSpacing(12)
        controls.addStretch()
        for widget in (self.back_button, self.pause_button, self.skip_button, self.stop_button):
            controls.addWidget(widget)
        controls.addStretch()
        choice = QHBoxLayout()
        choice.setContentsMargins(0, 0, 0, 0)
        choice.addStretch()
        choice.addWidget(self.continue_button)
        choice.addWidget(self.end_button)
        choice.addStretch()
        self.choice = QWidget()
        self.choice.setLayout(choice)
        self.choice.hide()
        volume_label = QLabel("Volume")
        volume_label.setBuddy(self.volume)
        times = QHBoxLayout()  # the volume between the times: the buttons keep their room
        times.addWidget(self.elapsed)
        times.addStretch()
        times.addWidget(volume_label)
        times.addWidget(self.volume)
        times.addStretch()
        times.addWidget(self.remaining)

        self.middle = QStackedWidget()
        self.texts = texts = QWidget()
        self.text_row = text_row = QHBoxLayout(texts)
        text_row.setContentsMargins(0, 0, 0, 0)
        text_row.setSpacing(18)
        text_row.addWidget(self.figure, 0, Qt.AlignmentFlag.AlignVCenter)
        self.words = words = QVBoxLayout()
        words.addStretch()
        words.addWidget(self.caption)
        words.addWidget(self.upcoming)
        words.addStretch()
        text_row.addLayout(words, 1)
        # As wide as the figure and its gap on the right too (a layout puts no gap beside a
        # spacing): the caption is centred in the window, not in what the figure leaves.
        text_row.addSpacing(self.figure.width() + text_row.spacing())
        self.middle.addWidget(texts)
        breathing = QWidget()
        breathing_layout = QVBoxLayout(breathing)
        breathing_layout.setContentsMargins(0, 0, 0, 0)
        breathing_layout.addWidget(self.pacer, 1)
        self.breath_caption = QLabel()
        self.breath_caption.setObjectName("upcoming")
        self.breath_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.breath_caption.setWordWrap(True)
        breathing_layout.addWidget(self.breath_caption)
        self.middle.addWidget(breathing)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.ground_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.paused_words)
        layout.addWidget(self.middle, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.choice)
        # The bar, the times and the buttons in one block of fixed height at the bottom: what
        # changes above them (Paused, a notice, the grounding choice) never moves them.
        bottom = QWidget()
        bottom.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.marks)
        bottom_layout.addLayout(times)
        bottom_layout.addLayout(controls)
        layout.addWidget(bottom)

        self.back_button.clicked.connect(lambda: self._do("back"))
        self.skip_button.clicked.connect(lambda: self._do("skip"))
        self.pause_button.clicked.connect(lambda: self._do("toggle_pause"))
        self.stop_button.clicked.connect(lambda: self._do("stop"))
        self.ground_button.clicked.connect(lambda: self._do("ground"))
        self.continue_button.clicked.connect(lambda: self._do("continue_after_grounding"))
        self.end_button.clicked.connect(lambda: self._do("end_after_grounding"))
        self.volume.valueChanged.connect(self._volume_changed)
        keys = {
            Qt.Key.Key_Space: self._space,
            Qt.Key.Key_Return: self._press_focused,
            Qt.Key.Key_Enter: self._press_focused,
            Qt.Key.Key_Left: lambda: self._move("back"),
            Qt.Key.Key_Right: lambda: self._move("skip"),
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
        self.fit_timer = QTimer(self)
        self.fit_timer.setSingleShot(True)
        self.fit_timer.setInterval(0)
        self.fit_timer.timeout.connect(self.fit_words)
        self.caption_points: float | None = None
        bridge.caption_changed.connect(self._caption)
        bridge.event_changed.connect(self._event)
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
        self.figure.show_regions(())
        self.breathing = False
        self.choice.hide()
        self.paused_words.hide()
        self._allow_moving(grounding=False, can_move=False)  # the first words come first
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

    def _move(self, command: str) -> None:
        """Left and Right: back and skip, or a word on why not (during Ground me, or before
        the first words)."""
        session = self.session
        if session is None:
            return
        if session.part is not session.main:
            self.status.setText(f"{NOT_WHILE_GROUNDING}.")
        elif not session.can_move:
            self.status.setText(f"{NOT_BEFORE_THE_WORDS}.")
        else:
            self._do(command)

    def _space(self) -> None:
        focus_keys.space(self, self.pause_button, lambda: self._do("toggle_pause"))

    def _press_focused(self) -> None:
        focus_keys.press_focused(self)

    def _position(self) -> int:
        return self.session.position if self.session is not None else 0

    def _volume_changed(self, value: int) -> None:
        if self.session is not None:
            self.session.set_volume(value / 100)

    def _refresh_marks(self) -> None:
        if self.session is not None:
            timeline = self.session.timeline
            self.marks.set_marks(timeline.instruction_starts(), timeline.frames)

    def _allow_moving(self, *, grounding: bool, can_move: bool) -> None:
        """Ground me works from the first moment, except during Ground me; Back and Skip on
        the exercise once it sounds. A disabled button says why."""
        moving = can_move and not grounding
        why_not = NOT_WHILE_GROUNDING if grounding else NOT_BEFORE_THE_WORDS
        ground = "A minute of eyes-open orienting, then continue or end (G)"
        for button, usual, allowed, reason in (
            (self.back_button, "To the start of this instruction (Left)", moving, why_not),
            (self.skip_button, "To the next instruction (Right)", moving, why_not),
            (self.ground_button, ground, not grounding, NOT_WHILE_GROUNDING),
        ):
            button.setEnabled(allowed)
            button.setToolTip("" if allowed else reason)
            button.setAccessibleDescription(usual if allowed else reason)

    def _word_the_pacer(self) -> None:
        """Under the pacer, words for what it shows: the circle, or the bar in reduced motion."""
        if self.breathing:
            words = PACER_WORDS[self.pacer.reduced_motion]
            self.caption.setText(words)
            self.breath_caption.setText(words)

    # --- the words always fit ------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_timer.start()

    def _caption_height(self, points: float, width: int) -> int:
        font = QFont(self.caption.font())
        font.setPointSizeF(points)
        inner = max(1, width - 2 * CAPTION_PADDING)
        flags = (Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap).value
        box = QFontMetrics(font).boundingRect(
            QRect(0, 0, inner, 100_000), flags, self.caption.text()
        )
        return box.height() + 2 * CAPTION_PADDING

    def fit_words(self) -> None:
        """The caption as large as the style asks (24-32 pt); when the window and the text size
        leave no room, the faint next line gives way first, and only then the caption shrinks
        below 24 pt. Its words are never cut off."""
        from bodyscan.ui.theme import CAPTION_POINTS  # noqa: PLC0415 - the one place they live

        page = self.texts
        self.text_row.activate()
        room = page.contentsRect().height() - self.words.spacing()
        width = self.caption.width()
        if room <= 0 or width <= 0:
            return
        self.caption.setStyleSheet("")  # the style sheet's own size, to start from
        largest = self.caption.font().pointSizeF() or CAPTION_POINTS[1]
        upcoming = self.upcoming.heightForWidth(width) if self.upcoming.text() else 0
        tries = (
            (True, CAPTION_POINTS[0]),  # both lines, the caption at 24 pt or more
            (False, CAPTION_POINTS[0]),  # the caption alone, 24 pt or more
            (False, SMALLEST_CAPTION),  # the caption alone, as small as it must
        )
        chosen, show_upcoming = SMALLEST_CAPTION, False
        for with_upcoming, smallest in tries:
            points = largest
            while points >= smallest:
                used = self._caption_height(points, width) + (upcoming if with_upcoming else 0)
                if used <= room:
                    break
                points -= 1.0
            else:
                continue
            chosen, show_upcoming = points, with_upcoming
            break
        self.upcoming.setVisible(show_upcoming)
        if chosen != largest:
            self.caption.setStyleSheet(f"font-size: {chosen:.1f}pt;")
        self.caption_points = chosen

    # --- what the session reports ---------------------------------------------------------

    def _event(self, event: Event) -> None:
        self.breathing = event.type == "breathe"
        if event.type == "say":
            self.figure.show_regions(event.regions)
        elif self.breathing:
            self.figure.show_regions(())

    def _caption(self, current: str, upcoming: str) -> None:
        self.caption.setText(current)
        self.upcoming.setText(upcoming)
        self.breath_caption.setText(current)
        self._word_the_pacer()
        self.fit_timer.start()
        if self.status.text().startswith("A moment"):
            self.status.setText("")

    def _phase(self, phase: Phase | None, left: int) -> None:
        self.pacer.set_phase(phase, left)
        self.middle.setCurrentIndex(0 if phase is None else 1)
        self.pacer.setVisible(phase is not None)

    def _position_changed(self, played: int, total: int) -> None:
        if self.session is not None and self.marks.total != total:
            self._refresh_marks()  # the plan improved while the voice was made
        self.marks.set_position(played, total)
        self.elapsed.setText(format_seconds(played / self.rate))
        self.remaining.setText(f"{format_seconds(max(0, total - played) / self.rate)} left")

    def _state(self, state: State) -> None:
        session = self.session
        awaiting = session is not None and session.awaiting_choice
        paused = state is State.PAUSED and not awaiting
        self.pause_button.setText("Resume" if paused else "Pause")
        self.pause_button.setEnabled(not awaiting)
        if paused != self.paused_words.isVisible():
            self.paused_words.setVisible(paused)
            self.fit_timer.start()
        grounding = session is not None and session.part is not session.main
        self._allow_moving(
            grounding=grounding or state is State.GROUNDING,
            can_move=session is not None and session.can_move,
        )
        if state is State.PREPARING:
            self.status.setText("Getting ready. The first words come in a moment.")
        elif state is State.PLAYING:
            self.status.setText("")
            self.choice.hide()
        elif state is State.GROUNDING:
            self.status.setText(GROUNDING_WORDS)
        elif state in (State.FINISHED, State.STOPPED):
            self.paused_words.hide()
            self.choice.hide()
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
        log.info("the narration is late: waited %.1f s so far", seconds)
        self.status.setText("A moment: the next words are on their way.")

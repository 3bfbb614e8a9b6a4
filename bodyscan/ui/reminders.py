"""Gentle reminders on screen: a timer asks the pure schedule (`bodyscan.core.reminders`) every
half minute, and when a break is due a small note appears in the corner of the screen offering
"Start", "In 10 minutes" and "Skip". It never takes the keyboard from what the person is doing,
and it goes away by itself after two minutes (taken as a skip: nothing repeats until the next
time). Nothing shows during an exercise, on a locked screen, or over a full-screen window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from bodyscan import desktop
from bodyscan.core import reminders
from bodyscan.core.durations import about_minutes
from bodyscan.core.estimate import split_length
from bodyscan.errors import BodyscanError
from bodyscan.notifications import DesktopNotifications
from bodyscan.settings import Settings, paused_until, reminder_rules

if TYPE_CHECKING:
    from bodyscan.ui.main_window import MainWindow

log = logging.getLogger(__name__)

CHECK_MS = 30_000
# "default" is what a click on the notification itself does: start, like the first button.
NOTIFICATION_BUTTONS = (("default", "Start"), ("later", "In 10 minutes"), ("skip", "Skip"))
SHOWN_FOR_MS = 120_000
EDGE_MARGIN = 24


@dataclass(frozen=True)
class ScreenProbes:
    """What the platform can say about the screen; both False where it cannot tell."""

    locked: Callable[[], bool] = desktop.screen_locked
    full_screen: Callable[[], bool] = desktop.full_screen_in_front


class ReminderNote(QFrame):
    """The note in the corner of the screen."""

    start_clicked = Signal()
    later_clicked = Signal()
    skip_clicked = Signal()

    def __init__(self) -> None:
        super().__init__(
            None,
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint,
        )
        # Shown without taking the keyboard: someone typing must not answer it by accident.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setObjectName("reminderNote")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setWindowTitle("bodyscan: a short break?")
        self.heading = QLabel("A short break?")
        self.heading.setObjectName("heading")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("primary")
        self.later_button = QPushButton("In 10 minutes")
        self.skip_button = QPushButton("Skip")
        for button, signal in (
            (self.start_button, self.start_clicked),
            (self.later_button, self.later_clicked),
            (self.skip_button, self.skip_clicked),
        ):
            button.clicked.connect(self.hide)
            button.clicked.connect(signal.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.later_button)
        buttons.addStretch()
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.setMinimumWidth(340)
        self.expiry = QTimer(self)
        self.expiry.setSingleShot(True)
        self.expiry.setInterval(SHOWN_FOR_MS)
        self.expiry.timeout.connect(self.hide)

    def fit_words(self) -> None:
        """Tall enough for the wrapped words at this text size (`adjustSize` alone sizes a
        window from its words on one line, and cuts the lines that wrap)."""
        self.ensurePolished()
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        width = max(self.minimumWidth(), self.sizeHint().width())
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        self.resize(width, max(height, self.minimumSizeHint().height()))

    def offer(self, text: str) -> None:
        self.text.setText(text)
        self.fit_words()
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            self.move(
                area.right() - self.width() - EDGE_MARGIN,
                area.bottom() - self.height() - EDGE_MARGIN,
            )
        self.show()
        self.raise_()
        self.expiry.start()


class DesktopNotifier(QObject):
    """The same offer as a desktop notification with buttons, where the desktop shows them."""

    start_clicked = Signal()
    later_clicked = Signal()
    skip_clicked = Signal()
    _action = Signal(int, str)  # from the listening thread, delivered on the GUI thread
    _closed = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self.current: int | None = None
        self.connection: DesktopNotifications | None = None
        self._action.connect(self._acted)
        self._closed.connect(self._gone)

    @classmethod
    def open(cls) -> DesktopNotifier | None:
        notifier = cls()
        notifier.connection = DesktopNotifications.open(
            notifier._action.emit, notifier._closed.emit
        )
        return notifier if notifier.connection is not None else None

    def offer(self, text: str) -> bool:
        if self.connection is None:
            return False
        self.withdraw()
        self.current = self.connection.notify(
            "A short break?", text, NOTIFICATION_BUTTONS, SHOWN_FOR_MS
        )
        return self.current is not None

    def withdraw(self) -> None:
        if self.connection is not None and self.current is not None:
            self.connection.withdraw(self.current)
        self.current = None

    def _acted(self, number: int, key: str) -> None:
        if number != self.current:
            return  # another program's, or an old one
        self.current = None
        {"default": self.start_clicked, "later": self.later_clicked}.get(
            key, self.skip_clicked
        ).emit()

    def _gone(self, number: int, _reason: int) -> None:
        if number == self.current:  # expired or dismissed: taken as a skip
            self.current = None

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class Reminders(QObject):
    """The schedule's state, the timer, and the note; the tray pauses and resumes it."""

    changed = Signal()  # paused or resumed: the tray's menu and tooltip follow

    def __init__(
        self,
        window: MainWindow,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        zone: tzinfo | None = None,
        probes: ScreenProbes | None = None,
        notifier: Callable[[], DesktopNotifier | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.now = now
        self.zone = zone or reminders.local_zone()
        self.probes = probes or ScreenProbes()
        self.state = reminders.ReminderState.starting(now())
        self.enabled = window.settings.reminders
        self.note = ReminderNote()
        self.note.start_clicked.connect(self._start)
        self.note.later_clicked.connect(self._later)
        self.note.skip_clicked.connect(lambda: log.info("reminder skipped"))
        self._open_notifier = notifier  # opened when the first reminder is due
        self.notifier: DesktopNotifier | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        window.settings_changed.connect(self._settings_changed)

    def _settings_changed(self, settings: Settings) -> None:
        if settings.reminders and not self.enabled:
            # Turned on just now: nothing before this moment is owed.
            self.state = reminders.ReminderState.starting(self.now())
        self.enabled = settings.reminders
        self.changed.emit()

    def check(self) -> bool:
        """Show the note if a break is due now; True when it was shown."""
        settings = self.window.settings
        now = self.now()
        try:
            rules = reminder_rules(settings)
        except ValueError as exc:
            log.warning("reminder settings not usable: %s", exc)
            return False
        state = replace(self.state, paused_until=paused_until(settings))
        decision = reminders.check(now, rules, state, self.zone)
        if decision.show:
            # Only asked when something is due: the probes run small system commands.
            decision = reminders.check(
                now,
                rules,
                state,
                self.zone,
                busy=self.window.session is not None,
                screen_locked=self.probes.locked(),
                full_screen=self.probes.full_screen(),
            )
        self.state = decision.state
        if not decision.show:
            if decision.reason not in ("off", "not yet", "paused"):
                log.info("no reminder: %s", decision.reason)
            return False
        text = self._offer_text()
        notifier = self._desktop_notifier()
        if notifier is None or not notifier.offer(text):
            self.note.offer(text)  # the desktop shows no buttons, or the post failed
        return True

    def _desktop_notifier(self) -> DesktopNotifier | None:
        if self._open_notifier is not None:
            opener, self._open_notifier = self._open_notifier, None  # tried once
            self.notifier = opener()
            if self.notifier is not None:
                self.notifier.setParent(self)
                self.notifier.start_clicked.connect(self._start)
                self.notifier.later_clicked.connect(self._later)
                self.notifier.skip_clicked.connect(lambda: log.info("reminder skipped"))
        return self.notifier

    def close(self) -> None:
        if self.notifier is not None:
            self.notifier.close()

    def _offer_text(self) -> str:
        exercise_id = self.window.settings.reminder_break
        try:
            script = self.window.parts.library.load(exercise_id)
        except BodyscanError:
            return "A minute for your feet and hands, if it suits you."
        length = about_minutes(split_length(script).nominal)
        return f"{script.title}, {length}. Only if it suits you."

    def _start(self) -> None:
        self.window.start_break(self.window.settings.reminder_break)

    def _later(self) -> None:
        self.state = reminders.snooze(self.now(), self.state)

    # --- pausing (from the tray) -------------------------------------------------------------

    def paused_until(self) -> datetime | None:
        until = paused_until(self.window.settings)
        return until if until is not None and until > self.now() else None

    def pause_for(self, duration: timedelta) -> None:
        self._pause(self.now() + duration)

    def pause_until_tomorrow(self) -> None:
        self._pause(reminders.tomorrow_morning(self.now(), self.zone))

    def resume(self) -> None:
        self.window.save_settings(self.window.settings.with_changes(reminders_paused_until=""))
        self.changed.emit()

    def _pause(self, until: datetime) -> None:
        self.note.hide()
        if self.notifier is not None:
            self.notifier.withdraw()
        self.state = reminders.pause(until, self.state)
        self.window.save_settings(
            self.window.settings.with_changes(reminders_paused_until=until.isoformat())
        )
        self.changed.emit()

    def local_time(self, moment: datetime) -> str:
        local = moment.astimezone(self.zone)
        today = self.now().astimezone(self.zone).date()
        return local.strftime("%H:%M") if local.date() == today else local.strftime("%a %H:%M")

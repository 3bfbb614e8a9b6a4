"""The tray icon and its menu: quick breaks two clicks away, the window, pausing reminders, quit.

The menu exists (and is tested) whether or not the desktop shows a tray; the icon is only shown
where there is one. Without a tray, bodyscan is an ordinary window that quits when closed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from bodyscan.core.breaks import QUICK_BREAK_IDS
from bodyscan.core.durations import length_in_words
from bodyscan.core.estimate import split_length

if TYPE_CHECKING:
    from bodyscan.ui.main_window import MainWindow
    from bodyscan.ui.reminders import Reminders

log = logging.getLogger(__name__)


class Tray(QObject):
    def __init__(
        self,
        window: MainWindow,
        reminders: Reminders,
        icon: QIcon,
        quit_app: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.reminders = reminders
        self.quit_app = quit_app
        self.menu = QMenu()
        self.break_actions: dict[str, QAction] = {}
        scripts = window.parts.library.usable(QUICK_BREAK_IDS)
        for exercise_id in QUICK_BREAK_IDS:
            script = scripts.get(exercise_id)
            if script is None:
                continue
            # The length it plays at (a break is never stretched), in the library's words.
            label = f"{script.title} (about {length_in_words(split_length(script).nominal)})"
            action = self.menu.addAction(label)
            action.triggered.connect(
                lambda _checked=False, chosen=exercise_id: window.start_break(chosen)
            )
            self.break_actions[exercise_id] = action
        self.menu.addSeparator()
        self.open_action = self.menu.addAction("Open bodyscan")
        self.open_action.triggered.connect(window.bring_to_front)
        self.reminder_menu = self.menu.addMenu("Pause reminders")
        self.pause_hour = self.reminder_menu.addAction("For an hour")
        self.pause_hour.triggered.connect(lambda: reminders.pause_for(timedelta(hours=1)))
        self.pause_day = self.reminder_menu.addAction("Until tomorrow")
        self.pause_day.triggered.connect(reminders.pause_until_tomorrow)
        self.resume_action = self.menu.addAction("Resume reminders")
        self.resume_action.triggered.connect(reminders.resume)
        self.settings_action = self.menu.addAction("Reminders and breaks…")
        self.settings_action.triggered.connect(self._open_break_settings)
        self.menu.addSeparator()
        self.quit_action = self.menu.addAction("Quit bodyscan")
        self.quit_action.triggered.connect(quit_app)
        self.menu.aboutToShow.connect(self.refresh)
        reminders.changed.connect(self.refresh)

        self.icon = QSystemTrayIcon(icon, self)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.told_still_here = False
        window.hidden_to_tray.connect(self._still_here)
        self.refresh()

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> bool:
        """Show the icon where the desktop has a tray; False when it has none."""
        if not self.available():
            log.info("no system tray: bodyscan runs as a window only")
            return False
        self.icon.show()
        return True

    def refresh(self) -> None:
        """Menu entries and the tooltip follow the reminder settings."""
        settings = self.window.settings
        paused = self.reminders.paused_until()
        self.reminder_menu.menuAction().setVisible(settings.reminders and paused is None)
        self.resume_action.setVisible(settings.reminders and paused is not None)
        if paused is not None:
            self.resume_action.setText(
                f"Resume reminders (paused until {self.reminders.local_time(paused)})"
            )
        tip = "bodyscan: a short break is two clicks away"
        if settings.reminders:
            tip += (
                f"\nReminders paused until {self.reminders.local_time(paused)}"
                if paused is not None
                else f"\nReminders every {settings.reminder_every} minutes"
            )
        self.icon.setToolTip(tip)

    def _open_break_settings(self) -> None:
        self.window.bring_to_front()
        self.window.open_settings(tab="breaks")

    def _still_here(self) -> None:
        """Once per run: the window closed, but bodyscan did not quit."""
        if self.told_still_here or not self.icon.isVisible():
            return
        self.told_still_here = True
        self.icon.showMessage(
            "bodyscan is still here",
            "Quick breaks and reminders are in the tray. Quit from its menu.",
            QSystemTrayIcon.MessageIcon.Information,
            8000,
        )

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.window.bring_to_front()

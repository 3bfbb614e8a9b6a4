"""Short breaks with real widgets offscreen: the tray menu's actions, the small break window
playing a break to its end with the null output and a fake clock, the check-in it offers,
reminders shown and snoozed with a fake wall clock, settings for breaks, one running copy."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from bodyscan.core.session import State
from bodyscan.ui.app import SingleInstance
from bodyscan.ui.reminders import DesktopNotifier, Reminders, ScreenProbes
from bodyscan.ui.settings_dialog import SettingsDialog
from bodyscan.ui.tray import Tray
from tests.ui.test_main_window import App

LONDON = ZoneInfo("Europe/London")


class WallClock:
    def __init__(self, start: datetime) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment


class Breaks:
    """The app with its tray and reminders, as `bodyscan.ui.app.main` wires them."""

    def __init__(
        self,
        qtbot: QtBot,
        now: datetime | None = None,
        notifier: Callable[[], DesktopNotifier | None] | None = None,
    ) -> None:
        self.app = App(qtbot)
        self.window = self.app.window
        self.window._welcomed()
        self.wall = WallClock(now or datetime(2026, 11, 23, 10, 0, tzinfo=UTC))  # a Monday
        self.locked = False
        self.reminders = Reminders(
            self.window,
            now=self.wall,
            zone=LONDON,
            probes=ScreenProbes(locked=lambda: self.locked, full_screen=lambda: False),
            notifier=notifier,
            parent=self.window,
        )
        self.quits = 0
        self.tray = Tray(self.window, self.reminders, QIcon(), self._quit, parent=self.window)
        self.qtbot = qtbot

    def _quit(self) -> None:
        self.quits += 1

    def play_break_to_end(self) -> None:
        window = self.window
        assert window.view is window.break_window and window.session is not None
        self.app.settle()
        for _ in range(600):
            self.app.clock.advance(0.5)
            window.break_window.bridge.tick()
            if window.session is None:
                return
        raise AssertionError("the break did not end")


def test_tray_menu_offers_breaks_window_pause_and_quit(qtbot: QtBot) -> None:
    breaks = Breaks(qtbot)
    labels = [a.text() for a in breaks.tray.menu.actions() if a.text()]
    assert labels[0] == "Feet and hands (about 1 minute)"
    assert re.fullmatch(r"Five senses grounding \(about [23] minutes\)", labels[1])
    assert re.fullmatch(r"Breathing break \(about [23] minutes\)", labels[2])
    assert "Open bodyscan" in labels and labels[-1] == "Quit bodyscan"
    # Reminders are off by default, so there is nothing to pause yet.
    assert not breaks.tray.reminder_menu.menuAction().isVisible()
    breaks.window.hide()
    breaks.tray.open_action.trigger()
    assert breaks.window.isVisible()
    breaks.tray.quit_action.trigger()
    assert breaks.quits == 1


def test_a_break_from_the_tray_plays_to_the_end_and_offers_the_check_in(qtbot: QtBot) -> None:
    breaks = Breaks(qtbot)
    window, little = breaks.window, breaks.window.break_window
    breaks.tray.break_actions["grounding-54321"].trigger()
    assert little.isVisible() and window.session is not None
    assert little.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert window.stack.currentWidget() is window.library_page  # the big window is untouched
    breaks.app.settle()
    for _ in range(100):  # past the bell, to the first words
        breaks.app.clock.advance(0.1)
        little.bridge.tick()
        if little.caption.text():
            break
    assert window.session.state is State.PLAYING
    assert "eyes open" in little.caption.text().lower()
    breaks.play_break_to_end()

    assert little.pages.currentWidget() is little.finished_page
    assert "to the end" in little.message.text()
    assert little.checkin_button.isVisible()
    qtbot.mouseClick(little.checkin_button, Qt.MouseButton.LeftButton)
    assert not little.isVisible()
    assert window.isVisible() and window.stack.currentWidget() is window.checkin_page
    window.checkin_page.set_answer("noticed")
    window.checkin_page.choose_place("left-foot")
    qtbot.mouseClick(window.checkin_page.save_button, Qt.MouseButton.LeftButton)
    [entry] = breaks.app.journals[0].entries()
    assert entry.session.exercise_id == "grounding-54321" and entry.session.ending == "completed"
    [checkin] = entry.checkins
    assert [answer.region for answer in checkin.regions] == ["left-foot"]
    assert breaks.app.errors == []


def test_a_break_without_questions_just_says_it_is_done(qtbot: QtBot) -> None:
    breaks = Breaks(qtbot)
    little = breaks.window.break_window
    breaks.tray.break_actions["feet-and-hands"].trigger()
    breaks.play_break_to_end()
    assert little.pages.currentWidget() is little.finished_page
    assert not little.checkin_button.isVisible() and little.close_timer.isActive()
    [entry] = breaks.app.journals[0].entries()
    assert entry.session.exercise_id == "feet-and-hands" and entry.checkins == ()


def test_cautions_come_first_once_and_escape_stops_a_break(qtbot: QtBot) -> None:
    breaks = Breaks(qtbot)
    window, little = breaks.window, breaks.window.break_window
    breaks.tray.break_actions["breathing-break"].trigger()
    assert little.pages.currentWidget() is little.cautions_page and window.session is None
    assert "dizzy" in little.cautions.text()
    qtbot.mouseClick(little.begin_button, Qt.MouseButton.LeftButton)
    assert window.session is not None and "breathing-break" in window.settings.acknowledged
    breaks.app.settle()
    breaks.app.clock.advance(2)
    little.bridge.tick()
    qtbot.keyClick(little.pause_button, Qt.Key.Key_Space)  # the keys of the big player
    assert window.session.state is State.PAUSED and little.pause_button.text() == "Resume"
    qtbot.keyClick(little.pause_button, Qt.Key.Key_Space)
    assert window.session.state is State.PLAYING
    qtbot.keyClick(little, Qt.Key.Key_Escape)
    assert window.session is None
    [entry] = breaks.app.journals[0].entries()
    assert entry.session.ending == "stopped"
    # Read once: the next time it begins at once.
    little.close()
    breaks.tray.break_actions["breathing-break"].trigger()
    assert little.pages.currentWidget() is little.playing_page and window.session is not None


def test_one_exercise_at_a_time(qtbot: QtBot) -> None:
    breaks = Breaks(qtbot)
    window = breaks.window
    breaks.tray.break_actions["feet-and-hands"].trigger()
    first = window.session
    breaks.tray.break_actions["grounding-54321"].trigger()
    assert window.session is first
    breaks.app.choose("Three-minute")  # Begin in the library while a break plays
    assert window.stack.currentWidget() is window.library_page and window.session is first


def test_closing_the_window_keeps_a_break_playing_in_the_tray(qtbot: QtBot) -> None:
    breaks = Breaks(qtbot)
    window = breaks.window
    window.tray_shown = True
    hidden: list[bool] = []
    window.hidden_to_tray.connect(lambda: hidden.append(True))
    breaks.tray.break_actions["feet-and-hands"].trigger()
    window.close()
    assert not window.isVisible() and hidden == [True]
    assert window.session is not None and window.session.state is not State.STOPPED
    window.use_settings(window.settings.with_changes(keep_in_tray=False))
    assert not window.hides_to_tray


def test_reminder_shows_in_working_hours_and_snoozes(qtbot: QtBot) -> None:
    breaks = Breaks(qtbot, datetime(2026, 11, 23, 9, 59, tzinfo=UTC))
    window, note = breaks.window, breaks.reminders.note
    assert not breaks.reminders.check()  # off by default
    window.use_settings(window.settings.with_changes(reminders=True, reminder_every=60))
    breaks.wall.moment += timedelta(minutes=1)  # 10:00 in London, a Monday
    assert breaks.reminders.check() and note.isVisible()
    assert "Feet and hands, about 1 minute" in note.text.text()
    assert not breaks.reminders.check()  # shown once, not again until the next slot
    assert note.expiry.isActive() and note.expiry.interval() == 120_000
    qtbot.mouseClick(note.later_button, Qt.MouseButton.LeftButton)
    assert not note.isVisible()
    breaks.wall.moment += timedelta(minutes=9)
    assert not breaks.reminders.check()
    breaks.wall.moment += timedelta(minutes=1)
    assert breaks.reminders.check()  # in 10 minutes, as asked
    qtbot.mouseClick(note.start_button, Qt.MouseButton.LeftButton)
    assert window.session is not None and window.view is window.break_window
    breaks.wall.moment += timedelta(minutes=50)  # 11:00 while the break plays: not now
    assert not breaks.reminders.check()
    window.session.stop()
    breaks.wall.moment += timedelta(minutes=60)
    breaks.locked = True  # 12:00 on a locked screen: the slot passes quietly
    assert not breaks.reminders.check()
    breaks.locked = False
    assert not breaks.reminders.check()
    breaks.wall.moment += timedelta(hours=6)  # 18:00: after working hours
    assert not breaks.reminders.check()
    breaks.wall.moment = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # the next morning
    assert breaks.reminders.check()
    note.expiry.timeout.emit()  # left alone for two minutes: it goes, taken as a skip
    assert not note.isVisible() and not breaks.reminders.check()


def test_pausing_reminders_from_the_tray(qtbot: QtBot) -> None:
    breaks = Breaks(qtbot, datetime(2026, 11, 23, 9, 30, tzinfo=UTC))
    window, tray = breaks.window, breaks.tray
    window.use_settings(window.settings.with_changes(reminders=True, reminder_every=30))
    tray.refresh()
    assert tray.reminder_menu.menuAction().isVisible() and not tray.resume_action.isVisible()
    tray.pause_hour.trigger()
    assert window.settings.reminders_paused_until == "2026-11-23T10:30:00+00:00"
    assert tray.resume_action.isVisible() and "10:30" in tray.resume_action.text()
    breaks.wall.moment = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert not breaks.reminders.check()
    tray.resume_action.trigger()
    assert window.settings.reminders_paused_until == "" and not tray.resume_action.isVisible()
    tray.pause_day.trigger()  # until midnight, local time
    assert window.settings.reminders_paused_until == "2026-11-24T00:00:00+00:00"
    breaks.wall.moment = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    assert not breaks.reminders.check()
    breaks.wall.moment = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # the next morning
    assert breaks.reminders.check()


def test_break_settings_are_saved_and_checked(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    from bodyscan import desktop

    breaks = Breaks(qtbot)
    window = breaks.window
    window.parts.set_start_at_login = lambda on: desktop.set_start_at_login(on, ["bodyscan-gui"])
    breaks.tray.settings_action.trigger()
    [dialog] = [d for d in window.findChildren(SettingsDialog) if d.isVisible()]
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "Breaks"
    assert not dialog.every.isEnabled()  # off: nothing to set yet
    dialog.reminders.setChecked(True)
    assert dialog.every.isEnabled()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.to_time.setTime(dialog.from_time.time().addSecs(-60))
    assert not save.isEnabled() and "after the start" in dialog.hours_note.text()
    dialog.to_time.setTime(dialog.from_time.time().addSecs(4 * 3600))
    assert save.isEnabled()
    dialog.every.setValue(45)
    dialog.days[5].setChecked(True)  # Saturdays too
    dialog.which_break.setCurrentIndex(dialog.which_break.findData("breathing-break"))
    dialog.start_at_login.setChecked(True)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    chosen = window.settings
    assert chosen.reminders and chosen.reminder_every == 45
    assert chosen.reminder_start == "09:00" and chosen.reminder_end == "13:00"
    assert chosen.reminder_days == (0, 1, 2, 3, 4, 5)
    assert chosen.reminder_break == "breathing-break" and chosen.start_at_login
    assert (tmp_path / "config" / "autostart" / "bodyscan.desktop").exists()
    assert window.parts.settings.load() == chosen  # on disk
    # Removed by hand (or by another tool): Settings shows the truth, and saves it.
    window.parts.starts_at_login = desktop.starts_at_login
    (tmp_path / "config" / "autostart" / "bodyscan.desktop").unlink()
    dialog = window.open_settings(tab="breaks")
    assert not dialog.start_at_login.isChecked() and not window.settings.start_at_login
    dialog.reject()


def test_a_failed_login_entry_is_reported_and_not_pretended(qtbot: QtBot, tmp_path: Path) -> None:
    from bodyscan.errors import DataError

    breaks = Breaks(qtbot)
    window = breaks.window

    def refuse(_on: bool) -> None:
        raise DataError("could not change starting at login", "Permission denied.")

    window.parts.set_start_at_login = refuse
    window.use_settings(window.settings.with_changes(start_at_login=True))
    assert breaks.app.errors == ["could not change starting at login"]
    assert not window.settings.start_at_login


def test_a_second_start_hands_over_to_the_first(qtbot: QtBot) -> None:
    name = f"bodyscan-test-{datetime.now().timestamp()}"
    first = SingleInstance(name)
    assert not first.hand_over(b"show")  # nobody is running yet
    received: list[bytes] = []
    first.listen(received.append)
    second = SingleInstance(name)
    assert second.hand_over(b"show")
    qtbot.waitUntil(lambda: received == [b"show"], timeout=5000)


def test_a_break_does_not_change_what_was_chosen_in_the_window(qtbot: QtBot) -> None:
    breaks = Breaks(qtbot)
    window = breaks.window
    breaks.app.choose("Three-minute")
    assert window.stack.currentWidget() is window.setup_page
    breaks.tray.break_actions["feet-and-hands"].trigger()
    breaks.play_break_to_end()
    window.break_window.close()
    qtbot.mouseClick(window.setup_page.start_button, Qt.MouseButton.LeftButton)
    assert window.view is window.player_page
    assert window.player_page.title.text() == "Three-minute body scan"
    window.session.stop()
    titles = [entry.session.exercise_id for entry in breaks.app.journals[0].entries()]
    assert sorted(titles) == ["body-scan-3", "feet-and-hands"]


def test_the_real_app_starts_once_and_a_second_start_shows_the_first(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QApplication

    from bodyscan.ui import app as gui

    running = gui.start(["--minimised"])
    assert running is not None
    window = running.window
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: running.tray is not None, timeout=5000)  # just after the window
    assert running.tray is not None
    labels = [action.text() for action in running.tray.menu.actions()]
    assert "Quit bodyscan" in labels and len(running.tray.break_actions) == 3
    # Offscreen there is no tray, so the window shows even when asked to start minimised,
    # and closing it quits as an ordinary window does.
    assert not window.tray_shown and window.isVisible() and not window.hides_to_tray
    assert QApplication.quitOnLastWindowClosed()
    window.hide()
    assert gui.start([]) is None  # handed over to the running one...
    qtbot.waitUntil(window.isVisible, timeout=5000)  # ...which shows its window
    window.shutdown()
    assert running.instance.server is not None
    running.instance.server.close()


def test_a_window_closed_before_the_tray_comes_stays_closed(qtbot: QtBot) -> None:
    """Quitting in the first moment: the tray, added just after the window, must not bring
    the window back (it did, and took the keyboard from whatever was in front)."""
    from bodyscan.ui import app as gui

    running = gui.start([])
    assert running is not None
    window = running.window
    qtbot.addWidget(window)
    window.close()
    assert not window.isVisible()
    qtbot.wait(gui.TRAY_DELAY_MS * 3)
    assert not window.isVisible() and running.tray is None
    assert running.instance.server is not None
    running.instance.server.close()

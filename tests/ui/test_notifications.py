"""Reminders as real desktop notifications with buttons: a private session bus (dbus-daemon), a
real notification server (dunst) on an Xvfb screen, and the app's own D-Bus connection.

dunst's `dunstctl action` presses a notification's default action ("Start"), and its context
menu goes through a dmenu program: here a script that picks the button the test wrote down.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from bodyscan.notifications import DesktopNotifications
from bodyscan.ui.reminders import DesktopNotifier
from tests.ui.test_breaks import Breaks


class Server:
    def __init__(self, folder: Path) -> None:
        self.choice = folder / "choice"

    def displayed(self) -> int:
        out = subprocess.run(
            ["dunstctl", "count", "displayed"], capture_output=True, text=True, check=True
        )
        return int(out.stdout.strip())

    def press_default(self) -> None:
        subprocess.run(["dunstctl", "action", "0"], check=True)

    def press(self, label: str) -> None:
        self.choice.write_text(label)
        subprocess.run(["dunstctl", "context"], check=True)

    def dismiss(self) -> None:
        subprocess.run(["dunstctl", "close"], check=True)


@pytest.fixture
def notification_server(
    x_screen: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Server]:
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert bus.stdout is not None
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.stdout.readline().strip())
    server = Server(tmp_path)
    pick = tmp_path / "pick"
    pick.write_text(f'#!/bin/sh\ngrep -F "#$(cat {server.choice}) " | head -1\n')
    pick.chmod(0o755)
    config = tmp_path / "dunstrc"
    config.write_text(f"[global]\n    dmenu = {pick}\n")
    dunst = subprocess.Popen(
        ["dunst", "-config", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 10
    started = ["dunstctl", "is-paused"]  # answers once dunst owns the bus name
    while subprocess.run(started, check=False, capture_output=True).returncode != 0:
        assert time.monotonic() < deadline and dunst.poll() is None, "dunst did not start"
        time.sleep(0.1)
    try:
        yield server
    finally:
        dunst.terminate()
        dunst.wait(10)
        bus.terminate()
        bus.wait(10)


def with_notifications(qtbot: QtBot, now: datetime) -> Breaks:
    breaks = Breaks(qtbot, now, notifier=DesktopNotifier.open)
    window = breaks.window
    window.use_settings(window.settings.with_changes(reminders=True, reminder_every=60))
    return breaks


def test_a_reminder_is_a_desktop_notification_whose_buttons_work(
    qtbot: QtBot, notification_server: Server
) -> None:
    breaks = with_notifications(qtbot, datetime(2026, 11, 23, 9, 59, tzinfo=UTC))
    reminders, window = breaks.reminders, breaks.window
    breaks.wall.moment += timedelta(minutes=1)
    assert reminders.check()
    notifier = reminders.notifier
    assert notifier is not None and notifier.current is not None
    assert not reminders.note.isVisible()  # the desktop shows it instead
    qtbot.waitUntil(lambda: notification_server.displayed() == 1, timeout=5000)

    notification_server.press("In 10 minutes")
    qtbot.waitUntil(lambda: reminders.state.snoozed_until is not None, timeout=5000)
    breaks.wall.moment += timedelta(minutes=10)
    assert reminders.check()

    notification_server.press_default()  # a click on the notification: Start
    qtbot.waitUntil(lambda: window.session is not None, timeout=5000)
    assert window.view is window.break_window
    window.session.stop()

    breaks.wall.moment += timedelta(minutes=50)  # 11:00: the next one, dismissed
    assert reminders.check()
    qtbot.waitUntil(lambda: notification_server.displayed() == 1, timeout=5000)
    notification_server.dismiss()
    qtbot.waitUntil(lambda: notifier.current is None, timeout=5000)
    assert window.session is None and not reminders.check()

    breaks.wall.moment += timedelta(hours=1)  # 12:00, then paused: the notification goes
    assert reminders.check()
    qtbot.waitUntil(lambda: notification_server.displayed() == 1, timeout=5000)
    reminders.pause_for(timedelta(hours=1))
    qtbot.waitUntil(lambda: notification_server.displayed() == 0, timeout=5000)
    reminders.close()


def test_without_a_notification_server_the_note_is_used(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    assert DesktopNotifications.open(lambda *_: None, lambda *_: None) is None
    breaks = with_notifications(qtbot, datetime(2026, 11, 23, 9, 59, tzinfo=UTC))
    breaks.wall.moment += timedelta(minutes=1)
    assert breaks.reminders.check()
    assert breaks.reminders.notifier is None and breaks.reminders.note.isVisible()

"""The tray for real: an X server (Xvfb) with a real tray host (`trayer`, XEmbed), and the app
as `bodyscan --minimised` starts it, in its own process on Qt's xcb platform.

Checked: started minimised, only the tray icon shows; the tray's "Open bodyscan" shows the
window; closing the window leaves the app running in the tray; a second start hands over to the
first, which shows its window; the tray's "Quit bodyscan" ends the process cleanly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

APP = r"""
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from bodyscan.ui.app import start

running = start(sys.argv[1:])
if running is None:  # another bodyscan took over
    sys.exit(0)
window = running.window
hidden = []
window.hidden_to_tray.connect(lambda: hidden.append(True))

def report(step):
    tray = running.tray
    print(json.dumps({
        "step": step,
        "tray_shown": window.tray_shown,
        "icon": tray is not None and tray.icon.isVisible(),
        "window": window.isVisible(),
        "hidden_to_tray": len(hidden),
    }), flush=True)

def command():
    line = sys.stdin.readline().strip()
    if line == "open":
        running.tray.open_action.trigger()
    elif line == "close":
        window.close()
    elif line == "quit":
        running.tray.quit_action.trigger()
        return
    QTimer.singleShot(300, lambda: report(line))

from PySide6.QtCore import QSocketNotifier
notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
notifier.activated.connect(command)
QTimer.singleShot(500, lambda: report("started"))
sys.exit(app.exec())
"""


@pytest.fixture
def tray_host(x_screen: str) -> Iterator[str]:
    host = subprocess.Popen(["trayer"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while not tray_seen_by_qt():  # trayer claims the tray selection a moment after it starts
        assert host.poll() is None and time.monotonic() < deadline, "trayer did not start"
        time.sleep(0.2)
    try:
        yield x_screen
    finally:
        host.terminate()
        host.wait(10)


def tray_seen_by_qt() -> bool:
    check = "from PySide6.QtWidgets import QApplication as A, QSystemTrayIcon as T\n"
    check += "app = A([]); print(T.isSystemTrayAvailable())"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    answer = subprocess.run(
        [sys.executable, "-c", check], env=env, capture_output=True, text=True, check=False
    )
    return answer.stdout.strip() == "True"


def run_app(arguments: list[str], home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "BODYSCAN_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-c", APP, *arguments],
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def ask(app: subprocess.Popen[str], line: str) -> dict[str, object]:
    assert app.stdin is not None and app.stdout is not None
    app.stdin.write(line + "\n")
    app.stdin.flush()
    return dict(json.loads(app.stdout.readline()))


def test_minimised_to_a_real_tray_open_close_hand_over_and_quit(
    tray_host: str, bodyscan_home: Path
) -> None:
    app = run_app(["--minimised"], bodyscan_home)
    try:
        assert app.stdout is not None
        started = json.loads(app.stdout.readline())
        assert started == {
            "step": "started",
            "tray_shown": True,
            "icon": True,
            "window": False,  # at login: the icon only
            "hidden_to_tray": 0,
        }
        assert ask(app, "open")["window"] is True
        closed = ask(app, "close")
        assert closed["window"] is False and closed["hidden_to_tray"] == 1
        assert app.poll() is None  # still running, in the tray

        second = run_app([], bodyscan_home)
        assert second.wait(30) == 0  # handed over at once...
        assert ask(app, "status")["window"] is True  # ...and the first shows its window

        assert app.stdin is not None
        app.stdin.write("quit\n")
        app.stdin.flush()
        assert app.wait(30) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()

"""Start-up figures: cold start to a usable window, and the idle window's CPU use.

Run: .venv/bin/python bench/bench_startup.py
Each start is a fresh process (offscreen), timed from just before it is spawned to the first
turn of the event loop after the window is shown (the whole app, as `bodyscan` starts it).
"Bare" is an empty PySide6 window started the same way, for comparison. Idle CPU is the
process's CPU time over 20 s with the window open.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

APP = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from bodyscan.ui.app import start
app = QApplication(sys.argv[:1])
running = start([])  # the whole app: window, tray menu, reminders, the one-copy socket
def ready():
    print(time.time(), flush=True)
    if sys.argv[1] == "quit":
        app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""
BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
window = QLabel("bare")
window.show()
QTimer.singleShot(0, lambda: (print(time.time(), flush=True), app.quit()))
app.exec()
"""


def start_time(code: str, home: str) -> float:
    env = {**os.environ, "BODYSCAN_HOME": home, "QT_QPA_PLATFORM": "offscreen"}
    began = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, "quit"], env=env, capture_output=True, text=True, check=True
    ).stdout
    return float(out.split()[0]) - began


def idle_cpu(home: str, seconds: float = 20) -> float:
    env = {**os.environ, "BODYSCAN_HOME": home, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [sys.executable, "-c", APP, "stay"], env=env, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    process.stdout.readline()
    time.sleep(5)  # the voice finishes loading in the background first

    def cpu() -> float:
        with open(f"/proc/{process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    before = cpu()
    time.sleep(seconds)
    used = cpu() - before
    process.terminate()
    process.wait(timeout=30)
    return used / seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        start_time(APP, home)  # first start writes settings and warms the disk cache
        ours = [start_time(APP, home) for _ in range(7)]
        bare = [start_time(BARE, home) for _ in range(7)]
        print(f"cold start to a usable window: median {statistics.median(ours):.3f} s")
        print(f"bare PySide6 window, same way: median {statistics.median(bare):.3f} s")
        print(f"idle window CPU: {idle_cpu(home) * 100:.2f} % of one core")


if __name__ == "__main__":
    main()

"""Library figures with 0, 1,000 and 5,000 of the user's own exercises.

Run: .venv/bin/python bench/bench_library.py [--sizes 0,1000,5000] [--repeats 3]

The user's exercises are copies of the bundled ones under other file names (so other ids).
For each size, in fresh processes:
- `bodyscan list` with no index (the first run after an upgrade, or a folder of new files),
  then with the index warm, each warm run followed by one of an empty library (for the ratio);
- loading one bundled exercise by id (what `play` and `export` do first), index warm;
- the desktop window: from spawning the process to the first turn of the event loop with the
  window shown (what a person can use), index cold and warm; and, cold, until the background
  scan has listed every exercise, with the longest pause of the event loop meanwhile (the
  window must answer while a large folder is read).
Medians of the repeats; cold figures are single runs (each needs a fresh index).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WINDOW = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from bodyscan.ui.app import start
app = QApplication(sys.argv[:1])
running = start([])
page = running.window.library_page
turns = [time.monotonic(), 0.0]  # the last turn of the event loop, the longest pause between
def turn():
    now = time.monotonic()
    turns[1] = max(turns[1], now - turns[0])
    turns[0] = now
ticker = QTimer(interval=10, timeout=turn)
def ready():
    print("shown", time.time(), len(page.cards), flush=True)
    turns[0] = time.monotonic()
    ticker.start()
    if not page.scanning:
        done()
def done():
    print("listed", time.time(), len(page.exercises), flush=True)
    print("pause", turns[1], flush=True)
    app.quit()
page.scan_finished.connect(done)
QTimer.singleShot(0, ready)
app.exec()
"""
LOAD = "from bodyscan import provider; provider.library().load('body-scan-3')"


def fill(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted((REPO / "scripts").glob("*.yaml"))
    for number in range(count):
        source = sources[number % len(sources)]
        shutil.copyfile(source, folder / f"{source.stem}-copy-{number:05}.yaml")


def env(home: Path) -> dict[str, str]:
    return {**os.environ, "BODYSCAN_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}


def timed(command: list[str], home: Path) -> float:
    began = time.perf_counter()
    subprocess.run(command, env=env(home), check=True, capture_output=True)
    return time.perf_counter() - began


def window(home: Path) -> tuple[float, float, float]:
    """Seconds until the window is usable and until every exercise is listed, and the longest
    the event loop went without a turn in between (while a scan reads, the window must answer)."""
    began = time.time()
    out = subprocess.run(
        [sys.executable, "-c", WINDOW], env=env(home), capture_output=True, text=True, check=True
    ).stdout
    times = {line.split()[0]: float(line.split()[1]) for line in out.splitlines()}
    return times["shown"] - began, times["listed"] - began, times["pause"]


def drop_index(home: Path) -> None:
    (home / "cache" / "library-index.json").unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="0,1000,5000")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    bodyscan = str(Path(sys.executable).with_name("bodyscan"))
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    empty_home = tempfile.TemporaryDirectory()
    empty = Path(empty_home.name)
    (empty / "settings.json").write_text('{"first_run_done": true}')
    timed([bodyscan, "list"], empty)  # its index of the bundled exercises
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            home = Path(folder)
            fill(home / "exercises", size)
            settings = home / "settings.json"
            settings.write_text('{"first_run_done": true}')
            list_cold = timed([bodyscan, "list"], home)
            # Warm listings alternate with an empty library's, so the ratio compares runs made
            # at the same moment of this noisy machine.
            warm_runs, empty_runs = [], []
            for _ in range(args.repeats):
                warm_runs.append(timed([bodyscan, "list"], home))
                empty_runs.append(timed([bodyscan, "list"], empty))
            list_warm = statistics.median(warm_runs)
            list_empty = statistics.median(empty_runs)
            load_warm = statistics.median(
                timed([sys.executable, "-c", LOAD], home) for _ in range(args.repeats)
            )
            drop_index(home)
            shown_cold, listed_cold, pause_cold = window(home)
            shown_warm = statistics.median(window(home)[0] for _ in range(args.repeats))
            print(
                f"{size:5} user exercises: list cold {list_cold:6.2f} s, warm {list_warm:5.2f} s"
                f" ({list_warm / list_empty:.2f}x an empty library's {list_empty:.2f} s);"
                f" load by id (warm) {load_warm:5.2f} s; window usable cold {shown_cold:5.2f} s"
                f" (all listed {listed_cold:6.2f} s, longest pause {pause_cold * 1000:4.0f} ms),"
                f" warm {shown_warm:5.2f} s"
            )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    empty_home.cleanup()


if __name__ == "__main__":
    main()

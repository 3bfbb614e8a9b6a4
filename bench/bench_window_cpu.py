"""CPU of the whole desktop window while an exercise plays, next to the bare session figure.

Run: .venv/bin/python bench/bench_window_cpu.py [--seconds 60]

The real app (`bodyscan.ui.app.start`: window, tray menu, reminders) plays body-scan-12 with
pink noise through the `qt` output into a private PulseAudio null sink, with the player page on
screen (offscreen platform: Qt paints into memory, as it would for a window nobody covers).
Narration is made first, so the figure is playback alone: the caption, progress marks, clock
labels and the session tick at 10 Hz, plus mixing and feeding the sound.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")

from tests.pulse import running_pulse  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home, running_pulse(Path(home)):
        os.environ["BODYSCAN_HOME"] = home
        from PySide6.QtCore import QTimer  # noqa: PLC0415
        from PySide6.QtWidgets import QApplication  # noqa: PLC0415

        from bodyscan import provider  # noqa: PLC0415
        from bodyscan.narration.prepare import prepare  # noqa: PLC0415
        from bodyscan.ui.app import start  # noqa: PLC0415

        app = QApplication(sys.argv[:1])
        prepare([provider.library().load("body-scan-12")], provider.narrator())
        running = start([])
        assert running is not None
        window = running.window
        window._welcomed()
        page = window.library_page
        page.card_titled("Twelve-minute", "Body scan").click()
        index = window.setup_page.ambient.findData("pink-noise")
        window.setup_page.ambient.setCurrentIndex(index)
        window.setup_page.start_button.click()
        deadline = time.monotonic() + 120
        while not window.renderers[0].complete.is_set():
            app.processEvents()
            assert time.monotonic() < deadline, "narration was not ready"
            time.sleep(0.01)
        playing: list[bool] = []

        def finish() -> None:
            playing.append(window.session is not None)  # quitting ends the session
            app.quit()

        QTimer.singleShot(int(args.seconds * 1000), finish)
        start_wall, start_cpu = time.monotonic(), time.process_time()
        app.exec()
        share = (time.process_time() - start_cpu) / (time.monotonic() - start_wall)
        assert playing == [True], "the session ended early"
        print(f"whole window playing body-scan-12 with pink noise: {share * 100:.1f} % of one core")


if __name__ == "__main__":
    main()

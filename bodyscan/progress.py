"""A text progress bar for slow command-line work (narration, export).

On a terminal it redraws one line; elsewhere (logs, CI) it prints a line at most every few
seconds, so output stays readable.
"""

from __future__ import annotations

import time
from typing import TextIO

from bodyscan.core.durations import format_seconds

WIDTH = 24


class ProgressBar:
    def __init__(self, stream: TextIO, total: float, label: str, *, interval: float = 5.0) -> None:
        self.stream = stream
        self.total = max(total, 1e-9)
        self.label = label
        self.started = time.monotonic()
        self.interactive = stream.isatty()
        self.interval = interval
        self._last_print = 0.0
        self._width = 0

    def update(self, done: float, detail: str = "") -> None:
        now = time.monotonic()
        if not self.interactive and now - self._last_print < self.interval and done < self.total:
            return
        self._last_print = now
        fraction = min(1.0, done / self.total)
        filled = round(fraction * WIDTH)
        elapsed = now - self.started
        left = ""
        if 0 < fraction < 1 and elapsed > 0.5:
            left = f" · about {format_seconds(elapsed / fraction - elapsed)} left"
        line = f"{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {fraction:4.0%}"
        line += f" · {detail}" if detail else ""
        line += left
        if self.interactive:
            self.stream.write("\r" + line.ljust(self._width))
            self._width = len(line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def clear(self) -> None:
        """Take the bar off the terminal's line (before an error message)."""
        if self.interactive and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def finish(self, summary: str) -> None:
        if self.interactive:
            self.stream.write("\r" + " " * self._width + "\r")
        self.stream.write(summary + "\n")
        self.stream.flush()

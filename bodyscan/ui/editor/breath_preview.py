"""A live preview of a breathing block: the app's own pacer, driven by a clock of its own that
loops through one cycle of the timings being edited."""

from __future__ import annotations

import math

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QWidget

from bodyscan.core.timeline import Phase, PhaseName
from bodyscan.ui.pacer import BreathPacer

TICK_MS = 100
PHASES: tuple[PhaseName, ...] = ("in", "hold", "out", "hold_out")


class BreathPreview(BreathPacer):
    """Positions are milliseconds since the preview started, so phases are in ms too."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.clock = QElapsedTimer()
        super().__init__(self.clock.elapsed, parent)
        self.setAccessibleName("Breathing preview")
        self.setMinimumSize(220, 220)
        self.seconds: dict[PhaseName, float] = {}
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self._follow)

    def set_timings(self, seconds: dict[PhaseName, float]) -> None:
        """Phase lengths in seconds; a phase that is missing or not a usable number is 0."""
        self.seconds = {
            phase: seconds.get(phase, 0.0) for phase in PHASES if 0 < seconds.get(phase, 0.0) <= 60
        }
        if not self.seconds:
            self.ticker.stop()
            self.set_phase(None, 0)
            return
        if not self.clock.isValid():
            self.clock.start()
        if not self.ticker.isActive():
            self.ticker.start()
        self._follow()

    def stop(self) -> None:
        self.ticker.stop()
        self.set_phase(None, 0)

    def _follow(self) -> None:
        cycle_ms = int(sum(self.seconds.values()) * 1000)
        if cycle_ms <= 0:
            return
        now = self.clock.elapsed()
        start_of_cycle = now - now % cycle_ms
        start = start_of_cycle
        for name, seconds in self.seconds.items():
            end = start + int(seconds * 1000)
            if start <= now < end:
                left = math.ceil((end - now) / 1000)
                current = self.phase
                if current is None or (current.phase, current.start) != (name, start):
                    self.set_phase(Phase(name, start, end, 0), left)
                elif left != self.left:
                    self.set_phase(current, left)
                return
            start = end

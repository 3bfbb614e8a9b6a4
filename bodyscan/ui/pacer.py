"""The breathing pacer: a circle that grows on the in-breath, rests on a hold and shrinks on the
out-breath, with the phase word and a count. In reduced-motion mode nothing scales: the word, the
count and a thin bar that fills through the phase.

It reads the session's position when it paints, so it follows the sound, not its own timer;
the timer only asks for frames while a breathing block is on screen.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from bodyscan.core.timeline import Phase

WORDS = {"in": "Breathe in", "hold": "Hold", "out": "Breathe out", "hold_out": "Hold"}
FRAME_MS = 16  # about the screen's refresh; only while breathing
SMALLEST = 0.35  # the circle's radius at empty lungs, as a share of the largest


class BreathPacer(QWidget):
    motion_changed = Signal(bool)  # reduced or not: the words beside the pacer follow it

    def __init__(self, position: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.position = position
        self.phase: Phase | None = None
        self.left = 0
        self.reduced_motion = False
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Breathing pacer")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self.update)

    def set_phase(self, phase: Phase | None, left: int) -> None:
        self.phase = phase
        self.left = left
        description = "" if phase is None else f"{WORDS[phase.phase]}, {left}"
        self.setAccessibleDescription(description)
        if phase is None or self.reduced_motion:
            self.timer.stop()
        elif not self.timer.isActive():
            self.timer.start()
        self.update()

    def set_reduced_motion(self, reduced: bool) -> None:
        changed = reduced != self.reduced_motion
        self.reduced_motion = reduced
        self.set_phase(self.phase, self.left)
        if changed:
            self.motion_changed.emit(reduced)

    def progress(self) -> float:
        """How far through the current phase the sound is, 0..1."""
        if self.phase is None:
            return 0.0
        length = max(1, self.phase.end - self.phase.start)
        return min(1.0, max(0.0, (self.position() - self.phase.start) / length))

    def fullness(self) -> float:
        """How full the lungs are meant to be now: the circle's size, 0..1 (eased)."""
        if self.phase is None:
            return 0.0
        eased = 0.5 - 0.5 * math.cos(math.pi * self.progress())
        return {"in": eased, "hold": 1.0, "out": 1.0 - eased, "hold_out": 0.0}[self.phase.phase]

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self.phase is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        accent = palette.color(QPalette.ColorRole.Highlight)
        text = palette.color(QPalette.ColorRole.WindowText)
        box = QRectF(self.rect()).adjusted(8, 8, -8, -8)
        word = f"{WORDS[self.phase.phase]}\n{self.left}"
        font = painter.font()
        font.setPointSizeF(max(14.0, min(box.width(), box.height()) / 12))
        painter.setFont(font)
        if self.reduced_motion:
            bar = QRectF(box.left(), box.center().y() + box.height() / 5, box.width(), 10)
            painter.setPen(Qt.PenStyle.NoPen)
            faint = QColor(accent)
            faint.setAlpha(60)
            painter.setBrush(faint)
            painter.drawRoundedRect(bar, 5, 5)
            painter.setBrush(accent)
            painter.drawRoundedRect(
                QRectF(bar.left(), bar.top(), bar.width() * self.progress(), bar.height()), 5, 5
            )
        else:
            largest = min(box.width(), box.height()) / 2
            radius = largest * (SMALLEST + (1 - SMALLEST) * self.fullness())
            fill = QColor(accent)
            fill.setAlpha(70)
            painter.setBrush(fill)
            painter.setPen(QPen(accent, 3))
            painter.drawEllipse(box.center(), radius, radius)
        painter.setPen(text)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, word)
        painter.end()

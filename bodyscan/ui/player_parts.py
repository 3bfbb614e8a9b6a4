"""Small parts the player and the break window share: buttons that keep their size when their
words change, the small body figure that lights the place an instruction is about, and the
wording under the breathing pacer."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPolygonF
from PySide6.QtWidgets import QPushButton, QSizePolicy, QStyle, QStyleOptionButton, QWidget

from bodyscan.core.bodymap import HEIGHT, SHAPES, WIDTH, Ellipse, Side
from bodyscan.core.regions import REGIONS_BY_ID, expand

# What the pacer shows, in words that match it: a growing circle, or (reduced motion) the word,
# the count and a bar that fills.
PACER_WORDS = {
    False: "Follow the circle, breathing at your own comfort.",
    True: "Follow the words and the filling bar, breathing at your own comfort.",
}


class SteadyButton(QPushButton):
    """A button as wide as the longest of its labels ("Pause"/"Resume"), so that changing its
    words never moves it or its neighbours."""

    def __init__(self, labels: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(labels[0], parent)
        self.labels = tuple(labels)

    def _widest(self, hint: QSize) -> QSize:
        width = hint.width()
        for label in self.labels:
            option = QStyleOptionButton()
            self.initStyleOption(option)
            option.text = label
            words = self.fontMetrics().size(Qt.TextFlag.TextShowMnemonic.value, label)
            if not self.icon().isNull():
                words.setWidth(words.width() + self.iconSize().width() + 4)
            size = self.style().sizeFromContents(
                QStyle.ContentsType.CT_PushButton, option, words, self
            )
            width = max(width, size.width())
        return QSize(width, hint.height())

    def sizeHint(self) -> QSize:
        return self._widest(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._widest(super().minimumSizeHint())


def _side_for(regions: tuple[str, ...]) -> Side:
    """The back figure when every lit region is drawn only on the back (the neck, the seat)."""
    if regions and all(REGIONS_BY_ID[r].view == "back" for r in regions):
        return "back"
    return "front"


class BodyFigure(QWidget):
    """A small silhouette with the regions of the current instruction lit in the accent colour.
    It keeps its place when nothing is lit, so the caption beside it does not jump."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.regions: tuple[str, ...] = ()
        self.side: Side = "front"
        self.setFixedSize(int(WIDTH * 0.75), int(HEIGHT * 0.75))
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        policy.setHorizontalPolicy(QSizePolicy.Policy.Fixed)
        self.setSizePolicy(policy)
        self.setAccessibleName("Where this instruction is about")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()

    def show_regions(self, names: Sequence[str]) -> None:
        """Region ids or group names as a script writes them; nothing lit hides the figure."""
        self.regions = expand(tuple(names))
        self.side = _side_for(self.regions)
        words = ", ".join(REGIONS_BY_ID[r].label for r in self.regions)
        whole = len(self.regions) == len(REGIONS_BY_ID)
        self.setAccessibleDescription("your whole body" if whole else words)
        self.setVisible(bool(self.regions))
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scale = min(self.width() / WIDTH, self.height() / HEIGHT)
        painter.translate((self.width() - WIDTH * scale) / 2, (self.height() - HEIGHT * scale) / 2)
        painter.scale(scale, scale)
        palette = self.palette()
        quiet = palette.color(QPalette.ColorRole.Mid)
        lit = palette.color(QPalette.ColorRole.Highlight)
        painter.setPen(Qt.PenStyle.NoPen)
        for region, shape in SHAPES[self.side]:
            painter.setBrush(lit if region in self.regions else quiet)
            if isinstance(shape, Ellipse):
                painter.drawEllipse(QPointF(shape.cx, shape.cy), shape.rx, shape.ry)
            else:
                painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in shape.points]))
        painter.end()

    def lit_area(self) -> QRectF:
        """Where the lit regions are, in the figure's 100 x 220 box (for tests and tools)."""
        area = QRectF()
        for region, shape in SHAPES[self.side]:
            if region not in self.regions:
                continue
            if isinstance(shape, Ellipse):
                box = QRectF(shape.cx - shape.rx, shape.cy - shape.ry, 2 * shape.rx, 2 * shape.ry)
            else:
                box = QPolygonF([QPointF(x, y) for x, y in shape.points]).boundingRect()
            area = area.united(box)
        return area

"""The body map: front and back figures drawn from vector shapes (crisp at any size).

Two modes: *marking* (hover highlights a region, a click chooses it, and in drawing mode the
mouse paints free strokes that are kept raw) and *heat* (each region shaded by how often it was
marked). Keyboard users use the list of regions beside the map; both stay in step.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from bodyscan.core.bodymap import HEIGHT, SHAPES, WIDTH, Ellipse, Shape, Side, region_at
from bodyscan.core.regions import REGIONS_BY_ID

SIDES: tuple[Side, ...] = ("front", "back")
SIDE_LABELS = {"front": "Front (facing you)", "back": "Back"}
LABEL_SPACE = 28.0


def shape_path(shape: Shape) -> QPainterPath:
    path = QPainterPath()
    if isinstance(shape, Ellipse):
        path.addEllipse(QPointF(shape.cx, shape.cy), shape.rx, shape.ry)
    else:
        path.moveTo(*shape.points[0])
        for point in shape.points[1:]:
            path.lineTo(*point)
        path.closeSubpath()
    return path


class BodyMap(QWidget):
    region_clicked = Signal(str)
    stroke_finished = Signal(str, object)  # side, tuple of (x, y) in 0..1 of the figure's box

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumSize(260, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Body map")
        self.setAccessibleDescription("Front and back figures; use the list of places beside it")
        self.hovered: str | None = None
        self.marked: set[str] = set()
        self.selected: str | None = None
        self.heat_mode = False
        self.heat: dict[str, float] = {}  # region -> 0..1, in heat mode
        self.drawing = False
        self.strokes: list[tuple[Side, tuple[tuple[float, float], ...]]] = []
        self._stroke: list[tuple[float, float]] = []
        self._stroke_side: Side | None = None

    # --- geometry ---------------------------------------------------------------------------

    def _box(self, side: Side) -> QRectF:
        """Where a figure is drawn, keeping the shapes' proportions."""
        half = self.width() / 2
        scale = min((half - 16) / WIDTH, (self.height() - LABEL_SPACE - 8) / HEIGHT)
        width, height = WIDTH * scale, HEIGHT * scale
        left = (0 if side == "front" else half) + (half - width) / 2
        return QRectF(left, LABEL_SPACE, width, height)

    def _locate(self, point: QPointF) -> tuple[Side, float, float] | None:
        for side in SIDES:
            box = self._box(side)
            if box.contains(point):
                x = (point.x() - box.left()) / box.width()
                y = (point.y() - box.top()) / box.height()
                return side, x, y
        return None

    def region_at(self, point: QPointF) -> str | None:
        found = self._locate(point)
        if found is None:
            return None
        side, x, y = found
        return region_at(side, x * WIDTH, y * HEIGHT)

    def centre_of(self, region: str, side: Side) -> QPointF | None:
        """Where a region is on screen (for tests and tooltips)."""
        for name, shape in SHAPES[side]:
            if name == region:
                box = self._box(side)
                rect = shape_path(shape).boundingRect()
                return QPointF(
                    box.left() + rect.center().x() * box.width() / WIDTH,
                    box.top() + rect.center().y() * box.height() / HEIGHT,
                )
        return None

    # --- mouse ------------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        if self.drawing and self._stroke_side is not None:
            found = self._locate(point)
            if found is not None and found[0] == self._stroke_side:
                self._stroke.append((round(found[1], 4), round(found[2], 4)))
                self.update()
            return
        region = self.region_at(point)
        if region != self.hovered:
            self.hovered = region
            self.setToolTip(REGIONS_BY_ID[region].label if region else "")
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.drawing:
            found = self._locate(event.position())
            if found is not None:
                self._stroke_side = found[0]
                self._stroke = [(round(found[1], 4), round(found[2], 4))]
            return
        region = self.region_at(event.position())
        if region is not None:
            self.region_clicked.emit(region)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.drawing and self._stroke_side is not None and self._stroke:
            stroke = tuple(self._stroke)
            self.strokes.append((self._stroke_side, stroke))
            self.stroke_finished.emit(self._stroke_side, stroke)
        self._stroke_side = None
        self._stroke = []
        self.update()

    def leaveEvent(self, _event: object) -> None:
        self.hovered = None
        self.update()

    # --- painting ---------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.paint(painter)
        painter.end()

    def paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        accent = palette.color(QPalette.ColorRole.Highlight)
        body = palette.color(QPalette.ColorRole.Base)
        edge = palette.color(QPalette.ColorRole.Mid)
        for side in SIDES:
            box = self._box(side)
            painter.setPen(text)
            painter.drawText(
                QRectF(box.left() - 40, 0, box.width() + 80, LABEL_SPACE),
                Qt.AlignmentFlag.AlignCenter,
                SIDE_LABELS[side],
            )
            painter.save()
            painter.translate(box.topLeft())
            painter.scale(box.width() / WIDTH, box.height() / HEIGHT)
            for region, shape in SHAPES[side]:
                fill = QColor(body)
                if self.heat_mode:
                    fill = QColor(accent)
                    fill.setAlphaF(0.08 + 0.85 * self.heat.get(region, 0.0))
                elif region in self.marked:
                    fill = QColor(accent)
                    fill.setAlphaF(0.55)
                if region in (self.hovered, self.selected):
                    fill = fill.darker(115) if fill.alpha() > 128 else QColor(accent).lighter(160)
                width = 1.2 if region == self.selected else 0.5
                painter.setPen(QPen(text if region == self.selected else edge, width))
                painter.setBrush(fill)
                painter.drawPath(shape_path(shape))
            painter.restore()
            self._paint_strokes(painter, side, box, accent)

    def _paint_strokes(self, painter: QPainter, side: Side, box: QRectF, colour: QColor) -> None:
        pen = QPen(colour, max(2.0, box.width() / 40))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        strokes = [points for stroke_side, points in self.strokes if stroke_side == side]
        if self._stroke_side == side:
            strokes.append(tuple(self._stroke))
        for points in strokes:
            for (x1, y1), (x2, y2) in itertools.pairwise(points):
                painter.drawLine(
                    QPointF(box.left() + x1 * box.width(), box.top() + y1 * box.height()),
                    QPointF(box.left() + x2 * box.width(), box.top() + y2 * box.height()),
                )

    def to_image(self, width: int = 800, height: int = 900) -> QImage:
        """The map as a picture (the heat map's PNG export), at any size: it is vector."""
        image = QImage(width, height, QImage.Format.Format_ARGB32)
        image.fill(self.palette().color(QPalette.ColorRole.Window))
        saved = self.size()
        self.resize(width, height)
        painter = QPainter(image)
        self.paint(painter)
        painter.end()
        self.resize(saved)
        return image

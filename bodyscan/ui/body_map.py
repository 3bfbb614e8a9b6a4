"""The body map: front and back silhouettes with smooth outlines, the 25 regions on them.

The shapes come from core.bodymap (Qt-free); this draws them. Two modes: *marking* (hover
highlights a region, a click chooses it, and in drawing mode the mouse paints soft free strokes
that are kept raw) and *heat* (each region shaded by how often it was marked). The keyboard
moves through the regions with the arrow keys and chooses one with Space or Enter; the list of
places beside the map does the same for screen readers.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from functools import cache

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QColor,
    QFocusEvent,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from bodyscan.core import bodymap
from bodyscan.core.bodymap import HEIGHT, OUTLINE, SHAPES, WIDTH, Ellipse, Shape, Side, region_at
from bodyscan.core.regions import REGIONS, REGIONS_BY_ID

SIDES: tuple[Side, ...] = ("front", "back")
SIDE_LABELS = {"front": "Front (facing you)", "back": "Back"}
# Under each title, whose side is where: the front figure's left is on the viewer's right.
SIDE_HINTS = {"front": ("your right", "your left"), "back": ("your left", "your right")}
# A marked region against a plain one: at least 3:1 (WCAG's contrast for graphics), both looks.
MARKED_ALPHA = 0.75
LABEL_SPACE = 28.0  # the least room above the figures for their titles
# The keyboard's order: every region once, on the figure it is mostly seen on.
KEYBOARD_ORDER: tuple[tuple[Side, str], ...] = tuple(
    ("back" if region.view == "back" else "front", region.id) for region in REGIONS
)


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


@cache
def outline_path() -> QPainterPath:
    """The silhouette as true cubic Béziers (crisp at any size)."""
    path = QPainterPath()
    path.moveTo(*OUTLINE[0][0])
    for _start, first, second, end in OUTLINE:
        path.cubicTo(QPointF(*first), QPointF(*second), QPointF(*end))
    path.closeSubpath()
    return path


@cache
def region_paths(side: Side) -> tuple[tuple[str, QPainterPath], ...]:
    """Each region's visible part, bottom to top: its shape less the shapes drawn over it."""
    shapes = [(region, shape_path(shape)) for region, shape in SHAPES[side]]
    visible: list[tuple[str, QPainterPath]] = []
    for index, (region, whole) in enumerate(shapes):
        seen = whole
        for _, above in shapes[index + 1 :]:
            if above.boundingRect().intersects(seen.boundingRect()):
                seen = seen.subtracted(above)
        visible.append((region, seen.simplified()))
    return tuple(visible)


def stroke_path(points: Iterable[tuple[float, float]], box: QRectF) -> QPainterPath:
    """A raw stroke (0..1 of the box) as a smooth line through the midpoints of its points."""
    on_screen = [
        QPointF(box.left() + x * box.width(), box.top() + y * box.height()) for x, y in points
    ]
    path = QPainterPath()
    if not on_screen:
        return path
    path.moveTo(on_screen[0])
    if len(on_screen) == 1:
        path.lineTo(on_screen[0] + QPointF(0.01, 0))
    for here, there in itertools.pairwise(on_screen[1:]):
        path.quadTo(here, (here + there) / 2)
    path.lineTo(on_screen[-1])
    return path


class BodyMap(QWidget):
    region_clicked = Signal(str)
    stroke_finished = Signal(str, object)  # side, tuple of (x, y) in 0..1 of the figure's box

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(260, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Body map")
        self.setAccessibleDescription(
            "Front and back figures. Arrow keys move between places, Space marks one; "
            "the list of places beside it does the same"
        )
        self.hovered: str | None = None
        self.marked: set[str] = set()
        self.selected: str | None = None
        self.heat_mode = False
        self.heat: dict[str, float] = {}  # region -> 0..1, in heat mode
        self.drawing = False
        self.strokes: list[tuple[Side, tuple[tuple[float, float], ...]]] = []
        self._stroke: list[tuple[float, float]] = []
        self._stroke_side: Side | None = None
        self.keyboard_index: int | None = None  # where the arrow keys are, in KEYBOARD_ORDER
        self.bottom_space = 0.0  # room kept below the figures (for buttons laid over the map)

    def show_checkin(
        self, regions: Iterable[str], strokes: Iterable[tuple[str, tuple[tuple[float, float], ...]]]
    ) -> None:
        """Show a saved check-in as it was marked: its regions and its raw strokes."""
        self.marked = {region for region in regions if region in REGIONS_BY_ID}
        self.strokes = [
            ("front" if side == "front" else "back", tuple(points)) for side, points in strokes
        ]
        self.update()

    # --- geometry ---------------------------------------------------------------------------

    def minimumSizeHint(self) -> QSize:
        """Wide enough for both figures' titles and whose-side hints."""
        metrics = QFontMetricsF(self.font())
        title = max(metrics.horizontalAdvance(label) for label in SIDE_LABELS.values())
        hints = max(metrics.horizontalAdvance(a + b) for a, b in SIDE_HINTS.values())
        half = max(title, hints * 0.9 + metrics.averageCharWidth() * 2) + 16
        return QSize(max(260, int(2 * half)), 260)

    def _label_space(self) -> float:
        lines = QFontMetricsF(self.font()).lineSpacing()
        return max(LABEL_SPACE, 2 * lines + 6)

    def _box(self, side: Side) -> QRectF:
        """Where a figure is drawn, keeping the shapes' proportions."""
        half = self.width() / 2
        top = self._label_space()
        room = self.height() - top - 6 - self.bottom_space
        scale = max(0.01, min((half - 12) / WIDTH, room / HEIGHT))
        width, height = WIDTH * scale, HEIGHT * scale
        left = (0 if side == "front" else half) + (half - width) / 2
        return QRectF(left, top, width, height)

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

    def to_screen(self, side: Side, x: float, y: float) -> QPointF:
        """A point of a figure's 100 x 220 box, on the widget."""
        box = self._box(side)
        return QPointF(box.left() + x * box.width() / WIDTH, box.top() + y * box.height() / HEIGHT)

    def centre_of(self, region: str, side: Side) -> QPointF | None:
        """A point well inside a region on screen (for tests and tooltips)."""
        if side not in bodymap.sides_of(region):
            return None
        return self.to_screen(side, *bodymap.centre_of(side, region))

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

    # --- keyboard ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        steps = {
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Up: -1,
        }
        if key in steps:
            count = len(KEYBOARD_ORDER)
            start = -1 if steps[key] > 0 else 0
            index = self.keyboard_index if self.keyboard_index is not None else start
            self.keyboard_index = (index + steps[key]) % count
            region = KEYBOARD_ORDER[self.keyboard_index][1]
            self.hovered = region
            self.setAccessibleDescription(REGIONS_BY_ID[region].label)
            # Screen readers hear the place the arrow keys moved to.
            QAccessible.updateAccessibility(
                QAccessibleEvent(self, QAccessible.Event.DescriptionChanged)
            )
            self.update()
            return
        # Space, as for any button; Enter stays the page's (Save on the check-in).
        if key == Qt.Key.Key_Space and self.keyboard_index is not None:
            self.region_clicked.emit(KEYBOARD_ORDER[self.keyboard_index][1])
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if self.keyboard_index is not None:
            self.hovered = None
        super().focusOutEvent(event)
        self.update()

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self.keyboard_index is not None:
            self.hovered = KEYBOARD_ORDER[self.keyboard_index][1]
        super().focusInEvent(event)
        self.update()

    # --- painting ---------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.paint(painter)
        if self.hasFocus():
            self._paint_focus(painter)
        painter.end()

    def _paint_focus(self, painter: QPainter) -> None:
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 8, 8)

    def paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        faint = palette.color(QPalette.ColorRole.PlaceholderText)
        accent = palette.color(QPalette.ColorRole.Highlight)
        body = palette.color(QPalette.ColorRole.Base)
        edge = palette.color(QPalette.ColorRole.Mid)
        metrics = QFontMetricsF(self.font())
        line = metrics.lineSpacing()
        for side in SIDES:
            box = self._box(side)
            half = QRectF(0 if side == "front" else self.width() / 2, 0, self.width() / 2, line)
            painter.setPen(text)
            painter.drawText(half, Qt.AlignmentFlag.AlignCenter, SIDE_LABELS[side])
            self._paint_hints(painter, side, QRectF(half.left() + 4, line, half.width() - 8, line))
            painter.save()
            painter.translate(box.topLeft())
            scale = box.width() / WIDTH
            painter.scale(scale, box.height() / HEIGHT)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(body)
            painter.drawPath(outline_path())
            for region, path in region_paths(side):
                # Filled even when plain, so a region on top hides the edges beneath it.
                painter.setPen(QPen(edge, 1.0 / scale))
                painter.setBrush(body)
                painter.drawPath(path)
                fill = self._fill(region, accent)
                if fill is not None:
                    painter.setBrush(fill)
                    painter.drawPath(path)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(faint, 1.6 / scale))
            painter.drawPath(outline_path())
            for region, path in region_paths(side):
                if region == self.selected:
                    painter.setPen(QPen(text, 2.5 / scale))
                    painter.drawPath(path)
                elif region == self.hovered and self.hasFocus() and self.keyboard_index is not None:
                    pen = QPen(accent, 2.0 / scale)
                    pen.setStyle(Qt.PenStyle.DashLine)
                    painter.setPen(pen)
                    painter.drawPath(path)
            painter.restore()
            self._paint_strokes(painter, side, box, accent)

    def _paint_hints(self, painter: QPainter, side: Side, where: QRectF) -> None:
        """Whose side is where, under each figure's title; shorter words when space is short."""
        painter.save()
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        metrics = QFontMetricsF(font)
        on_left, on_right = SIDE_HINTS[side]
        for left, right in ((f"← {on_left}", f"{on_right} →"), (on_left, on_right)):
            if (
                metrics.horizontalAdvance(left + right) + metrics.averageCharWidth() * 2
                <= where.width()
            ):
                break
        else:
            left, right = on_left.replace("your ", ""), on_right.replace("your ", "")
        align = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(where, align | Qt.AlignmentFlag.AlignLeft, left)
        painter.drawText(where, align | Qt.AlignmentFlag.AlignRight, right)
        painter.restore()

    def _fill(self, region: str, accent: QColor) -> QColor | None:
        fill: QColor | None = None
        if self.heat_mode:
            fill = QColor(accent)
            fill.setAlphaF(0.08 + 0.85 * self.heat.get(region, 0.0))
        elif region in self.marked:
            fill = QColor(accent)
            fill.setAlphaF(MARKED_ALPHA)
        if region in (self.hovered, self.selected):
            if fill is not None and fill.alpha() > 128:
                fill = fill.darker(115)
            else:
                fill = QColor(accent)
                fill.setAlphaF(0.28)
        return fill

    def _paint_strokes(self, painter: QPainter, side: Side, box: QRectF, colour: QColor) -> None:
        """Soft marks: wide, round and see-through, like a finger of paint."""
        soft = QColor(colour)
        soft.setAlphaF(0.4)
        pen = QPen(soft, max(6.0, box.width() / 11))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        strokes = [points for stroke_side, points in self.strokes if stroke_side == side]
        if self._stroke_side == side:
            strokes.append(tuple(self._stroke))
        for points in strokes:
            painter.drawPath(stroke_path(points, box))

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

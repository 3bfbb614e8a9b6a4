"""The insights' pictures, drawn the same on the journal page and in the therapist's PDF: two
heat maps side by side (this period, the one before) with one legend, and bar charts with
dated axes.

The heat maps use one single-hue sequential ramp (light to dark teal on paper, dark to bright
in the dark look), so they read by lightness alone, for colour-blind people and in grey print.
Both maps share one scale: the same shade means the same count in both. The figures are the
body map's own region shapes (core.bodymap), so a new drawing of the body shows here too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QLinearGradient, QPainter, QPen

from bodyscan.core.bodymap import HEIGHT, SHAPES, WIDTH, Side, centre_of, region_at, sides_of
from bodyscan.ui.body_map import SIDE_LABELS, SIDES, shape_path

CAPTION_SPACE = 2.2  # lines of text above each pair of figures
LEGEND_SPACE = 5.2  # lines of text below both: the figures' labels and the legend


@dataclass(frozen=True)
class Colours:
    background: str
    text: str
    edge: str  # figure outlines, axes
    low: str  # the ramp's first step (marked once)
    high: str  # the ramp's end (marked most)
    unmarked: str  # a place never marked in the period

    def shade(self, share: float) -> QColor:
        """The ramp at 0..1 (a share of the larger count of the two maps); 0 is unmarked."""
        if share <= 0:
            return QColor(self.unmarked)
        return mix(QColor(self.low), QColor(self.high), min(share, 1.0))


def mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def colours_for(background: str, surface: str, text: str, edge: str, accent: str) -> Colours:
    """The ramp for a look: from near the surface to a strong accent, lightness one way."""
    light = QColor(background).lightnessF() > 0.5
    strong = QColor(accent).darker(150) if light else QColor(accent).lighter(115)
    low = mix(QColor(surface), strong, 0.14)
    return Colours(background, text, edge, low.name(), strong.name(), surface)


# Paper: white, near-black text, the light look's teal.
PRINT = colours_for("#ffffff", "#ffffff", "#1f2328", "#8c9096", "#2d6b64")


# --- heat maps ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatPanel:
    """One period's map: its name and how many check-ins marked each place."""

    title: str
    counts: dict[str, int]
    checkins: int


def _figures_box(area: QRectF, side: Side) -> QRectF:
    """Where one figure sits in the area of a pair (front left, back right)."""
    half = area.width() / 2
    scale = min((half - 8) / WIDTH, area.height() / HEIGHT)
    width, height = WIDTH * scale, HEIGHT * scale
    left = area.left() + (0 if side == "front" else half) + (half - width) / 2
    return QRectF(left, area.top() + (area.height() - height) / 2, width, height)


def heat_layout(rect: QRectF, line: float, panels: int) -> list[QRectF]:
    """The figures' area of each panel, side by side above one legend."""
    width = rect.width() / panels
    top = rect.top() + line * CAPTION_SPACE
    height = max(rect.height() - line * (CAPTION_SPACE + LEGEND_SPACE), 10)
    return [QRectF(rect.left() + i * width, top, width, height) for i in range(panels)]


def region_in_panels(
    rect: QRectF, line: float, panels: int, point: QPointF
) -> tuple[int, str] | None:
    """Which panel and region a point of a drawn pair is on (for clicks on the page)."""
    for index, area in enumerate(heat_layout(rect, line, panels)):
        for side in SIDES:
            box = _figures_box(area, side)
            if box.contains(point):
                x = (point.x() - box.left()) / box.width() * WIDTH
                y = (point.y() - box.top()) / box.height() * HEIGHT
                found = region_at(side, x, y)
                if found is not None:
                    return index, found
    return None


def region_centre(
    rect: QRectF, line: float, panels: int, *, index: int, region: str, side: Side
) -> QPointF | None:
    """Where a region of one panel is drawn (for tests, and a tooltip's place)."""
    box = _figures_box(heat_layout(rect, line, panels)[index], side)
    if side not in sides_of(region):
        return None
    x, y = centre_of(side, region)  # inside what shows of it (the head's is not on the face)
    return QPointF(box.left() + x * box.width() / WIDTH, box.top() + y * box.height() / HEIGHT)


def paint_heat_maps(
    painter: QPainter,
    rect: QRectF,
    panels: Sequence[HeatPanel],
    colours: Colours,
    selected: str | None = None,
) -> None:
    """Panels side by side, each with its title and check-in count, then one legend."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    metrics = QFontMetricsF(painter.font())
    line = metrics.height()
    top = max((max(p.counts.values(), default=0) for p in panels), default=0)
    text = QColor(colours.text)
    plain = QFont(painter.font())
    bold = QFont(plain)
    bold.setBold(True)
    for panel, area in zip(panels, heat_layout(rect, line, len(panels)), strict=True):
        painter.setPen(text)
        painter.setFont(bold)
        head = QRectF(area.left(), rect.top(), area.width(), line)
        painter.drawText(head, Qt.AlignmentFlag.AlignCenter, panel.title)
        painter.setFont(plain)
        counted = f"{panel.checkins} check-in{'' if panel.checkins == 1 else 's'}"
        painter.drawText(head.translated(0, line), Qt.AlignmentFlag.AlignCenter, counted)
        for side in SIDES:
            box = _figures_box(area, side)
            painter.setPen(QColor(colours.text))
            label = QRectF(box.left() - 30, box.bottom() - line, box.width() + 60, line)
            _paint_figure(
                painter, box, side, counts=panel.counts, top=top, colours=colours, selected=selected
            )
            painter.setPen(text)
            painter.drawText(
                label.translated(0, line * 1.05),
                Qt.AlignmentFlag.AlignCenter,
                SIDE_LABELS[side].split(" (")[0],
            )
    legend = QRectF(rect.left(), rect.bottom() - line * 3.9, rect.width(), line * 3.9)
    paint_legend(painter, legend, top, colours)
    painter.restore()


def _paint_figure(
    painter: QPainter,
    box: QRectF,
    side: Side,
    *,
    counts: dict[str, int],
    top: int,
    colours: Colours,
    selected: str | None,
) -> None:
    painter.save()
    painter.translate(box.topLeft())
    painter.scale(box.width() / WIDTH, box.height() / HEIGHT)
    edge = QColor(colours.edge)
    for region, shape in SHAPES[side]:
        count = counts.get(region, 0)
        painter.setBrush(colours.shade(count / top if top else 0.0))
        chosen = region == selected
        painter.setPen(QPen(QColor(colours.text) if chosen else edge, 1.4 if chosen else 0.5))
        painter.drawPath(shape_path(shape))
    painter.restore()


def paint_legend(painter: QPainter, rect: QRectF, top: int, colours: Colours) -> None:
    """One legend for both maps: "not marked", then the ramp from 1 to the most."""
    line = QFontMetricsF(painter.font()).height()
    text = QColor(colours.text)
    swatch = QRectF(rect.left() + 4, rect.top() + 2, line * 1.4, line * 0.9)
    painter.setPen(QPen(QColor(colours.edge), 1))
    painter.setBrush(colours.shade(0))
    painter.drawRect(swatch)
    painter.setPen(text)
    metrics = QFontMetricsF(painter.font())
    words = "not marked"
    painter.drawText(QPointF(swatch.right() + 6, swatch.bottom() - 2), words)
    start = swatch.right() + 6 + metrics.horizontalAdvance(words) + line * 1.5
    bar = QRectF(start, swatch.top(), max(rect.right() - start - 8, 40), swatch.height())
    if top:
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        gradient.setColorAt(0, colours.shade(1 / top))
        gradient.setColorAt(1, colours.shade(1.0))
        painter.setPen(QPen(QColor(colours.edge), 1))
        painter.setBrush(gradient)
        painter.drawRect(bar)
        painter.setPen(text)
        below = QRectF(bar.left(), bar.bottom() + 2, bar.width(), line)
        painter.drawText(below, Qt.AlignmentFlag.AlignLeft, "1")
        painter.drawText(below, Qt.AlignmentFlag.AlignRight, str(top))
        # Its own lines under the numbers, wrapped: it never runs into them at large text.
        caption = QRectF(bar.left(), below.bottom(), bar.width(), line * 2)
        painter.drawText(
            caption,
            Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
            "check-ins that marked the place",
        )
    else:
        painter.drawText(
            QPointF(bar.left(), swatch.bottom() - 2), "no places marked in either period"
        )


def heat_maps_image(
    panels: Sequence[HeatPanel], colours: Colours, width: int, height: int, point_size: float
) -> QImage:
    """The maps as a picture (for the PDF), at a resolution fit for print."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colours.background))
    painter = QPainter(image)
    font = QFont(painter.font())
    font.setPixelSize(max(8, round(point_size)))
    painter.setFont(font)
    paint_heat_maps(painter, QRectF(0, 0, width, height), panels, colours)
    painter.end()
    return image


# --- bar charts with dated axes -----------------------------------------------------------


def date_label(day: date, size: str) -> str:
    if size == "month":
        return day.strftime("%b %Y") if day.month == 1 else day.strftime("%b")
    return f"{day.day} {day.strftime('%b')}"


def nice_top(value: float) -> float:
    """A round number at or above the value, for the y axis."""
    if value <= 0:
        return 1.0
    step = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 5, 10):
        if value <= factor * step:
            return float(factor * step)
    return float(10 * step)


def paint_bars(
    painter: QPainter,
    rect: QRectF,
    *,
    days: Sequence[date],
    values: Sequence[float],
    size: str,
    colours: Colours,
    unit: str,
) -> None:
    """Bars over dates: a y axis with 0 and a round top, dates under the bars (as many as fit)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    metrics = QFontMetricsF(painter.font())
    line = metrics.height()
    top = nice_top(max(values, default=0))
    top_text = f"{top:g} {unit}".strip()
    left = rect.left() + metrics.horizontalAdvance(top_text) + 8
    plot = QRectF(left, rect.top() + line / 2, rect.right() - left - 4, rect.height() - line * 2)
    axis = QColor(colours.edge)
    text = QColor(colours.text)
    painter.setPen(QPen(axis, 1))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    painter.drawLine(plot.bottomLeft(), plot.topLeft())
    painter.setPen(text)
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    painter.drawText(
        QRectF(rect.left(), plot.top() - line / 2, left - rect.left() - 6, line), right, top_text
    )
    painter.drawText(
        QRectF(rect.left(), plot.bottom() - line / 2, left - rect.left() - 6, line), right, "0"
    )
    count = max(len(values), 1)
    width = plot.width() / count
    bar_colour = QColor(colours.high)
    for index, value in enumerate(values):
        height = plot.height() * value / top
        painter.fillRect(
            QRectF(
                plot.left() + index * width + width * 0.15,
                plot.bottom() - height,
                width * 0.7,
                height,
            ),
            bar_colour,
        )
    widest = max((metrics.horizontalAdvance(date_label(d, size)) for d in days), default=1)
    every = max(1, math.ceil((widest + 10) / width))
    for index, day in enumerate(days):
        if index % every:
            continue
        centre = plot.left() + (index + 0.5) * width
        painter.setPen(QPen(axis, 1))
        painter.drawLine(QPointF(centre, plot.bottom()), QPointF(centre, plot.bottom() + 3))
        painter.setPen(text)
        label = date_label(day, size)
        advance = metrics.horizontalAdvance(label)
        x = min(max(centre - advance / 2, rect.left()), rect.right() - advance)
        painter.drawText(QPointF(x, plot.bottom() + line), label)
    painter.restore()


def bars_image(
    *,
    days: Sequence[date],
    values: Sequence[float],
    size: str,
    unit: str,
    colours: Colours,
    width: int,
    height: int,
    point_size: float,
) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colours.background))
    painter = QPainter(image)
    font = QFont(painter.font())
    font.setPixelSize(max(8, round(point_size)))
    painter.setFont(font)
    paint_bars(
        painter,
        QRectF(0, 0, width, height),
        days=days,
        values=values,
        size=size,
        colours=colours,
        unit=unit,
    )
    painter.end()
    return image


# --- the answers, this period beside the one before ---------------------------------------


@dataclass(frozen=True)
class AnswerRow:
    label: str  # "numb / far away"
    now: int
    before: int


def answers_height(rows: int, line: float) -> float:
    return line * (2.2 * rows + 1.6)


def paint_answers(
    painter: QPainter,
    rect: QRectF,
    *,
    rows: Sequence[AnswerRow],
    totals: tuple[int, int],
    names: tuple[str, str],
    colours: Colours,
) -> None:
    """Per answer two bars, this period (dark) above the one before (light), each as its part
    of the period's check-ins, so periods of different sizes compare; the counts beside."""
    painter.save()
    metrics = QFontMetricsF(painter.font())
    line = metrics.height()
    text = QColor(colours.text)
    label_width = max((metrics.horizontalAdvance(r.label) for r in rows), default=0) + 12
    count_width = metrics.horizontalAdvance(f"{max(totals)} of {max(totals)}") + 12
    bar_left = rect.left() + label_width
    bar_width = max(rect.width() - label_width - count_width, 20)
    shades = (QColor(colours.high), colours.shade(0.35))
    for index, row in enumerate(rows):
        top = rect.top() + index * line * 2.2
        painter.setPen(text)
        painter.drawText(
            QRectF(rect.left(), top, label_width - 8, line * 2),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            row.label,
        )
        for which, (count, total) in enumerate(((row.now, totals[0]), (row.before, totals[1]))):
            y = top + which * line
            share = count / total if total else 0.0
            painter.setPen(QPen(QColor(colours.edge), 1))
            painter.setBrush(shades[which])
            painter.drawRect(QRectF(bar_left, y + 2, max(bar_width * share, 1), line - 4))
            painter.setPen(text)
            painter.drawText(
                QPointF(bar_left + bar_width * share + 6, y + metrics.ascent()),
                f"{count} of {total}",
            )
    legend_top = rect.top() + len(rows) * line * 2.2 + line * 0.3
    x = bar_left
    for which, name in enumerate(names):
        painter.setPen(QPen(QColor(colours.edge), 1))
        painter.setBrush(shades[which])
        painter.drawRect(QRectF(x, legend_top + 3, line, line - 6))
        painter.setPen(text)
        painter.drawText(QPointF(x + line + 6, legend_top + metrics.ascent()), name)
        x += line + 18 + metrics.horizontalAdvance(name)
    painter.restore()

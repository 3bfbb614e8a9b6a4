"""The insights' pictures as widgets on the journal page: the two heat maps (a click chooses a
place) and bar charts with dated axes. Each says what it shows in its accessible description,
since a screen reader cannot read a picture."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from bodyscan.journal import insight_text as words
from bodyscan.ui.insight_pictures import (
    AnswerRow,
    Colours,
    HeatPanel,
    answers_height,
    colours_for,
    paint_answers,
    paint_bars,
    paint_heat_maps,
    region_in_panels,
)


def screen_colours(widget: QWidget) -> Colours:
    """The heat-map ramp for the widget's look (light or dark), from the theme's palette."""
    palette = widget.palette()

    def name(role: QPalette.ColorRole) -> str:
        return palette.color(role).name()

    return colours_for(
        name(QPalette.ColorRole.Window),
        name(QPalette.ColorRole.Base),
        name(QPalette.ColorRole.WindowText),
        name(QPalette.ColorRole.Mid),
        name(QPalette.ColorRole.Highlight),
    )


class HeatMapsView(QWidget):
    """This period's map beside the period before's, with one legend."""

    region_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panels: list[HeatPanel] = []
        self.selected: str | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Heat maps: how often each place was marked")
        self.setMouseTracking(True)  # a place's count as a tooltip

    def set_panels(self, panels: Sequence[HeatPanel], description: str) -> None:
        self.panels = list(panels)
        self.setAccessibleDescription(description)
        self.updateGeometry()
        self.update()

    def _line(self) -> float:
        return float(self.fontMetrics().height())

    def sizeHint(self) -> QSize:
        return QSize(480, round(self._line() * 22))

    def minimumSizeHint(self) -> QSize:
        return QSize(240, round(self._line() * 16))

    def resizeEvent(self, event: object) -> None:
        self.setFixedHeight(max(round(self._line() * 16), min(round(self.width() * 0.62), 560)))

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self.panels:
            return
        painter = QPainter(self)
        painter.setFont(self.font())
        paint_heat_maps(
            painter, QRectF(self.rect()), self.panels, screen_colours(self), self.selected
        )
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        found = region_in_panels(
            QRectF(self.rect()), self._line(), len(self.panels), event.position()
        )
        if found is None or not self.panels:
            self.setToolTip("")
            return
        panel = self.panels[found[0]]
        place = words.place(found[1])
        self.setToolTip(
            f"{place[:1].upper()}{place[1:]}: {panel.counts.get(found[1], 0)} of "
            f"{panel.checkins} check-ins ({panel.title})"
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self.panels:
            return
        found = region_in_panels(
            QRectF(self.rect()), self._line(), len(self.panels), event.position()
        )
        if found is not None:
            self.region_clicked.emit(found[1])


class BarChart(QWidget):
    """Bars over dates, with the axis labelled by date."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: list[date] = []
        self.values: list[float] = []
        self.size_name = "day"
        self.unit = ""
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(
        self, days: Sequence[date], values: Sequence[float], size: str, description: str
    ) -> None:
        self.days, self.values, self.size_name = list(days), list(values), size
        self.setAccessibleDescription(description)
        self.setFixedHeight(round(self.fontMetrics().height() * 7))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, round(self.fontMetrics().height() * 7))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, round(self.fontMetrics().height() * 7))

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self.days:
            return
        painter = QPainter(self)
        painter.setFont(self.font())
        paint_bars(
            painter,
            QRectF(self.rect()),
            days=self.days,
            values=self.values,
            size=self.size_name,
            colours=screen_colours(self),
            unit=self.unit,
        )
        painter.end()


class AnswersChart(QWidget):
    """The check-in answers, this period beside the one before, as parts of each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[AnswerRow] = []
        self.totals = (0, 0)
        self.names = ("", "")
        self.setAccessibleName("Check-in answers, this period and the one before")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_answers(
        self,
        rows: Sequence[AnswerRow],
        totals: tuple[int, int],
        names: tuple[str, str],
    ) -> None:
        self.rows, self.totals, self.names = list(rows), totals, names
        self.setAccessibleDescription(
            "; ".join(
                f"{r.label}: {r.now} of {totals[0]} in {names[0]}, "
                f"{r.before} of {totals[1]} in {names[1]}"
                for r in rows
            )
        )
        self.setFixedHeight(round(answers_height(len(rows), self.fontMetrics().height())))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, round(answers_height(len(self.rows), self.fontMetrics().height())))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self.rows:
            return
        painter = QPainter(self)
        painter.setFont(self.font())
        paint_answers(
            painter,
            QRectF(self.rect()),
            rows=self.rows,
            totals=self.totals,
            names=self.names,
            colours=screen_colours(self),
        )
        painter.end()

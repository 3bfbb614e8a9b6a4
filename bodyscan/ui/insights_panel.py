"""The insights part of the journal page, in LOOK.md's order: the period's name, the facts in
words, the two heat maps with their legend and the words per place, then trends with dated
axes (sessions, and one place chosen on the map or from the list of places)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from bodyscan.core.regions import CHECKIN_ANSWERS, PLACE_LABELS, UNPLACED, WHOLE_BODY
from bodyscan.journal import insight_text as words
from bodyscan.journal.insights import Insights, bucket_size
from bodyscan.ui.insight_pictures import AnswerRow
from bodyscan.ui.insight_views import AnswersChart, BarChart, HeatMapsView
from bodyscan.ui.report_pdf import heat_panels

PER = {"day": "day", "week": "week, from each Monday", "month": "month"}


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("subheading")
    return label


def readable(text: str = "") -> QLabel:
    """Text that wraps and that the keyboard (and so a screen reader) can reach and select."""
    label = QLabel(text)
    label.setObjectName("readable")
    label.setWordWrap(True)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return label


class WrappingLines(QStyledItemDelegate):
    """Each entry as tall as its wrapped text at the list's width: nothing is cut off at the
    edge, at any text size (Qt's list lays out one line per item otherwise)."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        margin = 2 * self.view.fontMetrics().averageCharWidth()
        width = max(self.view.viewport().width() - margin, 80)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        wrapped = self.view.fontMetrics().boundingRect(
            QRect(0, 0, width - margin, 1_000_000), Qt.TextFlag.TextWordWrap, text
        )
        return QSize(width, wrapped.height() + self.view.fontMetrics().height() // 2 + 6)


class InsightsPanel(QWidget):
    place_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.insights: Insights | None = None
        self.compare = True
        self.period_name = QLabel()
        self.period_name.setObjectName("periodName")
        self.period_name.setWordWrap(True)
        self.facts = readable()
        self.facts.setAccessibleName("Your practice in words")
        self.map = HeatMapsView()
        self.map.region_clicked.connect(self.place_chosen.emit)
        self.extras = readable()
        self.extras.setAccessibleName("Places the figures do not show")
        self.places = readable()
        self.places.setAccessibleName("Words you chose for each place")
        self.answers_title = heading("Check-in answers")
        self.answers = AnswersChart()
        self.sessions_title = heading("Sessions")
        self.sessions_chart = BarChart("Sessions over time")
        self.place_choice = QComboBox()
        self.place_choice.setAccessibleName("A place to follow over time")
        self.place_choice.addItem("Choose a place…", None)
        for region in PLACE_LABELS:
            self.place_choice.addItem(words.place(region), region)
        self.place_choice.activated.connect(self._place_chosen)
        self.region_text = readable("Choose a place, here or on the map, to follow it over time.")
        self.trend = BarChart("The chosen place over time")
        self.trend.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(self.period_name)
        column.addWidget(self.facts)
        column.addWidget(heading("Where in the body"))
        column.addWidget(self.map)
        column.addWidget(self.extras)
        column.addWidget(self.places)
        column.addWidget(self.answers_title)
        column.addWidget(self.answers)
        column.addWidget(self.sessions_title)
        column.addWidget(self.sessions_chart)
        column.addWidget(heading("A place over time"))
        column.addWidget(self.place_choice)
        column.addWidget(self.region_text)
        column.addWidget(self.trend)

    def show_insights(self, found: Insights) -> None:
        self.insights = found
        now, before = found.current.period, found.previous.period
        self.period_name.setText(f"{now.name[:1].upper()}{now.name[1:]}, beside {before.name}")
        self.facts.setText("\n".join(words.sentences(found)))
        lines = words.quality_lines(found.current)
        self.places.setText(
            f"Words you chose for each place {now.in_words}:\n" + "\n".join(lines) if lines else ""
        )
        self.places.setVisible(bool(lines))
        self._show_maps()
        # "Whole body" and "somewhere I can't place" are answers the figures cannot shade.
        extras = [
            f"{words.place(region)[:1].upper()}{words.place(region)[1:]}: "
            f"{found.current.marked(region)} of {found.current.checkins} check-ins "
            f"({found.previous.marked(region)} of {found.previous.checkins} before)"
            for region in (WHOLE_BODY, UNPLACED)
            if found.current.marked(region) or found.previous.marked(region)
        ]
        self.extras.setText("\n".join(extras))
        self.extras.setVisible(bool(extras))
        self.answers.set_answers(
            [
                AnswerRow(
                    label,
                    found.current.heat.answers.get(key, 0),
                    found.previous.heat.answers.get(key, 0),
                )
                for key, label in CHECKIN_ANSWERS.items()
            ],
            (found.current.checkins, found.previous.checkins),
            (now.name, before.name),
        )
        size = bucket_size(now)
        self.sessions_title.setText(f"Sessions per {PER[size]}")
        buckets = found.current.buckets
        self.sessions_chart.set_bars(
            [b.start for b in buckets],
            [b.sessions for b in buckets],
            size,
            ", ".join(f"{b.start.isoformat()}: {b.sessions}" for b in buckets if b.sessions)
            or "no sessions",
        )

    def set_compare(self, compare: bool) -> None:
        self.compare = compare
        self._show_maps()

    def _show_maps(self) -> None:
        if self.insights is None:
            return
        panels = heat_panels(self.insights)
        self.map.set_panels(
            panels if self.compare else panels[:1],
            words.map_description(self.insights, self.compare),
        )

    def show_region(self, region: str, bars: list[tuple[date, int]]) -> None:
        """One place: its counts and words in a sentence, and its chart over the period."""
        if self.insights is None:
            return
        self.map.selected = region
        self.map.update()
        self.place_choice.setCurrentIndex(max(self.place_choice.findData(region), 0))
        self.region_text.setText(words.region_sentence(self.insights, region, self.compare))
        self.trend.set_bars(
            [day for day, _ in bars],
            [count for _, count in bars],
            bucket_size(self.insights.current.period),
            ", ".join(f"{day.isoformat()}: {count}" for day, count in bars if count)
            or "never marked in this period",
        )
        self.trend.show()

    def _place_chosen(self, index: int) -> None:
        region = self.place_choice.itemData(index)
        if region:
            self.place_chosen.emit(str(region))

"""The library's search field and its filters by length and kind: on one row, or two where
large text leaves no room for one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QLineEdit, QWidget

from bodyscan.core.finding import LENGTH_FILTERS, Finding
from bodyscan.core.script import KIND_LABELS, KINDS
from bodyscan.ui.library_cards import GAP

SEARCH_CHARACTERS = 30  # the search field keeps room for this many characters on one row


class FindingBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by title, tag or kind")
        self.search.setAccessibleName("Search exercises")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self.changed.emit())
        self.length_filter = QComboBox()
        self.length_filter.setAccessibleName("Length")
        for choice in LENGTH_FILTERS:
            self.length_filter.addItem(choice.label, choice)
        self.length_filter.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName("Kind")
        self.kind_filter.addItem("All kinds", None)
        for kind in KINDS:
            self.kind_filter.addItem(KIND_LABELS[kind], kind)
        self.kind_filter.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(GAP)
        self.grid.setColumnStretch(0, 1)
        self.rows = 0
        self._arrange(self.width())
        self.setFocusProxy(self.search)

    def finding(self) -> Finding:
        return Finding(
            self.search.text(), self.length_filter.currentData(), self.kind_filter.currentData()
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width())

    def _arrange(self, width: int) -> None:
        needed = (
            self.fontMetrics().averageCharWidth() * SEARCH_CHARACTERS
            + self.length_filter.sizeHint().width()
            + self.kind_filter.sizeHint().width()
            + 2 * GAP
        )
        rows = 1 if width >= needed else 2
        if rows == self.rows:
            return
        self.rows = rows
        for widget in (self.search, self.length_filter, self.kind_filter):
            self.grid.removeWidget(widget)
        if rows == 1:
            self.grid.addWidget(self.search, 0, 0)
            self.grid.addWidget(self.length_filter, 0, 1)
            self.grid.addWidget(self.kind_filter, 0, 2)
        else:
            self.grid.addWidget(self.search, 0, 0, 1, 2)
            self.grid.addWidget(self.length_filter, 1, 0)
            self.grid.addWidget(self.kind_filter, 1, 1)

"""The journal page at the calendar's edges: "Between two dates" up to the last day a date
field offers, and Earlier pressed until the period before leaves the calendar. Each said in
words on the page, never an exception in a slot (which left the page as it was, silently)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from bodyscan import provider
from bodyscan.errors import BodyscanError
from bodyscan.journal.insights import between
from bodyscan.journal.store import Journal
from bodyscan.ui.history_page import CUSTOM, HistoryPage
from tests.journal.months import fill_two_months


@pytest.fixture
def journal() -> Iterator[Journal]:
    opened = provider.journal()
    fill_two_months(opened)
    yield opened
    opened.close()


def _page(qtbot: QtBot, journal: Journal, errors: list[BodyscanError]) -> HistoryPage:
    page = HistoryPage(lambda: journal, errors.append)
    qtbot.addWidget(page)
    page.show()
    return page


@pytest.mark.parametrize(
    ("first", "last", "fits"),
    [
        (QDate(2026, 11, 1), QDate(9999, 12, 31), False),  # the field's own last day
        (QDate(1752, 9, 14), QDate(9999, 12, 31), False),  # the field's whole range
        (QDate(100, 1, 1), QDate(100, 1, 2), True),  # the field keeps to 1752 on
    ],
)
def test_between_two_dates_at_the_edges(
    qtbot: QtBot, journal: Journal, first: QDate, last: QDate, fits: bool
) -> None:
    errors: list[BodyscanError] = []
    page = _page(qtbot, journal, errors)
    page.range.setCurrentText(CUSTOM)
    page.date_from.setDate(first)
    page.date_to.setDate(last)
    assert bool(errors) is not fits
    if fits:
        assert page.insights is not None and page.insights.current.period == page.period
    for error in errors:
        assert "calendar" in error.short and error.detail


def test_earlier_stops_where_the_calendar_does(qtbot: QtBot, journal: Journal) -> None:
    errors: list[BodyscanError] = []
    page = _page(qtbot, journal, errors)
    page.show_period(between(date(1, 1, 10), date(1, 1, 14)))
    for _ in range(3):
        if page.earlier.isEnabled():
            qtbot.mouseClick(page.earlier, Qt.MouseButton.LeftButton)
    assert page.period == between(date(1, 1, 10), date(1, 1, 14))  # the earliest it can show
    assert not page.earlier.isEnabled()
    assert errors == []
    assert page.isVisible()

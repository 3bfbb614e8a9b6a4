"""The journal page: sessions with check-ins, a heat map for a time range, weekly trend per
place, delete with undo, export (JSON, CSV, PNG) and import back."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from bodyscan.journal.model import CheckIn, RegionAnswer, SessionRecord, now
from bodyscan.ui.history_page import HistoryPage
from tests.ui.test_main_window import App


def journal_page(qtbot: QtBot, span: str) -> tuple[App, HistoryPage]:
    """The journal page over a filled journal, showing this span of time."""
    app = App(qtbot)
    app.window._welcomed()
    fill(app)
    app.window.show_journal()
    page = app.window.history_page
    page.range.setCurrentIndex(page.range.findText(span))
    return app, page


def fill(app: App) -> None:
    journal = app.window.parts.journal()
    assert journal is not None
    moment = now()
    answers = [
        ("noticed", (RegionAnswer("chest", ("warm", "open"), "", "clear"),)),
        ("noticed", (RegionAnswer("chest", ("tight",)), RegionAnswer("left-hand", ("tingling",)))),
        ("nothing", ()),
        ("numb", ()),
    ]
    for days, (answer, regions) in enumerate(answers):
        when = moment - timedelta(days=days * 3)
        session = SessionRecord(
            "body-scan-3", "Body scan, 3 minutes", "body-scan", when, when, 180, 180, "completed"
        )
        journal.record_session(session)
        journal.save_checkin(CheckIn(session.id, answer, regions, created_at=when))
    old = moment - timedelta(days=200)
    session = SessionRecord(
        "box-breathing", "Box breathing", "breathwork", old, old, 300, 60, "stopped"
    )
    journal.record_session(session)
    journal.save_checkin(CheckIn(session.id, "noticed", (RegionAnswer("seat"),), created_at=old))


def test_history_heat_map_and_trend(qtbot: QtBot) -> None:
    app = App(qtbot)
    app.window._welcomed()
    fill(app)
    qtbot.mouseClick(app.window.journal_button, Qt.MouseButton.LeftButton)
    page = app.window.history_page
    assert app.window.stack.currentWidget() is page
    assert page.range.currentText() == "The last 4 weeks"
    assert page.list.topLevelItemCount() == 4
    texts = [page.list.topLevelItem(i).child(0).text(0) for i in range(4)]
    assert texts[2] == "nothing noticed" and texts[3] == "numb / far away"  # data, not failure
    assert page.summary.text() == (
        "4 check-ins: 2 I noticed sensations, 1 nothing noticed, 1 numb / far away."
    )
    assert page.map.heat == {"chest": 1.0, "left-hand": 0.5}
    qtbot.mouseClick(
        page.map, Qt.MouseButton.LeftButton, pos=page.map.centre_of("chest", "front").toPoint()
    )
    assert page.region_text.text().startswith("Your chest: marked in 2 of 4 check-ins")
    assert sum(marked for _week, _total, marked in page.trend.weeks) == 2
    page.range.setCurrentIndex(page.range.findText("Everything"))
    assert page.list.topLevelItemCount() == 5 and "seat" in page.map.heat


def test_delete_with_undo_export_and_import(qtbot: QtBot, tmp_path: Path) -> None:
    app, page = journal_page(qtbot, "Everything")
    page.list.setCurrentItem(page.list.topLevelItem(0))
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert page.list.topLevelItemCount() == 4 and page.undo.isVisible()
    qtbot.mouseClick(page.undo, Qt.MouseButton.LeftButton)
    assert page.list.topLevelItemCount() == 5 and not page.undo.isVisible()

    page.export_to("json", tmp_path / "journal.json")
    page.export_to("csv", tmp_path / "journal.csv")
    page.export_to("png", tmp_path / "heat.png")
    document = json.loads((tmp_path / "journal.json").read_text())
    assert len(document["entries"]) == 5
    assert len((tmp_path / "journal.csv").read_text().splitlines()) == 1 + 1 + 2 + 1 + 1 + 1
    assert not QImage(str(tmp_path / "heat.png")).isNull()

    journal = app.window.parts.journal()
    assert journal is not None
    before = journal.entries()
    journal.delete_all()
    assert page.import_from(tmp_path / "journal.json") == (5, 0)
    assert journal.entries() == before
    assert page.import_from(tmp_path / "journal.json") == (0, 5)


def test_any_date_range_and_delete_all(qtbot: QtBot) -> None:
    from PySide6.QtCore import QDate

    _, page = journal_page(qtbot, "Between two dates")
    assert page.date_from.isVisible() and page.date_to.isVisible()
    long_ago = QDate.currentDate().addDays(-201)
    page.date_from.setDate(long_ago)
    page.date_to.setDate(long_ago.addDays(2))
    assert page.list.topLevelItemCount() == 1
    assert set(page.map.heat) == {"seat"}
    page.delete_all()
    page.range.setCurrentIndex(page.range.findText("Everything"))
    assert page.list.topLevelItem(0).text(0).startswith("Nothing here yet")
    assert page.summary.text() == "No check-ins in this time."

"""The journal page: a period beside the one before (facts in words, two heat maps with one
legend, trends with dated axes), the sessions as a readable list, delete with undo, exports
that say where they went, import, and the therapist's summary with its preview."""

from __future__ import annotations

import json
import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from bodyscan.journal.insights import between, month_of, week_of, year_of
from bodyscan.settings import Settings
from bodyscan.ui import theme
from bodyscan.ui.history_page import HistoryPage
from bodyscan.ui.insight_pictures import region_centre
from bodyscan.ui.report_dialog import ReportDialog
from tests.journal.months import NOTE, fill_two_months
from tests.ui.test_main_window import App

NOVEMBER = month_of(date(2026, 11, 1))


def journal_page(qtbot: QtBot) -> tuple[App, HistoryPage]:
    """The journal page over two known months, showing November 2026."""
    app = App(qtbot)
    app.window._welcomed()
    journal = app.window.parts.journal()
    assert journal is not None
    fill_two_months(journal)
    qtbot.mouseClick(app.window.journal_button, Qt.MouseButton.LeftButton)
    page = app.window.history_page
    assert app.window.stack.currentWidget() is page
    page.show_period(NOVEMBER)
    return app, page


def click_place(qtbot: QtBot, page: HistoryPage, region: str) -> None:
    view = page.map
    page.scroller.ensureWidgetVisible(view)
    line = float(view.fontMetrics().height())
    point = region_centre(QRectF(view.rect()), line, 2, index=0, region=region, side="front")
    assert point is not None
    # A move as the window system delivers it (QTest's own move lands a few pixels off).
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        point,
        view.mapToGlobal(point),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view, move)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=point.toPoint())


def test_facts_first_then_two_heat_maps_then_trends(qtbot: QtBot) -> None:
    _, page = journal_page(qtbot)
    assert page.period_name.text() == "November 2026, beside October 2026"
    facts = page.facts.text().splitlines()
    assert facts[0] == (
        "In November 2026 you practised 6 times, 16 minutes in all "
        "(in October 2026: 3 times, 9 minutes)."
    )
    # "Nothing" and "numb" are answers, said like the others.
    assert (
        "In 1 of 5 check-ins your answer was “numb / far away” (0 of 3 in October 2026)." in facts
    )
    assert "Marked for the first time: your right foot and your whole body." in facts
    assert [(p.title, p.checkins) for p in page.map.panels] == [
        ("November 2026", 5),
        ("October 2026", 3),
    ]
    assert page.map.panels[1].counts == {"chest": 2, "left-hand": 1}
    assert "your left hand 2 of 5" in page.map.accessibleDescription()
    assert "Your left hand: warm 2, tingling 1." in page.places.text()
    assert page.panel.extras.text() == "Your whole body: 1 of 5 check-ins (0 of 3 before)"
    # The answers as a picture too: each as its part of each period's check-ins.
    answers = {row.label: (row.now, row.before) for row in page.panel.answers.rows}
    assert answers == {
        "I noticed sensations": (2, 2),
        "nothing noticed": (0, 1),
        "numb / far away": (1, 0),
        "not sure": (1, 0),
        "prefer not to say": (1, 0),
    }
    assert page.panel.answers.totals == (5, 3)
    assert "numb / far away: 1 of 5 in November 2026, 0 of 3 in October 2026" in (
        page.panel.answers.accessibleDescription()
    )
    # Sessions per day of November: a dated axis of 30 days.
    chart = page.sessions_chart
    assert chart.days[0] == date(2026, 11, 1) and len(chart.days) == 30
    assert sum(chart.values) == 6 and chart.values[8] == 1  # 9 November
    assert page.sessions_title.text() == "Sessions per day"

    click_place(qtbot, page, "left-hand")
    assert page.map.toolTip() == "Your left hand: 2 of 5 check-ins (November 2026)"
    assert page.region == "left-hand" and page.map.selected == "left-hand"
    assert page.region_text.text() == (
        "Your left hand: marked in 2 of 5 check-ins in November 2026 "
        "(1 of 3 in October 2026); warm 2, tingling 1."
    )
    assert page.trend.isVisible() and sum(page.trend.values) == 2
    assert page.place_choice.currentData() == "left-hand"

    page.compare.setChecked(False)
    assert [p.title for p in page.map.panels] == ["November 2026"]


def test_the_sessions_are_a_readable_list(qtbot: QtBot) -> None:
    _, page = journal_page(qtbot)
    assert page.list.count() == 6 and page.list.wordWrap()
    texts = [page.list.item(i).text() for i in range(page.list.count())]
    assert texts[0].endswith("Body scan, 3 minutes\n1m12s of 3m, stopped\n• no check-in")
    newest_answer = texts[1].splitlines()
    assert newest_answer[2].startswith("• I noticed sensations; your left hand (tingling, warm)")
    assert "connection with your body 2 of 10 before (not asked after)" in newest_answer[2]
    assert "• numb / far away; it was shut down" in texts[4]
    oldest = texts[5]
    assert "connection with your body 4 of 10 before, 6 after" in oldest
    assert NOTE in oldest  # the whole note: nothing cut at the edge

    # The longest line wraps inside the list instead of running off its edge.
    def wrapped() -> None:
        metrics = page.list.fontMetrics()
        for row in range(page.list.count()):
            rect = page.list.visualItemRect(page.list.item(row))
            assert rect.width() <= page.list.viewport().width()
            needed = metrics.boundingRect(
                QRect(0, 0, rect.width() - 2 * metrics.averageCharWidth(), 100_000),
                Qt.TextFlag.TextWordWrap,
                page.list.item(row).text(),
            )
            assert rect.height() >= needed.height()

    qtbot.waitUntil(wrapped)
    # Narrower, every entry still shows whole, the list no wider than its window.
    wide = page.list.viewport().width()
    page.window().resize(460, page.window().height())
    qtbot.waitUntil(lambda: page.list.viewport().width() < wide)
    qtbot.waitUntil(wrapped)


def test_the_period_chooser_and_stepping(qtbot: QtBot) -> None:
    _, page = journal_page(qtbot)
    today = date.today()
    page.range.setCurrentText("This week")
    assert page.period == week_of(today) and not page.later.isEnabled()
    page.range.setCurrentText("This year")
    assert page.period == year_of(today)
    page.range.setCurrentText("This month")
    assert page.period == month_of(today)
    assert not page.date_from.isVisible()
    page.range.setCurrentText("Between two dates")
    assert page.date_from.isVisible() and page.date_to.isVisible()
    page.date_to.setDate(date(2026, 11, 12))
    page.date_from.setDate(date(2026, 11, 3))
    assert page.period == between(date(2026, 11, 3), date(2026, 11, 12))
    assert page.list.count() == 1 and "numb / far away" in page.list.item(0).text()
    assert page.facts.text().startswith("From 3 to 12 November 2026 you practised once")
    qtbot.mouseClick(page.earlier, Qt.MouseButton.LeftButton)
    assert page.period == between(date(2026, 10, 24), date(2026, 11, 2))
    assert page.later.isEnabled()
    qtbot.mouseClick(page.later, Qt.MouseButton.LeftButton)
    assert page.period == between(date(2026, 11, 3), date(2026, 11, 12))
    page.show_period(month_of(date(2026, 12, 1)))
    assert page.list.item(0).text() == (
        "No sessions in December 2026. Sessions you play appear here."
    )
    assert page.facts.text().startswith("In December 2026 there were no sessions in your journal")


def test_keyboard_alone_reaches_everything(qtbot: QtBot) -> None:
    app, page = journal_page(qtbot)
    page.range.setFocus()
    reached: list[QWidget] = []
    for _ in range(40):
        widget = app.window.focusWidget()
        if widget is not None and widget not in reached:
            reached.append(widget)
        qtbot.keyClick(app.window.focusWidget(), Qt.Key.Key_Tab)
    for needed in (
        page.range,
        page.earlier,
        page.compare,
        page.facts,
        page.place_choice,
        page.list,
        page.delete_button,
        page.delete_all_button,
        page.report_button,
    ):
        assert needed in reached, needed.accessibleName() or needed
    # A place chosen from the list of places, by keys.
    page.place_choice.setFocus()
    qtbot.keyClick(page.place_choice, Qt.Key.Key_Down)
    assert page.region == "head" and "Your head: marked in 0 of 5" in page.region_text.text()


def test_delete_with_undo_exports_that_say_where_and_import(qtbot: QtBot, tmp_path: Path) -> None:
    app, page = journal_page(qtbot)
    page.list.setCurrentRow(0)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert page.list.count() == 5 and page.undo.isVisible()
    assert page.status.text().startswith("Deleted the session of ")
    qtbot.mouseClick(page.undo, Qt.MouseButton.LeftButton)
    assert page.list.count() == 6 and not page.undo.isVisible()
    assert page.status.text() == "The session is back in your journal."

    said = page.export_to("json", tmp_path / "journal.json")
    assert said == f"Exported 9 sessions to {tmp_path / 'journal.json'}."
    assert page.status.isVisible() and page.status.text() == said
    page.export_to("csv", tmp_path / "journal.csv")
    said = page.export_to("png", tmp_path / "heat.png")
    assert said == f"Saved the heat maps of November 2026 to {tmp_path / 'heat.png'}."
    document = json.loads((tmp_path / "journal.json").read_text())
    assert len(document["entries"]) == 9
    picture = QImage(str(tmp_path / "heat.png"))
    assert not picture.isNull() and picture.width() == 1600
    for name in ("journal.json", "journal.csv", "heat.png"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600

    journal = app.window.parts.journal()
    assert journal is not None
    before = journal.entries()
    page.delete_all()
    assert page.list.count() == 1 and page.list.item(0).text().startswith("No sessions")
    assert page.import_from(tmp_path / "journal.json") == (9, 0)
    assert journal.entries() == before
    assert page.status.text() == "Imported 9 sessions (0 were already here)."
    assert page.import_from(tmp_path / "journal.json") == (0, 9)


def test_summary_for_a_therapist_with_preview_and_notes_only_when_ticked(
    qtbot: QtBot, tmp_path: Path
) -> None:
    _, page = journal_page(qtbot)
    dialog = page.report_dialog()
    assert isinstance(dialog, ReportDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.notes.isChecked()
    assert dialog.document.pageCount() in (1, 2, 3)
    assert NOTE not in dialog.document.toPlainText()
    assert "November 2026" in dialog.document.toPlainText()
    # The preview shows every page as it prints: white paper with dark text on it.
    assert len(dialog.page_pictures) == dialog.document.pageCount()
    first = dialog.page_pictures[0].pixmap().toImage()
    assert first.pixelColor(2, 2) == QColor("white")
    darkest = min(
        first.pixelColor(x, y).lightnessF()
        for x in range(0, first.width(), 3)
        for y in range(0, first.height() // 4, 3)
    )
    assert darkest < 0.3
    assert dialog.page_pictures[-1].accessibleName() == (
        f"Page {dialog.document.pageCount()} of {dialog.document.pageCount()}"
    )
    assert dialog.pages.text().endswith("without your notes")
    dialog.save_to(tmp_path / "without.pdf")
    assert dialog.status.text().startswith("Saved the summary (")
    pages_before = len(dialog.page_pictures)
    dialog.notes.setChecked(True)
    assert NOTE in dialog.document.toPlainText()
    assert len(dialog.page_pictures) == dialog.document.pageCount() >= pages_before
    assert dialog.pages.text().endswith("with your notes")
    dialog.save_to(tmp_path / "with.pdf")
    assert stat.S_IMODE((tmp_path / "with.pdf").stat().st_mode) == 0o600

    def text(name: str) -> str:
        done = subprocess.run(
            ["pdftotext", str(tmp_path / name), "-"], capture_output=True, text=True, check=True
        )
        return " ".join(done.stdout.split())

    assert NOTE not in text("without.pdf") and NOTE in text("with.pdf")
    assert "Your left hand 2 of 5 1 of 3" in text("without.pdf")


@pytest.mark.parametrize("look", ["light", "dark"])
def test_the_page_and_the_summary_fit_800_by_600_at_double_text_size(
    qtbot: QtBot, look: str
) -> None:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    theme.apply(qapp, Settings(theme=look, font_scale=2.0, first_run_done=True))
    try:
        app, page = journal_page(qtbot)
        # The facts take the keyboard's focus, and show it: a ring in the accent colour.
        page.facts.setFocus()
        qtbot.waitUntil(page.facts.hasFocus)
        ring = page.facts.grab().toImage().pixelColor(1, page.facts.height() // 2)
        assert ring == QColor(theme.look_for(Settings(theme=look)).accent)
        page.show_region("left-hand")
        page.range.setCurrentText("Between two dates")  # every control shown
        hint = app.window.minimumSizeHint()
        assert hint.width() <= 800 and hint.height() <= 600, hint
        dialog = page.report_dialog()
        assert dialog is not None
        qtbot.addWidget(dialog)
        hint = dialog.minimumSizeHint()
        assert hint.width() <= 800 and hint.height() <= 600, hint
    finally:
        theme.apply(qapp, Settings())

"""The real desktop app with its data folder on a read-only mount: the journal shows, and the
app says once that saving is not possible, and why."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from bodyscan import provider
from bodyscan.journal.insights import month_of
from bodyscan.journal.model import SessionRecord
from bodyscan.ui.main_window import MainWindow
from tests.journal.realfs import fingerprint, read_only_view


def answer_next_dialog(seen: list[tuple[str, str]]) -> None:
    """Read and close the next message box (the app's one dialog style is modal)."""

    def close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, close)
            return
        seen.append((box.text(), box.informativeText()))
        box.accept()

    QTimer.singleShot(0, close)


def test_a_read_only_journal_is_shown_and_saving_says_why_not(
    qtbot: QtBot, bodyscan_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = provider.journal()
    moment = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    journal.record_session(
        SessionRecord("feet", "Feet on the floor", "grounding", moment, moment, 60, 60, "stopped")
    )
    journal.close()
    # The library makes this folder when it starts (on a read-only data folder it cannot:
    # that is the library's to handle, not the journal's).
    (bodyscan_home / "exercises").mkdir()
    before = fingerprint(bodyscan_home)
    from bodyscan.ui.app import build_window

    with read_only_view(bodyscan_home, tmp_path / "view") as view:
        monkeypatch.setenv("BODYSCAN_HOME", str(view))
        window = build_window()
        assert isinstance(window, MainWindow)
        qtbot.addWidget(window)
        seen: list[tuple[str, str]] = []
        answer_next_dialog(seen)
        opened = window.parts.journal()
        assert opened is not None and opened.read_only
        [(title, words)] = seen
        assert title == "your journal can only be read"
        assert f"{view / 'journal.sqlite3'} is read-only or not yours to change" in words
        window.show_journal()
        window.history_page.show_period(month_of(moment.date()))
        shown = window.history_page.list
        assert shown.count() == 1
        assert "Feet on the floor" in shown.item(0).text()
        assert window.parts.journal() is opened and len(seen) == 1  # said once
        opened.close()
    assert fingerprint(bodyscan_home) == before

"""A check-in on screen is never dropped by going to the journal: it waits as it was left."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.test_breaks import Breaks


def test_the_journal_key_keeps_an_open_check_in(qtbot: QtBot) -> None:
    breaks = Breaks(qtbot)
    window = breaks.window
    breaks.tray.break_actions["grounding-54321"].trigger()
    breaks.play_break_to_end()
    qtbot.mouseClick(window.break_window.checkin_button, Qt.MouseButton.LeftButton)
    page = window.checkin_page
    assert window.stack.currentWidget() is page
    page.set_answer("noticed")
    page.choose_place("left-hand")

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(page.focusWidget() or page, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.history_page
    window.history_page.back_requested.emit()
    assert window.stack.currentWidget() is page  # back to the check-in, as it was left
    assert page.answer() == "noticed"

    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    [entry] = breaks.app.journals[0].entries()
    [checkin] = entry.checkins
    assert [answer.region for answer in checkin.regions] == ["left-hand"]
    # Saved: the journal's way back now leads to the library.
    window.show_journal()
    window.history_page.back_requested.emit()
    assert window.stack.currentWidget() is window.library_page


def test_a_skipped_check_in_is_not_brought_back(qtbot: QtBot) -> None:
    breaks = Breaks(qtbot)
    window = breaks.window
    breaks.tray.break_actions["grounding-54321"].trigger()
    breaks.play_break_to_end()
    qtbot.mouseClick(window.break_window.checkin_button, Qt.MouseButton.LeftButton)
    window.checkin_page.skipped.emit()
    window.show_journal()
    window.history_page.back_requested.emit()
    assert window.stack.currentWidget() is window.library_page

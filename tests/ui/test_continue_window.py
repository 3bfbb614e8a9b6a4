"""Continue in the window: a session stopped after more than two minutes is on top of the
library, and continuing it plays on from the instruction where it stopped, in the same entry."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bodyscan.ui.library_cards import ContinueCard
from tests.conftest import burst
from tests.test_continue import LONG_FIRST
from tests.ui.test_main_window import App


def test_continue_from_the_library_joins_the_same_entry(qtbot: QtBot, user_exercises: Path) -> None:
    for name, hz in (("a", 440), ("b", 660), ("c", 880)):
        burst(user_exercises / f"{name}.wav", hz, 0.5)
    (user_exercises / "long-first.yaml").write_text(LONG_FIRST)
    app = App(qtbot)
    window = app.window
    window._welcomed()
    page = window.library_page
    assert "Continue" not in page.section_titles()

    app.choose("Long first")
    window.setup_page.start_button.click()
    app.settle()
    app.run(128)  # past two minutes, into the second instruction
    player = window.player_page
    assert player.caption.text() == "Step b, or nothing."
    qtbot.keyClick(player, Qt.Key.Key_Escape)  # stop
    qtbot.keyClick(window.checkin_page.save_button, Qt.Key.Key_Escape)  # skip the check-in
    qtbot.mouseClick(window.finished_page.button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is page
    [first] = app.journals[0].entries()
    assert first.session.ending == "stopped" and first.session.resume_step == 1

    assert next(iter(page.section_titles())) == "Continue"
    [card] = [c for c in page.cards if isinstance(c, ContinueCard)]
    assert card.accessibleName() == "Continue Long first"
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is player
    app.settle()
    qtbot.waitUntil(lambda: player.caption.text() == "Step b, or nothing.", timeout=10000)
    assert window.session is not None and window.session.started_from > 0
    app.run(10)
    assert window.stack.currentWidget() is not player  # finished
    [entry] = app.journals[0].entries()  # one entry, grown
    assert entry.session.id == first.session.id
    assert entry.session.ending == "completed" and entry.session.resume_step is None
    assert entry.session.played_seconds > first.session.played_seconds + 4
    qtbot.keyClick(window.checkin_page.save_button, Qt.Key.Key_Escape)
    qtbot.mouseClick(window.finished_page.button, Qt.MouseButton.LeftButton)
    assert "Continue" not in page.section_titles()  # nothing left to continue
    assert app.errors == []

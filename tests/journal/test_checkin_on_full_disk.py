"""The desktop app on a really full disk: the session cannot be saved when it ends and the
check-in cannot be saved either; the app says why, keeps the check-in on screen as it was
left, and saves both once space is freed. Real widgets (offscreen), a real tmpfs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bodyscan import provider
from bodyscan.paths import user_paths
from tests.conftest import burst
from tests.journal.realfs import contents, fill, tmpfs
from tests.ui.test_main_window import BREATHING, App


@pytest.fixture
def home_on_small_disk(bodyscan_home: Path) -> Iterator[Path]:
    with tmpfs(bodyscan_home, "16m") as home:
        exercises = home / "exercises"
        exercises.mkdir()
        for name, hz in (("a", 440), ("b", 550), ("c", 660)):
            burst(exercises / f"{name}.wav", hz, 0.6)
        (exercises / "recorded-breathing.yaml").write_text(BREATHING)
        provider.journal().close()  # the person's journal, there before the disk filled
        yield home


def test_a_check_in_on_a_full_disk_stays_on_screen_until_it_can_be_saved(
    qtbot: QtBot, home_on_small_disk: Path
) -> None:
    app = App(qtbot)
    window = app.window
    window._welcomed()
    app.choose("Recorded breathing")
    window.setup_page.acknowledge.setChecked(True)
    qtbot.keyClick(window.setup_page.start_button, Qt.Key.Key_Return)
    app.settle()
    filler = fill(home_on_small_disk)
    for _ in range(60):
        app.run(1.0)
        if window.stack.currentWidget() is window.checkin_page:
            break
    journal_file = user_paths().journal_file
    full = f"the disk holding {journal_file} is full."
    assert app.errors == [f"Could not save the session: {full}"]
    page = window.checkin_page
    assert window.stack.currentWidget() is page  # offered all the same
    page.set_answer("noticed")
    page.note.setText("heavier legs today")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert app.errors[-1] == f"Could not save the check-in: {full}"
    assert window.stack.currentWidget() is page and page.note.text() == "heavier legs today"
    assert app.journals[0].count() == 0

    filler.unlink()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.finished_page
    assert window.finished_page.message.text().endswith("Saved in your journal.")
    [entry] = app.journals[0].entries()
    assert entry.session.ending == "completed"
    assert [c.note for c in entry.checkins] == ["heavier legs today"]
    app.journals[0].close()
    assert contents(journal_file)["integrity"] == "ok"

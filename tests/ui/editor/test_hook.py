"""The library's "New exercise…" and "Edit…" open the editor from the main window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bodyscan.paths import bundled_scripts_dir
from bodyscan.ui.editor import ExerciseEditor
from tests.ui.test_main_window import App


def editors(app: App) -> list[ExerciseEditor]:
    return app.window.findChildren(ExerciseEditor)


@pytest.fixture
def app(qtbot: QtBot, user_exercises: Path) -> Iterator[App]:
    made = App(qtbot)
    yield made
    # (Too late for a failed test: pytest-qt closes the main window first, which asks; so tests
    # leave their editors saved or closed.)
    for editor in editors(made):
        editor.saved_text = editor.draft.to_text()  # a failed test must not leave a question open
        editor.close()


def test_edit_copies_a_bundled_exercise_and_the_library_lists_what_is_saved(
    app: App, qtbot: QtBot, user_exercises: Path
) -> None:
    page = app.window.library_page
    bundled = bundled_scripts_dir() / "body-scan-3.yaml"
    before = bundled.read_bytes()
    page.search.setText("Three-minute")
    page.select(page.card_titled("Three-minute body scan"))
    page.edit_button.click()
    [editor] = editors(app)
    copy = user_exercises / "body-scan-3.yaml"
    assert editor.path == copy and copy.read_bytes() == before
    qtbot.keyClick(editor.details.title, Qt.Key.Key_End)
    qtbot.keyClicks(editor.details.title, " (mine)")
    editor.save_button.click()
    assert "title: Three-minute body scan (mine)\n" in copy.read_text()
    assert bundled.read_bytes() == before  # the bundled file never changes
    qtbot.waitUntil(
        lambda: any(e.info and e.info.title.endswith("(mine)") for e in page.exercises),
        timeout=10000,
    )
    editor.close()


def test_new_exercise_opens_an_empty_editor(app: App) -> None:
    [new_button] = [
        button
        for button in app.window.library_page.findChildren(
            type(app.window.library_page.edit_button)
        )
        if button.text() == "New exercise…"
    ]
    new_button.click()
    [editor] = editors(app)
    assert editor.path is None and editor.draft.steps() == []
    assert editor.status.text() == "Not saved yet."
    editor.close()


def test_quitting_the_app_asks_about_an_editors_unsaved_changes(app: App, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.editor.test_editor import answer_next_question

    app.window.library_page.edit_requested.emit(None)
    [editor] = editors(app)
    qtbot.keyClicks(editor.details.title, "Unfinished")
    seen: list[str] = []
    answer_next_question(qtbot, QMessageBox.StandardButton.Cancel, seen)
    app.window.quit_app()
    assert seen == ["Save the changes to this exercise?"]
    assert not app.window.quitting and editor.isVisible() and app.window.isVisible()
    answer_next_question(qtbot, QMessageBox.StandardButton.Cancel, seen)
    app.window.close()
    assert len(seen) == 2 and editor.isVisible() and app.window.isVisible()
    editor.saved_text = editor.draft.to_text()  # pytest-qt closes the window next: nothing to ask

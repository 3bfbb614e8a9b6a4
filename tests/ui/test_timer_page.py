"""The Timer page with real widgets: saved timers (add, replace, delete, undo), what is wrong
said as it is typed, the keyboard path, and a timer played through the window's player page
and kept in the journal."""

from __future__ import annotations

from fractions import Fraction

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from bodyscan import provider
from bodyscan.core.session import State
from bodyscan.core.timer import TimerSpec
from bodyscan.paths import user_paths
from bodyscan.settings import Settings, SettingsStore
from bodyscan.ui.timer_page import TimerPage
from tests.ui.test_main_window import App

SIT = {
    "name": "Morning sit",
    "duration": "20m",
    "interval": "5m",
    "bell": "soft",
    "ambient": "none",
}


def make_page(qtbot: QtBot, settings: Settings | None = None) -> tuple[TimerPage, list[object]]:
    page = TimerPage(provider.sound_catalogue())
    qtbot.addWidget(page)
    saved: list[object] = []
    page.presets_changed.connect(saved.append)
    page.show_settings(settings or Settings())
    page.show()
    return page, saved


def test_what_is_wrong_is_said_as_it_is_typed_and_start_waits(qtbot: QtBot) -> None:
    page, _ = make_page(qtbot)
    assert page.start_button.isEnabled()
    assert (
        page.summary.text() == "20 minutes, 5 bells: at the start, every 5 minutes, and at the end."
    )
    page.interval.setText("20m")
    assert not page.start_button.isEnabled()
    assert page.summary.text().startswith(
        "The interval (20 minutes) must be shorter than the timer (20 minutes)."
    )
    page.interval.setText("")
    assert page.summary.text() == "20 minutes, with a bell at the start and at the end."
    page.length.setText("soon")
    assert not page.start_button.isEnabled()
    assert "'soon' is not a duration" in page.summary.text()
    page.length.setText("7h")
    assert "at most 6 hours" in page.summary.text()
    with qtbot.assertNotEmitted(page.start_requested):
        page.start_button.click()


def test_presets_are_saved_replaced_deleted_and_undone(qtbot: QtBot) -> None:
    page, saved = make_page(qtbot, Settings(timer_presets=(SIT,)))
    assert page.saved.count() == 1
    assert page.saved.item(0).text() == "Morning sit · 20m, a bell every 5m"
    # Add one.
    page.length.setText("45m")
    page.interval.setText("")
    page.ambient.setCurrentIndex(page.ambient.findData("brown-noise"))
    page.name.setText("Walk")
    page.save_button.click()
    walk = {
        "name": "Walk",
        "duration": "45m",
        "interval": "",
        "bell": "soft",
        "ambient": "brown-noise",
    }
    assert saved[-1] == (SIT, walk)
    assert page.saved.item(1).text() == "Walk · 45m, brown-noise"
    assert page.name.text() == ""
    # Saving under a name in use replaces it, and says so with Undo.
    page.length.setText("30m")
    page.name.setText("walk")
    page.save_button.click()
    assert [p["duration"] for p in saved[-1]] == ["20m", "30m"]  # type: ignore[attr-defined]
    assert page.undo_note.text() == "Replaced “walk”." and page.undo_button.isVisibleTo(page)
    page.undo_button.click()
    assert saved[-1] == (SIT, walk)
    assert not page.undo_button.isVisibleTo(page)
    # Delete, then undo.
    page.saved.setCurrentRow(0)
    page.delete_button.click()
    assert saved[-1] == (walk,)
    assert page.undo_note.text() == "Deleted “Morning sit”."
    page.undo_button.click()
    assert saved[-1] == (SIT, walk) and page.saved.count() == 2
    # No name, or a timer that cannot be made: nothing to save.
    page.name.setText("Broken")
    page.interval.setText("2h")
    assert not page.save_button.isEnabled()


def test_the_keyboard_path(qtbot: QtBot) -> None:
    page, saved = make_page(qtbot, Settings(timer_presets=(SIT,)))
    with qtbot.waitActive(page):
        page.activateWindow()
    page.length.setFocus()
    # Enter on a saved timer fills the fields from it; Delete removes it; Undo is a button.
    page.length.setText("3m")
    page.saved.setFocus()
    page.saved.setCurrentRow(0)
    qtbot.keyClick(page.saved, Qt.Key.Key_Return)
    assert page.length.text() == "20m" and page.interval.text() == "5m"
    assert page.start_button.hasFocus()
    page.saved.setFocus()
    qtbot.keySequence(page.saved, QKeySequence(QKeySequence.StandardKey.Delete))
    assert saved[-1] == () and page.saved.count() == 0
    assert page.undo_button.hasFocus()
    qtbot.keyClick(page.undo_button, Qt.Key.Key_Space)
    assert saved[-1] == (SIT,)
    # Enter in the name field saves; Enter in a field starts; Esc goes back.
    page.name.setFocus()
    qtbot.keyClicks(page.name, "Short")
    qtbot.keyClick(page.name, Qt.Key.Key_Return)
    assert [p["name"] for p in saved[-1]] == ["Morning sit", "Short"]  # type: ignore[attr-defined]
    page.length.setFocus()
    page.length.selectAll()
    qtbot.keyClicks(page.length, "1m30s")
    page.interval.setText("30s")
    with qtbot.waitSignal(page.start_requested) as started:
        qtbot.keyClick(page.length, Qt.Key.Key_Return)
    assert started.args == [TimerSpec(Fraction(90), Fraction(30), "soft", "none")]
    with qtbot.waitSignal(page.back_requested):
        qtbot.keyClick(page.length, Qt.Key.Key_Escape)


def test_a_timer_plays_through_the_player_page_and_is_journalled(qtbot: QtBot) -> None:
    app = App(qtbot)
    window = app.window
    window._welcomed()
    # From the library by keyboard: Ctrl+T.
    qtbot.keySequence(window, QKeySequence("Ctrl+T"))
    page = window.timer_page
    assert window.stack.currentWidget() is page
    page.length.setText("12s")
    page.interval.setText("5s")
    page.bell.setCurrentIndex(page.bell.findData("chime"))
    qtbot.keyClick(page.length, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.player_page
    session = window.session
    assert session is not None
    assert window.player_page.title.text() == "Timer, a bell every 5 seconds"
    assert [e.start for e in session.timeline.events if e.type == "bell"] == [
        0,
        5 * 48000,
        10 * 48000,
        12 * 48000,
    ]
    app.run(1.0)
    assert session.state is State.PLAYING
    assert (
        "A bell every 5 seconds; the last one at 12 seconds." in window.player_page.caption.text()
    )
    for _ in range(30):
        app.run(1.0)
        if window.stack.currentWidget() is window.checkin_page:
            break
    checkin = window.checkin_page
    assert window.stack.currentWidget() is checkin  # offered as after any practice
    checkin.set_answer("nothing")
    qtbot.mouseClick(checkin.save_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.finished_page
    [entry] = app.journals[0].entries()
    assert entry.session.exercise_id == "timer" and entry.session.kind == "timer"
    assert entry.session.ending == "completed"
    assert entry.session.planned_seconds == 14.0  # 12 s and the 2-second chime
    assert entry.session.options["interval_seconds"] == 5.0
    [answer] = entry.checkins
    assert answer.answer == "nothing"


def test_presets_are_kept_in_the_settings_across_a_restart(qtbot: QtBot) -> None:
    app = App(qtbot)
    window = app.window
    window.show_timer()
    window.timer_page.name.setText("Evening")
    window.timer_page.save_button.click()
    assert SettingsStore(user_paths().settings_file).load().timer_presets[0]["name"] == "Evening"
    again = App(qtbot)
    again.window.show_timer()
    assert again.window.timer_page.saved.item(0).text() == "Evening · 20m, a bell every 5m"


def test_the_timer_button_is_in_the_header_and_steps_aside_only_when_it_must(
    qtbot: QtBot,
) -> None:
    from PySide6.QtWidgets import QApplication

    from bodyscan.ui import theme

    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    window = App(qtbot).window
    window._welcomed()
    try:
        window.resize(960, 680)
        qtbot.waitUntil(lambda: window.header.width() >= 940)
        button = window.timer_button
        assert button.isVisible() and button.width() >= button.sizeHint().width()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert window.stack.currentWidget() is window.timer_page
        window.timer_page.back_requested.emit()
        # Large text in a narrow window: it steps aside rather than be cut; Ctrl+T stays.
        theme.apply(qapp, Settings(font_scale=2.0))
        window.resize(800, 600)
        qtbot.waitUntil(lambda: window.header.width() <= 800)
        qtbot.waitUntil(lambda: not button.isVisible())
        qtbot.keySequence(window, QKeySequence("Ctrl+T"))
        assert window.stack.currentWidget() is window.timer_page
    finally:
        theme.apply(qapp, Settings())

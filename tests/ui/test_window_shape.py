"""The window's frame: the header bar, its name stepping aside rather than being cut, focus
visible on "Get help now", and pages made only when first shown (the window starts sooner)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from bodyscan.settings import Settings
from bodyscan.ui import theme
from tests.ui.test_main_window import App


def test_only_the_library_is_made_at_start_and_the_rest_when_shown(qtbot: QtBot) -> None:
    window = App(qtbot).window  # a first run: the library, and the welcome in front of it
    assert window.stack.count() == 2
    assert window.stack.currentWidget() is window.welcome_page
    window._welcomed()
    for name in ("setup_page", "player_page", "checkin_page", "history_page", "break_window"):
        assert name not in window.__dict__, name
    window.show_journal()
    assert window.stack.currentWidget() is window.history_page
    assert window.stack.count() == 3
    window.show_help()
    assert window.stack.currentWidget() is window.help_page
    window.help_page.done.emit()  # back where we were
    assert window.stack.currentWidget() is window.history_page


def test_the_name_in_the_header_steps_aside_when_it_would_be_cut(qtbot: QtBot) -> None:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    window = App(qtbot).window
    try:
        theme.apply(qapp, Settings(font_scale=1.0))
        window.resize(1024, 700)
        qtbot.waitUntil(lambda: window.header.width() >= 1000)
        assert window.wordmark.isVisible()
        theme.apply(qapp, Settings(font_scale=2.0))
        window.resize(800, 600)
        qtbot.waitUntil(lambda: window.header.width() <= 800)
        assert not window.wordmark.isVisible()
        for button in (window.journal_button, window.settings_button, window.help_button):
            assert button.isVisible()
            text = button.fontMetrics().horizontalAdvance(button.text())
            assert text <= button.width(), button.text()
        assert window.minimumSizeHint().width() <= 800
    finally:
        theme.apply(qapp, Settings())


def test_get_help_now_shows_its_focus(qtbot: QtBot) -> None:
    """Its own colours must not hide the focus ring the other buttons have."""
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    for name in ("light", "dark"):
        look = theme.apply(qapp, Settings(theme=name))
        sheet = qapp.styleSheet()
        assert f"QPushButton#help:focus {{ border: 3px solid {look.text}; }}" in sheet
        # Declared after the help button's own rule, so it wins when both apply.
        assert sheet.index("QPushButton#help:focus") > sheet.index("QPushButton#help {")
    theme.apply(qapp, Settings())

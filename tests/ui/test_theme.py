"""Both looks keep text contrast at WCAG AA or better, and the window holds at 200 % text and
800x600."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from bodyscan.settings import Settings
from bodyscan.ui import theme
from bodyscan.ui.reminders import ReminderNote
from tests.ui.test_main_window import App


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("look", [theme.LIGHT, theme.DARK], ids=["light", "dark"])
def test_text_contrast_is_at_least_aa(look: theme.Look) -> None:
    pairs = {
        "text on window": (look.text, look.window),
        "text on fields": (look.text, look.surface),
        "faint text on window": (look.faint, look.window),
        "text on the accent": (look.on_accent, look.accent),
        "Ground me and help": (look.ground, look.window),
    }
    for name, (fore, back) in pairs.items():
        assert contrast(fore, back) >= 4.5, name
    # Focus outlines and the pacer: non-text contrast of at least 3:1.
    assert contrast(look.accent, look.window) >= 3.0


@pytest.mark.parametrize("name", ["light", "dark"])
def test_the_window_fits_800_by_600_at_double_text_size(qtbot: QtBot, name: str) -> None:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    settings = Settings(theme=name, font_scale=2.0, first_run_done=True)
    theme.apply(qapp, settings)
    try:
        app = App(qtbot)
        window = app.window
        for page in (
            window.library_page,
            window.setup_page,
            window.player_page,
            window.checkin_page,
            window.history_page,
            window.help_page,
            window.welcome_page,
        ):
            window.stack.setCurrentWidget(page)
            hint = window.minimumSizeHint()
            assert hint.width() <= 800 and hint.height() <= 600, (page, hint)
        dialog = window.open_settings()
        for tab in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(tab)
            hint = dialog.minimumSizeHint()
            assert hint.width() <= 800 and hint.height() <= 600, (dialog.tabs.tabText(tab), hint)
        dialog.reject()
        # The small windows stay small: a break beside your work, a note in the corner.
        little = window.break_window
        for page in (little.cautions_page, little.playing_page, little.finished_page):
            little.pages.setCurrentWidget(page)
            hint = little.minimumSizeHint()
            assert hint.width() <= 640 and hint.height() <= 480, (page, hint)
        note = ReminderNote()
        qtbot.addWidget(note)
        note.text.setText("Five senses grounding, about 3 minutes. Only if it suits you.")
        hint = note.minimumSizeHint()
        assert hint.width() <= 720 and hint.height() <= 300, hint
    finally:
        theme.apply(qapp, Settings())


@pytest.mark.parametrize("look_name", ["light", "dark"])
def test_a_disabled_ground_me_looks_disabled(qtbot: QtBot, look_name: str) -> None:
    """Ground me is drawn in its own colour to be easy to find; switched off (the break window
    while it grounds), it must not look as if it could be pressed."""
    from PySide6.QtWidgets import QPushButton

    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    look = theme.apply(qapp, Settings(theme=look_name))
    try:
        button = QPushButton("Ground me")
        button.setObjectName("ground")
        qtbot.addWidget(button)
        button.show()
        qtbot.waitExposed(button)

        def border() -> str:
            return button.grab().toImage().pixelColor(0, button.height() // 2).name()

        assert border() == look.ground
        button.setEnabled(False)
        assert border() != look.ground
    finally:
        theme.apply(qapp, Settings())  # the default look, as the other tests leave it


@pytest.mark.parametrize("look_name", ["light", "dark"])
def test_ticks_in_menus_are_drawn_from_the_tokens(qtbot: QtBot, look_name: str) -> None:
    """The editor's "Choose…" lists tick their words: the platform's own box was nearly
    invisible on the dark look. Measured in the drawn menu, as a person would see it."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QMenu

    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    look = theme.apply(qapp, Settings(theme=look_name))
    menu = QMenu()
    try:
        unticked = menu.addAction("feet")
        unticked.setCheckable(True)
        ticked = menu.addAction("hands")
        ticked.setCheckable(True)
        ticked.setChecked(True)
        menu.popup(QPoint(0, 0))
        qtbot.waitExposed(menu)
        image = menu.grab().toImage()

        def left_strip(action: object) -> set[str]:
            row = menu.actionGeometry(action).center().y()  # type: ignore[arg-type]
            return {image.pixelColor(x, row).name() for x in range(40)}

        assert look.faint.lower() in left_strip(unticked)  # the empty box's edge
        assert look.accent.lower() in left_strip(ticked)  # the filled box
        assert contrast(look.faint, look.surface) >= 3.0  # non-text contrast
    finally:
        menu.close()
        theme.apply(qapp, Settings())  # the default look, as the other tests leave it

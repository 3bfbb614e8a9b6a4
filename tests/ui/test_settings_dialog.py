"""The settings dialog: the voice's speed in words, the look tried live and put back on
Cancel, the voice previewed once a change settles, the level only with a background."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from bodyscan import provider
from bodyscan.core.sounds import NO_AMBIENT
from bodyscan.settings import Settings
from bodyscan.ui import theme
from bodyscan.ui.settings_dialog import PREVIEW_DELAY_MS, SettingsDialog, speed_words


def dialog_for(qtbot: QtBot, settings: Settings, **hooks: object) -> SettingsDialog:
    dialog = SettingsDialog(
        settings,
        provider.sound_catalogue(),
        [],
        Path("/nowhere"),
        **hooks,  # type: ignore[arg-type]
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_speed_is_said_in_words(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, Settings(speed=1.0))
    assert dialog.speed_label.text() == "Normal"
    for value, words in (
        (70, "Much slower"),
        (90, "Slower"),
        (100, "Normal"),
        (120, "Faster"),
        (140, "Much faster"),
    ):
        dialog.speed.setValue(value)
        assert dialog.speed_label.text() == words == speed_words(value / 100)
        assert "×" not in dialog.speed_label.text()
        assert words in dialog.speed.accessibleDescription()


def test_the_look_applies_while_choosing_and_cancel_puts_it_back(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = Settings(theme="light", font_scale=1.0)
    theme.apply(app, original)
    tried: list[Settings] = []

    def try_look(settings: Settings) -> None:
        tried.append(settings)
        theme.apply(app, settings)

    light_window = app.palette().color(QPalette.ColorRole.Window).name()
    dialog = dialog_for(qtbot, original, try_look=try_look)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    assert app.palette().color(QPalette.ColorRole.Window).name() == theme.DARK.window
    dialog.font_scale.setValue(150)  # as the arrow keys move it
    assert "16.5pt" in app.styleSheet()
    dialog.motion.setCurrentIndex(dialog.motion.findData("reduced"))
    assert tried[-1].motion == "reduced"
    dialog.reject()
    assert tried[-1] == original
    assert app.palette().color(QPalette.ColorRole.Window).name() == light_window
    assert "11.0pt" in app.styleSheet()


def test_saving_keeps_the_look_that_was_tried(qtbot: QtBot) -> None:
    tried: list[Settings] = []
    dialog = dialog_for(qtbot, Settings(theme="light"), try_look=tried.append)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.accept()
    assert [settings.theme for settings in tried] == ["dark"]  # nothing put back


def test_the_voice_is_previewed_once_the_speed_settles(qtbot: QtBot) -> None:
    heard: list[float] = []
    dialog = dialog_for(qtbot, Settings(speed=1.0), preview=lambda s: heard.append(s.speed))
    for value in (95, 90, 85, 110):  # a drag, or a few key presses
        dialog.speed.setValue(value)
    assert heard == []
    qtbot.waitUntil(lambda: heard != [], timeout=PREVIEW_DELAY_MS * 5)
    qtbot.wait(PREVIEW_DELAY_MS * 2)
    assert heard == [1.1]


def test_no_preview_after_cancel(qtbot: QtBot) -> None:
    heard: list[float] = []
    dialog = dialog_for(qtbot, Settings(speed=1.0), preview=lambda s: heard.append(s.speed))
    dialog.speed.setValue(120)
    dialog.reject()
    qtbot.wait(PREVIEW_DELAY_MS * 2)
    assert heard == []


def test_the_level_waits_for_a_background_sound(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, Settings(ambient=NO_AMBIENT))
    assert not dialog.level.isEnabled()
    assert "background sound" in dialog.level.toolTip()
    dialog.ambient.setCurrentIndex(dialog.ambient.findData("pink-noise"))
    assert dialog.level.isEnabled()
    dialog.ambient.setCurrentIndex(dialog.ambient.findData(""))  # each exercise's own
    assert dialog.level.isEnabled()


ICONS_ON_X11 = """
from PySide6.QtWidgets import QApplication, QDialogButtonBox as Box
from bodyscan.settings import Settings
from bodyscan.ui import theme
app = QApplication([])
theme.apply(app, Settings())
buttons = Box(Box.StandardButton.Save | Box.StandardButton.Cancel)
print([buttons.button(b).icon().isNull() for b in (Box.StandardButton.Save, Box.StandardButton.Cancel)])
"""


def test_save_and_cancel_are_words_without_the_styles_icons(x_screen: str) -> None:
    """On a real X display Fusion puts a floppy disk and a red cross on them: alarm where
    none is meant. (Offscreen, Qt draws no icons on dialog buttons at all.)"""
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    shown = subprocess.run(
        [sys.executable, "-c", ICONS_ON_X11], env=env, capture_output=True, text=True, check=True
    )
    assert shown.stdout.strip() == "[True, True]", shown.stderr

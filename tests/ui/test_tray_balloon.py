"""The tray's "still here" message, as Qt draws it where the desktop has no notification
server (a pale balloon): its words readable in both looks, measured on the real balloon on an
X server with a real tray (trayer)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from tests.conftest import REPO
from tests.ui.test_tray_on_x11 import tray_host  # noqa: F401 - a fixture

SHOW = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from bodyscan.settings import Settings
from bodyscan.ui import theme

app = QApplication([])
theme.apply(app, Settings(theme=sys.argv[1]))
pixmap = QPixmap(16, 16)
pixmap.fill()
icon = QSystemTrayIcon(QIcon(pixmap))
icon.show()

def grab():
    from PySide6.QtWidgets import QLabel
    for widget in app.topLevelWidgets():
        if widget.metaObject().className() == "QBalloonTip" and widget.isVisible():
            for label in widget.findChildren(QLabel):
                if "Quick breaks" in label.text():  # the words alone, on the balloon's ground
                    widget.grab(label.geometry()).save(sys.argv[2])
    app.quit()

def message():
    icon.showMessage("bodyscan is still here", "Quick breaks and reminders are in the tray.",
                     QSystemTrayIcon.MessageIcon.Information, 8000)
    QTimer.singleShot(1000, grab)

QTimer.singleShot(1000, message)
app.exec()
"""


def luminance(colour: QColor) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_contrast(image: QImage) -> float:
    """The most common colour is the ground; the one furthest from it, the words' ink."""
    counts: dict[int, int] = {}
    inner = image
    for y in range(inner.height()):
        for x in range(inner.width()):
            rgb = inner.pixel(x, y) & 0xFFFFFF
            counts[rgb] = counts.get(rgb, 0) + 1
    background = QColor(max(counts, key=lambda rgb: counts[rgb]))
    ink = max(
        (QColor(rgb) for rgb in counts), key=lambda c: abs(luminance(c) - luminance(background))
    )
    light, dark = sorted((luminance(background), luminance(ink)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("look", ["light", "dark"])
def test_the_balloon_words_are_readable(tray_host: str, tmp_path: Path, look: str) -> None:  # noqa: F811
    shot = tmp_path / "balloon.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    subprocess.run(
        [sys.executable, "-c", SHOW, look, str(shot)], cwd=REPO, env=env, check=True, timeout=60
    )
    image = QImage(str(shot))
    assert not image.isNull(), "no balloon was shown"
    assert text_contrast(image) >= 4.5

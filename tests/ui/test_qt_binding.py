"""The Qt binding must not lose references to None (PySide6 6.12.0 on Python 3.11 did: every
call of a method returning nothing took one away, and a long session aborted)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QObject
from pytestqt.qtbot import QtBot


def test_void_calls_keep_none_alive(qtbot: QtBot) -> None:
    anything = QObject()
    before = sys.getrefcount(None)
    for _ in range(20000):
        anything.setObjectName("calm")
        QCoreApplication.processEvents()
    assert sys.getrefcount(None) - before > -100

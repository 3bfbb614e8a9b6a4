"""Start the desktop app: build the object graph here and nowhere else in the UI."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QMessageBox

from bodyscan import provider
from bodyscan.errors import BodyscanError
from bodyscan.ui.library_window import LibraryWindow

log = logging.getLogger(__name__)

STYLE = """
QWidget { font-size: 11pt; }
QLabel#heading { font-size: 16pt; padding: 4px 0 8px 0; }
QPushButton { padding: 6px 14px; }
"""


def show_error(parent: object, error: BodyscanError) -> None:
    """The one dialog style for errors the user can act on."""
    box = QMessageBox(QMessageBox.Icon.Warning, "bodyscan", error.short)
    if error.detail:
        box.setInformativeText(error.detail)
    box.exec()


def main(argv: Sequence[str] | None = None) -> int:
    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or [])])
    assert isinstance(app, QApplication)
    app.setApplicationName("bodyscan")
    app.setDesktopFileName("bodyscan")
    app.setStyleSheet(STYLE)
    try:
        window = LibraryWindow(provider.library())
    except BodyscanError as exc:
        show_error(None, exc)
        return 1
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

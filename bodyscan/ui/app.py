"""Start the desktop app: build the object graph here and nowhere else in the UI."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from bodyscan.errors import BodyscanError

if TYPE_CHECKING:
    from bodyscan.narration.narrator import Narrator

log = logging.getLogger(__name__)
VOICE_DELAY_MS = 300


def show_error(parent: object, error: BodyscanError) -> None:
    """The one dialog style for errors the user can act on."""
    box = QMessageBox(QMessageBox.Icon.Warning, "bodyscan", error.short)
    if error.detail:
        box.setInformativeText(error.detail)
    box.exec()


def build_window() -> object:
    """The main window with the real collaborators. Heavy parts (the voice, numpy's mixer) are
    imported here, after the application object exists, and the voice loads in the background."""
    from bodyscan import provider  # noqa: PLC0415
    from bodyscan.audio.null_output import NullOutput  # noqa: PLC0415 - light
    from bodyscan.core.clock import MonotonicClock  # noqa: PLC0415
    from bodyscan.core.playback import AudioOutput  # noqa: PLC0415
    from bodyscan.journal.store import Journal  # noqa: PLC0415
    from bodyscan.paths import user_paths  # noqa: PLC0415
    from bodyscan.settings import SettingsStore  # noqa: PLC0415
    from bodyscan.ui import qt_output, theme  # noqa: PLC0415
    from bodyscan.ui.main_window import Collaborators, MainWindow  # noqa: PLC0415

    paths = user_paths()
    narrators: list[Narrator] = []

    def narrator() -> Narrator:
        if not narrators:
            narrators.append(provider.narrator(paths))
        return narrators[0]

    # The voice loads once per process, in the background, once the window is on screen.
    QTimer.singleShot(VOICE_DELAY_MS, lambda: narrator().loader.start())  # noqa: PLW0108 - lazy
    opened: list[Journal | None] = []

    def journal() -> Journal | None:
        if not opened:
            try:
                opened.append(provider.journal(paths))
                notice = opened[0].notice if opened[0] else None
                if notice:
                    show_error(None, BodyscanError("your journal was damaged", notice))
            except BodyscanError as exc:
                show_error(None, exc)
                opened.append(None)
        return opened[0]

    def make_output() -> AudioOutput:
        if qt_output.available():
            return qt_output.QtOutput()
        show_error(
            None,
            BodyscanError(
                "no sound device found", "The captions and the pacer will run on their own."
            ),
        )
        return NullOutput(MonotonicClock())

    settings = SettingsStore(paths.settings_file)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app, settings.load())
    return MainWindow(
        Collaborators(
            library=provider.library(paths),
            catalogue=provider.sound_catalogue(paths),
            make_renderer=lambda script, options, ambient: provider.render_ahead(
                script, options, ambient, narrator()
            ),
            make_output=make_output,
            settings=settings,
            journal=journal,
            reduced_motion=theme.reduced_motion,
            on_error=lambda error: show_error(None, error),
        )
    )


def main(argv: Sequence[str] | None = None) -> int:
    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or [])])
    assert isinstance(app, QApplication)
    app.setApplicationName("bodyscan")
    app.setDesktopFileName("bodyscan")
    try:
        window = build_window()
    except BodyscanError as exc:
        show_error(None, exc)
        return 1
    window.show()  # type: ignore[attr-defined]
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

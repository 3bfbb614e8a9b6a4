"""The main window's links to the library page: favourites and recent exercises from the
settings, and "Continue" for the latest stopped session in the journal."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from bodyscan.errors import BodyscanError
from bodyscan.journal.model import SessionRecord
from bodyscan.practice import continuing
from bodyscan.settings import with_favourite

if TYPE_CHECKING:
    from bodyscan.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def connect_library(window: MainWindow) -> None:
    page = window.library_page
    page.show_settings(window.settings)
    window.settings_changed.connect(page.show_settings)
    page.favourite_changed.connect(
        lambda exercise_id, on: window.save_settings(
            with_favourite(window.settings, exercise_id, on)
        )
    )
    page.continue_requested.connect(lambda record: continue_session(window, record))

    # Each time the library comes into view: a session may have stopped or finished since.
    def shown(_index: int) -> None:
        if window.stack.currentWidget() is page:
            show_continue(window)

    window.stack.currentChanged.connect(shown)
    # After the window's first look: opening the journal is not worth a later start.
    QTimer.singleShot(0, lambda: show_continue(window))


def show_continue(window: MainWindow) -> None:
    record = None
    try:
        journal = window.parts.journal()
        record = journal.to_continue() if journal is not None else None
    except BodyscanError as exc:  # the library stays usable; the journal says why elsewhere
        log.info("nothing to continue shown: %s", exc.short)
    window.library_page.show_continue(record)


def continue_session(window: MainWindow, record: SessionRecord) -> None:
    """Play on from the instruction where the session stopped, with its choices and voice;
    the journal's entry for it grows."""
    if window.session is not None:  # one exercise at a time
        window.bring_to_front()
        return
    try:
        script = window.parts.library.load(record.exercise_id)
        choices, settings = continuing(record, script, window.settings)
    except BodyscanError as exc:
        window._error(exc)
        return
    window.script = script
    window._begin(script, choices, window.player_page, continues=record, settings=settings)

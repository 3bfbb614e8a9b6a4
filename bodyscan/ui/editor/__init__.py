"""The exercise editor (New exercise, Edit) and its hook for the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from bodyscan.authoring import copy_for_editing
from bodyscan.errors import BodyscanError
from bodyscan.ui.editor.audition import Audition
from bodyscan.ui.editor.window import EditorParts, ExerciseEditor

if TYPE_CHECKING:
    from bodyscan.core.library import Exercise
    from bodyscan.ui.main_window import MainWindow

__all__ = ["Audition", "EditorParts", "ExerciseEditor", "close_editors", "open_editor"]


def close_editors(window: QWidget) -> bool:
    """Close the window's open editors, each asking about unsaved changes; False when the
    person chose Cancel in one (then nothing should close)."""
    return all(editor.close() for editor in window.findChildren(ExerciseEditor))


def open_editor(window: MainWindow, exercise: Exercise | None) -> ExerciseEditor | None:
    """Open an editor window for `exercise` (None: a new one). A bundled exercise is first
    copied into the person's own folder, so the bundled file never changes. The library
    lists what is saved at once."""
    library = window.parts.library
    parts = EditorParts(
        user_folder=library.user_dir,
        context=library.context,
        catalogue=window.parts.catalogue,
        audition=Audition(window.parts.make_renderer, window.parts.make_output, window),
        on_error=window._error,
    )
    try:
        path = None
        if exercise is not None:
            path = copy_for_editing(exercise.path, library.user_dir)
        editor = ExerciseEditor(parts, path, parent=window)
    except BodyscanError as exc:
        window._error(exc)
        return None
    editor.saved.connect(lambda _path: window.library_page.refresh())
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.show()
    editor.activateWindow()
    return editor

"""An editor window on real parts: the real validator context, sound names and a fresh
exercises folder; listening goes through the real renderer into a null output."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from bodyscan import provider
from bodyscan.audio.null_output import NullOutput
from bodyscan.core.clock import MonotonicClock
from bodyscan.ui.editor import Audition, EditorParts, ExerciseEditor

Make = Callable[..., ExerciseEditor]


@pytest.fixture
def make_editor(qtbot: QtBot, user_exercises: Path) -> Iterator[Make]:
    made: list[ExerciseEditor] = []

    def make(path: Path | None = None) -> ExerciseEditor:
        audition = Audition(
            lambda script, options, ambient, voice: provider.render_ahead(
                script, options, ambient, provider.narrator()
            ),
            lambda: NullOutput(MonotonicClock()),
        )
        parts = EditorParts(
            user_folder=user_exercises,
            context=provider.script_context(),
            catalogue=provider.sound_catalogue(),
            audition=audition,
        )
        editor = ExerciseEditor(parts, path)
        # Not qtbot.addWidget: pytest-qt closes those before this fixture's teardown, and a
        # test that failed halfway would leave a question about unsaved changes open.
        with qtbot.waitActive(editor):  # keys go to the active window, as for a person
            editor.show()
            editor.activateWindow()
        editor.setFocus()
        made.append(editor)
        return editor

    yield make
    for editor in made:
        # Closing at teardown must not ask about unsaved changes (a modal nobody answers).
        editor.saved_text = editor.draft.to_text()
        editor.close()
        editor.deleteLater()

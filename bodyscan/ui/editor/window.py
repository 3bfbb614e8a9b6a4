"""The exercise editor: a window with the exercise's details, its steps and one step's form.

Every edit goes into an `ExerciseDraft` (the YAML document itself), which is checked by the
same validator as `bodyscan validate` a moment later; its messages appear beside the fields
they are about. Saving writes the document atomically; closing with unsaved changes asks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bodyscan.authoring import (
    ExerciseDraft,
    free_path,
    place_problems,
    slug,
)
from bodyscan.core.context import ScriptContext
from bodyscan.core.loader import CheckResult, check_text
from bodyscan.core.problems import Problem
from bodyscan.core.sounds import SoundCatalogue
from bodyscan.errors import BodyscanError
from bodyscan.files import write_text_atomically
from bodyscan.paths import private_folder
from bodyscan.ui.editor.audition import Audition
from bodyscan.ui.editor.details import DetailsForm
from bodyscan.ui.editor.fields import ProblemNote
from bodyscan.ui.editor.step_form import StepForm
from bodyscan.ui.editor.step_list import StepList

log = logging.getLogger(__name__)
CHECK_DELAY_MS = 250


@dataclass
class EditorParts:
    user_folder: Path  # where new and copied exercises are saved
    context: ScriptContext  # what the validator checks names and recordings against
    catalogue: SoundCatalogue
    audition: Audition | None = None
    on_error: Callable[[BodyscanError], None] | None = None


class ExerciseEditor(QWidget):
    saved = Signal(object)  # Path

    def __init__(
        self,
        parts: EditorParts,
        path: Path | None = None,
        draft: ExerciseDraft | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.parts = parts
        self.path = path  # None until a new exercise is first saved
        self.draft = draft or (ExerciseDraft.from_file(path) if path else ExerciseDraft.new())
        # What is on disk (or, for a new exercise, what it was opened as: closing an untouched
        # new exercise has nothing to ask).
        self.saved_text = self.draft.to_text()
        self.result: CheckResult | None = None
        self.step_problems: dict[int, dict[str, list[Problem]]] = {}
        self.resize(980, 720)

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.general_note = ProblemNote()
        self.details = DetailsForm(parts.catalogue)
        self.details.changed.connect(self._edited)
        self.steps = StepList()
        self.steps.changed.connect(self._edited)
        self.steps.current_changed.connect(self._show_step)
        # The `when` pickers offer what the exercise declares, as it is now.
        self.step_form = StepForm(parts.catalogue, offered=self.draft.choice)
        self.step_form.changed.connect(self._step_edited)
        self.step_form.hear_requested.connect(self.hear_step)
        self.step_form.play_requested.connect(self.play_from_step)
        self.step_form.record_requested.connect(self.record_step)

        details_scroll = QScrollArea()
        details_scroll.setWidgetResizable(True)
        details_scroll.setWidget(self.details)
        form_scroll = QScrollArea()
        form_scroll.setWidgetResizable(True)
        form_scroll.setWidget(self.step_form)
        splitter = QSplitter()
        splitter.addWidget(self.steps)
        splitter.addWidget(form_scroll)
        splitter.setSizes([340, 620])
        self.tabs = QTabWidget()
        self.tabs.addTab(details_scroll, "About this exercise")
        self.tabs.addTab(splitter, "Steps")

        self.status = QLabel()
        self.status.setObjectName("notice")
        self.status.setWordWrap(True)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.close)
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("primary")
        self.save_button.setAccessibleDescription("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        foot = QHBoxLayout()
        foot.addWidget(self.status, 1)
        foot.addWidget(self.close_button)
        foot.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(self.heading)
        layout.addWidget(self.general_note)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(foot)
        save_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save_key.activated.connect(self.save)

        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self.check_now)
        if parts.audition is not None:
            parts.audition.failed.connect(self._error)
        self.details.load(self.draft)
        self.steps.load(self.draft)
        self._update_heading()
        self.check_now()
        self.status.setText(
            f"Editing {self.path.name} in {self.path.parent}." if self.path else "Not saved yet."
        )
        self.setFocusProxy(self.details.title)

    # --- state --------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self.draft.to_text() != self.saved_text

    def target_path(self) -> Path:
        """Where the exercise is (or will be, once saved): new ones get a name from the title."""
        if self.path is not None:
            return self.path
        title = str(self.draft.get("title") or "")
        return free_path(self.parts.user_folder, slug(title))

    def _update_heading(self) -> None:
        title = str(self.draft.get("title") or "").strip() or "A new exercise"
        mark = " (not saved)" if self.dirty else ""
        self.heading.setText(f"{title}{mark}")
        self.setWindowTitle(f"{title}{mark} – bodyscan editor")

    def _edited(self) -> None:
        self._update_heading()
        self.check_timer.start()

    def _step_edited(self) -> None:
        self.steps.update_texts()
        self._edited()

    def _show_step(self, row: int) -> None:
        step = self.draft.step(row) if 0 <= row < len(self.draft.steps_seq) else None
        self.step_form.load(step, row + 1)
        self.step_form.show_problems(self.step_problems.get(row, {}))

    # --- checking -----------------------------------------------------------------------

    def check_now(self) -> CheckResult:
        """Validate the text as it would be saved, and show every message by its field."""
        self.check_timer.stop()
        text = self.draft.to_text()
        result = check_text(text, self.target_path(), self.parts.context)
        self.result = result
        placed = place_problems(text, result.problems)
        top: dict[str, list[Problem]] = {}
        self.step_problems = {}
        for target, problems in placed.items():
            if target.step is None:
                top.setdefault(target.field, []).extend(problems)
            else:
                self.step_problems.setdefault(target.step, {}).setdefault(target.field, []).extend(
                    problems
                )
        if "steps" in top and not self.draft.steps_seq:
            top.setdefault("", []).extend(top.pop("steps"))
        unplaced = self.details.show_problems(top)
        self.general_note.show_problems(unplaced)
        self.steps.flag({step for step, fields in self.step_problems.items() if _errors(fields)})
        row = self.steps.list.currentRow()
        self.step_form.show_problems(self.step_problems.get(row, {}))
        details_count = sum(len(p) for p in top.values())
        self.tabs.setTabText(0, _counted("About this exercise", details_count))
        steps_count = sum(len(p) for f in self.step_problems.values() for p in f.values())
        self.tabs.setTabText(1, _counted("Steps", steps_count))
        return result

    # --- saving and closing -------------------------------------------------------------

    def save(self) -> bool:
        """Write the exercise (atomically); True when it is on disk."""
        result = self.check_now()
        path = self.target_path()
        text = self.draft.to_text()
        try:
            private_folder(path.parent, "make your exercises folder")
            write_text_atomically(path, text, "save the exercise")
        except BodyscanError as exc:
            self._error(exc)
            return False
        self.path = path
        self.saved_text = text
        self._update_heading()
        errors = len(result.errors)
        if errors:
            self.status.setText(
                f"Saved as {path.name}. It cannot be played until the {errors} "
                f"problem{'s' if errors != 1 else ''} marked in red are fixed."
            )
        else:
            self.status.setText(f"Saved as {path.name} in {path.parent}.")
        self.saved.emit(path)
        return True

    def may_close(self) -> bool:
        """Ask about unsaved changes: Save (and close if it worked), Discard, or Cancel."""
        if not self.dirty:
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Unsaved changes")
        box.setText("Save the changes to this exercise?")
        box.setInformativeText("If you discard them, they are gone.")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.may_close():
            if self.parts.audition is not None:
                self.parts.audition.stop()
            self.step_form.preview.stop()
            event.accept()
        else:
            event.ignore()

    # --- listening and recording ----------------------------------------------------------

    def _playable(self) -> tuple[object, int] | None:
        row = self.steps.list.currentRow()
        result = self.check_now()
        if result.script is None or row < 0:
            self.status.setText("Fix the problems marked in red first; then you can listen.")
            return None
        if self.parts.audition is None:
            self.status.setText("Listening is not available here.")
            return None
        return result.script, row

    def hear_step(self) -> None:
        playable = self._playable()
        if playable is not None and self.parts.audition is not None:
            script, row = playable
            self.parts.audition.hear(script, row)  # type: ignore[arg-type]
            self.status.setText(f"Playing step {row + 1}.")

    def play_from_step(self) -> None:
        playable = self._playable()
        if playable is not None and self.parts.audition is not None:
            script, row = playable
            self.parts.audition.play_from(script, row)  # type: ignore[arg-type]
            self.status.setText(f"Playing from step {row + 1} to the end.")

    def recording_path(self, row: int) -> Path:
        """A new file beside the exercise for step `row`'s recording (never one in use)."""
        exercise = self.target_path()
        folder = exercise.parent / "recordings"
        used = {str(step.get("audio")) for step in self.draft.steps()}
        number = 1
        while True:
            suffix = "" if number == 1 else f"-{number}"
            candidate = folder / f"{exercise.stem}-step-{row + 1}{suffix}.wav"
            relative = candidate.relative_to(exercise.parent).as_posix()
            if not candidate.exists() and relative not in used:
                return candidate
            number += 1

    def record_step(self) -> None:
        from bodyscan.ui.recorder import RecorderDialog  # noqa: PLC0415 - Qt Multimedia

        row = self.steps.list.currentRow()
        if row < 0:
            return
        target = self.recording_path(row)
        dialog = RecorderDialog(target, self)
        if dialog.exec() and dialog.saved_path is not None:
            self.use_recording(row, dialog.saved_path)

    def use_recording(self, row: int, path: Path) -> None:
        relative = path.relative_to(self.target_path().parent).as_posix()
        if self.draft.step(row).set("audio", relative):
            self._show_step(row)
            self._step_edited()

    def _error(self, error: BodyscanError) -> None:
        if self.parts.on_error is not None:
            self.parts.on_error(error)
        else:
            self.status.setText(f"{error.short[:1].upper()}{error.short[1:]}. {error.detail}")


def _errors(fields: dict[str, list[Problem]]) -> bool:
    return any(p.severity == "error" for items in fields.values() for p in items)


def _counted(label: str, count: int) -> str:
    return label if not count else f"{label} ({count} to look at)"

"""The list of steps: add, remove (undoable), reorder with buttons or Alt+Up / Alt+Down."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bodyscan.authoring import KIND_WORDS, STEP_KINDS, ExerciseDraft
from bodyscan.ui.editor.fields import combo


class StepListWidget(QListWidget):
    """Alt+Up and Alt+Down move the current step; Delete removes it; Insert adds one."""

    move_requested = Signal(int)  # -1 up, +1 down
    remove_requested = Signal()
    add_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt and event.key() == Qt.Key.Key_Up:
            self.move_requested.emit(-1)
        elif alt and event.key() == Qt.Key.Key_Down:
            self.move_requested.emit(1)
        elif event.key() == Qt.Key.Key_Delete and not event.modifiers():
            self.remove_requested.emit()
        elif event.key() == Qt.Key.Key_Insert and not event.modifiers():
            self.add_requested.emit()
        else:
            super().keyPressEvent(event)


class StepList(QWidget):
    changed = Signal()  # the steps' order or number changed
    current_changed = Signal(int)  # -1: none

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft: ExerciseDraft | None = None
        self.flagged: set[int] = set()
        self.removed: tuple[int, object] | None = None
        self.list = StepListWidget()
        self.list.setAccessibleName("Steps")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setAccessibleDescription(
            "Alt+Up and Alt+Down move a step, Delete removes it, Insert adds one"
        )
        self.list.currentRowChanged.connect(self.current_changed)
        self.list.move_requested.connect(self.move_by)
        self.list.remove_requested.connect(self.remove)
        self.list.add_requested.connect(self.add)
        self.new_kind = combo("Kind of new step", [(KIND_WORDS[k], k) for k in STEP_KINDS])
        self.add_button = QPushButton("&Add step")
        self.add_button.setAccessibleDescription("Adds a step of the chosen kind after this one")
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton("Remo&ve")
        self.remove_button.clicked.connect(self.remove)
        self.up_button = QPushButton("Move &up")
        self.up_button.setAccessibleDescription("Alt+Up in the list")
        self.up_button.clicked.connect(lambda: self.move_by(-1))
        self.down_button = QPushButton("Move &down")
        self.down_button.setAccessibleDescription("Alt+Down in the list")
        self.down_button.clicked.connect(lambda: self.move_by(1))
        self.undo_note = QLabel()
        self.undo_note.setObjectName("notice")
        self.undo_button = QPushButton("Undo")
        self.undo_button.clicked.connect(self.undo_remove)
        self.undo_note.hide()
        self.undo_button.hide()
        undo_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self.list)
        undo_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        undo_key.activated.connect(self.undo_remove)

        grid = QGridLayout()
        grid.addWidget(self.new_kind, 0, 0)
        grid.addWidget(self.add_button, 0, 1)
        grid.addWidget(self.up_button, 1, 0)
        grid.addWidget(self.down_button, 1, 1)
        grid.addWidget(self.remove_button, 2, 0)
        grid.addWidget(self.undo_button, 2, 1)
        caption = QLabel("S&teps")
        caption.setBuddy(self.list)
        kind_caption = QLabel("&Kind of new step")
        kind_caption.setBuddy(self.new_kind)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(caption)
        layout.addWidget(self.list, 1)
        layout.addWidget(kind_caption)
        layout.addWidget(self.undo_note)
        layout.addLayout(grid)
        self.setFocusProxy(self.list)

    def load(self, draft: ExerciseDraft, current: int = 0) -> None:
        self.draft = draft
        self.refresh(current)

    def refresh(self, current: int | None = None) -> None:
        if self.draft is None:
            return
        row = self.list.currentRow() if current is None else current
        self.list.blockSignals(True)
        self.list.clear()
        for number, step in enumerate(self.draft.steps()):
            text = f"{number + 1}. {step.summary()}"
            if number in self.flagged:
                text += "  (needs fixing)"
            QListWidgetItem(text, self.list)
        self.list.blockSignals(False)
        count = self.list.count()
        self.list.setCurrentRow(min(max(row, 0), count - 1) if count else -1)
        self.current_changed.emit(self.list.currentRow())
        self._update_buttons()

    def update_texts(self) -> None:
        """The current step's line, after an edit in its form."""
        if self.draft is None:
            return
        for number, step in enumerate(self.draft.steps()):
            item = self.list.item(number)
            if item is not None:
                flag = "  (needs fixing)" if number in self.flagged else ""
                item.setText(f"{number + 1}. {step.summary()}{flag}")

    def flag(self, steps: set[int]) -> None:
        self.flagged = steps
        self.update_texts()

    def _update_buttons(self) -> None:
        row, count = self.list.currentRow(), self.list.count()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)

    def add(self) -> None:
        if self.draft is None:
            return
        row = self.list.currentRow()
        position = self.draft.add_step(str(self.new_kind.currentData()), row if row >= 0 else None)
        self.refresh(position)
        self.changed.emit()

    def remove(self) -> None:
        row = self.list.currentRow()
        if self.draft is None or row < 0:
            return
        summary = self.draft.step(row).summary()
        self.removed = (row, self.draft.remove_step(row))
        self.undo_note.setText(f"Removed step {row + 1} ({summary}). Ctrl+Z or Undo puts it back.")
        self.undo_note.show()
        self.undo_button.show()
        self.refresh(row)
        self.changed.emit()

    def undo_remove(self) -> None:
        if self.draft is None or self.removed is None:
            return
        row, mapping = self.removed
        self.draft.insert_step(row, mapping)  # type: ignore[arg-type]
        self.removed = None
        self.undo_note.hide()
        self.undo_button.hide()
        self.refresh(row)
        self.list.setFocus()
        self.changed.emit()

    def move_by(self, by: int) -> None:
        row = self.list.currentRow()
        if self.draft is None or not self.draft.move_step(row, row + by):
            return
        self.refresh(row + by)
        self.list.setFocus()
        self.changed.emit()

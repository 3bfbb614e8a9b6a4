"""Small pieces the editor's forms share: a field with the validator's message beside it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from bodyscan.core.problems import Problem

Editable = QLineEdit | QPlainTextEdit | QComboBox | QCheckBox


class ProblemNote(QLabel):
    """The validator's words about one field, shown right under it (hidden when all is well)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("problem")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def show_problems(self, problems: Sequence[Problem]) -> None:
        lines = [
            ("" if problem.severity == "error" else "Note: ") + _sentence(problem.message)
            for problem in problems
        ]
        self.setText("\n".join(lines))
        self.setVisible(bool(lines))


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


class FieldBox(QWidget):
    """A field and, beneath it, its problem note; the note also becomes the field's accessible
    description, so a screen reader says it with the field."""

    def __init__(self, field: QWidget, extra: QWidget | None = None) -> None:
        super().__init__()
        self.field = field
        self.note = ProblemNote()
        self.plain_description = field.accessibleDescription()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        if extra is None:
            layout.addWidget(field)
        else:
            layout.addWidget(extra)
        layout.addWidget(self.note)

    def show_problems(self, problems: Sequence[Problem]) -> None:
        self.note.show_problems(problems)
        words = self.note.text() if problems else ""
        self.field.setAccessibleDescription(
            " ".join(part for part in (self.plain_description, words) if part)
        )


def line_edit(
    name: str, placeholder: str = "", on_change: Callable[[], None] | None = None
) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    if on_change is not None:
        edit.textEdited.connect(lambda _text: on_change())
    return edit


def text_box(
    name: str, on_change: Callable[[], None] | None = None, lines: int = 3
) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)  # Tab leaves the box, as in every other field
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 16)
    if on_change is not None:
        box.textChanged.connect(on_change)
    return box


def combo(name: str, items: Sequence[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    for label, data in items:
        box.addItem(label, data)
    return box


def select_data(box: QComboBox, data: object, label: str | None = None) -> None:
    """Show the item holding `data`, adding one (as written) when the list lacks it."""
    for index in range(box.count()):
        if box.itemData(index) == data and type(box.itemData(index)) is type(data):
            box.setCurrentIndex(index)
            return
    box.addItem(label if label is not None else str(data), data)
    box.setCurrentIndex(box.count() - 1)


def set_text(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Replace a field's text without it counting as the person's edit."""
    current = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
    if current == text:
        return
    widget.blockSignals(True)
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)
    else:
        widget.setText(text)
    widget.blockSignals(False)

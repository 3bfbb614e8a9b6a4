"""Small pieces the editor's forms share: a field with the validator's message beside it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bodyscan.authoring import words_list
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


# A picker's list: (label, word) to tick, (label, a list of those) for a submenu, SEPARATOR.
Pick = tuple[str, "str | Sequence[Pick]"]
SEPARATOR: Pick = ("", "")


class WordPicker(QPushButton):
    """Beside a field of comma-separated words: a menu of the words the format allows there,
    each ticked when the field has it (in any case). Picking one adds it (at the end) or takes
    it out, as an edit of the field: its `textEdited` writes it, and Ctrl+Z takes it back. The
    field stays editable for whoever would rather type."""

    def __init__(
        self,
        edit: QLineEdit,
        options: Sequence[Pick] | Callable[[], Sequence[Pick]],  # a callable: asked each time
        name: str,
        empty: str = "",  # said (greyed) when there is nothing to offer
    ) -> None:
        super().__init__("Choose…")
        self.edit = edit
        self.options = options
        self.empty = empty
        self.setAccessibleName(f"Choose {name}")
        self.setAccessibleDescription("A list to tick; the field beside it shows the result")
        self.list_menu = QMenu(self)
        self.list_menu.aboutToShow.connect(self._fill)
        self.setMenu(self.list_menu)

    def _fill(self) -> None:
        self.list_menu.clear()
        offered = list(self.options() if callable(self.options) else self.options)
        if not offered:
            self.list_menu.addAction(self.empty).setEnabled(False)
            return
        chosen = [word.casefold() for word in words_list(self.edit.text())]
        self._add(self.list_menu, offered, chosen)

    def _add(self, menu: QMenu, picks: Sequence[Pick], chosen: list[str]) -> None:
        for label, word in picks:
            if (label, word) == SEPARATOR:
                menu.addSeparator()
            elif isinstance(word, str):
                action = menu.addAction(label)
                action.setCheckable(True)
                action.setChecked(word.casefold() in chosen)
                action.toggled.connect(lambda on, word=word: self.pick(word, on))
            else:
                self._add(menu.addMenu(label), word, chosen)

    def pick(self, word: str, on: bool) -> None:
        """`Feet` typed and "feet" ticked: the one word, as the format spells it."""
        kept = [w for w in words_list(self.edit.text()) if w.casefold() != word.casefold()]
        self.edit.selectAll()
        self.edit.insert(", ".join(kept + ([word] if on else [])))  # one step to undo


def with_picker(picker: WordPicker) -> QWidget:
    """The picker's field and the picker on one row."""
    row_widget = QWidget()
    row = QHBoxLayout(row_widget)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(picker.edit, 1)
    row.addWidget(picker)
    return row_widget

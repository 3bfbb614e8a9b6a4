"""The exercise as a whole: title, kind, texts, cautions, length range, bells, background and
the choices it offers. Each field writes itself into the draft as it is edited."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QWidget

from bodyscan.authoring import ExerciseDraft, as_words, scalar_or_number, words_list
from bodyscan.core.choices import ANCHOR_PHRASES, ANCHORS, EYES
from bodyscan.core.problems import Problem
from bodyscan.core.script import KIND_LABELS, KINDS
from bodyscan.core.sounds import NO_AMBIENT, SoundCatalogue
from bodyscan.ui.editor.fields import (
    FieldBox,
    WordPicker,
    combo,
    line_edit,
    select_data,
    set_text,
    text_box,
    with_picker,
)


class DetailsForm(QWidget):
    changed = Signal()

    def __init__(self, catalogue: SoundCatalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft: ExerciseDraft | None = None
        self.boxes: dict[str, FieldBox] = {}
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

        self.title = line_edit("Title", "A name for the library, e.g. Five-minute feet")
        self.title.textEdited.connect(lambda text: self._write(lambda d: d.set("title", text)))
        self.kind = combo("Kind", [(KIND_LABELS[kind], kind) for kind in KINDS])
        self.kind.activated.connect(
            lambda _i: self._write(lambda d: d.set("kind", self.kind.currentData()))
        )
        self.summary = line_edit("Summary", "One line for the library list")
        self.summary.textEdited.connect(
            lambda text: self._write(lambda d: d.set("summary", text.strip() or None))
        )
        self.description = text_box("Description", lambda: self._write(self._description))
        self.cautions = text_box("Cautions, one per line", lambda: self._write(self._cautions))
        self.cautions.setPlaceholderText("e.g. Stop if holding your breath feels uncomfortable.")
        self.length_min = line_edit("Shortest length", "e.g. 2m")
        self.length_max = line_edit("Longest length", "e.g. 6m")
        self.length_min.textEdited.connect(
            lambda text: self._write(lambda d: d.set_length("min", scalar_or_number(text)))
        )
        self.length_max.textEdited.connect(
            lambda text: self._write(lambda d: d.set_length("max", scalar_or_number(text)))
        )
        self.bell = combo(
            "Bells at the start and the end",
            [("The default bell", None), ("No bells", False)]
            + [(f"Bell: {name}", name) for name in catalogue.bells],
        )
        self.bell.activated.connect(
            lambda _i: self._write(lambda d: d.set("bell", self.bell.currentData()))
        )
        self.ambient = combo(
            "Background sound",
            [("No background sound", None)]
            + [(name.replace("-", " ").capitalize(), name) for name in catalogue.ambient],
        )
        self.ambient.activated.connect(
            lambda _i: self._write(lambda d: d.set("ambient", self.ambient.currentData()))
        )
        self.eyes = line_edit("Eyes choices", "closed, open (the first is the default)")
        self.anchor = line_edit("Anchor choices", "e.g. feet, hands, sounds")
        self.pickers: dict[str, WordPicker] = {}
        for choice, edit, picks in (
            ("eyes", self.eyes, [(value, value) for value in EYES]),
            ("anchor", self.anchor, [(f"{v} ({ANCHOR_PHRASES[v]})", v) for v in ANCHORS]),
        ):
            edit.textEdited.connect(self._choice_writer(choice))
            self.pickers[choice] = WordPicker(
                edit, picks, f"{choice} choices (the first ticked is the default)"
            )

        lengths = QWidget()
        row = QHBoxLayout(lengths)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("from"))
        row.addWidget(self.length_min)
        row.addWidget(QLabel("to"))
        row.addWidget(self.length_max)
        self.length_min.setAccessibleDescription("The shortest length a person may choose")
        self.length_max.setAccessibleDescription("The longest length a person may choose")
        rows: list[tuple[str, str, QWidget, QWidget | None]] = [
            ("&Title", "title", self.title, None),
            ("&Kind", "kind", self.kind, None),
            ("S&ummary", "summary", self.summary, None),
            ("&Description", "description", self.description, None),
            ("&Cautions", "cautions", self.cautions, None),
            ("&Length range", "length", self.length_min, lengths),
            ("&Bells", "bell", self.bell, None),
            ("Backgrou&nd", "ambient", self.ambient, None),
            (
                "&Eyes choices",
                "choices.eyes",
                self.eyes,
                with_picker(self.pickers["eyes"]),
            ),
            (
                "Anc&hor choices",
                "choices.anchor",
                self.anchor,
                with_picker(self.pickers["anchor"]),
            ),
        ]
        for label, name, field, extra in rows:
            box = FieldBox(field, extra)
            self.boxes[name] = box
            caption = QLabel(label)
            caption.setBuddy(field)
            form.addRow(caption, box)
        # Messages about either end of the range appear under the range.
        self.boxes["length.min"] = self.boxes["length.max"] = self.boxes["length"]
        self.boxes["choices"] = self.boxes["choices.eyes"]

    def _choice_writer(self, choice: str) -> Callable[[str], None]:
        return lambda text: self._write(lambda d: d.set_choice(choice, words_list(text)))

    def _description(self, draft: ExerciseDraft) -> bool:
        text = self.description.toPlainText().strip()
        return draft.set("description", text or None)

    def _cautions(self, draft: ExerciseDraft) -> bool:
        lines = [line.strip() for line in self.cautions.toPlainText().splitlines()]
        return draft.set("cautions", [line for line in lines if line] or None)

    def _write(self, change: Callable[[ExerciseDraft], bool]) -> None:
        if self.draft is not None and change(self.draft):
            self.changed.emit()

    def load(self, draft: ExerciseDraft) -> None:
        self.draft = draft
        set_text(self.title, str(draft.get("title") or ""))
        select_data(self.kind, str(draft.get("kind") or "body-scan"))
        set_text(self.summary, str(draft.get("summary") or ""))
        set_text(self.description, str(draft.get("description") or ""))
        cautions = draft.get("cautions")
        lines = [str(c) for c in cautions] if isinstance(cautions, list) else []
        set_text(self.cautions, "\n".join(lines))
        set_text(self.length_min, as_words(draft.length("min")))
        set_text(self.length_max, as_words(draft.length("max")))
        bell = draft.get("bell")
        select_data(self.bell, None if bell is True else bell, f"Bell: {bell}")
        ambient = draft.get("ambient")
        select_data(self.ambient, None if ambient in (None, NO_AMBIENT) else ambient)
        set_text(self.eyes, ", ".join(draft.choice("eyes")))
        set_text(self.anchor, ", ".join(draft.choice("anchor")))

    def show_problems(self, placed: dict[str, list[Problem]]) -> list[Problem]:
        """Show each field's messages beside it; returns those no field here is about."""
        shown: dict[int, list[Problem]] = {}
        for name, problems in placed.items():
            box = self.boxes.get(name)
            if box is not None:
                shown.setdefault(id(box), []).extend(problems)
        for box in set(self.boxes.values()):
            box.show_problems(shown.get(id(box), []))
        return [p for name, items in placed.items() if name not in self.boxes for p in items]

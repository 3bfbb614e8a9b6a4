"""The form for one step, one page per kind (say, pause, bell, breathe), plus what any step may
carry: `when` (the choices it plays for). Each field writes itself into the step as it is
edited; problems from the validator show beneath the field they are about."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bodyscan.authoring import StepDraft, as_words, one_or_list, scalar_or_number, words_list
from bodyscan.core.problems import Problem
from bodyscan.core.regions import GROUPS
from bodyscan.core.script import CUES
from bodyscan.core.sounds import SoundCatalogue
from bodyscan.core.timeline import PhaseName
from bodyscan.ui.editor.breath_preview import BreathPreview
from bodyscan.ui.editor.fields import (
    SEPARATOR,
    FieldBox,
    Pick,
    ProblemNote,
    WordPicker,
    combo,
    line_edit,
    select_data,
    set_text,
    text_box,
    with_picker,
)

Change = Callable[[StepDraft], bool]
Offered = Callable[[str], list[str]]  # the values the exercise offers for a choice


def _sides(part: str) -> tuple[str, str]:
    return (f"left-{part}", f"right-{part}")


# What each group of regions takes in, said in the regions picker.
GROUP_WORDS = {
    "feet": "both feet",
    "hands": "both hands",
    "arms": "both arms and hands",
    "legs": "both legs and feet",
    "shoulders": "both shoulders",
    "belly": "upper and lower belly",
    "back": "neck, upper and lower back",
    "torso": "chest, belly and back",
    "whole-body": "every region",
}
# The groups first (most steps name one), then each region, by part of the body.
REGION_PICKS: tuple[Pick, ...] = (
    *(
        (f"{name} ({GROUP_WORDS.get(name, f'{len(ids)} regions')})", name)
        for name, ids in GROUPS.items()
    ),
    SEPARATOR,
    *(
        (part, [(region, region) for region in regions])
        for part, regions in (
            ("Head and neck", ("head", "face", "jaw", "throat", "neck")),
            (
                "Chest, belly and back",
                ("chest", "upper-belly", "lower-belly", "upper-back", "lower-back", "seat"),
            ),
            (
                "Arms",
                (*_sides("shoulder"), *_sides("upper-arm"), *_sides("forearm"), *_sides("hand")),
            ),
            ("Legs", (*_sides("thigh"), *_sides("lower-leg"), *_sides("foot"))),
        )
    ),
)


def _offered_as_picks(offered: Offered, choice: str) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(value, value) for value in offered(choice)]


class StepForm(QWidget):
    changed = Signal()
    record_requested = Signal()
    hear_requested = Signal()
    play_requested = Signal()

    def __init__(
        self,
        catalogue: SoundCatalogue,
        parent: QWidget | None = None,
        offered: Offered = lambda _choice: [],
    ) -> None:
        super().__init__(parent)
        self.step: StepDraft | None = None
        self.boxes: dict[str, FieldBox] = {}  # by field; the say page's where pages share one
        self.page_boxes: dict[int, dict[str, FieldBox]] = {}  # by id(page), then by field
        self.heading = QLabel()
        self.heading.setObjectName("subheading")
        self.step_note = ProblemNote()  # problems about the step as a whole
        self.pages = QStackedWidget()
        self.say_page = QWidget()
        self.pause_page = QWidget()
        self.bell_page = QWidget()
        self.breathe_page = QWidget()
        for page in (self.say_page, self.pause_page, self.bell_page, self.breathe_page):
            self.pages.addWidget(page)

        # say
        self.say_text = text_box("Words to say", lambda: self._write(self._say), lines=4)
        self.say_text.setPlaceholderText(
            "e.g. Let your attention rest on your feet, or on nothing at all."
        )
        self.say_pause = self._duration("Silence after the words", "pause", "e.g. 20s")
        self.regions = line_edit("Body regions", "e.g. feet, or left-hand, right-hand")
        self.regions.textEdited.connect(
            lambda text: self._write(lambda s: s.set("region", one_or_list(words_list(text))))
        )
        self.regions_picker = WordPicker(self.regions, REGION_PICKS, "body regions")
        self.audio = line_edit("Recording", "none: the voice reads the words")
        self.audio.textEdited.connect(
            lambda text: self._write(lambda s: s.set("audio", text.strip() or None))
        )
        self.record_button = QPushButton("&Record your voice…")
        self.record_button.clicked.connect(self.record_requested)
        recording = QWidget()
        row = QHBoxLayout(recording)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.audio, 1)
        row.addWidget(self.record_button)
        self.say_stretch = self._stretch()
        self._rows(
            self.say_page,
            [
                ("&Words", "say", self.say_text, None),
                ("&Silence after", "pause", self.say_pause, None),
                (
                    "Re&gions",
                    "region",
                    self.regions,
                    with_picker(self.regions_picker),
                ),
                ("Re&cording", "audio", self.audio, recording),
                ("", "stretch", self.say_stretch, None),
            ],
        )

        # pause
        self.pause_length = self._duration(
            "Length of the silence", "pause", "e.g. 30s", action=True
        )
        self.pause_stretch = self._stretch()
        self._rows(
            self.pause_page,
            [
                ("Si&lence", "pause", self.pause_length, None),
                ("", "stretch", self.pause_stretch, None),
            ],
        )

        # bell
        self.bell_name = combo(
            "Bell", [("The default bell", True)] + [(name, name) for name in catalogue.bells]
        )
        self.bell_name.activated.connect(
            lambda _i: self._write(lambda s: s.set("bell", self.bell_name.currentData()))
        )
        self.bell_pause = self._duration("Silence after the bell", "pause", "e.g. 5s")
        self.bell_stretch = self._stretch()
        self._rows(
            self.bell_page,
            [
                ("&Bell", "bell", self.bell_name, None),
                ("&Silence after", "pause", self.bell_pause, None),
                ("", "stretch", self.bell_stretch, None),
            ],
        )

        # breathe
        self.breath: dict[str, QLineEdit] = {}
        for key, name, hint in (
            ("in", "Breathe in, seconds", "e.g. 4"),
            ("hold", "Hold after breathing in, seconds", "0 or empty: no hold"),
            ("out", "Breathe out, seconds", "e.g. 6"),
            ("hold_out", "Hold after breathing out, seconds", "0 or empty: no hold"),
        ):
            edit = line_edit(name, hint)
            edit.textEdited.connect(
                lambda text, key=key: self._write(
                    lambda s: s.set_breathe(key, scalar_or_number(text))
                )
            )
            self.breath[key] = edit
        self.count_kind = combo("Repeat by", [("cycles", "cycles"), ("for a duration", "duration")])
        self.count = line_edit("How many cycles, or for how long", "e.g. 6, or 2m")
        self.count_kind.activated.connect(lambda _i: self._write(self._count))
        self.count.textEdited.connect(lambda _text: self._write(self._count))
        counting = QWidget()
        row = QHBoxLayout(counting)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.count)
        row.addWidget(self.count_kind)
        self.cue = combo("Cue", [(cue, cue) for cue in CUES])
        self.cue.activated.connect(
            lambda _i: self._write(lambda s: s.set_breathe("cue", self.cue.currentData()))
        )
        self.preview = BreathPreview()
        breathe_form = QWidget()
        self._rows(
            breathe_form,
            [
                ("Breathe &in", "breathe.in", self.breath["in"], None),
                ("&Hold", "breathe.hold", self.breath["hold"], None),
                ("Breathe &out", "breathe.out", self.breath["out"], None),
                ("Ho&ld after", "breathe.hold_out", self.breath["hold_out"], None),
                ("&Repeat", "breathe.cycles", self.count, counting),
                ("&Cue", "breathe.cue", self.cue, None),
            ],
        )
        self.boxes["breathe.duration"] = self.boxes["breathe.cycles"]
        self.page_boxes[id(breathe_form)]["breathe.duration"] = self.boxes["breathe.cycles"]
        breathe_row = QHBoxLayout(self.breathe_page)
        breathe_row.setContentsMargins(0, 0, 0, 0)
        breathe_row.addWidget(breathe_form, 1)
        breathe_row.addWidget(self.preview)

        # any step: when
        self.when_eyes = line_edit("Only when eyes are", "empty: always; e.g. closed")
        self.when_anchor = line_edit("Only when the anchor is", "empty: always; e.g. feet, hands")
        self.when_pickers: dict[str, WordPicker] = {}
        when_rows: list[tuple[str, str, QWidget, QWidget | None]] = []
        for choice, edit, label in (
            ("eyes", self.when_eyes, "Only when &eyes are"),
            ("anchor", self.when_anchor, "Only when a&nchor is"),
        ):
            edit.textEdited.connect(self._when_writer(choice))
            picker = WordPicker(
                edit,
                _offered_as_picks(offered, choice),
                f"when the {choice} choice is",
                f"First offer {choice} choices under \u201cAbout this exercise\u201d",
            )
            self.when_pickers[choice] = picker
            when_rows.append((label, f"when.{choice}", edit, with_picker(picker)))
        when_form = QWidget()
        self._rows(when_form, when_rows)
        self.boxes["when"] = self.boxes["when.eyes"]
        self.page_boxes[id(when_form)]["when"] = self.boxes["when.eyes"]
        self.shown_boxes = {id(self.breathe_page): id(breathe_form)}  # the breathe form is nested
        self.when_form = when_form

        self.hear_button = QPushButton("Hear this ste&p")
        self.hear_button.clicked.connect(self.hear_requested)
        self.play_button = QPushButton("Play &from here")
        self.play_button.clicked.connect(self.play_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hear_button)
        buttons.addWidget(self.play_button)
        buttons.addStretch()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.step_note)
        layout.addWidget(self.pages)
        layout.addWidget(when_form)
        layout.addLayout(buttons)
        layout.addStretch()

    # --- building -----------------------------------------------------------------------

    def _rows(self, page: QWidget, rows: list[tuple[str, str, QWidget, QWidget | None]]) -> None:
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for label, name, field, extra in rows:
            box = FieldBox(field, extra)
            # Each page has its own `pause` and `stretch` fields; the shown page's are used.
            self.page_boxes.setdefault(id(page), {})[name] = box
            self.boxes.setdefault(name, box)
            caption = QLabel(label)
            caption.setBuddy(field)
            form.addRow(caption, box)

    def _when_writer(self, choice: str) -> Callable[[str], None]:
        return lambda text: self._write(lambda s: s.set_when(choice, words_list(text)))

    def _duration(self, name: str, key: str, hint: str, *, action: bool = False) -> QLineEdit:
        """A duration field; an action's own (`pause: 30s`) stays when emptied, so the step
        keeps its kind and the validator asks for a length beside it."""
        edit = line_edit(name, hint)
        edit.textEdited.connect(
            lambda text: self._write(
                lambda s: s.set(key, scalar_or_number(text) if text.strip() or not action else "")
            )
        )
        return edit

    def _stretch(self) -> QCheckBox:
        box = QCheckBox("The silence may be stretched when a longer session is chosen")
        # stretch: true is the default, so only `false` is written.
        box.toggled.connect(
            lambda on: self._write(lambda s: s.set("stretch", None if on else False))
        )
        return box

    # --- editing ------------------------------------------------------------------------

    def _write(self, change: Change) -> None:
        if self.step is not None and change(self.step):
            self.changed.emit()
            self._update_preview()

    def _say(self, step: StepDraft) -> bool:
        return step.set("say", self.say_text.toPlainText().strip())

    def _count(self, step: StepDraft) -> bool:
        key = str(self.count_kind.currentData())
        text = self.count.text()
        if not text.strip():
            # Keep the key (empty), so the validator says what is missing beside this field.
            return step.set_breathe(key, None)
        return step.set_breathe(key, scalar_or_number(text))

    def page_for(self, kind: str) -> QWidget:
        return {
            "say": self.say_page,
            "pause": self.pause_page,
            "bell": self.bell_page,
            "breathe": self.breathe_page,
        }[kind]

    def load(self, step: StepDraft | None, number: int = 0) -> None:
        self.step = None  # filling the fields is not an edit
        if step is None:
            self.setEnabled(False)
            self.heading.setText("No step chosen")
            self.preview.stop()
            return
        self.setEnabled(True)
        kind = step.kind
        self.heading.setText(f"Step {number}: {kind}")
        self.pages.setCurrentWidget(self.page_for(kind))
        stretch = step.get("stretch") is not False
        for box in (self.say_stretch, self.pause_stretch, self.bell_stretch):
            box.blockSignals(True)
            box.setChecked(stretch)
            box.blockSignals(False)
        pause = as_words(step.get("pause"))
        if kind == "say":
            set_text(self.say_text, str(step.get("say") or ""))
            set_text(self.say_pause, pause)
            set_text(self.regions, as_words(step.get("region")))
            set_text(self.audio, str(step.get("audio") or ""))
        elif kind == "pause":
            set_text(self.pause_length, pause)
        elif kind == "bell":
            bell = step.get("bell")
            select_data(self.bell_name, bell)
            set_text(self.bell_pause, pause)
        else:
            for key, edit in self.breath.items():
                set_text(edit, as_words(step.breathe(key)))
            by_duration = step.breathe("duration") is not None
            self.count_kind.setCurrentIndex(1 if by_duration else 0)
            set_text(self.count, as_words(step.breathe("duration" if by_duration else "cycles")))
            select_data(self.cue, str(step.breathe("cue") or "tone"))
        set_text(self.when_eyes, ", ".join(step.when("eyes")))
        set_text(self.when_anchor, ", ".join(step.when("anchor")))
        self.hear_button.setText("Hear this ste&p")
        self.step = step
        self._update_preview()

    def _update_preview(self) -> None:
        if self.step is None or self.step.kind != "breathe":
            self.preview.stop()
            return
        seconds: dict[PhaseName, float] = {}
        for key in ("in", "hold", "out", "hold_out"):
            value = self.step.breathe(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                seconds[key] = float(value)
        self.preview.set_timings(seconds)

    def _visible_boxes(self) -> dict[str, FieldBox]:
        """The fields of the page on show, and those every step has (`when`)."""
        page = self.pages.currentWidget()
        key = self.shown_boxes.get(id(page), id(page))
        return {**self.page_boxes.get(key, {}), **self.page_boxes[id(self.when_form)]}

    def show_problems(self, placed: dict[str, list[Problem]]) -> None:
        """Messages for this step by field ("" for the step as a whole, or a field this kind of
        step does not show) under the step's heading."""
        visible = self._visible_boxes()
        shown: dict[int, list[Problem]] = {}
        general: list[Problem] = []
        for name, problems in placed.items():
            box = visible.get(name)
            if box is None:
                general.extend(problems)
            else:
                shown.setdefault(id(box), []).extend(problems)
        for page in self.page_boxes.values():
            for box in page.values():
                box.show_problems(shown.get(id(box), []))
        self.step_note.show_problems(general)

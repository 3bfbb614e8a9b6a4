"""The check-in after an exercise: where in the body something was noticed, if anything.

Every whole answer counts the same ("nothing noticed", "numb / far away", "not sure", "prefer
not to say"). The map and the list of places beside it stay in step; a chosen place gets up to
three qualities, a strength and an optional tone. Esc skips it all; nothing nags.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bodyscan.core.regions import (
    CHECKIN_ANSWERS,
    MAX_QUALITIES_PER_REGION,
    PLACE_LABELS,
    QUALITIES,
    STRENGTHS,
    TONES,
)
from bodyscan.core.script import Script
from bodyscan.journal.model import HOW_WAS_THAT, CheckIn, RegionAnswer, Stroke
from bodyscan.journal.prompts import TOO_MUCH_FOLLOW_UP
from bodyscan.ui import checklist
from bodyscan.ui.body_map import BodyMap
from bodyscan.ui.info_pages import enter_presses
from bodyscan.ui.layouts import scrolling_page

DEFAULT_PROMPT = "Where in your body did you notice sensation?"


@dataclass
class PlaceAnswer:
    qualities: list[str] = field(default_factory=list)
    other: str = ""
    strength: str | None = None
    tone: str | None = None


def _radio_row(
    options: dict[str, str], name: str, columns: int = 3
) -> tuple[QWidget, QButtonGroup]:
    """Exclusive choices in a grid (a few columns, so it fits 800 pixels at twice the text)."""
    box = QWidget()
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    group = QButtonGroup(box)
    group.setExclusive(True)
    for index, (key, label) in enumerate(options.items()):
        button = QRadioButton(label)
        button.setProperty("key", key)
        button.setAccessibleName(f"{name}: {label}")
        group.addButton(button)
        grid.addWidget(button, index // columns, index % columns)
    grid.setColumnStretch(columns, 1)
    return box, group


def _checked_key(group: QButtonGroup) -> str | None:
    button = group.checkedButton()
    return None if button is None else str(button.property("key"))


def _set_checked(group: QButtonGroup, key: str | None) -> None:
    group.setExclusive(False)
    for button in group.buttons():
        button.setChecked(button.property("key") == key)
    group.setExclusive(True)


class CheckinPage(QWidget):
    saved = Signal(object)  # CheckIn
    skipped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session_id = ""
        self.connection_before: int | None = None
        self.too_much_last_time = False
        self.answers: dict[str, PlaceAnswer] = {}
        self.current: str | None = None
        self.asks_connection = False

        self.prompt = QLabel(DEFAULT_PROMPT)
        self.prompt.setObjectName("heading")
        self.prompt.setWordWrap(True)
        whole, self.whole = _radio_row(CHECKIN_ANSWERS, "Answer", columns=2)
        self.whole.buttonToggled.connect(lambda *_: self._answer_changed())

        self.map = BodyMap()
        self.map.region_clicked.connect(self.choose_place)
        self.places = QListWidget()
        self.places.setAccessibleName("Places in your body")
        self.places.setAccessibleDescription("Check a place to add it; its details appear below")
        checklist.fill(self.places, PLACE_LABELS.items())
        self.places.itemChanged.connect(self._place_checked)
        self.places.currentItemChanged.connect(self._place_selected)
        self.draw = QPushButton("Draw on the map")
        self.draw.setCheckable(True)
        self.draw.setAccessibleDescription("Paint where you noticed something, freely")
        self.draw.toggled.connect(self._drawing)

        self.detail_title = QLabel("Choose a place on the map or in the list")
        self.quality_boxes: dict[str, QCheckBox] = {}
        qualities = QGridLayout()
        for index, quality in enumerate(QUALITIES):
            box = QCheckBox(quality.replace("-", " "))
            box.setAccessibleName(f"Quality: {quality}")
            box.toggled.connect(lambda on, q=quality: self._quality(q, on))
            self.quality_boxes[quality] = box
            qualities.addWidget(box, index // 3, index % 3)
        self.other = QLineEdit()
        self.other.setPlaceholderText("In your own words (for 'other')")
        self.other.setAccessibleName("Other quality, in your own words")
        self.other.textEdited.connect(self._other)
        strength, self.strength = _radio_row({s: s for s in STRENGTHS}, "Strength")
        self.strength.buttonToggled.connect(lambda *_: self._store_radios())
        tone, self.tone = _radio_row({t: t for t in TONES}, "Tone")
        self.tone.buttonToggled.connect(lambda *_: self._store_radios())
        self.detail = QGroupBox()
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(QLabel(f"Up to {MAX_QUALITIES_PER_REGION} words:"))
        detail_layout.addLayout(qualities)
        detail_layout.addWidget(self.other)
        detail_layout.addWidget(strength)
        detail_layout.addWidget(tone)

        self.connection = QSlider(Qt.Orientation.Horizontal)
        self.connection.setRange(-1, 10)
        self.connection.setValue(-1)
        self.connection.setAccessibleName("How connected to your body, 0 to 10 (optional)")
        self.connection_label = QLabel("not answered")
        self.connection.valueChanged.connect(
            lambda v: self.connection_label.setText("not answered" if v < 0 else str(v))
        )
        self.connection_row = QWidget()
        connection_layout = QHBoxLayout(self.connection_row)
        connection_layout.setContentsMargins(0, 0, 0, 0)
        connection_layout.addWidget(QLabel("How connected do you feel to your body now?"))
        connection_layout.addWidget(self.connection, 1)
        connection_layout.addWidget(self.connection_label)
        how, self.how = _radio_row(HOW_WAS_THAT, "How was that")
        self.how.buttonToggled.connect(lambda *_: self._how_changed())
        self.follow_up = QLabel(TOO_MUCH_FOLLOW_UP)
        self.follow_up.setWordWrap(True)
        self.follow_up.setObjectName("cautions")
        self.follow_up.hide()
        self.note = QLineEdit()
        self.note.setPlaceholderText("A note for yourself (optional)")
        self.note.setAccessibleName("Note")

        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self._save)
        skip = QPushButton("Skip")
        skip.setAccessibleDescription("Skip the check-in (Esc)")
        skip.clicked.connect(self.skipped.emit)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.skipped.emit)

        map_side = QWidget()
        map_layout = QVBoxLayout(map_side)
        map_layout.addWidget(self.map, 1)
        map_layout.addWidget(self.draw)
        list_side = QWidget()
        list_layout = QVBoxLayout(list_side)
        list_layout.addWidget(self.places, 1)
        self.mapping = QSplitter()
        self.mapping.addWidget(map_side)
        self.mapping.addWidget(list_side)
        self.mapping.setSizes([520, 260])
        self.noticed = QWidget()
        noticed_layout = QVBoxLayout(self.noticed)
        noticed_layout.setContentsMargins(0, 0, 0, 0)
        noticed_layout.addWidget(self.mapping, 1)
        noticed_layout.addWidget(self.detail)
        self.noticed.hide()

        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(self.prompt)
        column.addWidget(whole)
        column.addWidget(self.noticed, 1)
        column.addWidget(self.connection_row)
        column.addWidget(QLabel("How was that?"))
        column.addWidget(how)
        column.addWidget(self.follow_up)
        column.addWidget(self.note)
        scrolling_page(self, inner, skip, self.save_button)
        self.setFocusProxy(self.whole.buttons()[0])
        enter_presses(self, self.save_button)

    # --- starting -------------------------------------------------------------------------

    def ask(
        self,
        script: Script,
        session_id: str,
        connection_before: int | None,
        too_much_last_time: bool,
    ) -> None:
        self.session_id = session_id
        self.connection_before = connection_before
        self.too_much_last_time = too_much_last_time
        self.prompt.setText(script.checkin.prompt or DEFAULT_PROMPT)
        self.answers = {}
        self.current = None
        self.map.marked = set()
        self.map.strokes = []
        self.map.selected = None
        _set_checked(self.whole, None)
        _set_checked(self.how, None)
        self.connection.setValue(-1)
        self.asks_connection = "connection" in script.checkin.ask
        self.connection_row.setVisible(self.asks_connection)
        self.note.clear()
        self.follow_up.hide()
        checklist.set_checked(self.places, ())
        self._answer_changed()
        self._show_detail()

    # --- the answer -----------------------------------------------------------------------

    def answer(self) -> str | None:
        return _checked_key(self.whole)

    def set_answer(self, key: str) -> None:
        _set_checked(self.whole, key)
        self._answer_changed()

    def _answer_changed(self) -> None:
        self.noticed.setVisible(self.answer() == "noticed")
        self.save_button.setEnabled(self.answer() is not None)

    def choose_place(self, place: str) -> None:
        """A click on the map or a check in the list: the place is added and its details show."""
        if place not in self.answers:
            self.answers[place] = PlaceAnswer()
        self.current = place
        self.map.marked = set(self.answers)
        self.map.selected = place
        self.map.update()
        checklist.set_checked(self.places, self.answers)
        blocked = self.places.blockSignals(True)
        for row in range(self.places.count()):
            if self.places.item(row).data(Qt.ItemDataRole.UserRole) == place:
                self.places.setCurrentRow(row)
        self.places.blockSignals(blocked)
        self._show_detail()

    def remove_place(self, place: str) -> None:
        self.answers.pop(place, None)
        if self.current == place:
            self.current = None
        self.map.marked = set(self.answers)
        self.map.selected = self.current
        self.map.update()
        self._show_detail()

    def _place_checked(self, item: QListWidgetItem) -> None:
        key = str(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked:
            self.choose_place(key)
        else:
            self.remove_place(key)

    def _place_selected(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            key = str(item.data(Qt.ItemDataRole.UserRole))
            if key in self.answers:
                self.current = key
                self.map.selected = key
                self.map.update()
                self._show_detail()

    def _show_detail(self) -> None:
        place = self.current
        self.detail.setEnabled(place is not None)
        answer = self.answers.get(place) if place else None
        self.detail_title.setText(
            PLACE_LABELS[place].capitalize()
            if place
            else "Choose a place on the map or in the list"
        )
        for quality, box in self.quality_boxes.items():
            box.blockSignals(True)
            box.setChecked(answer is not None and quality in answer.qualities)
            box.blockSignals(False)
        self._limit_qualities()
        self.other.setText(answer.other if answer else "")
        self.strength.blockSignals(True)
        self.tone.blockSignals(True)
        _set_checked(self.strength, answer.strength if answer else None)
        _set_checked(self.tone, answer.tone if answer else None)
        self.strength.blockSignals(False)
        self.tone.blockSignals(False)

    def _quality(self, quality: str, on: bool) -> None:
        if self.current is None:
            return
        chosen = self.answers[self.current].qualities
        if on and quality not in chosen:
            chosen.append(quality)
        elif not on and quality in chosen:
            chosen.remove(quality)
        self._limit_qualities()

    def _limit_qualities(self) -> None:
        chosen = self.answers[self.current].qualities if self.current in self.answers else []
        full = len(chosen) >= MAX_QUALITIES_PER_REGION
        for quality, box in self.quality_boxes.items():
            box.setEnabled(not full or quality in chosen)

    def _other(self, text: str) -> None:
        if self.current is not None:
            self.answers[self.current].other = text

    def _store_radios(self) -> None:
        if self.current is not None:
            answer = self.answers[self.current]
            answer.strength = _checked_key(self.strength)
            answer.tone = _checked_key(self.tone)

    def _drawing(self, on: bool) -> None:
        self.map.drawing = on
        self.draw.setText("Stop drawing" if on else "Draw on the map")

    def _how_changed(self) -> None:
        self.follow_up.setVisible(self.too_much_last_time and _checked_key(self.how) == "too-much")

    # --- saving ---------------------------------------------------------------------------

    def checkin(self) -> CheckIn | None:
        answer = self.answer()
        if answer is None:
            return None
        noticed = answer == "noticed"
        regions = tuple(
            RegionAnswer(
                place,
                tuple(a.qualities),
                a.other.strip() if "other" in a.qualities else "",
                a.strength,
                a.tone,
            )
            for place, a in self.answers.items()
        )
        strokes = tuple(Stroke(side, points) for side, points in self.map.strokes)
        value = self.connection.value()
        return CheckIn(
            session_id=self.session_id,
            answer=answer,
            regions=regions if noticed else (),
            strokes=strokes if noticed else (),
            connection_before=self.connection_before,
            connection_after=None if value < 0 or not self.asks_connection else value,
            how_was_that=_checked_key(self.how),
            note=self.note.text().strip(),
        )

    def _save(self) -> None:
        checkin = self.checkin()
        if checkin is not None:
            self.saved.emit(checkin)

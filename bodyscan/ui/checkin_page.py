"""The check-in after an exercise: where in the body something was noticed, if anything.

Every whole answer counts the same ("nothing noticed", "numb / far away", "not sure", "prefer
not to say") and sits as an equal button beside "I noticed something". The body map takes most
of the page; the list of places and the details of the marked place live in a side panel of
fixed width, so nothing on the page moves when they change. A place can be marked on the map
(click, or arrow keys and Space), in the list, or by painting over it and taking the offer.
Esc skips it all; nothing nags.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from bodyscan.core.bodymap import Side, regions_under
from bodyscan.core.regions import (
    CHECKIN_ANSWERS,
    MAX_QUALITIES_PER_REGION,
    PLACE_LABELS,
    QUALITIES,
    REGIONS,
    STRENGTHS,
    TONES,
)
from bodyscan.core.script import Script
from bodyscan.journal.model import HOW_WAS_THAT, CheckIn, RegionAnswer, Stroke
from bodyscan.ui import checklist
from bodyscan.ui.body_map import BodyMap
from bodyscan.ui.info_pages import enter_presses
from bodyscan.ui.layouts import scrolling_page

DEFAULT_PROMPT = "Where in your body did you notice sensation?"
# The whole answers as buttons, in sentence case ("I noticed something" as LOOK.md words it).
ANSWER_LABELS: dict[str, str] = {
    key: ("I noticed something" if key == "noticed" else label[0].upper() + label[1:])
    for key, label in CHECKIN_ANSWERS.items()
}
HOW_LABELS: dict[str, str] = {
    key: label[0].upper() + label[1:] for key, label in HOW_WAS_THAT.items()
}
NEEDS_AN_ANSWER = "Choose an answer or mark a place to save."
MARKS_LEFT_OUT = "Saving “{answer}”: the marked places are kept only with “I noticed something”."
TOO_MUCH_NOTE = (
    "That was the second time in a row it felt like too much. That is useful to know, not a "
    "failure. A shorter practice with your eyes open may suit you better for now, and a "
    "therapist or doctor can help you find a pace that feels safe."
)
# Shorter, eyes-open practices offered after "too much" twice: (exercise id, title).
SHORTER_PRACTICES: tuple[tuple[str, str], ...] = (
    ("feet-and-hands", "Feet and hands"),
    ("grounding-54321", "Five senses grounding"),
)
QWIDGETSIZE_MAX = 16777215
MAP_SHARE = 0.6  # of the page's height, at least, for the body map


@dataclass
class PlaceAnswer:
    qualities: list[str] = field(default_factory=list)
    other: str = ""
    strength: str | None = None
    tone: str | None = None


def _radio_row(
    options: dict[str, str], name: str, columns: int = 3
) -> tuple[QWidget, QButtonGroup]:
    """Exclusive choices in a grid (a few columns, so it fits a narrow panel)."""
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


class EqualButtons(QWidget):
    """Checkable buttons of one width, as many to a row as fit (one exclusive choice)."""

    def __init__(self, options: dict[str, str], name: str) -> None:
        super().__init__()
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QPushButton] = []
        for key, label in options.items():
            button = QPushButton(label)
            button.setCheckable(True)
            button.setProperty("key", key)
            button.setAccessibleName(f"{name}: {label}")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.group.addButton(button)
            self.buttons.append(button)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(6)
        self.columns = 0
        self._flow(len(self.buttons))

    def row_width(self) -> int:
        """The width that holds every button on one line."""
        return self._widest() * len(self.buttons) + self.grid.horizontalSpacing() * (
            len(self.buttons) - 1
        )

    def _widest(self) -> int:
        return max(button.sizeHint().width() for button in self.buttons)

    def _flow(self, columns: int) -> None:
        if columns == self.columns:
            return
        for button in self.buttons:
            self.grid.removeWidget(button)
        for column in range(max(self.columns, columns)):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        self.columns = columns
        for index, button in enumerate(self.buttons):
            self.grid.addWidget(button, index // columns, index % columns)
        self.updateGeometry()  # more rows or fewer: the page makes room once, now

    def fit(self, width: int) -> None:
        spacing = self.grid.horizontalSpacing()
        fits = max(1, (width + spacing) // (self._widest() + spacing))
        rows = -(-len(self.buttons) // fits)
        self._flow(-(-len(self.buttons) // rows))  # rows evenly filled: 3 and 2, not 4 and 1

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        hint.setWidth(min(hint.width(), self._widest()))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit(event.size().width())


class CheckinPage(QWidget):
    saved = Signal(object)  # CheckIn
    skipped = Signal()
    practice_requested = Signal(str)  # an exercise id, from the "too much" follow-up

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session_id = ""
        self.connection_before: int | None = None
        self.too_much_last_time = False
        self.answers: dict[str, PlaceAnswer] = {}
        self.current: str | None = None
        self.asks_connection = False
        self.offers: list[str] = []  # places under painted marks, not yet marked

        self.prompt = QLabel(DEFAULT_PROMPT)
        self.prompt.setObjectName("heading")
        self.prompt.setWordWrap(True)
        self.answer_buttons = EqualButtons(ANSWER_LABELS, "Answer")
        self.whole = self.answer_buttons.group
        self.whole.buttonToggled.connect(lambda *_: self._answer_changed())

        # --- the map and what goes with it -------------------------------------------------
        self.map = BodyMap()
        self.map.region_clicked.connect(self.choose_place)
        self.map.stroke_finished.connect(self._stroke_finished)
        self.draw = QPushButton("Draw")
        self.draw.setAccessibleName("Draw on the map")
        self.draw.setCheckable(True)
        self.draw.setAccessibleDescription(
            "While it is pressed, paint where you noticed something, freely"
        )
        self.draw.setToolTip("Paint on the map while this is pressed")
        self.draw.toggled.connect(self._drawing)
        self.offer = QPushButton("Mark the place under your mark")
        self.offer.setAccessibleDescription("Mark the place under your painted mark")
        self.offer.clicked.connect(self._take_offer)
        self.offer.hide()
        # The two buttons sit in the map's lower corners, beside the feet, where no region is.
        self.draw.setParent(self.map)
        self.offer.setParent(self.map)
        self.map.installEventFilter(self)

        # --- the side panel: places, then the details of the one chosen --------------------
        self.places = QListWidget()
        self.places.setAccessibleName("Places in your body")
        self.places.setAccessibleDescription("Check a place to add it; its details appear below")
        checklist.fill(self.places, PLACE_LABELS.items())
        self.places.setMinimumHeight(self.places.fontMetrics().lineSpacing() * 3)
        self.places.itemChanged.connect(self._place_checked)
        self.places.currentItemChanged.connect(self._place_selected)
        self.detail_title = QLabel("Choose a place on the map or in the list")
        self.detail_title.setWordWrap(True)
        self.detail_title.setObjectName("detailTitle")
        self.quality_boxes: dict[str, QCheckBox] = {}
        qualities = QGridLayout()
        qualities.setContentsMargins(0, 0, 0, 0)
        for index, quality in enumerate(QUALITIES):
            box = QCheckBox(quality.replace("-", " "))
            box.setAccessibleName(f"Quality: {quality}")
            box.toggled.connect(lambda on, q=quality: self._quality(q, on))
            self.quality_boxes[quality] = box
            qualities.addWidget(box, index // 2, index % 2)
        self.other = QLineEdit()
        self.other.setPlaceholderText("In your own words (for 'other')")
        self.other.setAccessibleName("Other quality, in your own words")
        self.other.textEdited.connect(self._other)
        strength, self.strength = _radio_row({s: s for s in STRENGTHS}, "Strength")
        self.strength.buttonToggled.connect(lambda *_: self._store_radios())
        tone, self.tone = _radio_row({t: t for t in TONES}, "Tone")
        self.tone.buttonToggled.connect(lambda *_: self._store_radios())
        self.remove = QPushButton("Remove this place")
        self.remove.clicked.connect(lambda: self.current and self.remove_place(self.current))

        # The "too much" follow-up opens at the top of the details' scrolling panel: it never
        # moves an answer or the map (a click meant for one must land on it).
        self.follow_up = QFrame()
        self.follow_up.setObjectName("followUp")
        follow_layout = QVBoxLayout(self.follow_up)
        follow_layout.setContentsMargins(0, 0, 0, 6)
        self.follow_up_text = QLabel(TOO_MUCH_NOTE)
        self.follow_up_text.setWordWrap(True)
        self.follow_up_text.setObjectName("cautions")
        follow_layout.addWidget(self.follow_up_text)
        self.practice_buttons: dict[str, QPushButton] = {}
        for exercise_id, title in SHORTER_PRACTICES:
            button = QPushButton(f"Start {title}")
            button.setAccessibleDescription(
                "Saves this check-in first (when it has an answer), then opens the practice"
            )
            button.clicked.connect(lambda _=False, e=exercise_id: self._start_practice(e))
            self.practice_buttons[exercise_id] = button
            follow_layout.addWidget(button)
        self.follow_up.hide()

        self.detail = QWidget()
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.setContentsMargins(0, 0, 6, 0)
        detail_layout.addWidget(QLabel(f"Up to {MAX_QUALITIES_PER_REGION} words:"))
        detail_layout.addLayout(qualities)
        detail_layout.addWidget(self.other)
        detail_layout.addWidget(QLabel("How strong:"))
        detail_layout.addWidget(strength)
        detail_layout.addWidget(QLabel("Tone (optional):"))
        detail_layout.addWidget(tone)
        detail_layout.addWidget(self.remove, 0, Qt.AlignmentFlag.AlignLeft)
        scrolling = QWidget()
        scrolling_layout = QVBoxLayout(scrolling)
        scrolling_layout.setContentsMargins(0, 0, 0, 0)
        scrolling_layout.addWidget(self.follow_up)
        scrolling_layout.addWidget(self.detail_title)
        scrolling_layout.addWidget(self.detail)
        scrolling_layout.addStretch()
        self.details = ShortScroll()
        self.details.setWidgetResizable(True)
        self.details.setFrameShape(QFrame.Shape.NoFrame)
        self.details.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details.setWidget(scrolling)
        self.details_content = scrolling
        self.details.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        # --- the questions for the whole session -------------------------------------------
        self.connection = QSlider(Qt.Orientation.Horizontal)
        self.connection.setRange(-1, 10)
        self.connection.setValue(-1)
        self.connection.setAccessibleName("How connected to your body, 0 to 10 (optional)")
        self.connection_label = QLabel("not answered")
        self.connection.valueChanged.connect(
            lambda v: self.connection_label.setText("not answered" if v < 0 else str(v))
        )
        self.connection_row = QWidget()
        connection_layout = QGridLayout(self.connection_row)
        connection_layout.setContentsMargins(0, 0, 0, 0)
        connection_question = QLabel("How connected do you feel to your body now?")
        connection_question.setWordWrap(True)
        connection_layout.addWidget(connection_question, 0, 0, 1, 2)
        connection_layout.addWidget(self.connection, 1, 0)
        connection_layout.addWidget(self.connection_label, 1, 1)
        self.how_buttons = EqualButtons(HOW_LABELS, "How was that")
        self.how = self.how_buttons.group
        self.how.buttonToggled.connect(lambda *_: self._how_changed())
        self.note = QLineEdit()
        self.note.setPlaceholderText("A note for yourself (optional)")
        self.note.setAccessibleName("Note")

        self.side = SidePanel()
        side_layout = QVBoxLayout(self.side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        places_label = QLabel("Places")
        places_label.setBuddy(self.places)
        side_layout.addWidget(places_label)
        side_layout.addWidget(self.places, 2)
        side_layout.addWidget(self.details, 3)
        side_layout.addWidget(self.connection_row)
        side_layout.addWidget(QLabel("How was that?"))
        side_layout.addWidget(self.how_buttons)
        side_layout.addWidget(self.note)

        self.noticed = QWidget()  # the map and the side panel
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.noticed)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(18)
        self.body.addWidget(self.map, 1)
        self.body.addWidget(self.side, 0)

        # --- the foot: Skip, why Save waits, Save ------------------------------------------
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self._save)
        self.status = QLabel()
        self.status.setObjectName("notice")
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        foot = QWidget()
        foot_layout = QHBoxLayout(foot)
        foot_layout.setContentsMargins(0, 0, 0, 0)
        foot_layout.addWidget(self.status, 1)
        foot_layout.addWidget(self.save_button)
        foot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        skip = QPushButton("Skip")
        skip.setAccessibleDescription("Skip the check-in (Esc)")
        skip.clicked.connect(self.skipped.emit)
        self.skip_button = skip
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.skipped.emit)

        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(24, 6, 24, 6)
        column.setSpacing(12)
        column.addWidget(self.prompt)
        column.addWidget(self.answer_buttons)
        column.addWidget(self.noticed, 1)
        scrolling_page(self, inner, skip, foot)
        self._order_tabs()
        self.setFocusProxy(self.answer_buttons.buttons[0])
        enter_presses(self, self.save_button)
        self._answer_changed()
        self._show_detail()

    def _order_tabs(self) -> None:
        """Tab goes the way the eye does: answers, map, places, details, the rest, Save."""
        chain: list[QWidget] = [
            *self.answer_buttons.buttons,
            self.map,
            self.draw,
            self.offer,
            self.places,
            *self.quality_boxes.values(),
            self.other,
            *self.strength.buttons(),
            *self.tone.buttons(),
            self.remove,
            *self.practice_buttons.values(),
            self.connection,
            *self.how_buttons.buttons,
            self.note,
            self.skip_button,
            self.save_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- layout that fits the window, and never moves on its own --------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.map and event.type() == QEvent.Type.Resize:
            self._place_map_buttons()
        return super().eventFilter(watched, event)

    def _place_map_buttons(self) -> None:
        """Draw at the lower left, the offer at the lower right, or above Draw when the map is
        too narrow for both; the room kept for them depends on the sizes only, so the figures
        never move when an offer appears."""
        for button in (self.draw, self.offer):
            button.adjustSize()
        metrics = self.offer.fontMetrics()
        padding = self.offer.sizeHint().width() - metrics.horizontalAdvance(self.offer.text())
        longest = max(metrics.horizontalAdvance(f"Mark {region.label}") for region in REGIONS)
        two_rows = self.draw.width() + longest + padding + 12 > self.map.width()
        row = self.draw.height() + 6
        self.map.bottom_space = row * (2 if two_rows else 1)
        bottom = self.map.height()
        self.draw.move(4, bottom - self.draw.height())
        if two_rows:
            self.offer.move(4, bottom - row - self.offer.height())
        else:
            self.offer.move(self.map.width() - self.offer.width() - 4, bottom - self.offer.height())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Sizes follow the window and the text size only, never the answers given."""
        em = self.fontMetrics().horizontalAdvance("m")
        width = self.width() - 48
        scrollbar = self.details.verticalScrollBar().sizeHint().width()
        details = self.details_content.minimumSizeHint().width() + scrollbar + 4
        how = self.how_buttons.row_width()  # its three answers on one line: less height
        side = max(240, details, how, min(em * 18, width // 2))
        narrow = width - side - 18 < max(320, self.map.minimumSizeHint().width())
        self.body.setDirection(
            QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        )
        if narrow:  # the side panel goes below the map, as wide as the page
            self.side.setMinimumWidth(0)
            self.side.setMaximumWidth(QWIDGETSIZE_MAX)
        else:
            self.side.setFixedWidth(side)
        self.side.setMinimumHeight(max(360, em * 30) if narrow else 0)
        least = int(self.height() * MAP_SHARE)
        if narrow:  # stacked, the page scrolls: the map as tall as the view below the answers
            scroll = self.findChild(QScrollArea)
            view = scroll.viewport().height() if scroll is not None else self.height()
            least = max(least, view - self.answer_buttons.geometry().bottom() - 18)
        self.map.setMinimumHeight(max(260, least))
        # Two lines for the reason Save waits, always: its text changes, the layout must not.
        self.status.setFixedHeight(self.status.fontMetrics().lineSpacing() * 2 + 4)

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
        self.offers = []
        self.offer.hide()
        self.map.marked = set()
        self.map.strokes = []
        self.map.selected = None
        self.map.keyboard_index = None
        self.draw.setChecked(False)
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
        answer = self.answer()
        self.save_button.setEnabled(answer is not None)
        if answer is None:
            reason = NEEDS_AN_ANSWER
        elif answer != "noticed" and (self.answers or self.map.strokes):
            reason = MARKS_LEFT_OUT.format(answer=ANSWER_LABELS[answer])
        else:
            reason = ""
        self.status.setText(reason)
        self.save_button.setToolTip(reason)
        self.save_button.setAccessibleDescription(reason or "Save this check-in in your journal")

    def choose_place(self, place: str) -> None:
        """A click on the map or a check in the list: the place is added and its details show.
        Marking a place is an answer in itself: "I noticed something"."""
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
        if self.answer() is None:
            _set_checked(self.whole, "noticed")
        self._update_offer()
        self._answer_changed()
        self._show_detail()

    def remove_place(self, place: str) -> None:
        self.answers.pop(place, None)
        if self.current == place:
            self.current = None
        self.map.marked = set(self.answers)
        self.map.selected = self.current
        self.map.update()
        checklist.set_checked(self.places, self.answers)
        self._update_offer()
        self._answer_changed()
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
            PLACE_LABELS[place][0].upper() + PLACE_LABELS[place][1:]
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

    # --- painting -------------------------------------------------------------------------

    def _drawing(self, on: bool) -> None:
        self.map.drawing = on
        self._place_map_buttons()

    def _stroke_finished(self, side: Side, points: tuple[tuple[float, float], ...]) -> None:
        """The places under a painted mark are offered, most covered first."""
        for region in regions_under(side, points):
            if region not in self.offers:
                self.offers.append(region)
        if self.answer() is None:
            _set_checked(self.whole, "noticed")
        self._update_offer()
        self._answer_changed()

    def _update_offer(self) -> None:
        self.offers = [region for region in self.offers if region not in self.answers]
        if self.offers:
            self.offer.setText(f"Mark {PLACE_LABELS[self.offers[0]]}")
            self.offer.show()
            self._place_map_buttons()
        else:
            self.offer.hide()

    def _take_offer(self) -> None:
        if self.offers:
            self.choose_place(self.offers[0])

    # --- how was that ---------------------------------------------------------------------

    def _how_changed(self) -> None:
        show = self.too_much_last_time and _checked_key(self.how) == "too-much"
        self.follow_up.setVisible(show)
        if show:
            self.details.verticalScrollBar().setValue(0)

    def _start_practice(self, exercise_id: str) -> None:
        self.practice_requested.emit(exercise_id)

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


class SidePanel(QWidget):
    """Asks for no more height than it needs at least: the map beside it sets the height."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumSizeHint().height())

    def hasHeightForWidth(self) -> bool:
        return False  # its wrapped labels must not ask the page for their preferred height


class ShortScroll(QScrollArea):
    """A scrolling panel that asks for little height: the map beside it sets the height."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), 120)

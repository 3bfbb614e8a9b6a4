"""The library's cards: one exercise each (title, length in words, one line of summary, a
star), the "Continue" card, and the grid that lays them out in as many columns as fit.

A card is a button, so keyboards and screen readers know it: Tab reaches it, Enter or Space
opens it, the arrow keys move between the cards of the page, and its focus ring is drawn
from the theme's accent. Labels wrap rather than clip at any text size.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFocusEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bodyscan.core.durations import length_in_words
from bodyscan.core.library import Exercise
from bodyscan.core.script import KIND_LABELS

GAP = 12  # the 6 px grid
MIN_CARD_CHARACTERS = 30  # a card is at least this many average characters wide
STAR_ON, STAR_OFF = "★", "☆"

ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)


def length_words(exercise: Exercise) -> str:
    info = exercise.info
    return "" if info is None else length_in_words(info.shortest, info.longest)


def _label(text: str, name: str, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    # Clicks on the words reach the card (a label that takes no mouse passes them on).
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    # A wrapped label's height depends on its width (a new policy would forget it, and the
    # card with it: squeezed cards in a small window, a lone row stretched in a large one).
    policy.setHeightForWidth(wrap)
    label.setSizePolicy(policy)
    return label


class Card(QPushButton):
    """A button laid out by its own layout (title and lines of words), not by its text."""

    moved = Signal(object, int)  # this card, the arrow key pressed
    focused = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(GAP + 6, GAP, GAP + 6, GAP)
        self.column.setSpacing(6)

    # The layout decides the size, including the height wrapped words need at a width.
    def sizeHint(self) -> QSize:
        return self.column.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.column.minimumSize()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.column.totalHeightForWidth(width)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        if key in ARROWS and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.moved.emit(self, key)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit(self)


class ExerciseCard(Card):
    """One exercise: opening it leads to "Before starting"; the star keeps it in favourites."""

    starred = Signal(str, bool)  # exercise id, favourite now

    def __init__(self, exercise: Exercise, favourite: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.exercise = exercise
        info = exercise.info
        top = QHBoxLayout()
        top.setSpacing(6)
        self.title = _label(exercise.title, "cardTitle")
        top.addWidget(self.title, 1)
        self.star = QToolButton()
        self.star.setObjectName("star")
        self.star.setCheckable(True)
        self.star.setChecked(favourite)
        self.star.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.star.toggled.connect(self._star_toggled)
        self._show_star()
        top.addWidget(self.star, 0, Qt.AlignmentFlag.AlignTop)
        self.column.addLayout(top)
        meta = length_words(exercise)
        if exercise.origin != "bundled":
            meta = f"{meta} · yours" if meta else "yours"
        self.meta = _label(meta, "cardMeta")
        self.column.addWidget(self.meta)
        summary = info.summary if info is not None else ""
        self.summary = _label("", "cardSummary", wrap=False)
        # Elided to the card's width, so it never makes the card (or the page) wider.
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.summary.setMinimumWidth(1)
        self.summary_text = " ".join(summary.split())
        self.summary.setToolTip(self.summary_text)
        self.column.addWidget(self.summary)
        self.column.addStretch()  # words at the top of a card made taller by its row
        kind = KIND_LABELS[info.kind].lower() if info is not None else ""
        self.setAccessibleName(f"{exercise.title}, {kind}, {length_words(exercise)}")
        self.setAccessibleDescription(self.summary_text or "Open to see the choices and begin")
        self.setToolTip(self.summary_text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide_summary()

    def _elide_summary(self) -> None:
        """One line of summary, ended with "…" where it does not fit (the whole is the
        tooltip and the accessible description)."""
        width = max(0, self.summary.width())
        metrics = self.summary.fontMetrics()
        self.summary.setText(
            metrics.elidedText(self.summary_text, Qt.TextElideMode.ElideRight, width)
        )

    def _star_toggled(self, on: bool) -> None:
        self._show_star()
        self.starred.emit(self.exercise.id, on)

    def _show_star(self) -> None:
        on = self.star.isChecked()
        self.star.setText(STAR_ON if on else STAR_OFF)
        title = self.exercise.title
        self.star.setAccessibleName(
            f"Remove {title} from favourites" if on else f"Add {title} to favourites"
        )
        self.star.setToolTip("In your favourites" if on else "Add to favourites")


class ContinueCard(Card):
    """The stopped session that can be continued, on top of the library."""

    def __init__(self, title: str, practised: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("continueCard")
        self.title = _label(f"Continue {title}", "cardTitle")
        self.meta = _label(
            f"You practised {practised}. Plays on from the start of the instruction where "
            "you stopped, with the same choices.",
            "cardMeta",
        )
        self.column.addWidget(self.title)
        self.column.addWidget(self.meta)
        self.setAccessibleName(f"Continue {title}")
        self.setAccessibleDescription(self.meta.text())


class CardGrid(QWidget):
    """Cards in rows, as many columns as fit the width (at least one)."""

    def __init__(
        self, min_width: Callable[[], int], parent: QWidget | None = None, wide: bool = False
    ) -> None:
        super().__init__(parent)
        self.min_width = min_width
        self.wide = wide  # one card across the whole width (Continue)
        self.cards: list[Card] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(GAP)
        self.columns = 0
        self.fillers: list[QWidget] = []  # empty places in the last row keep columns equal

    def set_cards(self, cards: list[Card]) -> None:
        self.cards = cards
        self.columns = 0
        self._arrange(self.width())

    def add_card(self, card: Card) -> None:
        """One more card at the end, in the first empty place (as `set_cards` would put it)."""
        self.cards.append(card)
        if self.columns == 0:
            self._arrange(self.width())
            return
        index = len(self.cards) - 1
        if self.fillers:  # the empty place this card takes
            filler = self.fillers.pop(0)
            self.grid.removeWidget(filler)
            filler.deleteLater()
        self.grid.addWidget(card, index // self.columns, index % self.columns)
        if not self.fillers:  # a new row was begun: its other places are empty for now
            for place in range(index + 1, -(-len(self.cards) // self.columns) * self.columns):
                self._add_filler(place)

    def _add_filler(self, index: int) -> None:
        filler = QWidget()
        filler.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.fillers.append(filler)
        self.grid.addWidget(filler, index // self.columns, index % self.columns)

    def columns_for(self, width: int) -> int:
        if self.wide:
            return 1
        return max(1, (width + GAP) // (self.min_width() + GAP))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width())

    def _arrange(self, width: int) -> None:
        columns = self.columns_for(width) if width > 0 else 1
        if columns == self.columns:
            return
        self.columns = columns
        for card in self.cards:
            self.grid.removeWidget(card)
        for filler in self.fillers:
            self.grid.removeWidget(filler)
            filler.deleteLater()
        self.fillers = []
        for index, card in enumerate(self.cards):
            self.grid.addWidget(card, index // columns, index % columns)
        # Every column of every section the same width, filled or not, so cards line up.
        for index in range(len(self.cards), -(-len(self.cards) // columns) * columns):
            self._add_filler(index)
        for column in range(max(columns, self.grid.columnCount())):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)


def broken_rows(column: QVBoxLayout, exercise: Exercise) -> None:
    """A file that cannot be used yet, in "Needs fixing": its name, every problem with its
    line and column, and a way to open it in an editor."""
    name = QLabel(exercise.path.name)
    name.setObjectName("brokenName")
    name.setWordWrap(True)
    messages = QLabel(
        "\n".join(f"line {p.line}, column {p.column}: {p.message}" for p in exercise.problems)
    )
    messages.setObjectName("brokenMessages")
    messages.setWordWrap(True)
    messages.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    edit = QPushButton("Open in editor")
    edit.setAccessibleName(f"Open {exercise.path.name} in an editor")
    edit.clicked.connect(lambda _checked=False, path=exercise.path: open_in_editor(path))
    row = QHBoxLayout()
    row.addWidget(name, 1)
    row.addWidget(edit, 0, Qt.AlignmentFlag.AlignTop)
    column.addLayout(row)
    column.addWidget(messages)


def open_in_editor(path: Path) -> None:
    """The person's own editor for YAML files (the desktop's choice)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

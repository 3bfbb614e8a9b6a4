"""Where the focus is among the library's cards, where the arrow keys take it, and putting it
back on the same card (or its star) after the page is rebuilt (a search, a star, a scan)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from bodyscan.ui.library_cards import Card, ExerciseCard


@dataclass(frozen=True)
class Place:
    section: str
    exercise_id: str
    on_star: bool = False


def exercise_id_of(card: Card) -> str:
    if isinstance(card, ExerciseCard):
        return card.exercise.id
    return str(card.property("exercise") or "")


def focus_place(page: QWidget) -> Place | None:
    """The card (or star) with the focus in `page`, if any."""
    focused = page.focusWidget()
    if focused is None or not page.isAncestorOf(focused):
        return None
    widget: QWidget | None = focused
    on_star = not isinstance(focused, Card)
    if on_star:
        widget = focused.parentWidget()
    if not isinstance(widget, Card):
        return None
    return Place(str(widget.property("section")), exercise_id_of(widget), on_star)


def card_at(cards: list[Card], place: Place) -> Card | None:
    """The same card in the same section; else (unstarred from Favourites, say) the same
    exercise elsewhere on the page."""
    same = [card for card in cards if exercise_id_of(card) == place.exercise_id]
    if not same:
        return None
    return next((c for c in same if c.property("section") == place.section), same[-1])


def focus(card: Card, on_star: bool = False) -> None:
    target = card.star if on_star and isinstance(card, ExerciseCard) else card
    target.setFocus(Qt.FocusReason.OtherFocusReason)


def neighbour(cards: list[Card], card: Card, key: int, content: QWidget) -> Card | None:
    """The arrow keys: the next or previous card, or the nearest one above or below."""
    if card not in cards:
        return None
    index = cards.index(card)
    if key == Qt.Key.Key_Right:
        return cards[index + 1] if index + 1 < len(cards) else None
    if key == Qt.Key.Key_Left:
        return cards[index - 1] if index > 0 else None
    down = key == Qt.Key.Key_Down
    here = card.mapTo(content, QPoint(0, 0))
    centre = here.x() + card.width() // 2
    best: tuple[int, int, Card] | None = None
    for other in cards:
        there = other.mapTo(content, QPoint(0, 0))
        rise = there.y() - here.y() if down else here.y() - there.y()
        if rise <= 0:
            continue
        distance = (rise, abs(there.x() + other.width() // 2 - centre))
        if best is None or distance < best[:2]:
            best = (*distance, other)
    return None if best is None else best[2]

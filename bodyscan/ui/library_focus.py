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


def takes_tab(widget: QWidget) -> bool:
    return (
        widget.isVisible()
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
    )


def tab_target(parts: list[QWidget], current: QWidget, forward: bool) -> QWidget | None:
    """Where Tab (Shift+Tab: `forward` False) goes from `current` when `parts` of a page are
    to be visited in their order on the page. Qt's own chain is the order widgets were made
    in (cards made after the buttons below them came after those). Within each part Qt's
    order holds; past the last part (before the first) the focus leaves for the widgets
    outside, on from the parts' last place in Qt's chain (back from the first); and coming
    from outside, it enters at the first part (the last, backwards). None: Qt's own way."""
    window = current.window()
    chain = [window]
    following = window.nextInFocusChain()
    while following is not None and following is not window:
        chain.append(following)
        following = following.nextInFocusChain()

    def part_of(widget: QWidget) -> int | None:
        return next((n for n, p in enumerate(parts) if p is widget or p.isAncestorOf(widget)), None)

    inside = [(part, place) for place, w in enumerate(chain) if (part := part_of(w)) is not None]
    order = [chain[place] for _part, place in sorted(inside)]
    stops = [w for w in order if w is current or takes_tab(w)]
    step = 1 if forward else -1

    def next_stop(start: int, outside: bool = False) -> QWidget | None:
        """The next widget Tab stops at in Qt's chain from `start` (outside the parts)."""
        for distance in range(1, len(chain)):
            widget = chain[(start + step * distance) % len(chain)]
            if takes_tab(widget) and not (outside and part_of(widget) is not None):
                return widget
        return None

    if current not in stops:  # outside: where Qt would go, unless it is into the parts
        if current not in chain or not stops:
            return None
        qt_target = next_stop(chain.index(current))
        if qt_target is None or part_of(qt_target) is None:
            return None
        return stops[0] if forward else stops[-1]
    index = stops.index(current) + step
    if 0 <= index < len(stops):
        return stops[index]
    start = max(place for _p, place in inside) if forward else min(place for _p, place in inside)
    # (Nothing outside: round the parts again.)
    return next_stop(start, outside=True) or (stops[0] if forward else stops[-1])

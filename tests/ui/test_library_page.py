"""The library page with real widgets (offscreen): cards by kind, Continue, Recent and
favourites, filters, the keyboard, and cards that fit at every text size."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from bodyscan import provider
from bodyscan.core import library as library_module
from bodyscan.core.script import KINDS
from bodyscan.journal.model import SessionRecord
from bodyscan.settings import Settings
from bodyscan.ui import library_page, theme
from bodyscan.ui.library_cards import ContinueCard, ExerciseCard
from bodyscan.ui.library_page import BROKEN_GROUP, LibraryPage
from tests.conftest import MINIMAL

KIND_SECTIONS = ["Body scan", "Breathwork", "Grounding", "Movement"]


def open_window(qtbot: QtBot) -> LibraryPage:
    """The page with every exercise listed and every card made and shown (cards made after
    the page is shown appear at the next turn of the event loop, as for a person)."""
    window = LibraryPage(provider.library())
    qtbot.addWidget(window)
    window.show()
    if window.scanning:
        with qtbot.waitSignal(window.scan_finished, timeout=60000):
            pass
    qtbot.waitUntil(lambda: not window.unmade and all(c.isVisible() for c in window.cards))
    return window


def stopped_session() -> SessionRecord:
    when = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    return SessionRecord(
        "body-scan-12",
        "Twelve-minute body scan",
        "body-scan",
        when,
        when,
        720,
        312,
        "stopped",
        resume_step=9,
    )


def test_cards_are_grouped_by_kind(qtbot: QtBot) -> None:
    sections = open_window(qtbot).section_titles()
    assert list(sections) == KIND_SECTIONS
    assert sections["Breathwork"] == ["Box breathing", "Breathing break", "Cyclic sighing"]
    assert "Three-minute body scan" in sections["Body scan"]


def test_a_card_says_its_length_in_words_and_one_line_of_summary(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    card = window.card_titled("Box breathing")
    info = card.exercise.info
    assert info is not None
    assert card.meta.text() == "3 to 10 minutes"
    assert card.summary_text == " ".join(info.summary.split())
    assert "\n" not in card.summary.text() and not card.summary.wordWrap()
    assert card.accessibleName() == "Box breathing, breathwork, 3 to 10 minutes"
    assert card.accessibleDescription() == card.summary_text
    with qtbot.waitSignal(window.chosen) as chosen:
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert chosen.args == [card.exercise]


def test_user_exercises_stand_beside_bundled_ones(qtbot: QtBot, user_exercises: Path) -> None:
    (user_exercises / "mine.yaml").write_text(MINIMAL.replace("Minimal", "A place of my own"))
    window = open_window(qtbot)
    assert "A place of my own" in window.section_titles()["Grounding"]
    assert window.card_titled("A place of my own").meta.text().endswith(" · yours")


def test_broken_user_file_is_shown_with_its_errors(qtbot: QtBot, user_exercises: Path) -> None:
    (user_exercises / "wobbly.yaml").write_text("title: T\nkind: nope\nsteps: []\n")
    window = open_window(qtbot)
    sections = window.section_titles()
    assert list(sections)[-1] == BROKEN_GROUP and sections[BROKEN_GROUP] == ["wobbly.yaml"]
    text = window.broken_text()
    assert "line 2, column 7: unknown kind 'nope'" in text
    assert "line 3, column 8: steps is empty" in text
    edit = [
        b
        for b in window.sections[BROKEN_GROUP].findChildren(QWidget)
        if b.accessibleName() == "Open wobbly.yaml in an editor"
    ]
    assert len(edit) == 1


def test_new_user_file_appears_without_restart(qtbot: QtBot, user_exercises: Path) -> None:
    window = open_window(qtbot)
    (user_exercises / "fresh.yaml").write_text(MINIMAL.replace("Minimal", "Fresh one"))
    qtbot.waitUntil(
        lambda: "Fresh one" in window.section_titles().get("Grounding", []), timeout=5000
    )


def test_a_large_new_folder_fills_in_while_the_page_is_usable(
    qtbot: QtBot, user_exercises: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    provider.library().scan()  # the bundled exercises are in the index, as after a first run
    for number in range(40):
        text = MINIMAL.replace("Minimal", f"Mine {number:02}")
        (user_exercises / f"mine-{number:02}.yaml").write_text(text)
    monkeypatch.setattr(library_page, "FIRST_LOOK_SECONDS", 0)

    def read_here(path: Path, *_args: object) -> object:
        raise AssertionError(f"{path} was read by the window's process")

    # The new files are read by another process: in this one, reading fails the test.
    monkeypatch.setattr(library_module, "_read", read_here)
    window = LibraryPage(provider.library())
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.scan_finished, timeout=30000):
        assert window.scanning
        first_look = window.section_titles()
        assert "Box breathing" in first_look["Breathwork"]
        assert "Mine 39" not in first_look.get("Grounding", [])
        assert window.scan_note.isVisible()
        assert window.scan_note.text().startswith("Still finding exercises: ")
        QApplication.processEvents()
        search_at = window.search.mapTo(window, QPoint(0, 0))
        window.select(window.card_titled("Box breathing"))
    grounding = window.section_titles()["Grounding"]
    assert [f"Mine {n:02}" for n in range(40)] == [t for t in grounding if "Mine" in t]
    current = window.current()
    assert current is not None and current.title == "Box breathing"  # the place was kept
    assert not window.scanning and not window.scan_note.isVisible()
    QApplication.processEvents()
    assert window.search.mapTo(window, QPoint(0, 0)) == search_at  # the note moved nothing


def test_lists_found_during_a_scan_are_shown_at_most_once_a_second(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each showing makes the cards again: a scan reporting four times a second kept the
    window busy for most of a long scan."""
    window = open_window(qtbot)
    everything = list(window.exercises)
    window.scanning = True  # as while a background scan runs
    fills: list[int] = []
    window.filled.connect(lambda: fills.append(len(window.exercises)))
    for count in range(3, 8):
        window.news.partial.emit(window.scan_number, everything[:count])
    qtbot.wait(library_page.PARTIAL_MS // 2)
    assert fills == []  # the cards already shown stay while the next list waits
    qtbot.waitUntil(lambda: fills == [7], timeout=library_page.PARTIAL_MS * 3)
    window.news.done.emit(window.scan_number, everything)
    qtbot.waitUntil(lambda: fills == [7, len(everything)])
    qtbot.wait(library_page.PARTIAL_MS + 200)
    assert fills == [7, len(everything)]  # nothing waiting was shown after the full list


def test_a_lone_row_of_cards_keeps_the_height_of_its_words(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    window.resize(1024, 768)
    window.search.setText("twelve")
    qtbot.waitUntil(lambda: not window.unmade and len(window.cards) == 1)
    QApplication.processEvents()
    [card] = window.cards
    assert card.hasHeightForWidth()
    # Wrapped words make the height; the room left on the page stays below the card.
    assert card.height() == card.heightForWidth(card.width())
    assert card.title.height() >= card.title.heightForWidth(card.title.width())


def test_the_list_stays_where_it_was_read_when_the_folder_changes(
    qtbot: QtBot, user_exercises: Path
) -> None:
    for number in range(30):
        (user_exercises / f"m{number:02}.yaml").write_text(MINIMAL.replace("Minimal", f"M{number}"))
    window = open_window(qtbot)
    window.resize(800, 600)
    bar = window.scroller.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 600)
    qtbot.wait(100)  # laid out at the new size
    place = bar.maximum() - 100
    bar.setValue(place)
    with qtbot.waitSignal(window.filled):
        (user_exercises / "m99.yaml").write_text(MINIMAL.replace("Minimal", "A new one"))
        window.refresh()
    assert "A new one" in window.section_titles()["Grounding"]
    qtbot.waitUntil(lambda: bar.value() == place)  # as the new cards are laid out
    qtbot.wait(200)
    assert bar.value() == place
    bar.triggerAction(bar.SliderAction.SliderSingleStepSub)  # the person scrolls: theirs now
    assert window.scroll_wanted is None


def test_thousands_of_exercises_show_a_page_of_cards_and_a_button_for_the_rest(
    qtbot: QtBot, user_exercises: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_page, "CARDS_PER_KIND", 5)
    for number in range(8):
        (user_exercises / f"m{number}.yaml").write_text(MINIMAL.replace("Minimal", f"M{number}"))
    window = open_window(qtbot)
    assert len(window.section_titles()["Grounding"]) == 5
    [more] = [
        button
        for button in window.content.findChildren(QPushButton)
        if button.text().startswith("Show all")
    ]
    assert more.text() == "Show all 10 grounding exercises"
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert len(window.section_titles()["Grounding"]) == 10


def test_the_first_start_shows_the_window_at_once_and_finds_the_exercises_after(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No index yet (the first start, or the first after an upgrade): reading even the nine
    bundled scripts takes longer than the window takes to appear, so they come after it."""
    monkeypatch.setattr(library_page, "FIRST_LOOK_SECONDS", 0)
    window = LibraryPage(provider.library())
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.scan_finished, timeout=30000):
        assert window.scanning and len(window.cards) <= 1
        if not window.cards:
            notices = [w.text() for w in window.content.findChildren(QLabel)]
            assert "Finding your exercises…" in notices and "No exercises yet." not in notices
    assert len(window.section_titles()["Breathwork"]) >= 3 and len(window.cards) == 9
    assert "Finding your exercises…" not in [
        w.text() for w in window.content.findChildren(QLabel) if w.isVisible()
    ]


def test_a_large_library_shows_a_first_look_and_fills_in_by_slices_in_reading_order(
    qtbot: QtBot, user_exercises: Path
) -> None:
    """With many cards the page makes a first screenful at once and the rest between turns of
    the event loop: the window answers meanwhile, and the cards end up in the grid, the
    arrow keys' list and the Tab order exactly as if all had been made at once."""
    for number in range(60):
        text = MINIMAL.replace("Minimal", f"Mine {number:02}")
        (user_exercises / f"mine-{number:02}.yaml").write_text(text)
    provider.library().scan()  # in the index: the page lists them all at its first look
    window = LibraryPage(provider.library())
    qtbot.addWidget(window)
    window.resize(1024, 768)
    assert len(window.cards) == library_page.FIRST_LOOK_CARDS and window.unmade
    with qtbot.waitSignal(window.filled, timeout=10000):
        window.show()
    per_kind = [
        sum(e.info is not None and e.info.kind == k for e in window.exercises) for k in KINDS
    ]
    expected = sum(min(n, library_page.CARDS_PER_KIND) for n in per_kind)
    assert not window.unmade and len(window.cards) == expected > library_page.FIRST_LOOK_CARDS
    grid = window.card_titled("Mine 00").parentWidget()
    mine = [c for c in window.cards if c.parentWidget() is grid]
    assert [c.exercise.title for c in mine if isinstance(c, ExerciseCard)][:48] == [
        t for t in window.section_titles()["Grounding"]
    ]
    qtbot.waitUntil(lambda: all(c.isVisible() and c.height() > 0 for c in window.cards))
    columns = len({c.x() for c in mine})
    assert columns > 1
    for index, card in enumerate(mine):  # row by row, as `set_cards` places them
        assert (card.y(), card.x()) == (
            mine[index // columns * columns].y(),
            mine[index % columns].x(),
        )
    chain, widget = [], window.cards[0]
    while len(chain) < len(window.cards):
        if isinstance(widget, ExerciseCard | ContinueCard):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain == window.cards


def test_the_focus_comes_back_to_a_star_made_in_a_later_slice(
    qtbot: QtBot, user_exercises: Path
) -> None:
    for number in range(60):
        text = MINIMAL.replace("Minimal", f"Mine {number:02}")
        (user_exercises / f"mine-{number:02}.yaml").write_text(text)
    window = open_window(qtbot)
    with qtbot.waitActive(window):
        window.activateWindow()
    card = window.card_titled("Mine 40")
    window.select(card)
    card.star.setFocus()
    with qtbot.waitSignal(window.filled, timeout=10000):
        qtbot.keyClick(card.star, Qt.Key.Key_Space)
    starred = window.card_titled("Mine 40", "Grounding")
    assert QApplication.focusWidget() is starred.star and starred.star.isChecked()


# --- Continue, Recent, favourites -----------------------------------------------------------


def test_continue_and_recent_are_on_top(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    window.show_settings(Settings(recent=("cyclic-sighing", "body-scan-3", "gone-since")))
    record = stopped_session()
    window.show_continue(record)
    sections = window.section_titles()
    assert list(sections)[:2] == ["Continue", "Recent"]
    assert sections["Recent"] == ["Cyclic sighing", "Three-minute body scan"]  # gone: left out
    [card] = [c for c in window.cards if isinstance(c, ContinueCard)]
    assert card.accessibleName() == "Continue Twelve-minute body scan"
    assert "You practised 5 minutes" in card.meta.text()
    with qtbot.waitSignal(window.continue_requested) as asked:
        card.setFocus()
        qtbot.keyClick(card, Qt.Key.Key_Return)
    assert asked.args == [record]
    window.show_continue(None)
    assert "Continue" not in window.section_titles()


def test_a_star_keeps_a_favourite_and_the_keyboard_can_press_it(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    with qtbot.waitActive(window):
        window.activateWindow()
    card = window.card_titled("Cyclic sighing")
    assert card.star.accessibleName() == "Add Cyclic sighing to favourites"
    card.star.setFocus()
    with qtbot.waitSignal(window.favourite_changed) as changed:
        qtbot.keyClick(card.star, Qt.Key.Key_Space)
    assert changed.args == ["cyclic-sighing", True]
    qtbot.waitUntil(lambda: "Favourites" in window.section_titles())
    assert window.section_titles()["Favourites"] == ["Cyclic sighing"]
    starred = window.card_titled("Cyclic sighing", "Breathwork")
    assert starred.star.isChecked()
    assert starred.star.accessibleName() == "Remove Cyclic sighing from favourites"
    focused = QApplication.focusWidget()
    assert focused is starred.star  # the focus stayed on the star just pressed


def test_favourites_and_recent_are_kept_in_the_settings_and_shown_after_a_restart(
    qtbot: QtBot,
) -> None:
    """Through the main window's hooks: a star is saved at once; beginning an exercise puts
    it first in Recent; a new window (a restart) shows both."""
    from tests.ui.test_main_window import App

    app = App(qtbot)
    page = app.window.library_page
    qtbot.mouseClick(page.card_titled("Box breathing").star, Qt.MouseButton.LeftButton)
    assert app.window.settings.favourites == ("box-breathing",)
    app.choose("Three-minute")
    app.window.setup_page.start_button.click()
    assert app.window.settings.recent[0] == "body-scan-3"
    app.window.shutdown()
    again = App(qtbot)
    sections = again.window.library_page.section_titles()
    assert sections["Favourites"] == ["Box breathing"]
    assert sections["Recent"] == ["Three-minute body scan"]


# --- finding ---------------------------------------------------------------------------------


def test_search_and_filters_by_length_and_kind(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    window.length_filter.setCurrentIndex(window.length_filter.findText("Up to 5 minutes"))
    short = window.section_titles()
    assert "Twenty-five-minute body scan" not in short["Body scan"]
    assert "Three-minute body scan" in short["Body scan"]
    for card in window.cards:
        assert isinstance(card, ExerciseCard) and card.exercise.info is not None
        assert card.exercise.info.shortest <= 300
    window.length_filter.setCurrentIndex(window.length_filter.findText("20 minutes or more"))
    long = window.section_titles()  # those that can be stretched to 20 minutes or more
    assert long == {"Body scan": ["Twelve-minute body scan", "Twenty-five-minute body scan"]}
    window.length_filter.setCurrentIndex(0)
    window.kind_filter.setCurrentIndex(window.kind_filter.findText("Breathwork"))
    assert list(window.section_titles()) == ["Breathwork"]
    window.search.setText("square")  # in Box breathing's summary
    assert window.section_titles() == {"Breathwork": ["Box breathing"]}
    window.search.setText("nothing like this")
    assert window.section_titles() == {}
    empty = "Nothing here matches. Try fewer words, or another length or kind."
    qtbot.waitUntil(
        lambda: empty in [w.text() for w in window.content.findChildren(QLabel) if w.isVisible()]
    )


# --- the keyboard ---------------------------------------------------------------------------


def test_the_keyboard_walks_through_the_cards_and_opens_one(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    window.resize(1024, 768)
    with qtbot.waitActive(window):
        window.activateWindow()
    window.search.setFocus()
    titles = [t for section in window.section_titles().values() for t in section]
    seen: list[str] = []
    for _ in range(len(titles) * 2 + 6):  # Tab: the filters, then each card and its star
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if isinstance(focused, ExerciseCard):
            seen.append(focused.exercise.title)
    assert seen[: len(titles)] == titles
    first = window.cards[0]
    window.select(first)
    columns = [c for c in window.cards if c.y() == first.y() and c.parent() is first.parent()]
    qtbot.keyClick(first, Qt.Key.Key_Right)
    assert QApplication.focusWidget() is window.cards[1]
    qtbot.keyClick(window.cards[1], Qt.Key.Key_Left)
    assert QApplication.focusWidget() is first
    qtbot.keyClick(first, Qt.Key.Key_Down)
    below = QApplication.focusWidget()
    assert isinstance(below, ExerciseCard) and below is not first
    assert below.mapTo(window, QPoint(0, 0)).y() > first.mapTo(window, QPoint(0, 0)).y()
    assert len(columns) >= 1
    qtbot.keyClick(below, Qt.Key.Key_Up)
    assert QApplication.focusWidget() is first
    with qtbot.waitSignal(window.chosen) as chosen:
        qtbot.keyClick(first, Qt.Key.Key_Enter)
    assert isinstance(first, ExerciseCard) and chosen.args == [first.exercise]


def test_a_focused_card_shows_a_focus_ring(qtbot: QtBot) -> None:
    """The ring is drawn in the accent colour: the card's border pixels change with focus."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app, Settings(theme="light"))
    try:
        window = open_window(qtbot)
        window.resize(1024, 768)
        with qtbot.waitActive(window):
            window.activateWindow()
        card = window.card_titled("Box breathing")
        window.search.setFocus()
        plain = card.grab().toImage()
        window.select(card)
        qtbot.waitUntil(card.hasFocus)
        ring = card.grab().toImage()
        accent = theme.LIGHT.accent.lower()
        edge = [ring.pixelColor(x, card.height() // 2).name() for x in range(3)]
        assert accent in edge
        assert plain.pixelColor(1, card.height() // 2).name() != accent
    finally:
        theme.apply(app, Settings())  # the default look, as the other tests leave it


# --- fitting at every size ------------------------------------------------------------------


def overlaps(widgets: list[QWidget], root: QWidget) -> list[tuple[str, str]]:
    boxes = [(w, QRect(w.mapTo(root, QPoint(0, 0)), w.size())) for w in widgets]
    return [
        (a.accessibleName(), b.accessibleName())
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.intersects(box_b)
    ]


@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
@pytest.mark.parametrize("size", [(800, 600), (1024, 768)])
def test_cards_fit_without_clipped_titles_or_overlaps(
    qtbot: QtBot, user_exercises: Path, scale: float, size: tuple[int, int]
) -> None:
    (user_exercises / "long.yaml").write_text(
        MINIMAL.replace("Minimal", "An exercise of my own with a rather long title to wrap")
    )
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app, Settings(theme="light", font_scale=scale))
    try:
        window = open_window(qtbot)
        window.show_settings(Settings(recent=("body-scan-12",), favourites=("box-breathing",)))
        window.show_continue(stopped_session())
        window.resize(*size)
        qtbot.waitUntil(lambda: window.content.width() > 0)
        qtbot.waitUntil(lambda: all(c.isVisible() and c.height() > 0 for c in window.cards))
        QApplication.processEvents()
        viewport = window.scroller.viewport().width()
        assert window.content.width() <= viewport  # nothing wider than the page
        for card in window.cards:
            assert card.width() <= viewport
            for label in card.findChildren(QLabel):
                if not label.text():
                    continue
                metrics = label.fontMetrics()
                width = label.contentsRect().width()
                if label.wordWrap():
                    needed = metrics.boundingRect(
                        QRect(0, 0, width, 10000), Qt.TextFlag.TextWordWrap, label.text()
                    ).height()
                    assert label.height() >= needed, (label.text(), scale, size)
                else:  # one line: it fits, or it is the elided summary
                    fits = metrics.horizontalAdvance(label.text()) <= width
                    assert fits or label.text().endswith("…"), (label.text(), scale, size)
            parts = [w for w in card.findChildren(QWidget) if w.isVisible()]
            assert overlaps(parts, card) == [], card.accessibleName()
        for section in window.sections.values():
            assert (
                overlaps([c for c in window.cards if section.isAncestorOf(c)], window.content) == []
            )
        assert overlaps(list(window.sections.values()), window.content) == []
    finally:
        theme.apply(app, Settings())  # the default look, as the other tests leave it

"""The check-in page, real and offscreen: Save says why it waits, the layout never moves under a
pointer (the "too much" note, a chosen place, a painted mark), nothing is clipped at 100, 150 and
200 % text in 800 x 600, light and dark, the map takes most of the height, the whole check-in
can be done with the keyboard alone, and the "too much" follow-up starts a shorter practice."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from bodyscan import provider
from bodyscan.core.script import Script
from bodyscan.journal.model import CheckIn, SessionRecord, now
from bodyscan.paths import user_paths
from bodyscan.settings import Settings
from bodyscan.ui import theme
from bodyscan.ui.checkin_page import (
    MAP_SHARE,
    NEEDS_AN_ANSWER,
    SHORTER_PRACTICES,
    CheckinPage,
)
from tests.journal.realfs import fill, tmpfs
from tests.ui.test_main_window import App

# The check-in page's size in an 800 x 600 window (below the bar with Journal, Settings, ...).
PAGE_IN_800_BY_600 = (800, 556)


def script(exercise_id: str = "body-scan-12") -> Script:
    return provider.library().load(exercise_id)  # asks "body" and "connection"


@pytest.fixture
def look(request: pytest.FixtureRequest) -> Iterator[None]:
    """The app's theme at a text size, for the test's length; then back to the default."""
    name, scale = getattr(request, "param", ("light", 1.0))
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    theme.apply(qapp, Settings(theme=name, font_scale=scale))
    yield
    theme.apply(qapp, Settings())


def open_page(
    qtbot: QtBot, size: tuple[int, int] = PAGE_IN_800_BY_600, too_much_last_time: bool = False
) -> CheckinPage:
    page = CheckinPage()
    qtbot.addWidget(page)
    page.resize(*size)
    page.ask(script(), "session-1", 4, too_much_last_time)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    page.setFocus()
    return page


def inner(page: CheckinPage) -> QWidget:
    scroll = page.findChild(QScrollArea)
    assert scroll is not None
    content = scroll.widget()
    assert content is not None
    return content


def click_map(qtbot: QtBot, page: CheckinPage, region: str, side: str = "front") -> None:
    centre = page.map.centre_of(region, side)  # type: ignore[arg-type]
    assert centre is not None
    qtbot.mouseClick(page.map, Qt.MouseButton.LeftButton, pos=centre.toPoint())


def paint(qtbot: QtBot, page: CheckinPage, side: str, points: list[tuple[float, float]]) -> None:
    page.draw.setChecked(True)
    on_screen = [page.map.to_screen(side, x, y).toPoint() for x, y in points]  # type: ignore[arg-type]
    qtbot.mousePress(page.map, Qt.MouseButton.LeftButton, pos=on_screen[0])
    for point in on_screen[1:]:
        qtbot.mouseMove(page.map, point)
    qtbot.mouseRelease(page.map, Qt.MouseButton.LeftButton, pos=on_screen[-1])
    page.draw.setChecked(False)


def saved_by(qtbot: QtBot, page: CheckinPage, act: object) -> CheckIn:
    with qtbot.waitSignal(page.saved) as saved:
        act()  # type: ignore[operator]
    [checkin] = saved.args
    assert isinstance(checkin, CheckIn)
    return checkin


# --- Save and why it waits ------------------------------------------------------------------


def test_save_says_why_it_waits_and_any_answer_counts(qtbot: QtBot) -> None:
    page = open_page(qtbot)
    assert not page.save_button.isEnabled()
    assert page.status.text() == NEEDS_AN_ANSWER == "Choose an answer or mark a place to save."
    assert page.status.isVisible() and page.save_button.toolTip() == NEEDS_AN_ANSWER
    labels = [button.text() for button in page.answer_buttons.buttons]
    assert labels == [
        "I noticed something", "Nothing noticed", "Numb / far away", "Not sure",
        "Prefer not to say",
    ]  # fmt: skip
    # Equal buttons: one width for all.
    widths = [button.width() for button in page.answer_buttons.buttons]
    assert max(widths) - min(widths) <= 1
    qtbot.mouseClick(page.answer_buttons.buttons[2], Qt.MouseButton.LeftButton)
    assert page.save_button.isEnabled() and page.status.text() == ""
    checkin = saved_by(qtbot, page, page.save_button.click)
    assert checkin.answer == "numb" and checkin.regions == () and checkin.connection_before == 4


def test_marking_a_place_is_an_answer_and_other_answers_leave_marks_out(qtbot: QtBot) -> None:
    page = open_page(qtbot)
    click_map(qtbot, page, "left-hand", "back")
    assert page.answer() == "noticed" and page.save_button.isEnabled()
    assert page.current == "left-hand" and page.detail_title.text() == "Your left hand"
    qtbot.mouseClick(page.answer_buttons.buttons[1], Qt.MouseButton.LeftButton)  # nothing noticed
    assert page.status.text() == (
        "Saving “Nothing noticed”: the marked places are kept only with “I noticed something”."
    )
    checkin = saved_by(qtbot, page, page.save_button.click)
    assert checkin.answer == "nothing" and checkin.regions == () and checkin.strokes == ()


def test_a_painted_mark_offers_the_place_under_it(qtbot: QtBot) -> None:
    page = open_page(qtbot)
    assert page.offer.isHidden()
    paint(qtbot, page, "front", [(75, 88), (76, 95), (77, 102)])  # down the left forearm
    assert page.offer.isVisible() and page.offer.text() == "Mark your left forearm"
    assert page.answer() == "noticed" and page.answers == {}  # offered, not marked for you
    qtbot.mouseClick(page.offer, Qt.MouseButton.LeftButton)
    assert page.current == "left-forearm" and page.offer.isHidden()
    checkin = saved_by(qtbot, page, page.save_button.click)
    assert [answer.region for answer in checkin.regions] == ["left-forearm"]
    [stroke] = checkin.strokes
    assert stroke.side == "front" and len(stroke.points) == 3  # kept raw


# --- the layout holds still ---------------------------------------------------------------


def geometry(page: CheckinPage) -> dict[str, QRect]:
    """Where everything a person clicks is, in the page's scrolling content."""
    content = inner(page)
    widgets: dict[str, QWidget] = {
        "map": page.map,
        "places": page.places,
        "details": page.details,
        "note": page.note,
        "connection": page.connection,
        "save": page.save_button,
        "skip": page.skip_button,
        "draw": page.draw,
    }
    for button in (*page.answer_buttons.buttons, *page.how_buttons.buttons):
        widgets[button.text()] = button
    found = {}
    for name, widget in widgets.items():
        origin = (
            widget.mapTo(content, QPoint(0, 0))
            if content.isAncestorOf(widget)
            else (widget.mapTo(page, QPoint(0, 0)))
        )
        found[name] = QRect(origin, widget.size())
    return found


@pytest.mark.parametrize(
    "look", [("light", 1.0), ("dark", 1.0), ("light", 1.5), ("dark", 2.0)], indirect=True
)
@pytest.mark.usefixtures("look")
def test_nothing_moves_when_the_too_much_note_a_place_or_a_mark_appears(qtbot: QtBot) -> None:
    page = open_page(qtbot, too_much_last_time=True)
    before = geometry(page)
    steps = [
        page.answer_buttons.buttons[0].click,
        lambda: page.choose_place("chest"),
        lambda: page.quality_boxes["warm"].setChecked(True),
        lambda: paint(qtbot, page, "front", [(75, 88), (77, 102)]),
        page.how_buttons.buttons[0].click,  # too much, twice in a row: the note
        page.answer_buttons.buttons[3].click,  # not sure: a reason beside Save
        lambda: page.remove_place("chest"),
    ]
    for number, step in enumerate(steps):
        step()
        QApplication.processEvents()
        assert geometry(page) == before, number
    assert page.follow_up.isVisible()
    # The note is in view in its panel, with its buttons.
    assert page.details.verticalScrollBar().value() == 0
    assert all(button.isVisibleTo(page) for button in page.practice_buttons.values())


@pytest.mark.parametrize(
    "look",
    [(name, scale) for name in ("light", "dark") for scale in (1.0, 1.5, 2.0)],
    indirect=True,
)
@pytest.mark.usefixtures("look")
def test_nothing_is_clipped_in_800_by_600(qtbot: QtBot) -> None:
    page = open_page(qtbot, too_much_last_time=True)
    page.choose_place("left-hand")
    page.how_buttons.buttons[0].click()
    paint(qtbot, page, "front", [(75, 88), (77, 102)])
    QApplication.processEvents()
    content = inner(page)
    scroll = page.findChild(QScrollArea)
    assert scroll is not None
    assert content.width() <= scroll.viewport().width()  # nothing runs off to the right
    for widget in page.findChildren(QWidget):
        if not widget.isVisibleTo(page) or not isinstance(
            widget, (QAbstractButton, QLabel, QLineEdit)
        ):
            continue
        hint = widget.minimumSizeHint()
        if isinstance(widget, QLabel) and widget.wordWrap():
            assert widget.height() >= widget.heightForWidth(widget.width()), widget.text()
        else:
            assert widget.width() >= hint.width(), (type(widget).__name__, widget.text())
            assert widget.height() >= hint.height(), (type(widget).__name__, widget.text())
        # Inside its parent (the map's buttons inside the map, the details inside their panel).
        parent = widget.parentWidget()
        assert parent is not None
        if not isinstance(parent.parentWidget(), QScrollArea):  # scrolling content may scroll
            assert parent.rect().contains(widget.geometry()), (type(widget).__name__, widget.text())
    # The two figures and their titles fit in the map, above its buttons.
    for side in ("front", "back"):
        box = page.map._box(side)  # type: ignore[arg-type]
        assert box.top() >= 0 and box.bottom() <= page.draw.y()
        assert box.left() >= 0 and box.right() <= page.map.width()
    assert page.map.minimumSizeHint().width() <= page.map.width()
    assert not page.draw.geometry().intersects(page.offer.geometry())
    assert page.offer.isVisible() and page.map.rect().contains(page.offer.geometry())


@pytest.mark.parametrize("size", [PAGE_IN_800_BY_600, (942, 624), (1264, 860)])
def test_the_map_takes_most_of_the_page(qtbot: QtBot, size: tuple[int, int]) -> None:
    page = open_page(qtbot, size)
    assert page.map.height() >= MAP_SHARE * page.height()
    # And nothing else needs scrolling at the usual text size.
    scroll = page.findChild(QScrollArea)
    assert scroll is not None
    assert inner(page).height() <= scroll.viewport().height()
    # No large empty gaps, whatever the answer: each part follows the last within 18 pixels
    # (the 6 px grid's 12, plus a label's own padding), and the map row reaches the foot.
    page.answer_buttons.buttons[1].click()  # nothing noticed
    QApplication.processEvents()
    content = inner(page)
    column = [page.prompt, page.answer_buttons, page.noticed]
    for upper, lower in itertools.pairwise(column):
        assert lower.y() - upper.geometry().bottom() <= 18, (upper, lower)
    assert content.height() - page.noticed.geometry().bottom() <= 18
    side = [w for w in page.side.findChildren(QWidget) if w.parentWidget() is page.side]
    visible = sorted((w for w in side if w.isVisible()), key=lambda w: w.y())
    for upper, lower in itertools.pairwise(visible):
        assert lower.y() - upper.geometry().bottom() <= 18, (upper, lower)
    assert page.side.height() - visible[-1].geometry().bottom() <= 18


# --- the keyboard alone ---------------------------------------------------------------------


def press(qtbot: QtBot, key: Qt.Key, times: int = 1) -> None:
    for _ in range(times):
        focus = QApplication.focusWidget()
        assert focus is not None
        qtbot.keyClick(focus, key)


def tab_to(qtbot: QtBot, target: QWidget, limit: int = 80) -> None:
    for _ in range(limit):
        if QApplication.focusWidget() is target:
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target}")


def test_the_whole_check_in_with_the_keyboard_alone(qtbot: QtBot) -> None:
    page = open_page(qtbot, too_much_last_time=True)
    first = page.answer_buttons.buttons[0]
    assert QApplication.focusWidget() is first  # the page opens on its first answer
    # The answers are one group, as radio buttons are: arrows move, Space chooses, Tab leaves.
    press(qtbot, Qt.Key.Key_Right)
    assert QApplication.focusWidget() is page.answer_buttons.buttons[1]
    press(qtbot, Qt.Key.Key_Down)  # the button below, on the next row
    below = QApplication.focusWidget()
    assert below in page.answer_buttons.buttons[3:]
    press(qtbot, Qt.Key.Key_Space)
    assert below is not None and page.answer() == below.property("key")
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Left)
    assert QApplication.focusWidget() is first
    press(qtbot, Qt.Key.Key_Space)
    assert page.answer() == "noticed"
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.map
    press(qtbot, Qt.Key.Key_Down, 6)  # head, face, jaw, throat, neck, chest
    assert page.map.hovered == "chest"
    press(qtbot, Qt.Key.Key_Space)
    assert page.current == "chest" and page.map.marked == {"chest"}
    tab_to(qtbot, page.quality_boxes["warm"])
    press(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, page.strength.buttons()[0])  # a group: Tab enters it, arrows choose
    press(qtbot, Qt.Key.Key_Right, 2)
    assert QApplication.focusWidget() is page.strength.buttons()[2]  # strong
    press(qtbot, Qt.Key.Key_Space)
    # The list of places works the same: down to "your left hand", Space checks it.
    tab_to(qtbot, page.places)
    while page.places.currentItem().text() != "your left hand":
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)
    assert page.current == "left-hand"
    tab_to(qtbot, page.how_buttons.buttons[0])
    press(qtbot, Qt.Key.Key_Space)
    assert page.how.checkedButton() is page.how_buttons.buttons[0]
    assert page.follow_up.isVisible()
    tab_to(qtbot, page.note)
    qtbot.keyClicks(page.note, "calmer after")
    checkin = saved_by(qtbot, page, lambda: press(qtbot, Qt.Key.Key_Return))
    assert checkin.answer == "noticed" and checkin.how_was_that == "too-much"
    assert [(r.region, r.qualities, r.strength) for r in checkin.regions] == [
        ("chest", ("warm",), "strong"),
        ("left-hand", (), None),
    ]
    assert checkin.note == "calmer after"
    # Every control on the page is reachable by Tab, the practices of the note among them.
    reachable = set()
    for _ in range(120):
        press(qtbot, Qt.Key.Key_Tab)
        reachable.add(QApplication.focusWidget())
    assert set(page.practice_buttons.values()) <= reachable
    assert {page.map, page.places, page.save_button, page.skip_button} <= reachable


def test_escape_skips_and_focus_is_visible(qtbot: QtBot) -> None:
    page = open_page(qtbot)
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.map
    plain = page.map.grab().toImage()
    page.map.clearFocus()
    assert page.map.grab().toImage() != plain  # the map draws a ring when it has the focus
    page.map.setFocus()
    with qtbot.waitSignal(page.skipped):
        press(qtbot, Qt.Key.Key_Escape)


# --- "too much", twice in a row -------------------------------------------------------------


def test_too_much_twice_offers_shorter_practices_as_buttons_that_start_them(qtbot: QtBot) -> None:
    app = App(qtbot)
    window = app.window
    window._welcomed()
    journal = window.parts.journal()
    assert journal is not None
    when = now()
    session = SessionRecord(
        "body-scan-3", "Body scan", "body-scan", when, when, 180, 180, "completed"
    )
    journal.record_session(session)
    page = window.checkin_page
    page.ask(script("body-scan-3"), session.id, None, True)
    window.stack.setCurrentWidget(page)
    window.resize(800, 600)
    QApplication.processEvents()
    assert page.map.height() >= MAP_SHARE * page.height()  # in the real window too
    assert page.follow_up.isHidden()
    qtbot.mouseClick(page.how_buttons.buttons[1], Qt.MouseButton.LeftButton)  # about right
    assert page.follow_up.isHidden()
    qtbot.mouseClick(page.how_buttons.buttons[0], Qt.MouseButton.LeftButton)  # too much
    assert page.follow_up.isVisible()
    assert [b.text() for b in page.practice_buttons.values()] == [
        "Start Feet and hands",
        "Start Five senses grounding",
    ]
    for exercise_id, title in SHORTER_PRACTICES:  # the practices are there to start
        assert provider.library().load(exercise_id).title == title
    qtbot.mouseClick(page.answer_buttons.buttons[3], Qt.MouseButton.LeftButton)  # not sure
    qtbot.mouseClick(page.practice_buttons["feet-and-hands"], Qt.MouseButton.LeftButton)
    # The check-in is saved first, then the practice opens, ready to start.
    [entry] = [e for e in journal.entries() if e.session.id == session.id]
    [checkin] = entry.checkins
    assert checkin.answer == "not-sure" and checkin.how_was_that == "too-much"
    assert window.stack.currentWidget() is window.setup_page
    assert window.setup_page.heading.text() == "Feet and hands"
    assert app.errors == []


def test_too_much_once_shows_no_follow_up(qtbot: QtBot) -> None:
    page = open_page(qtbot, too_much_last_time=False)
    page.how_buttons.buttons[0].click()
    assert page.follow_up.isHidden()
    assert page.how.checkedButton() is page.how_buttons.buttons[0]


@pytest.fixture
def small_home(bodyscan_home: Path) -> Iterator[Path]:
    """The app's data folder on a small real disk, with the journal made before it filled."""
    with tmpfs(bodyscan_home, "16m") as home:
        provider.journal().close()
        yield home


def test_a_shorter_practice_waits_while_the_check_in_cannot_be_saved(
    qtbot: QtBot, small_home: Path
) -> None:
    """On a full disk the follow-up's button says why (the app's message), keeps the check-in
    on screen as it was, and opens the practice once it could be saved."""
    app = App(qtbot)
    window = app.window
    window._welcomed()
    journal = window.parts.journal()
    assert journal is not None
    when = now()
    session = SessionRecord(
        "body-scan-3", "Body scan", "body-scan", when, when, 180, 180, "completed"
    )
    journal.record_session(session)
    page = window.checkin_page
    page.ask(script("body-scan-3"), session.id, None, True)
    window.stack.setCurrentWidget(page)
    filler = fill(small_home)
    page.answer_buttons.buttons[2].click()  # numb / far away
    page.how_buttons.buttons[0].click()  # too much
    qtbot.mouseClick(page.practice_buttons["grounding-54321"], Qt.MouseButton.LeftButton)
    full = f"the disk holding {user_paths().journal_file} is full."
    assert app.errors == [f"Could not save the check-in: {full}"]
    assert window.stack.currentWidget() is page and page.answer() == "numb"
    assert page.follow_up.isVisible()

    filler.unlink()
    qtbot.mouseClick(page.practice_buttons["grounding-54321"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.setup_page
    assert window.setup_page.heading.text() == "Five senses grounding"
    [entry] = [e for e in journal.entries() if e.session.id == session.id]
    assert [c.answer for c in entry.checkins] == ["numb"]

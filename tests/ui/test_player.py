"""The player page and the break window as a person meets them: real widgets offscreen, a real
session on the null output with a fake clock, real narration for Ground me.

Each test here is one of the defects of issue #16 (player part), written so that it failed
before the fix: the grounding choice deaf to Enter and Space, Back and Skip silently doing
nothing during Ground me, "Follow the circle" under a bar, technical words about the voice,
controls that moved, a break window off an 800 px screen without Ground me or help, no focus
ring on "Get help now"; and the layout checks at 100/150/200 % text, 800x600 and 1024x768, in
both looks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from bodyscan.core.session import State
from bodyscan.settings import Settings
from bodyscan.ui import theme
from bodyscan.ui.player_parts import PACER_WORDS
from tests.ui import layout_checks
from tests.ui.test_main_window import App, recorded  # noqa: F401 - the fixture

LONGEST_CAPTION = (
    "Here is the pattern. Breathe in through your nose, and near the top take one more small "
    "sip of air. Then let it all go slowly through your mouth, longer than the in-breath."
)
NEXT_LINE = "Now bring your attention to your left foot, or nothing, and rest there a while."


@pytest.fixture
def look() -> Iterator[QApplication]:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    yield qapp
    theme.apply(qapp, Settings())


def start_recorded(app: App, qtbot: QtBot) -> None:
    """The recorded breathing exercise playing in the player page (its cautions read)."""
    window = app.window
    window._welcomed()
    app.choose("Recorded breathing")
    window.setup_page.acknowledge.setChecked(True)
    qtbot.mouseClick(window.setup_page.start_button, Qt.MouseButton.LeftButton)
    app.settle()
    qtbot.waitUntil(lambda: window.player_page.caption.text() != "", timeout=10000)
    assert window.session is not None and window.session.state is State.PLAYING


def wait_for_grounding_choice(app: App, qtbot: QtBot) -> None:
    window = app.window
    assert window.practice is not None
    qtbot.waitUntil(window.practice.renderers[-1].complete.is_set, timeout=60000)
    for _ in range(120):
        app.run(1.0)
        if window.player_page.choice.isVisible():
            return
    raise AssertionError("the grounding interlude did not end")


# --- the helper itself can fail ------------------------------------------------------------


def test_layout_checks_find_cut_words_overlaps_and_faint_text(qtbot: QtBot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    root.resize(300, 200)
    layout = QVBoxLayout(root)
    fine = QLabel("Short and sound.")
    layout.addWidget(fine)
    root.show()
    qtbot.waitExposed(root)
    assert layout_checks.problems(root) == []

    cut = QLabel("A sentence far too long for the narrow box it was given.", root)
    cut.setGeometry(0, 150, 60, 20)
    cut.show()
    squeezed = QPushButton("Continue the exercise", root)
    squeezed.setGeometry(200, 150, 40, 30)
    squeezed.show()
    faint = QLabel("hardly there", root)
    faint.setStyleSheet("color: #d0d0d0;")
    faint.setGeometry(10, 60, 200, 30)
    faint.show()
    on_top = QLabel("on top", root)
    on_top.setGeometry(20, 65, 100, 30)
    on_top.show()
    found = layout_checks.problems(root)
    assert any("A sentence far" in text and "needs" in text for text in found), found
    assert any("Continue the exercise" in text and "needs" in text for text in found), found
    assert any("hardly there" in text and "under 4.5:1" in text for text in found), found
    assert any("overlap" in text and "on top" in text for text in found), found


# --- layout at every text size, window size and look ----------------------------------------


def _show_busy_player(app: App) -> None:
    """The player page with the longest bundled caption, a next line, a lit region, paused."""
    window = app.window
    page = window.player_page
    window.stack.setCurrentWidget(page)
    page.title.setText("Twelve-minute body scan")
    page.caption.setText(LONGEST_CAPTION)
    page.upcoming.setText(NEXT_LINE)
    page.figure.show_regions(("left-foot",))
    page.elapsed.setText("12m 59s")
    page.remaining.setText("12m 59s left")
    page.paused_words.show()
    page.pause_button.setText("Resume")
    page.status.setText("Would you like to go on, or end here? Either is fine.")
    page.choice.show()


@pytest.mark.parametrize("name", ["light", "dark"])
@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
def test_player_and_break_window_fit_and_read_well(
    qtbot: QtBot, look: QApplication, name: str, scale: float
) -> None:
    theme.apply(look, Settings(theme=name, font_scale=scale, first_run_done=True))
    app = App(qtbot)
    window = app.window
    _show_busy_player(app)
    for width, height in ((800, 600), (1024, 768)):
        window.resize(width, height)
        layout_checks.settle()
        window.player_page.fit_words()
        assert window.size().width() <= width and window.size().height() <= height
        assert layout_checks.problems(window) == [], (width, height)
        caption = window.player_page.caption
        assert caption.font().pointSizeF() >= 16  # large still, smaller only when it must be

    little = window.break_window
    little.title.setText("Breathing break")
    little.caption.setText(LONGEST_CAPTION)
    little.left.setText("2m 30s left")
    little.pages.setCurrentWidget(little.playing_page)
    little.present()
    layout_checks.settle()
    assert little.width() <= 800 and little.height() <= 600, little.size()
    assert little.ground_button.isVisible() and little.help_button.isVisible()
    assert layout_checks.problems(little) == []
    little.hide()


def test_the_caption_is_large_when_there_is_room(qtbot: QtBot, look: QApplication) -> None:
    theme.apply(look, Settings(first_run_done=True))
    app = App(qtbot)
    _show_busy_player(app)
    app.window.resize(1024, 768)
    layout_checks.settle()
    app.window.player_page.fit_words()
    points = app.window.player_page.caption.font().pointSizeF()
    assert 24 <= points <= 32, points
    assert app.window.player_page.upcoming.isVisible()
    # Centred in the window, not in what the body figure leaves of it.
    caption = app.window.player_page.caption
    middle = caption.mapTo(app.window, caption.rect().center()).x()
    assert abs(middle - app.window.width() / 2) <= 2, (middle, app.window.width())


# --- the player's defects -------------------------------------------------------------------


def _places(widgets: list[QWidget], window: QWidget) -> list[QRect]:
    return [QRect(w.mapTo(window, QPoint(0, 0)), w.size()) for w in widgets]


def test_controls_stay_put_and_paused_is_said_in_large_words(
    qtbot: QtBot,
    recorded: Path,  # noqa: F811 - the fixture
    look: QApplication,
) -> None:
    theme.apply(look, Settings(first_run_done=True))
    app = App(qtbot)
    start_recorded(app, qtbot)
    window, page = app.window, app.window.player_page
    controls: list[QWidget] = [
        page.back_button,
        page.pause_button,
        page.skip_button,
        page.stop_button,
        page.ground_button,
        page.volume,
        page.marks,
    ]
    layout_checks.settle()
    before = _places(controls, window)
    assert not page.paused_words.isVisible()
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert window.session is not None and window.session.state is State.PAUSED
    layout_checks.settle()
    assert page.paused_words.isVisible() and page.paused_words.text() == "Paused"
    assert page.paused_words.font().pointSizeF() >= 24
    assert page.pause_button.text() == "Resume"
    assert _places(controls, window) == before
    qtbot.keyClick(page, Qt.Key.Key_Space)
    layout_checks.settle()
    assert not page.paused_words.isVisible() and _places(controls, window) == before
    assert page.ground_button.isVisible()


def test_the_body_figure_lights_the_place_of_the_instruction(
    qtbot: QtBot,
    recorded: Path,  # noqa: F811 - the fixture
) -> None:
    app = App(qtbot)
    start_recorded(app, qtbot)
    page = app.window.player_page
    assert not page.figure.isVisible()  # "Settle" names no place
    for _ in range(200):
        app.run(0.1)
        if page.caption.text() == "Notice your chest, or nothing.":
            break
    assert page.caption.text() == "Notice your chest, or nothing."
    assert page.figure.isVisible() and page.figure.regions == ("chest",)
    assert page.figure.accessibleDescription() == "your chest"
    lit = page.figure.lit_area()
    assert 30 < lit.center().y() < 70  # the chest, not the feet
    image = page.figure.grab().toImage()
    accent = page.palette().color(page.palette().ColorRole.Highlight)
    scale = page.figure.height() / 220
    middle = image.pixelColor(int(lit.center().x() * scale), int(lit.center().y() * scale))
    assert middle == accent


def test_after_ground_me_the_choice_takes_enter_and_space_and_skip_says_why_not(
    qtbot: QtBot,
    recorded: Path,  # noqa: F811 - the fixture
) -> None:
    app = App(qtbot)
    start_recorded(app, qtbot)
    window, page = app.window, app.window.player_page
    qtbot.keyClick(page, Qt.Key.Key_G)
    session = window.session
    assert session is not None and session.state is State.GROUNDING
    # Back and Skip are off, and say why; the arrow keys say it too.
    for button in (page.back_button, page.skip_button):
        assert not button.isEnabled()
        assert "Ground me" in button.toolTip()
        assert "Ground me" in button.accessibleDescription()
    qtbot.keyClick(page, Qt.Key.Key_Right)
    assert "continue the exercise first" in page.status.text()
    assert session.state is State.GROUNDING

    wait_for_grounding_choice(app, qtbot)
    assert QApplication.focusWidget() is page.continue_button
    qtbot.keyClick(page.continue_button, Qt.Key.Key_Return)
    assert session.state is State.PLAYING
    assert page.back_button.isEnabled() and page.skip_button.isEnabled()

    qtbot.keyClick(page, Qt.Key.Key_G)
    wait_for_grounding_choice(app, qtbot)
    page.end_button.setFocus()
    qtbot.keyClick(page.end_button, Qt.Key.Key_Space)
    assert session.state is State.STOPPED and session.ended_by_grounding
    assert app.errors == []


class HeldBack:
    """The recorded breathing exercise started with its first words "still being made"
    until `made` is set (the real renderer, its readiness held back)."""

    def __init__(self, app: App, qtbot: QtBot) -> None:
        self.made = False
        window = app.window
        make = window.parts.make_renderer

        def held_back(*args: object) -> object:
            renderer = make(*args)  # type: ignore[arg-type]
            ready = renderer.ready
            renderer.ready = lambda: self.made and ready()  # type: ignore[method-assign]
            return renderer

        window.parts.make_renderer = held_back  # type: ignore[assignment]
        window._welcomed()
        app.choose("Recorded breathing")
        window.setup_page.acknowledge.setChecked(True)
        qtbot.mouseClick(window.setup_page.start_button, Qt.MouseButton.LeftButton)
        session = window.session
        assert session is not None and session.state is State.PREPARING
        self.session = session


def test_pause_works_before_the_first_words_and_back_and_skip_say_why_not(
    qtbot: QtBot,
    recorded: Path,  # noqa: F811 - the fixture
) -> None:
    """While the first words are made, Space pauses (it was ignored then); Back and Skip are
    off and say why, and the arrow keys say it too."""
    app = App(qtbot)
    page = app.window.player_page
    held = HeldBack(app, qtbot)
    session = held.session
    assert page.ground_button.isEnabled() and page.pause_button.isEnabled()
    for button in (page.back_button, page.skip_button):
        assert not button.isEnabled() and "first words" in button.toolTip()
    qtbot.keyClick(page, Qt.Key.Key_Right)
    assert "first words play" in page.status.text() and session.state is State.PREPARING

    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert session.state is State.PAUSED and page.paused_words.isVisible()
    assert page.pause_button.text() == "Resume"
    held.made = True
    app.settle()
    app.run(2)  # the words are there now, but the person asked to wait
    assert session.state is State.PAUSED and page.caption.text() == ""
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert session.state is State.PLAYING and not page.paused_words.isVisible()
    assert page.back_button.isEnabled() and page.skip_button.isEnabled()
    session.stop()
    assert app.errors == []


def test_ground_me_before_the_first_words_then_the_exercise_from_its_start(
    qtbot: QtBot,
    recorded: Path,  # noqa: F811 - the fixture
) -> None:
    app = App(qtbot)
    page = app.window.player_page
    held = HeldBack(app, qtbot)
    session = held.session
    qtbot.keyClick(page, Qt.Key.Key_G)  # was ignored until the first words came
    assert session.state is State.GROUNDING
    held.made = True
    wait_for_grounding_choice(app, qtbot)
    qtbot.keyClick(page.continue_button, Qt.Key.Key_Return)
    assert session.state is State.PLAYING and session.position == 0
    app.run(1)
    assert page.caption.text() != ""
    session.stop()
    assert app.errors == []


@pytest.mark.parametrize("reduced", [False, True])
def test_the_words_under_the_pacer_match_what_it_shows(
    qtbot: QtBot,
    recorded: Path,  # noqa: F811 - the fixture
    reduced: bool,
) -> None:
    app = App(qtbot)
    window = app.window
    window.use_settings(window.settings.with_changes(motion="reduced" if reduced else "full"))
    start_recorded(app, qtbot)
    page = window.player_page
    assert page.pacer.reduced_motion is reduced
    for _ in range(100):
        app.run(0.1)
        if page.pacer.phase is not None:
            break
    assert page.pacer.isVisible()
    words = page.breath_caption.text()
    assert words == PACER_WORDS[reduced]
    assert ("circle" in words) is not reduced and ("bar" in words) is reduced
    # Changing the setting while breathing changes the words with the picture.
    window.use_settings(window.settings.with_changes(motion="full" if reduced else "reduced"))
    assert page.breath_caption.text() == PACER_WORDS[not reduced]


def test_no_technical_words_while_the_narration_is_made_and_nothing_waits(
    qtbot: QtBot,
) -> None:
    app = App(qtbot)
    window = app.window
    window._welcomed()
    app.choose("Twelve-minute")
    qtbot.mouseClick(window.setup_page.start_button, Qt.MouseButton.LeftButton)
    page = window.player_page
    assert window.stack.currentWidget() is page
    technical = re.compile(r"\d+ of \d+|voice ahead|render|synthes|narration|cache", re.I)
    looked_while_making = 0
    for _ in range(300):
        qtbot.wait(20)
        app.run(0.1)
        renderers = app.renderers()
        if renderers and not renderers[0].complete.is_set():
            looked_while_making += 1
        for label in page.findChildren(QLabel):
            if label.isVisible():
                assert not technical.search(label.text()), label.text()
        assert page.pause_button.isEnabled() and page.stop_button.isEnabled()
        if page.caption.text() and looked_while_making > 5:
            break
    assert looked_while_making > 5  # the check ran while the voice was still being made
    assert window.session is not None
    window.session.stop()


# --- the break window ------------------------------------------------------------------------


RECORDED_BREAK = """\
title: Recorded break
kind: grounding
bell: false
steps:
  - say: Feet on the floor, or nothing.
    audio: a.wav
    pause: 20s
  - say: Look around the room.
    audio: b.wav
    pause: 20s
"""


def test_the_break_window_has_ground_me_and_help_from_the_keyboard(
    qtbot: QtBot, user_exercises: Path
) -> None:
    from tests.conftest import burst
    from tests.ui.test_breaks import Breaks

    for name, hz in (("a", 440), ("b", 550)):
        burst(user_exercises / f"{name}.wav", hz, 0.6)
    (user_exercises / "recorded-break.yaml").write_text(RECORDED_BREAK)
    breaks = Breaks(qtbot)
    window, little = breaks.window, breaks.window.break_window
    window.start_break("recorded-break")  # as the tray or `bodyscan start` does
    session = window.session
    assert session is not None and little.isVisible()
    breaks.app.settle()
    breaks.app.clock.advance(1.0)
    little.bridge.tick()
    assert session.state is State.PLAYING
    little.ground_button.setFocus()
    qtbot.keyClick(little.ground_button, Qt.Key.Key_Space)
    assert session.state is State.GROUNDING
    assert not little.ground_button.isEnabled() and little.ground_button.toolTip()
    assert window.practice is not None
    qtbot.waitUntil(window.practice.renderers[-1].complete.is_set, timeout=60000)
    for _ in range(200):
        breaks.app.clock.advance(0.5)
        little.bridge.tick()
        if little.choice.isVisible():
            break
    assert little.choice.isVisible() and QApplication.focusWidget() is little.continue_button
    qtbot.keyClick(little.continue_button, Qt.Key.Key_Return)
    assert session.state is State.PLAYING
    # Get help now: the help opens in the main window, and the break pauses.
    qtbot.mouseClick(little.help_button, Qt.MouseButton.LeftButton)
    assert session.state is State.PAUSED
    assert window.isVisible() and window.stack.currentWidget() is window.help_page
    session.stop()


def test_get_help_now_shows_a_focus_ring(qtbot: QtBot, look: QApplication) -> None:
    for name, colours in (("light", theme.LIGHT), ("dark", theme.DARK)):
        theme.apply(look, Settings(theme=name, first_run_done=True))
        app = App(qtbot)
        for button in (app.window.help_button, app.window.break_window.help_button):
            button.window().show()
            other = QPushButton("elsewhere", button.window())
            other.show()
            other.setFocus()
            layout_checks.settle()
            plain = button.grab().toImage()
            button.setFocus()
            layout_checks.settle()
            assert button.hasFocus()
            focused = button.grab().toImage()
            ring = QColor(colours.text)  # the ring around the warm button, in the text colour
            edge = [focused.pixelColor(x, focused.height() // 2) for x in range(3)]
            assert ring in edge, (name, [c.name() for c in edge])
            assert ring not in [plain.pixelColor(x, plain.height() // 2) for x in range(3)]
            other.deleteLater()
        app.window.break_window.hide()

"""The desktop app's real widgets, offscreen: choose, set up, play with a fake clock, pause,
ground, stop; keyboard paths; settings kept across restarts; the session in the journal."""

from __future__ import annotations

import struct
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from bodyscan import provider
from bodyscan.audio.ahead import RenderAhead
from bodyscan.audio.null_output import NullOutput
from bodyscan.core.clock import FakeClock
from bodyscan.core.session import State
from bodyscan.journal.model import SessionRecord
from bodyscan.journal.store import Journal
from bodyscan.paths import user_paths
from bodyscan.settings import SettingsStore
from bodyscan.ui.library_page import LibraryPage
from bodyscan.ui.main_window import Collaborators, MainWindow
from tests.conftest import burst

BREATHING = """\
title: Recorded breathing
kind: breathwork
bell: false
cautions: [Breathe gently; stop if you feel dizzy.]
steps:
  - say: Settle, or nothing.
    audio: a.wav
    pause: 2s
  - breathe: {in: 2, hold: 1, out: 3, cycles: 2, cue: silent}
  - say: Notice your chest, or nothing.
    audio: b.wav
    region: chest
    pause: 3s
  - say: Back to the room.
    audio: c.wav
    pause: 2s
"""


@pytest.fixture
def recorded(user_exercises: Path) -> Path:
    for name, hz in (("a", 440), ("b", 550), ("c", 660)):
        burst(user_exercises / f"{name}.wav", hz, 0.6)
    path = user_exercises / "recorded-breathing.yaml"
    path.write_text(BREATHING)
    return path


def wait_for_library(qtbot: QtBot, page: LibraryPage) -> None:
    """New exercise files are listed in the background after the first look."""
    if page.scanning:
        with qtbot.waitSignal(page.scan_finished, timeout=60000):
            pass


class App:
    def __init__(self, qtbot: QtBot) -> None:
        self.clock = FakeClock()
        self.errors: list[str] = []
        self.journals: list[Journal] = []
        narrator = provider.narrator()
        paths = user_paths()

        def journal() -> Journal:
            if not self.journals:
                self.journals.append(provider.journal(paths))
            return self.journals[0]

        self.window = MainWindow(
            Collaborators(
                library=provider.library(),
                catalogue=provider.sound_catalogue(),
                make_renderer=lambda script, options, ambient, _voice: provider.render_ahead(
                    script, options, ambient, narrator
                ),
                make_output=lambda: NullOutput(self.clock),
                settings=SettingsStore(paths.settings_file),
                journal=journal,
                clock=self.clock,
                on_error=lambda error: self.errors.append(error.short),
            )
        )
        qtbot.addWidget(self.window)
        wait_for_library(qtbot, self.window.library_page)
        with qtbot.waitActive(self.window):  # keys go to the active window, as for a person
            self.window.show()
            self.window.activateWindow()
        self.qtbot = qtbot

    def choose(self, title: str) -> None:
        page = self.window.library_page
        page.search.setText(title)
        self.qtbot.mouseClick(page.card_titled(title), Qt.MouseButton.LeftButton)

    def settle(self) -> None:
        """Let the exercise's sounds be made: the fake clock runs far faster than real time."""
        self.qtbot.waitUntil(lambda: self.renderers() != [], timeout=10000)
        self.qtbot.waitUntil(self.renderers()[0].complete.is_set, timeout=60000)

    def renderers(self) -> list[RenderAhead]:
        practice = self.window.practice
        return [] if practice is None else practice.renderers

    def run(self, seconds: float) -> None:
        for _ in range(int(seconds * 10)):
            self.clock.advance(0.1)
            self.window.bridge.tick()


def test_first_run_welcome_then_library_and_it_is_remembered(qtbot: QtBot) -> None:
    app = App(qtbot)
    assert app.window.stack.currentWidget() is app.window.welcome_page
    qtbot.keyClick(app.window.welcome_page.button, Qt.Key.Key_Return)
    assert app.window.stack.currentWidget() is app.window.library_page
    again = App(qtbot)
    assert again.window.stack.currentWidget() is again.window.library_page


def test_a_whole_session_with_pacer_pause_ground_and_stop(qtbot: QtBot, recorded: Path) -> None:
    app = App(qtbot)
    window = app.window
    app.window._welcomed()
    app.choose("Recorded breathing")
    setup = window.setup_page
    assert window.stack.currentWidget() is setup
    assert not setup.start_button.isEnabled()  # cautions first, once
    setup.acknowledge.setChecked(True)
    chest = next(
        setup.leave_out.item(i)
        for i in range(setup.leave_out.count())
        if setup.leave_out.item(i).text() == "Chest"
    )
    chest.setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(setup.start_button, Qt.MouseButton.LeftButton)
    player = window.player_page
    assert window.stack.currentWidget() is player
    app.settle()
    qtbot.waitUntil(lambda: player.caption.text() == "Settle, or nothing.", timeout=10000)
    assert window.session is not None and window.session.state is State.PLAYING

    app.run(3.0)  # into the breathing block
    assert player.pacer.isVisible() and player.pacer.phase is not None
    seen = set()
    for _ in range(80):
        app.run(0.1)
        if player.pacer.phase is not None:
            seen.add(player.pacer.phase.phase)
    assert seen == {"in", "hold", "out"}

    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert window.session.state is State.PAUSED and player.pause_button.text() == "Resume"
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert window.session.state is State.PLAYING

    app.run(4.0)  # past the breathing: the left-out chest instruction became the anchor cue
    assert player.caption.text() == "Rest your attention on your feet on the floor."
    assert not player.pacer.isVisible()

    qtbot.keyClick(player, Qt.Key.Key_G)
    assert window.session.state is State.GROUNDING
    # The fake clock runs far faster than speech is made: let the interlude's voice finish.
    assert window.practice is not None
    qtbot.waitUntil(window.practice.renderers[-1].complete.is_set, timeout=60000)
    for _ in range(100):
        app.run(1.0)
        if player.choice.isVisible():
            break
    assert player.choice.isVisible()
    qtbot.mouseClick(player.continue_button, Qt.MouseButton.LeftButton)
    assert window.session.state is State.PLAYING

    qtbot.keyClick(player, Qt.Key.Key_Escape)  # stop: no question, no guilt
    assert window.stack.currentWidget() is window.checkin_page  # offered, partial or not
    qtbot.keyClick(window.checkin_page.save_button, Qt.Key.Key_Escape)  # one key skips it
    assert window.stack.currentWidget() is window.finished_page
    assert "That counts." in window.finished_page.message.text()
    [entry] = app.journals[0].entries()
    assert entry.session.ending == "stopped"
    assert entry.session.options["left_out"] == ["chest"]
    assert app.errors == []

    # Remembered: the areas left out, and the cautions read.
    again = App(qtbot)
    again.window._welcomed()
    again.choose("Recorded breathing")
    assert again.window.setup_page.start_button.isEnabled()
    assert again.window.setup_page.choices().left_out == ("chest",)


def test_plays_to_the_end_and_says_so(qtbot: QtBot, recorded: Path) -> None:
    app = App(qtbot)
    app.window._welcomed()
    app.choose("Recorded breathing")
    app.window.setup_page.acknowledge.setChecked(True)
    qtbot.keyClick(app.window.setup_page.start_button, Qt.Key.Key_Return)
    app.settle()
    for _ in range(60):
        app.run(1.0)
        if app.window.stack.currentWidget() is app.window.checkin_page:
            break
    page = app.window.checkin_page
    assert app.window.stack.currentWidget() is page
    assert not page.save_button.isEnabled()  # an answer first; any answer
    page.set_answer("noticed")
    assert page.noticed.isVisible()
    # A click on the figure's chest, then words for it; a fourth word is refused.
    qtbot.mouseClick(
        page.map, Qt.MouseButton.LeftButton, pos=page.map.centre_of("chest", "front").toPoint()
    )
    assert page.current == "chest"
    for quality in ("warm", "open", "tingling"):
        page.quality_boxes[quality].setChecked(True)
    assert not page.quality_boxes["heavy"].isEnabled()
    page.strength.buttons()[1].setChecked(True)  # clear
    # The list beside the map works the same, for the keyboard.
    hand = next(
        page.places.item(i)
        for i in range(page.places.count())
        if page.places.item(i).text() == "your left hand"
    )
    hand.setCheckState(Qt.CheckState.Checked)
    assert page.current == "left-hand" and page.map.marked == {"chest", "left-hand"}
    page.note.setText("warmer than last time")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert app.window.stack.currentWidget() is app.window.finished_page
    assert app.window.finished_page.message.text() == (
        "You practised Recorded breathing to the end.\nSaved in your journal."
    )
    [entry] = app.journals[0].entries()
    assert entry.session.ending == "completed"
    [checkin] = entry.checkins
    assert checkin.answer == "noticed" and checkin.note == "warmer than last time"
    assert [(r.region, r.qualities, r.strength) for r in checkin.regions] == [
        ("chest", ("warm", "open", "tingling"), "clear"),
        ("left-hand", (), None),
    ]


def test_help_is_reachable_from_every_screen_and_pauses(qtbot: QtBot, recorded: Path) -> None:
    app = App(qtbot)
    window = app.window
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.stack.currentWidget() is window.help_page
    assert "988" in window.help_page.text.toPlainText()
    assert "116 123" in window.help_page.text.toPlainText()
    qtbot.mouseClick(window.help_page.button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.welcome_page


def test_a_broken_user_file_is_shown(qtbot: QtBot, user_exercises: Path) -> None:
    (user_exercises / "oops.yaml").write_text(
        "title: Oops\nkind: body-scan\nsteps:\n  - pasue: 3s\n"
    )
    app = App(qtbot)
    page = app.window.library_page
    assert page.section_titles()["Needs fixing"] == ["oops.yaml"]
    assert "did you mean 'pause'" in page.broken_text()
    with pytest.raises(LookupError):  # no card to begin it with
        page.card_titled("Oops")


def test_settings_are_saved_and_used_after_a_restart(qtbot: QtBot) -> None:
    app = App(qtbot)
    dialog = app.window.open_settings()
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.motion.setCurrentIndex(dialog.motion.findData("reduced"))
    dialog.font_scale.setValue(150)
    dialog.speed.setValue(90)
    dialog.accept()
    assert app.window.player_page.pacer.reduced_motion
    again = App(qtbot)
    saved = again.window.settings
    assert (saved.theme, saved.motion, saved.font_scale, saved.speed) == (
        "dark",
        "reduced",
        1.5,
        0.9,
    )
    assert again.window.player_page.pacer.reduced_motion


def test_the_real_app_deletes_all_data_but_keeps_own_exercises(
    qtbot: QtBot, recorded: Path
) -> None:
    from bodyscan.ui.app import build_window

    window = build_window()
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    journal = window.parts.journal()
    assert journal is not None
    moment = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    journal.record_session(SessionRecord("x", "X", "grounding", moment, moment, 1, 1, "stopped"))
    window.use_settings(window.settings.with_changes(theme="dark", first_run_done=True))
    paths = user_paths()
    assert paths.settings_file.exists() and paths.journal_file.exists()
    window._delete_everything()
    assert not paths.settings_file.exists()
    assert not list(paths.data.glob("journal.sqlite3*"))
    assert recorded.exists()  # the exercises people wrote are theirs to keep
    assert window.stack.currentWidget() is window.welcome_page
    assert window.parts.journal() is not None  # a fresh, empty journal when next needed
    assert window.parts.journal().count() == 0  # type: ignore[union-attr]


def test_every_control_has_a_name_and_takes_the_keyboard(qtbot: QtBot, recorded: Path) -> None:
    from PySide6 import QtWidgets as widgets

    app = App(qtbot)
    dialog = app.window.open_settings()
    controls = (
        widgets.QAbstractButton,
        widgets.QAbstractSlider,
        widgets.QComboBox,
        widgets.QLineEdit,
        widgets.QListWidget,
        widgets.QSpinBox,
        widgets.QTreeWidget,
    )
    from PySide6.QtWidgets import QScrollBar, QWidget

    for root in (app.window, dialog):
        for widget in root.findChildren(QWidget):
            if not isinstance(widget, controls) or isinstance(widget, QScrollBar):
                continue
            if widget.objectName().startswith("qt_") or isinstance(
                widget.parent(), widgets.QLineEdit
            ):
                continue  # Qt's own parts of a control (a spin box's text, a clear button)
            label = widget.text() if isinstance(widget, widgets.QAbstractButton) else ""
            assert widget.accessibleName() or label, widget
            assert widget.focusPolicy() != Qt.FocusPolicy.NoFocus, widget


def test_tab_on_the_library_goes_in_reading_order_and_back(qtbot: QtBot) -> None:
    """Search and filters, each card and its star, the buttons below the list, then out to
    the header; Shift+Tab the same way back. (Qt's own order, the order widgets were made
    in, put the buttons before the cards, which are made after them.)"""
    from bodyscan.ui.library_cards import ExerciseCard

    app = App(qtbot)
    app.window._welcomed()
    page = app.window.library_page
    qtbot.waitUntil(lambda: not page.unmade and all(c.isVisible() for c in page.cards))
    page.search.setFocus()
    expected: list[QWidget] = [page.search, page.length_filter, page.kind_filter]
    for card in page.cards:
        expected += [card, card.star] if isinstance(card, ExerciseCard) else [card]
    expected += page.file_buttons
    walked: list[QWidget | None] = [QApplication.focusWidget()]
    for _ in range(len(expected)):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        walked.append(QApplication.focusWidget())
    assert walked[:-1] == expected
    left_for = walked[-1]
    assert left_for is not None and not page.isAncestorOf(left_for)  # on to the header
    back: list[QWidget | None] = []
    for _ in range(len(expected)):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
        back.append(QApplication.focusWidget())
    assert back == expected[::-1]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is app.window.findChild(QPushButton, "help")


def test_widgets_are_only_touched_from_the_gui_thread(qtbot: QtBot, recorded: Path) -> None:
    """Render-ahead works in its own thread; everything the widgets hear comes on the GUI one."""
    import threading

    app = App(qtbot)
    app.window._welcomed()
    threads: set[str] = set()
    bridge = app.window.bridge
    for signal in (
        bridge.state_changed,
        bridge.caption_changed,
        bridge.phase_changed,
        bridge.position_changed,
        bridge.waited,
    ):
        signal.connect(lambda *_args: threads.add(threading.current_thread().name))
    app.choose("Recorded breathing")
    app.window.setup_page.acknowledge.setChecked(True)
    app.window.setup_page.start_button.click()
    app.settle()
    app.run(25.0)
    assert app.window.stack.currentWidget() is app.window.checkin_page
    assert threads == {threading.main_thread().name}


def test_the_app_icon_renders() -> None:
    from PySide6.QtGui import QIcon

    from bodyscan.ui.app import RESOURCES

    assert not QIcon(str(RESOURCES / "bodyscan.svg")).pixmap(64).isNull()


def test_a_recording_that_breaks_before_it_plays_stops_the_session_and_says_why(
    qtbot: QtBot, recorded: Path
) -> None:
    app = App(qtbot)
    app.window._welcomed()
    app.choose("Recorded breathing")
    # Validated when listed; now damaged (its header claims 4 GHz) before the voice reaches it.
    wav = recorded.parent / "b.wav"
    data = bytearray(wav.read_bytes())
    data[24:28] = struct.pack("<I", 4_000_000_000)
    wav.write_bytes(bytes(data))
    app.window.setup_page.acknowledge.setChecked(True)
    qtbot.keyClick(app.window.setup_page.start_button, Qt.Key.Key_Return)
    app.settle()
    app.run(1.0)
    assert app.window.session is None  # ended, not waiting for a sound that never comes
    [error] = app.errors
    assert error.startswith("recording b.wav cannot be played: sample rate 4000000000 Hz")

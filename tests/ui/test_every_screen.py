"""Every screen of the real window at 100, 150 and 200 % text, in both looks, in an 800x600 and a
1024x768 window: no words cut off, no widgets on top of each other, and AA contrast for every
text and control state (issue #16, point 3), measured by tests/ui/layout_checks.py.

One window is built per look, text size and window size; the screens are walked inside it, as a
person would reach them. Exercises are recorded, so no voice is synthesised. The before-starting
and check-in pages are being rebuilt elsewhere: their cases are separate, so that a finding
there after the rebuild is named on its own (none is expected: they passed when written)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from bodyscan import provider
from bodyscan.core.session import State
from bodyscan.journal.insights import month_of
from bodyscan.packs.installing import open_pack
from bodyscan.paths import user_paths
from bodyscan.settings import Settings, SettingsStore
from bodyscan.ui import theme
from bodyscan.ui.pack_dialog import PackPreview
from bodyscan.ui.reminders import ReminderNote
from tests.journal.months import fill_two_months
from tests.ui import layout_checks
from tests.ui.test_main_window import App, recorded  # noqa: F401 - the fixture
from tests.ui.test_pack_dialog import a_pack

LOOKS = ["light", "dark"]
SCALES = [1.0, 1.5, 2.0]
SIZES = [(800, 600), (1024, 768)]
Case = tuple[str, float, tuple[int, int]]  # look, text size, window size
CASES: list[Case] = [(look, scale, size) for look in LOOKS for scale in SCALES for size in SIZES]
CASE_NAMES = [f"{look}-text{round(scale * 100)}-{w}x{h}" for look, scale, (w, h) in CASES]

BROKEN = "title: Half written\nkind: breathwork\nsteps:\n  - say: [not, a, sentence\n"
AREAS = """\
title: Recorded feet and hands
kind: body-scan
steps:
  - say: Notice your feet, or nothing.
    audio: a.wav
    region: left-foot
    pause: 2s
  - say: Notice your hands, or nothing.
    audio: b.wav
    region: left-hand
    pause: 2s
"""
LONG_CAPTION = (
    "Here is the pattern. Breathe in through your nose, and near the top take one more small "
    "sip of air. Then let it all go slowly through your mouth, longer than the in-breath."
)


@pytest.fixture
def exercises(recorded: Path) -> Path:  # noqa: F811 - the fixture
    """The recorded breathing exercise (cautions), one with body areas, and a broken file."""
    folder = recorded.parent
    (folder / "recorded-areas.yaml").write_text(AREAS)
    (folder / "half-written.yaml").write_text(BROKEN)
    SettingsStore(user_paths().settings_file).save(
        Settings(
            first_run_done=True,
            favourites=("box-breathing", "recorded-breathing"),
            recent=("cyclic-sighing", "recorded-areas"),
        )
    )
    return folder


@pytest.fixture
def qapp_look() -> Iterator[QApplication]:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    yield qapp
    theme.apply(qapp, Settings())


def window_at(qtbot: QtBot, qapp: QApplication, case: Case) -> App:
    look, scale, size = case
    theme.apply(qapp, Settings(theme=look, font_scale=scale, first_run_done=True))
    app = App(qtbot)
    app.window.resize(*size)
    layout_checks.settle()
    return app


def check(found: dict[str, list[str]], name: str, root: QWidget) -> None:
    layout_checks.settle()
    problems = layout_checks.problems(root)
    if problems:
        found[name] = problems


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{screen}: {problem}" for screen, some in found.items() for problem in some)


def show(app: App, page: QWidget) -> None:
    app.window.stack.setCurrentWidget(page)
    layout_checks.settle()


def walk_player(app: App, qtbot: QtBot, found: dict[str, list[str]]) -> None:
    """Playing (into the pacer), paused, during Ground me, then the finished page."""
    window = app.window
    window.library_page.search.clear()
    app.choose("Recorded breathing")
    window.setup_page.acknowledge.setChecked(True)
    qtbot.mouseClick(window.setup_page.start_button, Qt.MouseButton.LeftButton)
    app.settle()
    qtbot.waitUntil(lambda: window.player_page.caption.text() != "", timeout=10000)
    session = window.session
    assert session is not None
    app.run(3.0)  # into the breathing block: the pacer shows
    page = window.player_page
    page.fit_words()
    check(found, "player, playing", window)
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert session.state is State.PAUSED
    page.caption.setText(LONG_CAPTION)
    page.fit_words()
    check(found, "player, paused", window)
    # During Ground me (its narration is synthesised; here its screen is shown as it looks):
    # Back and Skip off, the notice, then the choice to go on or end.
    page._allow_moving(grounding=True, can_move=False)
    page._phase(None, 0)  # no breathing block in Ground me
    page._grounding_done()
    page.fit_words()
    check(found, "player, grounding", window)
    page._allow_moving(grounding=False, can_move=True)
    page.choice.hide()
    session.stop()
    qtbot.waitUntil(lambda: window.session is None, timeout=10000)
    layout_checks.settle()
    if window.stack.currentWidget() is not window.finished_page:
        window._skip_checkin()
    assert window.stack.currentWidget() is window.finished_page
    check(found, "finished page", window)


def walk_break_window(app: App, found: dict[str, list[str]]) -> None:
    little = app.window.break_window
    little.title.setText("Breathing break")
    little.cautions.setText("Breathe gently; stop if you feel dizzy. " * 3)
    little.caption.setText(LONG_CAPTION)
    little.left.setText("2m 30s left")
    little.message.setText("That was 3 minutes. Well done for stopping.")
    little.checkin_button.show()
    for page in (little.cautions_page, little.playing_page, little.finished_page):
        little.pages.setCurrentWidget(page)
        little.present()
        layout_checks.settle()
        little.grow_to_fit()
        if little.width() > 800 or little.height() > 600:
            found[f"break window, {page.objectName() or little.pages.indexOf(page)}"] = [
                f"the break window is {little.width()}x{little.height()}, over 800x600"
            ]
        check(found, f"break window, page {little.pages.indexOf(page)}", little)
    little.pages.setCurrentWidget(little.playing_page)
    little._grounding_done()
    check(found, "break window, grounding choice", little)
    little.hide()


def walk_dialogs(app: App, qtbot: QtBot, found: dict[str, list[str]], tmp: Path) -> None:
    window = app.window
    settings = window.open_settings()
    qtbot.addWidget(settings)
    qtbot.waitExposed(settings)
    for index in range(settings.tabs.count()):
        settings.tabs.setCurrentIndex(index)
        check(found, f"settings, {settings.tabs.tabText(index)}", settings)
    settings.reject()

    with open_pack(a_pack(tmp), user_paths().exercises, provider.script_context()) as checked:
        preview = PackPreview(checked, None, user_paths().exercises, lambda e: None, window)
        qtbot.addWidget(preview)
        preview.show()
        qtbot.waitExposed(preview)
        check(found, "pack preview", preview)
        preview.setResult(QDialog.DialogCode.Rejected)
        preview.hide()

    note = ReminderNote()
    qtbot.addWidget(note)
    note.offer("Feet and hands, about 1 minute. You have been at the screen for an hour.")
    qtbot.waitExposed(note)
    check(found, "reminder note", note)
    note.hide()


@pytest.mark.parametrize("case", CASES, ids=CASE_NAMES)
def test_every_screen_fits_and_reads_well(
    qtbot: QtBot,
    qapp_look: QApplication,
    exercises: Path,
    tmp_path: Path,
    case: Case,
) -> None:
    app = window_at(qtbot, qapp_look, case)
    window = app.window
    found: dict[str, list[str]] = {}
    headings = [label.text() for label in window.library_page.findChildren(QLabel)]
    assert "Needs fixing" in headings and "Favourites" in headings and "Recent" in headings
    check(found, "library", window)
    show(app, window.welcome_page)
    check(found, "welcome", window)
    window.show_help()
    check(found, "help", window)
    show(app, window.about_page)
    check(found, "about", window)
    window.show_timer()
    check(found, "timer", window)
    fill_two_months(window.parts.journal())
    window.show_journal()
    journal = window.history_page
    journal.show_period(month_of(date(2026, 11, 1)))  # the filled months, beside each other
    journal.show_region("left-hand")
    assert window.stack.currentWidget() is journal
    check(found, "journal", window)
    show(app, window.library_page)
    walk_player(app, qtbot, found)
    walk_break_window(app, found)
    walk_dialogs(app, qtbot, found, tmp_path)
    width, height = case[2]
    assert window.size().width() <= width and window.size().height() <= height
    assert found == {}, report(found)


# --- pages rebuilt elsewhere right now: measured, not fixed here ------------------------------


@pytest.mark.parametrize("case", CASES, ids=CASE_NAMES)
def test_before_starting_fits_and_reads_well(
    qtbot: QtBot,
    qapp_look: QApplication,
    exercises: Path,
    case: Case,
) -> None:
    app = window_at(qtbot, qapp_look, case)
    window = app.window
    found: dict[str, list[str]] = {}
    for title in ("Recorded breathing", "Recorded feet and hands"):
        show(app, window.library_page)
        app.choose(title)
        assert window.stack.currentWidget() is window.setup_page
        check(found, f"before starting {title}", window)
    assert found == {}, report(found)


@pytest.mark.parametrize("case", CASES, ids=CASE_NAMES)
def test_checkin_fits_and_reads_well(
    qtbot: QtBot,
    qapp_look: QApplication,
    exercises: Path,
    case: Case,
) -> None:
    app = window_at(qtbot, qapp_look, case)
    window = app.window
    script = provider.library().load("recorded-breathing")
    window.checkin_page.ask(script, "a-session", 2, False)
    show(app, window.checkin_page)
    assert layout_checks.problems(window) == []


# --- the state checks themselves can fail -----------------------------------------------------


def test_state_checks_find_faint_disabled_words_placeholders_indicators_and_rings(
    qtbot: QtBot, qapp_look: QApplication
) -> None:
    theme.apply(qapp_look, Settings(theme="light"))
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    sound = QPushButton("Sound")
    layout.addWidget(sound)
    root.show()
    qtbot.waitExposed(root)
    assert layout_checks.poor_state_contrast(root) == []

    pale = "#ecebe8"  # next to the light window's #f6f5f2: there, but not to be seen
    off = QPushButton("Off and faint")
    off.setStyleSheet(f"QPushButton:disabled {{ color: {pale}; }}")
    off.setEnabled(False)
    field = QLineEdit()
    field.setPlaceholderText("Faint hint")
    palette = field.palette()
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(pale))
    field.setPalette(palette)
    box = QCheckBox("Pale box")
    box.setObjectName("paleBox")
    box.setStyleSheet(
        f"QCheckBox::indicator {{ border: 2px solid {pale}; background: {theme.LIGHT.window}; }}"
    )
    ringless = QListWidget()
    ringless.setObjectName("ringless")
    ringless.setStyleSheet(f"QListWidget, QListWidget:focus {{ border: 2px solid {pale}; }}")
    for widget in (off, field, box, ringless):
        layout.addWidget(widget)
    layout_checks.settle()
    found = "\n".join(layout_checks.poor_state_contrast(root))
    assert "('Off and faint') when off" in found, found
    assert "placeholder 'Faint hint'" in found, found
    assert "('Pale box') unchecked" in found, found
    assert "'ringless' focused" in found, found

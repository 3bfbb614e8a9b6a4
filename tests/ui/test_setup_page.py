"""The before-starting page, real widgets offscreen: eyes, anchor and "leave out the holds"
appear only where the exercise offers them, are remembered per exercise across a restart of the
settings, and every control is reached with Tab in reading order."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from bodyscan import provider
from bodyscan.core.loader import check_text
from bodyscan.core.script import Script
from bodyscan.paths import user_paths
from bodyscan.practice import remembered
from bodyscan.settings import Settings, SettingsStore
from bodyscan.ui.setup_page import LEAVE_OUT_CHOICES, SetupPage
from tests.ui.test_main_window import App

PLAIN = """\
title: Plain
kind: grounding
steps:
  - say: Your feet on the floor.
"""
CHOOSING = """\
title: Choosing
kind: body-scan
choices:
  eyes: [open, closed]
  anchor: [sounds, hands, seat]
steps:
  - say: Come back to {anchor}.
    pause: 1m
  - say: Notice your hands.
    region: hands
    pause: 10s
"""
HOLDING = """\
title: Holding
kind: breathwork
cautions: [Sit down.]
steps:
  - breathe: {in: 4, hold: 4, out: 4, cycles: 2}
"""


def load(text: str, name: str) -> Script:
    script = check_text(text, Path(f"{name}.yaml")).script
    assert script is not None
    return script


@pytest.fixture
def page(qtbot: QtBot) -> SetupPage:
    widget = SetupPage(provider.sound_catalogue())
    qtbot.addWidget(widget)
    widget.resize(700, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown(widget: QWidget, page: SetupPage) -> bool:
    return widget.isVisibleTo(page)


def items(box: object) -> list[str]:
    return [box.itemData(i) for i in range(box.count())]  # type: ignore[attr-defined]


def test_choices_appear_only_when_the_exercise_offers_them(page: SetupPage) -> None:
    page.show_script(load(PLAIN, "plain"), Settings())
    assert not shown(page.eyes, page) and not shown(page.anchor, page)
    assert not shown(page.no_holds, page)
    chosen = page.choices()
    assert (chosen.eyes, chosen.anchor, chosen.holds) == (None, None, True)

    page.show_script(load(CHOOSING, "choosing"), Settings())
    assert shown(page.eyes, page) and shown(page.anchor, page)
    assert not shown(page.no_holds, page)  # no breathing holds to leave out
    assert items(page.eyes) == ["open", "closed"]  # in the script's order, the default first
    assert items(page.anchor) == ["sounds", "hands", "seat"]
    assert page.anchor.currentText() == "The sounds around you"
    chosen = page.choices()
    assert (chosen.eyes, chosen.anchor, chosen.holds) == ("open", "sounds", True)

    page.show_script(load(HOLDING, "holding"), Settings())
    assert not shown(page.eyes, page) and not shown(page.anchor, page)
    assert shown(page.no_holds, page) and not page.no_holds.isChecked()
    page.no_holds.setChecked(True)
    assert page.choices().holds is False


def test_choices_are_remembered_per_exercise(page: SetupPage) -> None:
    choosing, holding = load(CHOOSING, "choosing"), load(HOLDING, "holding")
    page.show_script(choosing, Settings())
    page.eyes.setCurrentIndex(page.eyes.findData("closed"))
    page.anchor.setCurrentIndex(page.anchor.findData("seat"))
    settings = remembered(Settings(), choosing, page.choices())
    page.show_script(holding, settings)
    page.no_holds.setChecked(True)
    settings = remembered(settings, holding, page.choices())
    store = SettingsStore(user_paths().settings_file)
    store.save(settings)
    again = store.load()  # as after a restart

    page.show_script(choosing, again)
    assert page.eyes.currentData() == "closed" and page.anchor.currentData() == "seat"
    page.show_script(holding, again)
    assert page.no_holds.isChecked()
    # Another exercise keeps its own defaults.
    page.show_script(load(CHOOSING.replace("Choosing", "Other"), "other"), again)
    assert page.eyes.currentData() == "open" and page.anchor.currentData() == "sounds"
    # A remembered value the exercise no longer offers falls back to its default.
    page.show_script(load(CHOOSING.replace("seat]", "feet]"), "choosing"), again)
    assert page.anchor.currentData() == "sounds" and page.eyes.currentData() == "closed"


def focus_chain(qtbot: QtBot, presses: int = 30) -> list[QWidget]:
    """The widgets Tab visits from where the focus is."""
    seen: list[QWidget] = []
    for _ in range(presses):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        assert widget is not None
        seen.append(widget)
    return seen


def test_tab_reaches_every_control_in_reading_order(qtbot: QtBot, user_exercises: Path) -> None:
    # In the real window: there, Tab from Start used to go round the header's buttons only.
    (user_exercises / "choosing.yaml").write_text(CHOOSING)
    (user_exercises / "holding.yaml").write_text(HOLDING)
    app = App(qtbot)
    window = app.window
    page = window.setup_page
    window.prepare(provider.library().find("choosing"))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.start_button)
    chain = focus_chain(qtbot)
    wanted = [
        page.minutes,
        page.eyes,
        page.anchor,
        page.ambient,
        page.bell,
        page.leave_out,
        page.start_button,
    ]
    assert not page.level.isEnabled()  # no background sound: its level waits, out of the way
    assert page.level not in chain
    for widget in wanted:
        assert widget in chain, widget.accessibleName() or widget
    first_round = chain[: chain.index(page.start_button) + 1]
    order = [first_round.index(widget) for widget in wanted]
    assert order == sorted(order)  # down the page, then the buttons at its foot
    assert page.no_holds not in chain  # hidden: not in the way

    # The choices are made from the keyboard alone.
    page.eyes.setFocus()
    qtbot.keyClick(page.eyes, Qt.Key.Key_Down)
    page.anchor.setFocus()
    qtbot.keyClick(page.anchor, Qt.Key.Key_Down)
    chosen = page.choices()
    assert (chosen.eyes, chosen.anchor) == ("closed", "hands")

    window.prepare(provider.library().find("holding"))
    # Its cautions come first: their confirmation has the focus until it is given.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.acknowledge)
    chain = focus_chain(qtbot)
    assert page.no_holds in chain and page.eyes not in chain and page.anchor not in chain
    assert page.acknowledge in chain  # the cautions' confirmation too
    page.no_holds.setFocus()
    qtbot.keyClick(page.no_holds, Qt.Key.Key_Space)
    assert page.choices().holds is False


def test_every_new_control_has_a_name(page: SetupPage) -> None:
    for widget in (page.eyes, page.anchor):
        assert widget.accessibleName()
    assert page.no_holds.text() == "Leave out the holds"


def test_the_page_speaks_plainly_and_offers_only_what_applies(qtbot: QtBot) -> None:
    """Lengths in words, areas named one way, the level only with a background, areas only
    for an exercise that names them, and a word on why Start waits."""
    page = SetupPage(provider.sound_catalogue())
    qtbot.addWidget(page)
    page.show()
    library = provider.library()
    scan = library.load("body-scan-12")
    page.show_script(scan, Settings())
    assert "minutes" in page.about.text() and "m" + "0s" not in page.about.text()
    assert (
        page.length_note.text().startswith("anything from ")
        and "minutes" in page.length_note.text()
    )
    labels = [label for _, label in LEAVE_OUT_CHOICES]
    assert "Feet" in labels and "Head" in labels and "Left hand" in labels
    assert not any(label.startswith("your") or label[0].islower() for label in labels)
    assert page.form.isRowVisible(page.leave_out)
    page.ambient.setCurrentIndex(page.ambient.findData("none"))
    assert not page.level.isEnabled() and "background sound" in page.level.toolTip()
    page.ambient.setCurrentIndex(page.ambient.findData("pink-noise"))
    assert page.level.isEnabled()

    breathing = library.load("box-breathing")
    page.show_script(breathing, Settings())
    assert not page.form.isRowVisible(page.leave_out)  # no areas named: nothing to leave out
    assert breathing.cautions
    assert not page.start_button.isEnabled()
    assert page.start_waits.isVisible()
    assert page.start_waits.text() in page.start_button.accessibleDescription()
    page.acknowledge.setChecked(True)
    assert page.start_button.isEnabled() and not page.start_waits.isVisible()


PICKS_CHANGE_LENGTH = """\
title: Picks change the length
kind: breathwork
choices:
  eyes: [open, closed]
steps:
  - say: Rest your eyes on one still thing.
    pause: 2m
    when: {eyes: open}
  - say: Let your eyes close.
    pause: 10s
    when: {eyes: closed}
  - breathe: {in: 4, hold: 7, out: 8, cycles: 12}
  - say: Notice the floor.
    pause: 1m
"""


def test_the_length_shown_is_that_of_what_will_play(page: SetupPage) -> None:
    """Steps left out by a pick, or the holds left out, take no time: the length and the
    minutes follow the picks (they showed the exercise's defaults whatever was chosen)."""
    page.show_script(load(PICKS_CHANGE_LENGTH, "picks"), Settings())
    assert page.eyes.currentData() == "open"
    open_minutes = page.minutes.value()
    open_about = page.about.text()
    assert open_minutes == 7  # 3m of pauses, 3m48s of breathing, the words

    page.eyes.setCurrentIndex(page.eyes.findData("closed"))  # 1m50s of pauses less
    assert page.minutes.value() == 5 and page.about.text() != open_about
    page.no_holds.setChecked(True)  # 12 holds of 7 s: 84 s less
    assert page.minutes.value() == 4
    assert page.choices().minutes is None  # the length as it plays: nothing stretched

    # A length the person set stays while they change a pick.
    page.minutes.setValue(5)
    page.eyes.setCurrentIndex(page.eyes.findData("open"))
    assert page.minutes.value() == 5 and page.choices().minutes == 5


FIXED_WHEN_CLOSED = """\
title: Fixed when closed
kind: body-scan
choices:
  eyes: [open, closed]
length: {min: 2m, max: 30m}
steps:
  - say: Rest your eyes on one still thing.
    pause: 10m
    when: {eyes: open}
  - say: Let your eyes close and stay with it.
    pause: 20s
    stretch: false
    when: {eyes: closed}
"""


def test_a_length_the_person_set_outlasts_picks_that_cannot_have_it(page: SetupPage) -> None:
    """Found by a hostile test: a set length was forgotten once a pick's range clamped it, or
    once it equalled a pick's own length."""
    page.show_script(load(FIXED_WHEN_CLOSED, "fixed"), Settings())
    page.minutes.setValue(25)
    page.eyes.setCurrentIndex(page.eyes.findData("closed"))  # nothing to stretch
    assert not page.minutes.isEnabled() and page.choices().minutes is None
    page.eyes.setCurrentIndex(page.eyes.findData("open"))
    assert page.minutes.value() == 25 and page.choices().minutes == 25

    page.show_script(load(PICKS_CHANGE_LENGTH, "picks"), Settings())
    assert page.minutes.value() == 7  # another exercise: its own length again
    page.eyes.setCurrentIndex(page.eyes.findData("closed"))
    page.minutes.setValue(7)  # with eyes closed the person wants 7 (open's own length)
    page.eyes.setCurrentIndex(page.eyes.findData("open"))
    page.eyes.setCurrentIndex(page.eyes.findData("closed"))
    assert page.minutes.value() == 7 and page.choices().minutes == 7

"""The library window with real widgets (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bodyscan import provider
from bodyscan.core import library as library_module
from bodyscan.ui import library_page
from bodyscan.ui.library_page import BROKEN_GROUP, LibraryPage
from tests.conftest import MINIMAL


def open_window(qtbot: QtBot) -> LibraryPage:
    window = LibraryPage(provider.library())
    qtbot.addWidget(window)
    window.show()
    if window.scanning:
        with qtbot.waitSignal(window.scan_finished, timeout=60000):
            pass
    return window


def group_titles(window: LibraryPage) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for index in range(window.tree.topLevelItemCount()):
        group = window.tree.topLevelItem(index)
        assert group is not None
        children = (group.child(i) for i in range(group.childCount()))
        groups[group.text(0)] = [child.text(0) for child in children if child is not None]
    return groups


def test_groups_by_kind(qtbot: QtBot) -> None:
    groups = group_titles(open_window(qtbot))
    assert list(groups) == ["Body scan", "Breathwork", "Grounding", "Movement"]
    assert groups["Breathwork"] == ["Box breathing", "Breathing break", "Cyclic sighing"]
    assert "Three-minute body scan" in groups["Body scan"]


def test_details_show_cautions(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    [box] = window.tree.findItems("Box breathing", Qt.MatchFlag.MatchRecursive)
    window.tree.setCurrentItem(box)
    html = window.details.toPlainText()
    assert "Before you start" in html and "driving" in html


def test_broken_user_file_is_shown_with_its_errors(qtbot: QtBot, user_exercises: Path) -> None:
    (user_exercises / "wobbly.yaml").write_text("title: T\nkind: nope\nsteps: []\n")
    window = open_window(qtbot)
    groups = group_titles(window)
    assert groups[BROKEN_GROUP] == ["wobbly.yaml  (yours)"]
    broken_group = window.tree.topLevelItem(window.tree.topLevelItemCount() - 1)
    assert broken_group is not None
    window.tree.setCurrentItem(broken_group.child(0))
    text = window.details.toPlainText()
    assert "line 2, column 7: unknown kind 'nope'" in text
    assert "line 3, column 8: steps is empty" in text


def test_new_user_file_appears_without_restart(qtbot: QtBot, user_exercises: Path) -> None:
    window = open_window(qtbot)
    (user_exercises / "fresh.yaml").write_text(MINIMAL.replace("Minimal", "Fresh one"))
    qtbot.waitUntil(
        lambda: "Fresh one  (yours)" in group_titles(window).get("Grounding", []), timeout=5000
    )


def test_a_large_new_folder_fills_in_while_the_page_is_usable(
    qtbot: QtBot, user_exercises: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    provider.library().scan()  # the bundled exercises are in the index, as after a first run
    for number in range(40):
        text = MINIMAL.replace("Minimal", f"Mine {number:02}")
        (user_exercises / f"mine-{number:02}.yaml").write_text(text)
    monkeypatch.setattr(library_page, "FIRST_LOOK_SECONDS", 0)
    monkeypatch.setattr(library_module, "PROGRESS_INTERVAL", 0)
    window = LibraryPage(provider.library())
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.scan_finished, timeout=30000):
        assert window.scanning
        first_look = group_titles(window)
        assert "Box breathing" in first_look["Breathwork"]
        assert "Mine 39  (yours)" not in first_look.get("Grounding", [])
        [box] = window.tree.findItems("Box breathing", Qt.MatchFlag.MatchRecursive)
        window.tree.setCurrentItem(box)
    grounding = group_titles(window)["Grounding"]
    assert [f"Mine {n:02}  (yours)" for n in range(40)] == [t for t in grounding if "Mine" in t]
    current = window.tree.currentItem()
    assert current is not None and current.text(0) == "Box breathing"  # the place was kept
    assert not window.scanning

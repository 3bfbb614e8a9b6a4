"""tools/screenshots.py's own parts, without a display: the exercises it plays load cleanly,
the journal it fills reads back with something to continue, and a screen that fails is named
while the others are still taken."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bodyscan import provider
from bodyscan.core.loader import check_file
from bodyscan.paths import user_paths
from tests.conftest import REPO


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "screenshots_tool", REPO / "tools" / "screenshots.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_the_exercises_it_plays_load_without_problems(tool: ModuleType, tmp_path: Path) -> None:
    tool.write_exercises(tmp_path)
    written = sorted(tmp_path.glob("*.yaml"))
    assert [p.name for p in written] == ["calm-breathing.yaml", "evening-body-scan.yaml"]
    for path in written:
        assert check_file(path).problems == (), path


def test_the_journal_it_fills_has_months_of_entries_and_one_to_continue(
    tool: ModuleType,
) -> None:
    journal = provider.journal(user_paths())
    try:
        tool.fill_journal(journal)
        entries = journal.entries()
        assert len(entries) > 30
        assert sum(1 for e in entries if e.checkins) > 20
        assert {c.answer for e in entries for c in e.checkins} >= {"noticed", "nothing", "numb"}
        continued = journal.to_continue()
        assert continued is not None
        assert continued.exercise_id == "body-scan-12"
    finally:
        journal.close()


def test_a_failing_screen_is_named_and_what_needs_it_is_not_tried(
    tool: ModuleType, tmp_path: Path
) -> None:
    shots = tool.Shots(app=None, target=tmp_path, only=set())
    shots.look = "dark"
    tried: list[str] = []

    def broken() -> None:
        raise AttributeError("'SetupPage' object has no attribute 'start_button'")

    shots.run("before-starting", broken)
    shots.run("player", lambda: tried.append("player"), needs=("before-starting",))
    shots.run("about", lambda: tried.append("about"))
    assert tried == ["about"]
    assert shots.failures[0].startswith(
        "before-starting (dark): AttributeError: 'SetupPage' object has no attribute"
    )
    assert shots.failures[1] == "player (dark): not reached, before-starting failed"
    assert len(shots.failures) == 2

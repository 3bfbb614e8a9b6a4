"""Saved timers in the settings file: kept across saving and loading, and a hand-edited list
that holds something else is cleaned rather than refused."""

from __future__ import annotations

import json
from pathlib import Path

from bodyscan.settings import MAX_TIMER_PRESETS, SettingsStore

SIT = {"name": "Sit", "duration": "20m", "interval": "5m", "bell": "soft", "ambient": "none"}


def test_saved_timers_survive_a_save_and_a_load(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.save(store.load().with_changes(timer_presets=(SIT,)))
    assert json.loads(store.path.read_text())["timer_presets"] == [SIT]
    assert store.load().timer_presets == (SIT,)


def test_a_hand_edited_list_is_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    presets = [
        SIT,
        "not a timer",
        {"name": "", "duration": "5m"},  # no name
        {"name": "No length"},
        {"name": "Short", "duration": "5m", "extra": 1},  # missing keys become empty
        *({"name": f"n{i}", "duration": "1m"} for i in range(60)),
    ]
    path.write_text(json.dumps({"version": 1, "timer_presets": presets}))
    store = SettingsStore(path)
    loaded = store.load().timer_presets
    assert store.notice is None
    assert loaded[0] == SIT
    assert loaded[1] == {
        "name": "Short",
        "duration": "5m",
        "interval": "",
        "bell": "",
        "ambient": "",
    }
    assert len(loaded) == MAX_TIMER_PRESETS


def test_a_list_that_is_not_a_list_moves_the_file_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "timer_presets": "Sit"}))
    store = SettingsStore(path)
    assert store.load().timer_presets == ()
    assert store.notice is not None and "moved aside" in store.notice

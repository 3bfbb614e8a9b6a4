"""Settings: versioned JSON written atomically; damaged files moved aside; unknown keys kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bodyscan.errors import DataError
from bodyscan.settings import VERSION, Settings, SettingsStore
from tests.conftest import fill


def test_defaults_then_a_round_trip(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    assert store.load() == Settings()
    chosen = Settings().with_changes(theme="dark", left_out=("belly", "chest"), font_scale=1.5)
    store.save(chosen)
    assert SettingsStore(tmp_path / "settings.json").load() == chosen
    assert json.loads((tmp_path / "settings.json").read_text())["version"] == VERSION


def test_values_out_of_range_are_put_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": "neon", "font_scale": 9, "left_out": ["tail", "feet"]}))
    settings = SettingsStore(path).load()
    assert (settings.theme, settings.font_scale, settings.left_out) == ("system", 2.0, ("feet",))


def test_a_newer_file_keeps_what_it_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": VERSION + 1, "bells": False, "future_thing": [1, 2]}))
    store = SettingsStore(path)
    settings = store.load()
    assert settings.bells is False
    store.save(settings.with_changes(theme="light"))
    saved = json.loads(path.read_text())
    assert saved["future_thing"] == [1, 2] and saved["theme"] == "light"


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '{"bells": "yes"}'])
def test_a_damaged_file_is_moved_aside(tmp_path: Path, text: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(text)
    store = SettingsStore(path)
    assert store.load() == Settings()
    assert store.notice is not None and "moved aside" in store.notice
    assert (tmp_path / "settings.json.unreadable").read_text() == text


def test_a_failed_write_keeps_the_old_file(small_disk: Path) -> None:
    store = SettingsStore(small_disk / "settings.json")
    store.save(Settings(theme="dark"))
    fill(small_disk)
    with pytest.raises(DataError, match=r"Could not save your settings: the disk holding .* full"):
        store.save(Settings(theme="light"))
    assert store.load().theme == "dark"
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "settings.json"]

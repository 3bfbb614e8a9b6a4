"""A settings file broken by hand, or by another program, in its saved timers: nested without
end, of the wrong type, full of junk. The timer still runs, the person is told, and the rest
of their settings is kept."""

from __future__ import annotations

import json
from pathlib import Path

from bodyscan.paths import user_paths
from bodyscan.settings import MAX_TIMER_PRESETS, SettingsStore
from tests.conftest import run_bodyscan


def _settings_file(text: str) -> Path:
    path = user_paths().settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_settings_nested_without_end_are_set_aside_not_a_crash(
    bodyscan_home: Path, tmp_path: Path
) -> None:
    depth = 100_000
    path = _settings_file('{"timer_presets": ' + "[" * depth + "]" * depth + "}")
    out = tmp_path / "t.wav"
    done = run_bodyscan(bodyscan_home, "timer", "10", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "something unexpected" not in done.stderr
    assert "settings file was damaged" in done.stderr
    assert out.exists()
    assert path.with_name(f"{path.name}.unreadable").exists()  # kept, not deleted


def test_a_second_damaged_file_never_overwrites_the_first_set_aside(
    bodyscan_home: Path, tmp_path: Path
) -> None:
    """Saved timers of the wrong type set the whole file aside (as any wrong type does); when
    it happens again, the first file set aside (the person's real settings) must survive."""
    first = '{"volume": 0.3, "reminders": true, "timer_presets": "twenty minutes"}'
    path = _settings_file(first)
    store = SettingsStore(path)
    assert store.load().timer_presets == ()
    assert store.notice is not None and "moved aside" in store.notice
    second = '{"timer_presets": 42}'
    path.write_text(second)
    again = SettingsStore(path)
    again.load()
    assert again.notice is not None and "moved aside" in again.notice
    kept = sorted(p.read_text() for p in path.parent.iterdir() if p.name != path.name)
    assert kept == sorted([first, second])
    for notice in (store.notice, again.notice):
        named = notice.split("moved aside to ")[1].split(" and")[0]
        assert (path.parent / named).exists()


def test_junk_inside_saved_timers_is_left_out(bodyscan_home: Path) -> None:
    junk = [
        {"name": {"a": [1, 2]}, "duration": [1e308]},
        5,
        None,
        [[["deep"]]],
        {"name": "", "duration": "20m"},
        {"name": "Kept", "duration": "20m", "interval": {"x": 1}, "bell": 7},
    ] + [{"name": f"n{i}", "duration": "5m"} for i in range(10_000)]
    path = _settings_file(json.dumps({"volume": 0.4, "timer_presets": junk}))
    settings = SettingsStore(path).load()
    assert settings.volume == 0.4
    assert len(settings.timer_presets) == MAX_TIMER_PRESETS
    assert all(isinstance(v, str) for p in settings.timer_presets for v in p.values())
    assert all(len(v) <= 80 for p in settings.timer_presets for v in p.values())


def test_200000_saved_timers_cost_little_more_than_reading_the_file(
    bodyscan_home: Path,
) -> None:
    """Each was cleaned (twice) though only 50 are kept: two to five times the parse itself
    (a million took 26 s on a busy machine before the window showed)."""
    import time

    text = json.dumps({"timer_presets": [{"name": "x", "duration": "5m"}] * 200_000})
    path = _settings_file(text)
    started = time.perf_counter()
    json.loads(text)
    parsing = time.perf_counter() - started
    started = time.perf_counter()
    settings = SettingsStore(path).load()
    loading = time.perf_counter() - started
    assert len(settings.timer_presets) == MAX_TIMER_PRESETS
    assert loading < 1.5 * parsing + 0.5, (loading, parsing)

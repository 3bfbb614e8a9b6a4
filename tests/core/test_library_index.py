"""The library's index: only new or changed files are read, and a stale index is never
trusted. Reading is counted by wrapping the real `check_file` (the files are really read)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bodyscan import provider
from bodyscan.core import loader as loader_module
from bodyscan.core.library import Library
from bodyscan.errors import ScriptError
from bodyscan.library_index import INDEX_NAME, JsonIndexFile
from tests.conftest import MINIMAL, burst

Reads = list[Path]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Reads:
    """Every script file read from now on, in order."""
    seen: Reads = []
    real = loader_module.check_file

    def counting(path: Path, *args: object, **kwargs: object) -> object:
        seen.append(path)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    # The library imports the loader when it first reads a file, so the loader's is counted.
    monkeypatch.setattr(loader_module, "check_file", counting)
    return seen


def fresh_library(bodyscan_home: Path) -> Library:
    """A library as a new process would make it: the index comes from the file only."""
    library = provider.library()
    assert library.index is not None
    return Library(
        library.bundled_dir,
        library.user_dir,
        library.context,
        JsonIndexFile(bodyscan_home / "cache" / INDEX_NAME),
    )


def write_exercises(folder: Path, count: int) -> list[Path]:
    paths = []
    for number in range(count):
        path = folder / f"mine-{number:03}.yaml"
        path.write_text(MINIMAL.replace("Minimal", f"Mine {number}"))
        paths.append(path)
    return paths


def later(path: Path, change: Callable[[Path], None]) -> None:
    """Change a file and make sure its modification time moves (coarse clocks exist)."""
    before = path.stat().st_mtime_ns
    change(path)
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def test_a_second_scan_reads_nothing(
    bodyscan_home: Path, user_exercises: Path, reads: Reads
) -> None:
    write_exercises(user_exercises, 5)
    first = fresh_library(bodyscan_home).scan()
    assert len(reads) == 9 + 5
    reads.clear()
    second = fresh_library(bodyscan_home).scan()
    assert reads == []
    assert [(e.id, e.title, e.info) for e in second] == [(e.id, e.title, e.info) for e in first]
    index = bodyscan_home / "cache" / INDEX_NAME
    assert json.loads(index.read_text())["files"]


def test_only_changed_and_new_files_are_read(
    bodyscan_home: Path, user_exercises: Path, reads: Reads
) -> None:
    paths = write_exercises(user_exercises, 4)
    fresh_library(bodyscan_home).scan()
    reads.clear()
    later(paths[1], lambda p: p.write_text(MINIMAL.replace("Minimal", "Renamed")))
    (user_exercises / "new.yaml").write_text(MINIMAL.replace("Minimal", "New"))
    paths[2].unlink()
    exercises = {e.id: e for e in fresh_library(bodyscan_home).scan()}
    assert sorted(reads) == sorted([paths[1], user_exercises / "new.yaml"])
    assert exercises["mine-001"].title == "Renamed" and exercises["new"].title == "New"
    assert "mine-002" not in exercises
    stored = json.loads((bodyscan_home / "cache" / INDEX_NAME).read_text())["files"]
    assert str(paths[2]) not in stored


def test_a_changed_recording_is_checked_again(
    bodyscan_home: Path, user_exercises: Path, reads: Reads
) -> None:
    recording = burst(user_exercises / "voice.wav", 440, 1.0)
    script = user_exercises / "spoken.yaml"
    script.write_text(MINIMAL.replace("pause: 5s", "pause: 5s\n    audio: voice.wav"))
    assert not {e.id: e for e in fresh_library(bodyscan_home).scan()}["spoken"].broken
    reads.clear()
    later(recording, lambda p: p.write_bytes(b"RIFF but not a sound"))
    spoken = {e.id: e for e in fresh_library(bodyscan_home).scan()}["spoken"]
    assert reads == [script]
    assert spoken.broken and spoken.first_error is not None
    assert "voice.wav" in spoken.first_error.message


def test_broken_files_are_read_every_time(
    bodyscan_home: Path, user_exercises: Path, reads: Reads
) -> None:
    """A broken file may be mended by something else than its own text (a recording that
    appears), so it is never taken from the index."""
    script = user_exercises / "waiting.yaml"
    script.write_text(MINIMAL.replace("pause: 5s", "pause: 5s\n    audio: later.wav"))
    assert {e.id: e for e in fresh_library(bodyscan_home).scan()}["waiting"].broken
    burst(user_exercises / "later.wav", 440, 1.0)
    reads.clear()
    waiting = {e.id: e for e in fresh_library(bodyscan_home).scan()}["waiting"]
    assert reads == [script] and not waiting.broken


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not json",
        b"[1, 2, 3]",
        b'{"stamp": "other version", "files": {}}',
        b"\xff\xfe\x00",
        b"[" * 100000,
    ],
)
def test_a_damaged_or_foreign_index_is_rebuilt(
    bodyscan_home: Path, user_exercises: Path, damage: bytes
) -> None:
    write_exercises(user_exercises, 2)
    fresh_library(bodyscan_home).scan()
    index = bodyscan_home / "cache" / INDEX_NAME
    index.write_bytes(damage)
    exercises = fresh_library(bodyscan_home).scan()
    assert {"mine-000", "mine-001"} <= {e.id for e in exercises}
    assert json.loads(index.read_text())["files"]


def _info_changed(position: int, value: object) -> Callable[[list[Any]], object]:
    def change(entry: list[Any]) -> object:
        entry[4][position] = value
        return entry

    return change


@pytest.mark.parametrize(
    "damage",
    [
        _info_changed(0, "dancing"),  # a kind that does not exist
        _info_changed(5, "1/0"),  # a length in an older shape
        _info_changed(5, [1, 0]),  # no length at all
        _info_changed(6, [1.5, 2]),  # not whole numbers
        _info_changed(3, 7),  # tags that are not a list
        lambda entry: entry[:4],  # too short
        lambda entry: [*entry, "more"],  # too long
        lambda entry: dict(enumerate(entry)),  # a mapping, as older indexes had
        lambda entry: [*entry[:5], [[1]]],  # a problem without its parts
        lambda entry: None,
    ],
)
def test_index_entries_of_the_wrong_shape_are_read_again(
    bodyscan_home: Path, user_exercises: Path, reads: Reads, damage: Callable[[list[Any]], object]
) -> None:
    [path] = write_exercises(user_exercises, 1)
    fresh_library(bodyscan_home).scan()
    index = bodyscan_home / "cache" / INDEX_NAME
    stored = json.loads(index.read_text())
    stored["files"][str(path)] = damage(stored["files"][str(path)])
    index.write_text(json.dumps(stored))
    reads.clear()
    mine = {e.id: e for e in fresh_library(bodyscan_home).scan()}["mine-000"]
    assert reads == [path] and mine.info is not None and mine.info.kind == "grounding"


def test_scripts_are_read_only_when_wanted(
    bodyscan_home: Path, user_exercises: Path, reads: Reads
) -> None:
    write_exercises(user_exercises, 20)
    fresh_library(bodyscan_home).scan()
    reads.clear()
    library = fresh_library(bodyscan_home)
    script = library.load("mine-007")
    assert script.title == "Mine 7"
    assert reads == [user_exercises / "mine-007.yaml"]


def test_a_file_broken_since_it_was_listed_says_why(
    bodyscan_home: Path, user_exercises: Path
) -> None:
    [path] = write_exercises(user_exercises, 1)
    fresh_library(bodyscan_home).scan()
    library = fresh_library(bodyscan_home)
    mine = {e.id: e for e in library.scan()}["mine-000"]  # from the index: not read yet
    later(path, lambda p: p.write_text("title: Mine 0\nkind: grounding\nsteps: []\n"))
    assert not mine.broken and mine.script is None
    with pytest.raises(ScriptError, match="steps is empty"):
        library.load("mine-000")


def test_scan_within_lists_what_it_can_and_says_so(
    bodyscan_home: Path, user_exercises: Path
) -> None:
    write_exercises(user_exercises, 30)
    library = fresh_library(bodyscan_home)
    only_bundled, complete = library.scan_within(0)
    assert not complete and len(only_bundled) <= 9 + 1  # a coarse clock may let one through
    assert sum(e.origin == "bundled" for e in only_bundled) == 9
    everything = library.scan()
    assert len(everything) == 9 + 30
    again, complete = fresh_library(bodyscan_home).scan_within(5)  # all from the index
    assert complete and [e.id for e in again] == [e.id for e in everything]
    cut, complete = fresh_library(bodyscan_home).scan_within(0)  # even the index takes time
    assert not complete and sum(e.origin == "bundled" for e in cut) == 9


def test_a_window_first_look_can_leave_even_unknown_bundled_files_for_later(
    bodyscan_home: Path,
) -> None:
    """The first start (or the first after an upgrade) knows no file: the window shows at once
    and reads even the bundled ones in the background, instead of waiting for all nine."""
    cold, complete = fresh_library(bodyscan_home).scan_within(0, read_bundled=False)
    assert not complete and len(cold) <= 1  # a coarse clock may let one through
    assert len(fresh_library(bodyscan_home).scan()) == 9
    warm, complete = fresh_library(bodyscan_home).scan_within(0, read_bundled=False)
    assert complete and len(warm) == 9  # known to the index: listed at once


def test_progress_reports_lists_that_grow(bodyscan_home: Path, user_exercises: Path) -> None:
    write_exercises(user_exercises, 12)
    sizes: list[int] = []
    final = fresh_library(bodyscan_home).scan(
        lambda part: sizes.append(len(part)), progress_every=0
    )
    assert sizes == sorted(sizes) and len(sizes) >= 10
    assert sizes[-1] < len(final) == 9 + 12


def test_an_unwritable_cache_only_makes_it_slower(
    bodyscan_home: Path, user_exercises: Path
) -> None:
    write_exercises(user_exercises, 2)
    (bodyscan_home / "cache").write_text("a file where the cache folder should be")
    exercises = fresh_library(bodyscan_home).scan()
    assert {"mine-000", "mine-001"} <= {e.id for e in exercises}

"""A large folder of new exercises read by a child process (for the window): the same list
as a scan here, the files really read over there, the list filling in from the index as the
child saves it, and a fall back to reading here whenever the child cannot do it."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from bodyscan import provider
from bodyscan.core import library as library_module
from bodyscan.core.context import ScriptContext
from bodyscan.core.library import Exercise, Library
from bodyscan.core.library_process import scan_in_other_process
from bodyscan.library_index import INDEX_NAME, JsonIndexFile
from tests.conftest import MINIMAL

Keys = list[tuple[str, str, str, bool]]  # id, path, title, broken: what a list says of each


def own_files(folder: Path, count: int) -> None:
    for number in range(count):
        text = MINIMAL.replace("Minimal", f"Mine {number:03}")
        (folder / f"mine-{number:03}.yaml").write_text(text)


def keys(exercises: list[Exercise]) -> Keys:
    return [(e.id, str(e.path), e.title, e.broken) for e in exercises]


def listed_here_without_index() -> Keys:
    """What a scan in this process lists (the index it leaves is taken away again)."""
    library = provider.library()
    here = keys(library.scan())
    assert isinstance(library.index, JsonIndexFile)
    library.index.path.unlink()
    return here


def refuse_reading_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on a script read in this process fails the test (the child is a new
    interpreter, which this does not reach)."""

    def refuse(path: Path, *_args: object) -> Exercise:
        raise AssertionError(f"{path} was read in the window's process")

    monkeypatch.setattr(library_module, "_read", refuse)


def test_the_child_reads_the_new_files_and_the_list_is_that_of_a_scan_here(
    user_exercises: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own_files(user_exercises, 300)
    expected = listed_here_without_index()
    refuse_reading_here(monkeypatch)
    heard: list[int] = []
    listed = scan_in_other_process(
        provider.library(), lambda part: heard.append(len(part)), save_every=0.05
    )
    assert keys(listed) == expected
    # Heard while the child saved the index as it went: growing lists, from the index alone.
    assert heard and heard == sorted(heard) and heard[-1] <= len(expected), heard
    assert keys(provider.library().known()) == expected  # and the index has them all


def test_a_broken_file_is_listed_with_its_problems_as_a_scan_here_lists_it(
    user_exercises: Path,
) -> None:
    own_files(user_exercises, 3)
    (user_exercises / "broken.yaml").write_text("title: [unclosed\nkind: grounding\n")
    expected = listed_here_without_index()
    listed = scan_in_other_process(provider.library())
    assert keys(listed) == expected
    [broken] = [e for e in listed if e.broken]
    assert broken.path.name == "broken.yaml" and broken.problems


def test_known_lists_only_what_the_index_has_and_reads_nothing(
    user_exercises: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own_files(user_exercises, 4)
    library = provider.library()
    library.scan()
    (user_exercises / "new.yaml").write_text(MINIMAL.replace("Minimal", "New one"))
    refuse_reading_here(monkeypatch)
    titles = [e.title for e in library.known()]
    assert "New one" not in titles and {f"Mine {n:03}" for n in range(4)} <= set(titles)


class _FailingIndex:
    """An index the child cannot save (sent to it like the real one, by pickle)."""

    def __init__(self, real: JsonIndexFile) -> None:
        self.real = real

    def load(self) -> dict[str, Any]:
        return self.real.load()

    def save(self, index: dict[str, Any]) -> None:
        raise RuntimeError("this index cannot be saved")


@pytest.fixture
def five_of_mine(user_exercises: Path) -> tuple[Keys, Library]:
    """Five exercises of the person's, what a scan here lists, and a library of them."""
    own_files(user_exercises, 5)
    return listed_here_without_index(), provider.library()


def test_a_child_that_fails_is_logged_and_the_files_are_read_here(
    five_of_mine: tuple[Keys, Library],
    caplog: pytest.LogCaptureFixture,
) -> None:
    expected, real = five_of_mine
    assert isinstance(real.index, JsonIndexFile)
    failing = Library(real.bundled_dir, real.user_dir, real.context, _FailingIndex(real.index))
    with caplog.at_level(logging.WARNING), pytest.raises(RuntimeError):
        # Here too the index cannot be saved: the scan here fails as the child's did, which
        # shows the child's failure did not stop this side from trying.
        scan_in_other_process(failing)
    assert "RuntimeError: this index cannot be saved" in caplog.text
    assert keys(scan_in_other_process(real)) == expected


def test_a_library_that_cannot_be_sent_is_read_here(
    five_of_mine: tuple[Keys, Library],
    caplog: pytest.LogCaptureFixture,
) -> None:
    expected, real = five_of_mine
    probe = real.context.probe
    assert probe is not None

    def probe_made_here(path: Path) -> str | None:  # a local function cannot be pickled
        return probe(path)

    context = ScriptContext(real.context.sounds, real.context.shared_audio, probe_made_here)
    unsendable = Library(real.bundled_dir, real.user_dir, context, real.index)
    with caplog.at_level(logging.INFO):
        listed = scan_in_other_process(unsendable)
    assert keys(listed) == expected
    assert "reading the exercises here" in caplog.text


def test_a_child_with_a_great_deal_to_say_does_not_stall(user_exercises: Path) -> None:
    """Its warnings go to a file: into a pipe read only at the end, 64 kB of them stopped the
    child for good (here, folders whose paths are too long to read, each a 4 kB warning)."""
    own_files(user_exercises, 20)
    deep = os.open(user_exercises, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for depth in range(16):  # one path of 16 × 244 bytes: more than the 4,096 allowed
            name = f"{depth:02}" + "d" * 241
            os.mkdir(name, dir_fd=deep)
            inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=deep)
            os.close(deep)
            deep = inner
        for number in range(25):
            os.mkdir(f"{number:02}" + "e" * 241, dir_fd=deep)
    finally:
        os.close(deep)
    expected = listed_here_without_index()
    found: list[list[Exercise]] = []
    reading = threading.Thread(
        target=lambda: found.append(scan_in_other_process(provider.library())), daemon=True
    )
    reading.start()
    reading.join(120)
    assert not reading.is_alive(), "the child stalled"
    assert keys(found[0]) == expected


def test_the_child_never_runs_code_from_the_working_folder(
    user_exercises: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own_files(user_exercises, 5)
    expected = listed_here_without_index()
    planted = tmp_path / "planted" / "bodyscan"
    planted.mkdir(parents=True)
    marker = tmp_path / "it ran"
    (planted / "__init__.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    monkeypatch.chdir(planted.parent)
    refuse_reading_here(monkeypatch)  # the real child did the reading
    assert keys(scan_in_other_process(provider.library())) == expected
    assert not marker.exists()


def test_an_index_that_cannot_be_saved_is_handed_over_not_read_twice(
    user_exercises: Path, bodyscan_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own_files(user_exercises, 40)
    expected = listed_here_without_index()
    (bodyscan_home / "cache" / INDEX_NAME).mkdir()  # where the index goes: no file fits
    refuse_reading_here(monkeypatch)
    assert keys(scan_in_other_process(provider.library())) == expected
    assert keys(provider.library().scan()) == expected  # still nothing read again here

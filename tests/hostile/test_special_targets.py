"""Writing to something that is not a file: a device, a named pipe, a folder. Renaming a
finished file over it replaced it with a regular file: as root, `journal report -o /dev/null`
turned the system's /dev/null into a PDF. The devices here are made in the test's own folder
(a copy of /dev/null's and /dev/full's numbers), never the real ones."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from bodyscan import provider
from tests.conftest import run_bodyscan
from tests.journal.months import fill_two_months
from tests.journal.realfs import contents


def _device(path: Path, minor: int) -> Path:
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _still_special(path: Path) -> bool:
    mode = os.stat(path).st_mode
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


@pytest.fixture
def filled(bodyscan_home: Path) -> Path:
    journal = provider.journal()
    fill_two_months(journal)
    journal.close()
    return bodyscan_home


@pytest.mark.parametrize("make", [lambda p: _device(p, 3), lambda p: _device(p, 7), _fifo])
def test_a_report_never_replaces_a_device_or_a_pipe(
    filled: Path, tmp_path: Path, make: object
) -> None:
    target = make(tmp_path / "null.pdf")  # type: ignore[operator]
    done = run_bodyscan(filled, "journal", "report", "--since", "2026-10-01", "-o", str(target))
    assert done.returncode == 1, done.stderr
    assert "not a regular file" in done.stderr
    assert "Traceback" not in done.stderr
    assert _still_special(target)


def test_a_pack_never_replaces_a_pipe(bodyscan_home: Path, tmp_path: Path) -> None:
    target = _fifo(tmp_path / "shared.bodyscan")
    done = run_bodyscan(bodyscan_home, "pack", "body-scan-3", "-o", str(target))
    assert done.returncode == 1, done.stderr
    assert "not a regular file" in done.stderr
    assert _still_special(target)


@pytest.mark.parametrize("name", ["t.wav", "t.mp3"])
def test_a_timer_export_never_replaces_a_device_or_a_pipe(
    bodyscan_home: Path, tmp_path: Path, name: str
) -> None:
    for target in (_fifo(tmp_path / f"pipe-{name}"), _device(tmp_path / f"null-{name}", 3)):
        done = run_bodyscan(bodyscan_home, "timer", "10", "-o", str(target))
        assert done.returncode == 1, done.stderr
        assert "not a regular file" in done.stderr
        assert _still_special(target)
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_report_into_a_folder_says_it_is_a_folder(filled: Path, tmp_path: Path) -> None:
    done = run_bodyscan(filled, "journal", "report", "-o", str(tmp_path))
    assert done.returncode in (1, 2), done.stderr
    assert "Traceback" not in done.stderr
    assert tmp_path.is_dir()


@pytest.mark.parametrize("name", ["journal.sqlite3", "journal.sqlite3-wal"])
def test_a_journal_export_never_replaces_the_journal_itself(filled: Path, name: str) -> None:
    """`bodyscan journal --format csv -o <the journal>` replaced the database with its CSV:
    the next start set the "damaged" file aside and began an empty journal."""
    journal = filled / "journal.sqlite3"
    target = filled / name
    if not target.exists():
        target.write_bytes(b"")
    before = contents(journal)
    done = run_bodyscan(filled, "journal", "--format", "csv", "-o", str(target))
    assert done.returncode == 1, done.stderr
    assert "is your journal itself" in done.stderr
    assert contents(journal) == before
    listed = run_bodyscan(filled, "journal", "--format", "json")
    assert listed.returncode == 0 and "damaged" not in listed.stderr
    assert len(json.loads(listed.stdout)["entries"]) == 9

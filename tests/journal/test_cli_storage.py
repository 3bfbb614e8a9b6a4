"""`bodyscan journal` and `bodyscan journal import` on a full disk, a read-only journal and a
locked one, as real subprocesses: reading still works, writing says what failed and what to
do, exit code 1 without a traceback, and the journal is left exactly as it was."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_bodyscan
from tests.journal.realfs import (
    as_nobody,
    contents,
    fill,
    fingerprint,
    give_to_nobody,
    lock_held,
    public_folder,
    read_only_view,
    tmpfs,
)
from tests.journal.test_import_corpus import base_document, journal_with_entries

ROWS = {"sessions": 4, "checkins": 4, "region_answers": 4, "strokes": 0, "integrity": "ok"}


def bodyscan(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_bodyscan(home, *args)


def failed_cleanly(run: subprocess.CompletedProcess[str], *expects: str) -> None:
    assert run.returncode == 1, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr and "sqlite3." not in run.stderr
    assert "something unexpected" not in run.stderr
    for expect in expects:
        assert expect in run.stderr, run.stderr


def an_export(folder: Path) -> Path:
    export = folder / "export.json"
    export.write_text(json.dumps(base_document()))
    return export


@pytest.fixture
def full_home(bodyscan_home: Path) -> Iterator[Path]:
    with tmpfs(bodyscan_home, "4m") as home:
        yield home


def test_full_disk_reading_works_and_importing_says_the_disk_is_full(
    full_home: Path, tmp_path: Path
) -> None:
    path = journal_with_entries(full_home)
    export = an_export(tmp_path)
    fill(full_home)
    before = fingerprint(full_home)["journal.sqlite3"]
    shown = bodyscan(full_home, "journal")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.count("Feet") == 4
    assert "can be read but not changed" in shown.stderr and "is full" in shown.stderr
    failed_cleanly(
        bodyscan(full_home, "journal", "import", str(export)),
        f"Could not import the journal: the disk holding {path} is full.",
        "Free some space on that disk",
    )
    assert fingerprint(full_home)["journal.sqlite3"] == before
    assert not list(full_home.glob("*.damaged-*"))
    (full_home / "filler").unlink()
    assert contents(path) == ROWS
    assert bodyscan(full_home, "journal", "import", str(export)).returncode == 0
    assert contents(path)["sessions"] == 6


def test_read_only_mount_reading_works_and_importing_says_why_not(
    bodyscan_home: Path, tmp_path: Path
) -> None:
    home = bodyscan_home
    journal_with_entries(home)
    export = an_export(tmp_path)
    before = fingerprint(home)
    with read_only_view(home, tmp_path / "view") as view:
        shown = bodyscan(view, "journal", "--format", "csv")
        assert shown.returncode == 0, shown.stderr
        assert len(shown.stdout.splitlines()) == 5
        assert "read-only or not yours to change" in shown.stderr
        failed_cleanly(
            bodyscan(view, "journal", "import", str(export)),
            f"Could not import the journal: {view / 'journal.sqlite3'} is read-only",
            "Check the permissions",
        )
    assert fingerprint(home) == before


CLI_AS_NOBODY = "import sys; from bodyscan.cli import main; sys.exit(main(sys.argv[1:]))"


def test_read_only_journal_file_for_an_unprivileged_user() -> None:
    with public_folder() as folder:
        home = folder / "home"
        home.mkdir()
        path = journal_with_entries(home)
        export = an_export(folder)
        give_to_nobody(folder)
        path.chmod(0o400)
        before = fingerprint(home)
        env = {"BODYSCAN_HOME": str(home)}
        shown = as_nobody(CLI_AS_NOBODY, "journal", env=env)
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.count("Feet") == 4 and "read-only" in shown.stderr
        failed_cleanly(
            as_nobody(CLI_AS_NOBODY, "journal", "import", str(export), env=env),
            f"Could not import the journal: {path} is read-only or not yours to change.",
        )
        assert fingerprint(home) == before


def test_locked_journal_reads_and_refuses_to_import_after_waiting(
    bodyscan_home: Path, tmp_path: Path
) -> None:
    """Waits the real ten seconds SQLite is given (twice): a lock is not damage."""
    home = bodyscan_home
    path = journal_with_entries(home)
    export = an_export(tmp_path)
    before = fingerprint(home)
    with lock_held(path):
        shown = bodyscan(home, "journal")
        assert shown.returncode == 0 and shown.stdout.count("Feet") == 4, shown.stderr
        failed_cleanly(
            bodyscan(home, "journal", "import", str(export)),
            f"Could not import the journal: {path} is in use by another program.",
        )
    with lock_held(path, "whole-file"):
        failed_cleanly(bodyscan(home, "journal"), f"Could not open the journal: {path} is in use")
    assert fingerprint(home) == before and contents(path) == ROWS
    assert not list(home.glob("*.damaged-*"))

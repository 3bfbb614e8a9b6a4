"""A full disk, a read-only file or folder and a lock held elsewhere are not damage: the
journal stays where it is, byte for byte, reads still work, and every write says what failed
and what to do. Real tmpfs, real read-only mounts, a real unprivileged user, a real lock."""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bodyscan.errors import DataError, StorageError
from bodyscan.journal import opening
from bodyscan.journal.model import CheckIn, RegionAnswer, SessionRecord
from bodyscan.journal.store import Journal
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

START = datetime(2026, 10, 5, 7, 30, tzinfo=UTC)


def session_at(day: int) -> SessionRecord:
    when = START + timedelta(days=day)
    return SessionRecord(
        "body-scan-3", "Body scan", "body-scan", when, when + timedelta(minutes=3), 180, 180,
        "completed",
    )  # fmt: skip


def checkin_for(session: SessionRecord, note: str = "steady") -> CheckIn:
    return CheckIn(session.id, "noticed", (RegionAnswer("chest", ("warm",)),), note=note)


def keep_three(path: Path) -> list[str]:
    """A journal with three sessions and check-ins, closed (so all of it is in the main file)."""
    journal = Journal.open(path)
    ids = []
    for day in range(3):
        session = session_at(day)
        journal.record_session(session)
        journal.save_checkin(checkin_for(session))
        ids.append(session.id)
    journal.close()
    return ids


@pytest.fixture
def nobodys() -> Iterator[Path]:
    with public_folder() as folder:
        yield folder


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "disk", "4m") as disk:
        yield disk


# --- full disk ----------------------------------------------------------------------------


def test_a_full_disk_at_opening_is_not_damage(small_disk: Path) -> None:
    path = small_disk / "journal.sqlite3"
    ids = keep_three(path)
    before = fingerprint(small_disk)
    filler = fill(small_disk)
    journal = Journal.open(path)
    assert journal.read_only and journal.notice is not None
    assert "the disk holding" in journal.notice and "is full" in journal.notice
    assert "moved aside" not in journal.notice
    assert [e.session.id for e in journal.entries()] == ids[::-1]  # reading works
    with pytest.raises(StorageError, match=r"Could not save the session: the disk holding .* full"):
        journal.record_session(session_at(9))
    after = fingerprint(small_disk)
    # The journal exactly as it was. SQLite's first read made its (empty) -wal and its -shm
    # before the full disk stopped it: its own bookkeeping, harmless once space is free.
    assert after.pop("journal.sqlite3") == before["journal.sqlite3"]
    assert set(after) <= {"journal.sqlite3-wal", "journal.sqlite3-shm"}
    assert (small_disk / "journal.sqlite3-wal").stat().st_size == 0
    assert not list(small_disk.glob("*.damaged-*"))
    # Space freed: the same open journal saves again (the check-in kept on screen, with the
    # session that could not be saved when it ended).
    filler.unlink()
    session = session_at(10)
    journal.save_checkin(checkin_for(session), session=session)
    assert journal.count() == 4 and not journal.read_only
    journal.close()
    assert contents(path) == {
        "sessions": 4, "checkins": 4, "region_answers": 4, "strokes": 0, "integrity": "ok",
    }  # fmt: skip


def test_the_disk_filling_while_open_fails_the_save_and_keeps_the_rest(small_disk: Path) -> None:
    path = small_disk / "journal.sqlite3"
    keep_three(path)
    journal = Journal.open(path)
    session = session_at(5)
    journal.record_session(session)
    filler = fill(small_disk)
    with pytest.raises(StorageError) as raised:
        for number in range(500):  # until the pages SQLite already had run out
            journal.save_checkin(checkin_for(session, f"{number} " + "x" * 4000))
    assert raised.value.short == f"Could not save the check-in: the disk holding {path} is full."
    assert "Free some space" in raised.value.detail
    assert "Nothing already saved was lost" in raised.value.detail
    saved = journal.entries()
    assert journal.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    filler.unlink()
    journal.save_checkin(checkin_for(session, "after freeing space"))
    journal.close()
    assert contents(path)["integrity"] == "ok"
    again = Journal.open(path)
    notes = [c.note for e in again.entries() for c in e.checkins]
    again.close()
    assert notes.count("steady") == 3 and "after freeing space" in notes
    assert len(notes) == sum(len(e.checkins) for e in saved) + 1


def test_a_new_journal_on_a_full_disk_says_so(small_disk: Path) -> None:
    fill(small_disk)
    with pytest.raises(
        StorageError, match=r"Could not start a new journal: the disk holding .* is full"
    ):
        Journal.open(small_disk / "data" / "journal.sqlite3")


# --- read-only ----------------------------------------------------------------------------


def test_a_read_only_mount_is_read_and_never_changed(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    ids = keep_three(folder / "journal.sqlite3")
    mode = stat.S_IMODE(folder.stat().st_mode)
    before = fingerprint(folder)
    with read_only_view(folder, tmp_path / "view") as view:
        journal = Journal.open(view / "journal.sqlite3")
        assert journal.read_only and journal.notice is not None
        assert "read-only" in journal.notice and "can be read but not changed" in journal.notice
        assert [e.session.id for e in journal.entries()] == ids[::-1]
        assert journal.heat_map().regions == {"chest": 3}
        for write in (
            lambda: journal.record_session(session_at(7)),
            lambda: journal.delete(ids[0]),
            journal.delete_all,
        ):
            with pytest.raises(StorageError, match="is read-only or not yours to change"):
                write()
        journal.close()
    assert fingerprint(folder) == before
    assert stat.S_IMODE(folder.stat().st_mode) == mode  # never chmodded


STORE_AS_NOBODY = """
import json, sys
from datetime import UTC, datetime
from pathlib import Path
from bodyscan.errors import BodyscanError
from bodyscan.journal.model import SessionRecord
from bodyscan.journal.store import Journal
journal = Journal.open(Path(sys.argv[1]))
report = {"read_only": journal.read_only, "notice": journal.notice, "count": journal.count()}
now = datetime.now(UTC)
try:
    journal.record_session(SessionRecord("e", "T", "grounding", now, now, 1, 1, "completed"))
    report["saved"] = True
except BodyscanError as exc:
    report["error"] = exc.short
journal.close()
print(json.dumps(report))
"""


@pytest.mark.parametrize(
    ("file_mode", "folder_mode", "named"),
    [(0o400, 0o700, "journal.sqlite3"), (0o600, 0o500, "data")],
    ids=["read-only file", "read-only folder"],
)
def test_read_only_for_an_unprivileged_user(
    nobodys: Path, file_mode: int, folder_mode: int, named: str
) -> None:
    folder = nobodys / "data"
    keep_three(folder / "journal.sqlite3")
    give_to_nobody(nobodys)
    (folder / "journal.sqlite3").chmod(file_mode)
    folder.chmod(folder_mode)
    before = fingerprint(folder)
    run = as_nobody(STORE_AS_NOBODY, str(folder / "journal.sqlite3"))
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["read_only"] and report["count"] == 3 and "saved" not in report
    assert report["error"].startswith("Could not save the session: ")
    assert report["error"].endswith(f"{named} is read-only or not yours to change.")
    assert fingerprint(folder) == before  # no -wal or -shm left behind, modes as they were
    assert stat.S_IMODE(folder.stat().st_mode) == folder_mode
    # Permissions fixed by the person: it is writable again, nothing was lost.
    (folder / "journal.sqlite3").chmod(0o600)
    folder.chmod(0o700)
    again = json.loads(as_nobody(STORE_AS_NOBODY, str(folder / "journal.sqlite3")).stdout)
    assert again == {"read_only": False, "notice": None, "count": 3, "saved": True}


# --- locks --------------------------------------------------------------------------------


def test_a_lock_held_elsewhere_is_waited_for_then_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(opening, "BUSY_TIMEOUT_MS", 300)
    path = tmp_path / "journal.sqlite3"
    ids = keep_three(path)
    before = fingerprint(tmp_path)
    with lock_held(path):
        journal = Journal.open(path)  # WAL: readers are not shut out by a writer
        assert not journal.read_only and [e.session.id for e in journal.entries()] == ids[::-1]
        with pytest.raises(StorageError, match=r"is in use by another program") as raised:
            journal.record_session(session_at(8))
        assert "Nothing already saved was lost" in raised.value.detail
        journal.close()
    with (
        lock_held(path, "whole-file"),
        pytest.raises(StorageError, match=r"Could not open the journal: .* in use"),
    ):
        Journal.open(path)
    assert not list(tmp_path.glob("*.damaged-*"))
    assert fingerprint(tmp_path) == before
    assert contents(path) == {
        "sessions": 3, "checkins": 3, "region_answers": 3, "strokes": 0, "integrity": "ok",
    }  # fmt: skip


# --- damage is still damage ---------------------------------------------------------------


def test_only_sqlite_saying_damaged_moves_a_file_aside(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)  # a header, then nonsense
    journal = Journal.open(path)
    assert journal.notice is not None and "moved aside" in journal.notice
    journal.close()
    [aside] = tmp_path.glob("journal.sqlite3.damaged-*")
    assert aside.read_bytes().startswith(b"SQLite format 3")


def test_a_journal_that_cannot_be_migrated_read_only_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    old = sqlite3.connect(folder / "journal.sqlite3")
    old.execute("CREATE TABLE sessions (id TEXT)")
    old.execute("PRAGMA user_version = 1")
    old.close()
    before = fingerprint(folder)
    with (
        read_only_view(folder, tmp_path / "view") as view,
        pytest.raises(DataError, match=r"update the journal to this version.*read-only"),
    ):
        Journal.open(view / "journal.sqlite3")
    assert fingerprint(folder) == before


def test_a_damaged_journal_that_cannot_be_moved_aside_is_left_and_named(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "journal.sqlite3").write_bytes(b"this was a journal once" * 100)
    before = fingerprint(folder)
    with (
        read_only_view(folder, tmp_path / "view") as view,
        pytest.raises(DataError) as raised,
    ):
        Journal.open(view / "journal.sqlite3")
    assert raised.value.short == (
        f"Could not open the journal: SQLite reports {view / 'journal.sqlite3'} damaged. "
        f"Could not move the damaged journal aside: {view / 'journal.sqlite3'} is read-only or "
        "not yours to change."
    )
    assert fingerprint(folder) == before

"""SQLite's quick check runs at open only when something suggests damage: a process killed
with the journal open, a file changed since the last clean close, or damage SQLite reported
while the journal was in use. Damaged files are still found and moved aside."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bodyscan.journal import opening
from bodyscan.journal.failures import is_damage
from bodyscan.journal.model import CheckIn, RegionAnswer, SessionRecord, Stroke
from bodyscan.journal.store import Journal
from tests.conftest import REPO

START = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)

# Opens the journal, saves a session, says so, and waits to be killed.
HOLDER = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from bodyscan.journal.model import SessionRecord
from bodyscan.journal.store import Journal

journal = Journal.open(Path(sys.argv[1]))
now = datetime.now(UTC)
journal.record_session(
    SessionRecord("feet-and-hands", "Feet and hands", "grounding", now, now, 60, 60, "completed")
)
print("saved", flush=True)
time.sleep(600)
"""


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each quick check run at open (the real one runs too)."""
    ran: list[str] = []
    real = opening.check

    def counted(connection: sqlite3.Connection) -> None:
        ran.append("quick_check")
        real(connection)

    monkeypatch.setattr(opening, "check", counted)
    return ran


def filled(path: Path, sessions: int = 300) -> None:
    journal = Journal.open(path)
    for day in range(sessions):
        when = START + timedelta(days=day)
        session = SessionRecord(
            "body-scan-3", "Body scan", "body-scan", when, when, 180, 180, "completed"
        )
        journal.record_session(session)
        regions = (RegionAnswer("chest", ("warm", "open")), RegionAnswer("left-hand", ("cool",)))
        stroke = Stroke("front", tuple((i / 40, i / 40) for i in range(40)))
        journal.save_checkin(CheckIn(session.id, "noticed", regions, (stroke,), created_at=when))
    journal.close()


def scribble_over_the_middle(path: Path) -> None:
    """Whole pages of the file's middle third overwritten, as a failing disk might."""
    page = 4096
    data = bytearray(path.read_bytes())
    pages = len(data) // page
    first, last = pages // 3, 2 * pages // 3
    data[first * page : last * page] = b"\xff" * ((last - first) * page)
    with path.open("r+b") as out:
        out.write(bytes(data))


def test_a_clean_close_needs_no_check_and_the_next_open_after_it_does_not_either(
    tmp_path: Path, checks: list[str]
) -> None:
    path = tmp_path / "journal.sqlite3"
    filled(path, 5)
    checks.clear()
    journal = Journal.open(path)
    assert checks == [] and journal.count() == 5 and journal.notice is None
    journal.close()
    assert Journal.open(path).count() == 5
    assert checks == []


def test_a_journal_killed_while_open_is_checked_and_kept(tmp_path: Path, checks: list[str]) -> None:
    path = tmp_path / "journal.sqlite3"
    filled(path, 5)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "saved"
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    assert holder.returncode == -signal.SIGKILL
    assert Path(f"{path}-wal").exists()  # what a real unclean close leaves
    checks.clear()
    journal = Journal.open(path)
    assert checks == ["quick_check"]
    assert journal.notice is None and journal.count() == 6  # the killed copy's save is kept
    journal.close()
    assert Journal.open(path).count() == 6
    assert checks == ["quick_check"]  # closed cleanly this time: no second check


def test_an_open_journal_leaves_no_note_of_a_clean_close(tmp_path: Path, checks: list[str]) -> None:
    """The note is taken away at open: a copy that dies with the journal open, even one that
    saved nothing and whose -wal file went away, leaves the next open to check."""
    path = tmp_path / "journal.sqlite3"
    filled(path, 3)
    journal = Journal.open(path)
    journal.db.close()  # not Journal.close(): nothing noted, as when the process dies
    Path(f"{path}-wal").unlink(missing_ok=True)
    checks.clear()
    Journal.open(path).close()
    assert checks == ["quick_check"]


def test_bytes_overwritten_after_a_clean_close_are_found_at_open(
    tmp_path: Path, checks: list[str]
) -> None:
    path = tmp_path / "journal.sqlite3"
    filled(path)
    scribble_over_the_middle(path)
    checks.clear()
    journal = Journal.open(path)
    assert checks == ["quick_check"]  # the file changed since its clean close
    assert journal.notice is not None and "moved aside" in journal.notice
    assert journal.count() == 0
    [aside] = tmp_path.glob("journal.sqlite3.damaged-*")
    assert b"\xff" * 4096 in aside.read_bytes()


def test_damage_the_file_does_not_show_is_found_at_first_use_then_moved_aside(
    tmp_path: Path, checks: list[str]
) -> None:
    """Damage that leaves the file looking as it did at its clean close (a disk's own fault):
    SQLite reports it when the page is read; the journal says so, and the next open checks
    and moves the file aside."""
    path = tmp_path / "journal.sqlite3"
    filled(path)
    scribble_over_the_middle(path)
    opening.record_clean_close(path)  # the damaged file now matches the note
    checks.clear()
    journal = Journal.open(path)
    assert checks == [] and journal.notice is None
    with pytest.raises(sqlite3.DatabaseError) as raised:
        journal.entries()
        journal.heat_map()
        journal.trend("chest")
    assert is_damage(raised.value) and journal.damage_seen
    journal.close()
    reopened = Journal.open(path)
    assert checks == ["quick_check"]
    assert reopened.notice is not None and "moved aside" in reopened.notice
    assert reopened.count() == 0 and list(tmp_path.glob("journal.sqlite3.damaged-*"))


def test_a_replaced_file_is_checked(tmp_path: Path, checks: list[str]) -> None:
    """A copy put in place of the journal (a restored backup) is another file: checked."""
    path = tmp_path / "journal.sqlite3"
    filled(path, 4)
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(path.read_bytes())
    os.replace(copy, path)
    checks.clear()
    assert Journal.open(path).count() == 4
    assert checks == ["quick_check"]

"""What continuing a stopped session needs from the journal, on real SQLite files: schema
version 4 (migrated from version 3 with every row kept), one entry that grows, and only the
latest stopped session of an exercise offered."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bodyscan.journal.migrations import LATEST, migrate
from bodyscan.journal.model import CheckIn, SessionRecord
from bodyscan.journal.rows import insert_checkin, insert_session
from bodyscan.journal.store import Journal
from bodyscan.journal.transfer import from_document, to_document

START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def stopped(
    exercise: str = "body-scan-12", minutes: int = 0, step: int | None = 7
) -> SessionRecord:
    when = START + timedelta(minutes=minutes)
    return SessionRecord(
        exercise,
        "Body scan",
        "body-scan",
        when,
        when + timedelta(minutes=5),
        720,
        300,
        "stopped",
        {"minutes": 12.0, "ambient": "pink-noise", "bell": True, "left_out": []},
        resume_step=step,
    )


def test_a_version_3_journal_is_migrated_keeping_every_row(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    migrate(old, path, upto=3)
    session = replace(stopped(), resume_step=None)
    old.execute("BEGIN")
    insert_session(old, session)
    insert_checkin(old, CheckIn(session.id, "nothing", created_at=START))
    old.execute("COMMIT")
    before = old.execute("SELECT * FROM sessions").fetchall()
    old.close()

    journal = Journal.open(path)
    assert journal.db.execute("PRAGMA user_version").fetchone()[0] == LATEST == 4
    assert journal.backup is not None and journal.backup.name == "journal.sqlite3.v3.backup"
    backup = sqlite3.connect(journal.backup)
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 3
    backup.close()
    after = journal.db.execute("SELECT * FROM sessions").fetchall()
    assert [row[:-2] for row in after] == before and after[0][-2:] == (None, "{}")
    [entry] = journal.entries()
    assert entry.session == session and len(entry.checkins) == 1
    assert journal.to_continue() is None  # an old stopped session has no place to go back to
    journal.close()


def test_a_continued_session_grows_its_own_entry(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "journal.sqlite3")
    first = stopped()
    journal.record_session(first)
    assert journal.to_continue() == first
    assert journal.to_continue("body-scan-12") == first
    assert journal.to_continue("box-breathing") is None
    grown = replace(
        first,
        ended_at=START + timedelta(hours=2),
        played_seconds=700,
        ending="completed",
        resume_step=None,
    )
    journal.record_session(grown)
    [entry] = journal.entries()
    assert entry.session == grown
    assert entry.session.started_at == START  # still the day it began
    assert journal.to_continue() is None
    journal.close()
    reopened = Journal.open(tmp_path / "journal.sqlite3")
    assert reopened.count() == 1 and reopened.entries()[0].session.played_seconds == 700


def test_beginning_an_exercise_afresh_leaves_only_that_session_to_continue(
    tmp_path: Path,
) -> None:
    journal = Journal.open(tmp_path / "journal.sqlite3")
    older = stopped(step=3)
    other = stopped("box-breathing", minutes=10, step=2)
    journal.record_session(older)
    journal.record_session(other)
    assert journal.to_continue() == other  # the most recent of any exercise
    assert journal.to_continue("body-scan-12") == older
    fresh = replace(stopped(minutes=20, step=None), ending="completed", played_seconds=720)
    journal.record_session(fresh)
    assert journal.to_continue("body-scan-12") is None
    assert journal.to_continue() == other
    assert journal.count() == 3


def test_a_continued_session_saved_with_its_checkin_grows_the_entry(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "journal.sqlite3")
    first = stopped()
    journal.record_session(first)
    grown = replace(first, played_seconds=650, resume_step=None, ending="completed")
    journal.save_checkin(CheckIn(first.id, "nothing"), session=grown)
    [entry] = journal.entries()
    assert entry.session == grown and len(entry.checkins) == 1


def test_undoing_a_deletion_keeps_the_place_to_continue(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "journal.sqlite3")
    first = stopped()
    journal.record_session(first)
    removed = journal.delete(first.id)
    assert removed is not None and journal.to_continue() is None
    journal.restore(removed)
    assert journal.to_continue() == first


def test_a_journal_export_with_a_session_to_continue_imports_elsewhere(tmp_path: Path) -> None:
    """What continuing needs stays on this machine: the export is the entries as they are
    shown, and it imports (a second time: nothing doubled)."""
    journal = Journal.open(tmp_path / "journal.sqlite3")
    first = replace(stopped(), resume_choices={"choices": {"minutes": {"fraction": "7/3"}}})
    journal.record_session(first)
    assert journal.to_continue() == first
    document = to_document(journal.entries())
    elsewhere = Journal.open(tmp_path / "elsewhere.sqlite3")
    entries = from_document(json.loads(json.dumps(document)))
    assert elsewhere.import_entries(entries) == (1, 0)
    assert elsewhere.import_entries(entries) == (0, 1)
    [entry] = elsewhere.entries()
    assert entry.session == replace(first, resume_step=None, resume_choices={})
    assert elsewhere.to_continue() is None

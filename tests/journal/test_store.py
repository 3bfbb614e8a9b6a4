"""The journal on real SQLite files: round trips, privacy, damage, migrations, undo."""

from __future__ import annotations

import json
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bodyscan.errors import DataError
from bodyscan.journal.migrations import LATEST, migrate
from bodyscan.journal.model import CheckIn, Entry, RegionAnswer, SessionRecord, Stroke, to_text
from bodyscan.journal.store import Journal
from bodyscan.journal.transfer import from_document, to_csv, to_document

START = datetime(2026, 10, 5, 7, 30, tzinfo=UTC)


def session_at(when: datetime, ending: str = "completed") -> SessionRecord:
    return SessionRecord(
        exercise_id="body-scan-3",
        title="Body scan, 3 minutes",
        kind="body-scan",
        started_at=when,
        ended_at=when + timedelta(minutes=3),
        planned_seconds=180.0,
        played_seconds=180.0 if ending == "completed" else 71.5,
        ending=ending,
        options={"minutes": None, "left_out": ["belly"]},
    )


def full_checkin(session: SessionRecord) -> CheckIn:
    return CheckIn(
        session_id=session.id,
        answer="noticed",
        regions=(
            RegionAnswer("left-hand", ("warm", "tingling"), "", "clear", "pleasant"),
            RegionAnswer("chest", ("tight", "other"), "like a held breath", "faint", None),
            RegionAnswer("unplaced"),
        ),
        strokes=(Stroke("front", ((0.1, 0.2), (0.15, 0.25))), Stroke("back", ((0.5, 0.5),))),
        connection_before=3,
        connection_after=5,
        how_was_that="about-right",
        note="Calmer than I expected.",
        created_at=session.ended_at + timedelta(seconds=20),
    )


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal.open(tmp_path / "data" / "journal.sqlite3")


def test_a_checkin_comes_back_exactly(journal: Journal) -> None:
    session = session_at(START)
    checkin = full_checkin(session)
    journal.record_session(session)
    journal.save_checkin(checkin)
    assert journal.entries() == [Entry(session, (checkin,))]


def test_partial_sessions_and_plain_answers_are_kept_as_data(journal: Journal) -> None:
    for day, answer in enumerate(["nothing", "numb", "not-sure", "prefer-not"]):
        session = session_at(START + timedelta(days=day), ending="stopped")
        journal.record_session(session)
        journal.save_checkin(CheckIn(session.id, answer, created_at=session.ended_at))
    heat = journal.heat_map()
    assert heat.checkins == 4
    assert heat.answers == {"nothing": 1, "numb": 1, "not-sure": 1, "prefer-not": 1}
    assert heat.regions == {}
    assert [e.session.ending for e in journal.entries()] == ["stopped"] * 4


def test_heat_map_and_trend_over_a_date_range(journal: Journal) -> None:
    for week in range(4):
        session = session_at(START + timedelta(weeks=week))
        journal.record_session(session)
        regions = (RegionAnswer("chest", ("warm",)),) if week % 2 == 0 else ()
        answer = "noticed" if regions else "nothing"
        journal.save_checkin(CheckIn(session.id, answer, regions, created_at=session.ended_at))
    heat = journal.heat_map(since=START, until=START + timedelta(weeks=2))
    assert heat.checkins == 2
    assert heat.regions == {"chest": 1}
    assert heat.qualities["chest"]["warm"] == 1
    assert heat.share("chest") == 0.5
    trend = journal.trend("chest")
    assert [(marked, total) for _week, total, marked in trend] == [(1, 1), (0, 1), (1, 1), (0, 1)]
    assert trend[0][0] == "2026-10-05"  # weeks start on Monday


def test_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "journal.sqlite3"
    journal = Journal.open(path)
    journal.record_session(session_at(START))
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for name in ("journal.sqlite3", "journal.sqlite3-wal", "journal.sqlite3-shm"):
        assert stat.S_IMODE((path.parent / name).stat().st_mode) == 0o600, name


def test_a_damaged_file_is_moved_aside_and_a_new_journal_starts(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(b"this was a journal once" * 100)
    journal = Journal.open(path)
    assert journal.notice is not None and "moved aside" in journal.notice
    damaged = list(tmp_path.glob("journal.sqlite3.damaged-*"))
    assert len(damaged) == 1 and damaged[0].read_bytes() == b"this was a journal once" * 100
    journal.record_session(session_at(START))
    assert journal.count() == 1


def test_a_database_with_a_damaged_page_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = Journal.open(path)
    for day in range(300):
        journal.record_session(session_at(START + timedelta(days=day)))
    journal.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    journal.close()
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 3 * page + 200] = b"\xff" * 200  # scribble over a b-tree page
    path.write_bytes(bytes(data))
    reopened = Journal.open(path)
    assert reopened.notice is not None
    assert reopened.count() == 0
    assert list(tmp_path.glob("journal.sqlite3.damaged-*"))


def make_version_1(path: Path) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    migrate(connection, path, upto=1)
    connection.execute(
        "INSERT INTO sessions VALUES ('s1', 'body-scan-3', 'Body scan', 'body-scan', "
        f"'{to_text(START)}', '{to_text(START + timedelta(minutes=3))}', 180, 180, "
        "'completed', '{}')"
    )
    connection.execute(
        f"INSERT INTO checkins VALUES ('c1', 's1', '{to_text(START)}', 'noticed', 2, 6, 'ok')"
    )
    connection.execute(
        "INSERT INTO region_answers VALUES ('c1', 0, 'chest', '[\"warm\"]', '', 'clear', NULL)"
    )
    connection.close()


def test_upgrading_from_every_earlier_schema_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    make_version_1(path)
    journal = Journal.open(path)
    assert journal.db.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert journal.backup is not None and journal.backup.name == "journal.sqlite3.v1.backup"
    old = sqlite3.connect(journal.backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT COUNT(*) FROM checkins").fetchone()[0] == 1
    old.close()
    [entry] = journal.entries()
    [checkin] = entry.checkins
    assert checkin.regions == (RegionAnswer("chest", ("warm",), "", "clear", None),)
    assert (checkin.connection_before, checkin.connection_after, checkin.note) == (2, 6, "ok")
    assert checkin.how_was_that is None and checkin.strokes == ()
    assert journal.heat_map(since=START - timedelta(days=1)).regions == {"chest": 1}


def test_a_journal_from_a_newer_version_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {LATEST + 1}")
    connection.close()
    with pytest.raises(DataError, match="newer bodyscan"):
        Journal.open(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == LATEST + 1


def test_delete_with_undo_and_delete_all(journal: Journal) -> None:
    sessions = [session_at(START + timedelta(days=d)) for d in range(3)]
    for session in sessions:
        journal.record_session(session)
        journal.save_checkin(full_checkin(session))
    before = journal.entries()
    removed = journal.delete(sessions[1].id)
    assert removed is not None and journal.count() == 2
    journal.restore(removed)
    assert journal.entries() == before
    journal.delete_all()
    assert journal.count() == 0 and journal.heat_map().checkins == 0


def test_json_export_imports_exactly_and_only_once(journal: Journal, tmp_path: Path) -> None:
    for day in range(5):
        session = session_at(START + timedelta(days=day), "completed" if day % 2 else "stopped")
        journal.record_session(session)
        if day != 3:
            journal.save_checkin(full_checkin(session))
    document = json.loads(json.dumps(to_document(journal.entries())))
    other = Journal.open(tmp_path / "other" / "journal.sqlite3")
    assert other.import_entries(from_document(document)) == (5, 0)
    assert other.entries() == journal.entries()
    assert other.import_entries(from_document(document)) == (0, 5)
    assert other.entries() == journal.entries()


def test_csv_has_one_row_per_region_answer(journal: Journal) -> None:
    first, second = session_at(START), session_at(START + timedelta(days=1))
    journal.record_session(first)
    journal.save_checkin(full_checkin(first))
    journal.record_session(second)
    journal.save_checkin(CheckIn(second.id, "numb"))
    rows = to_csv(journal.entries()).splitlines()
    assert len(rows) == 1 + 3 + 1  # header, three region answers, one "numb" row
    assert rows[0].startswith("session_id,exercise,title")
    assert any(",numb," in row for row in rows)
    assert any("left-hand,warm;tingling,,clear,pleasant" in row for row in rows)


def test_an_export_that_is_not_one_is_refused() -> None:
    with pytest.raises(DataError, match="not a bodyscan journal export"):
        from_document({"entries": []})
    with pytest.raises(
        DataError,
        match=r'entry 1 \(id 0f.*\), check-in 1 \(id 1f.*region must be a region id, not "tail"',
    ):
        from_document(
            {
                "format": "bodyscan-journal",
                "version": 1,
                "entries": [
                    {
                        "session": {
                            "id": "0f0e0d0c-0b0a-4908-8706-050403020100",
                            "exercise_id": "e",
                            "title": "t",
                            "kind": "grounding",
                            "started_at": to_text(START),
                            "ended_at": to_text(START),
                            "planned_seconds": 1,
                            "played_seconds": 1,
                            "ending": "stopped",
                            "options": {},
                        },
                        "checkins": [
                            {
                                "id": "1f0e0d0c-0b0a-4908-8706-050403020100",
                                "created_at": to_text(START),
                                "answer": "noticed",
                                "connection_before": None,
                                "connection_after": None,
                                "how_was_that": None,
                                "note": "",
                                "regions": [
                                    {
                                        "region": "tail",
                                        "qualities": [],
                                        "other": "",
                                        "strength": None,
                                        "tone": None,
                                    }
                                ],
                                "strokes": [],
                            }
                        ],
                    }
                ],
            }
        )

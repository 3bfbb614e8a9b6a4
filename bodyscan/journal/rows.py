"""Entries to rows and back: the SQL that writes a session or a check-in, and reads them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from bodyscan.journal.model import (
    CheckIn,
    Entry,
    RegionAnswer,
    SessionRecord,
    Stroke,
    from_text,
    to_text,
)


def insert_session(db: sqlite3.Connection, session: SessionRecord) -> None:
    db.execute(
        "INSERT INTO sessions (id, exercise_id, title, kind, started_at, ended_at, "
        "planned_seconds, played_seconds, ending, options) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            session.id,
            session.exercise_id,
            session.title,
            session.kind,
            to_text(session.started_at),
            to_text(session.ended_at),
            session.planned_seconds,
            session.played_seconds,
            session.ending,
            json.dumps(session.options, sort_keys=True),
        ),
    )


def keep_session(db: sqlite3.Connection, session: SessionRecord) -> None:
    """Save a session as it is now: a new one, or one continued (the same entry, grown).
    A session begun afresh leaves nothing of that exercise to continue but itself."""
    if db.execute("SELECT 1 FROM sessions WHERE id = ?", (session.id,)).fetchone() is None:
        insert_session(db, session)
    else:
        db.execute(
            "UPDATE sessions SET ended_at = ?, planned_seconds = ?, played_seconds = ?, "
            "ending = ?, options = ? WHERE id = ?",
            (
                to_text(session.ended_at),
                session.planned_seconds,
                session.played_seconds,
                session.ending,
                json.dumps(session.options, sort_keys=True),
                session.id,
            ),
        )
    db.execute(
        "UPDATE sessions SET resume_step = NULL "
        "WHERE exercise_id = ? AND id <> ? AND resume_step IS NOT NULL",
        (session.exercise_id, session.id),
    )
    keep_resume_step(db, session)


def keep_resume_step(db: sqlite3.Connection, session: SessionRecord) -> None:
    db.execute(
        "UPDATE sessions SET resume_step = ?, resume_choices = ? WHERE id = ?",
        (session.resume_step, json.dumps(session.resume_choices, sort_keys=True), session.id),
    )


def insert_checkin(db: sqlite3.Connection, checkin: CheckIn) -> None:
    created = to_text(checkin.created_at)
    db.execute(
        "INSERT INTO checkins (id, session_id, created_at, answer, connection_before, "
        "connection_after, how_was_that, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            checkin.id,
            checkin.session_id,
            created,
            checkin.answer,
            checkin.connection_before,
            checkin.connection_after,
            checkin.how_was_that,
            checkin.note,
        ),
    )
    db.executemany(
        "INSERT INTO region_answers (checkin_id, position, region, qualities, other, strength, "
        "tone, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                checkin.id,
                position,
                answer.region,
                json.dumps(list(answer.qualities)),
                answer.other,
                answer.strength,
                answer.tone,
                created,
            )
            for position, answer in enumerate(checkin.regions)
        ],
    )
    db.executemany(
        "INSERT INTO strokes (checkin_id, position, side, points) VALUES (?, ?, ?, ?)",
        [
            (checkin.id, position, stroke.side, json.dumps([list(p) for p in stroke.points]))
            for position, stroke in enumerate(checkin.strokes)
        ],
    )


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def read_sessions(
    db: sqlite3.Connection, clause: str, params: tuple[object, ...]
) -> list[SessionRecord]:
    rows = db.execute(
        "SELECT id, exercise_id, title, kind, started_at, ended_at, planned_seconds, "
        "played_seconds, ending, options, resume_step, resume_choices "
        f"FROM sessions {clause}",
        params,
    ).fetchall()
    return [
        SessionRecord(
            exercise_id=row[1],
            title=row[2],
            kind=row[3],
            started_at=from_text(row[4]),
            ended_at=from_text(row[5]),
            planned_seconds=row[6],
            played_seconds=row[7],
            ending=row[8],
            options=json.loads(row[9]),
            id=row[0],
            resume_step=row[10],
            resume_choices=json.loads(row[11]),
        )
        for row in rows
    ]


def with_checkins(db: sqlite3.Connection, sessions: list[SessionRecord]) -> list[Entry]:
    if not sessions:
        return []
    by_session: dict[str, list[CheckIn]] = {s.id: [] for s in sessions}
    rows = list(
        _rows_for(
            db,
            "id, session_id, created_at, answer, connection_before, connection_after, "
            "how_was_that, note",
            "checkins",
            "session_id",
            list(by_session),
            order="created_at",
        )
    )
    checkin_ids = [row[0] for row in rows]
    regions = _region_answers(db, checkin_ids)
    strokes = _strokes(db, checkin_ids)
    for row in rows:
        by_session[row[1]].append(
            CheckIn(
                session_id=row[1],
                answer=row[3],
                regions=tuple(regions.get(row[0], ())),
                strokes=tuple(strokes.get(row[0], ())),
                connection_before=row[4],
                connection_after=row[5],
                how_was_that=row[6],
                note=row[7],
                created_at=from_text(row[2]),
                id=row[0],
            )
        )
    return [Entry(s, tuple(by_session[s.id])) for s in sessions]


def _rows_for(
    db: sqlite3.Connection, columns: str, table: str, key: str, ids: list[str], *, order: str
) -> Iterator[tuple[Any, ...]]:
    """Rows of a table whose `key` is one of `ids`, asked in chunks SQLite accepts."""
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        yield from db.execute(
            f"SELECT {columns} FROM {table} WHERE {key} IN ({marks}) ORDER BY {order}", chunk
        )


def _region_answers(
    db: sqlite3.Connection, checkin_ids: list[str]
) -> dict[str, list[RegionAnswer]]:
    found: dict[str, list[RegionAnswer]] = {}
    for row in _rows_for(
        db,
        "checkin_id, region, qualities, other, strength, tone",
        "region_answers",
        "checkin_id",
        checkin_ids,
        order="checkin_id, position",
    ):
        found.setdefault(row[0], []).append(
            RegionAnswer(row[1], tuple(json.loads(row[2])), row[3], row[4], row[5])
        )
    return found


def _strokes(db: sqlite3.Connection, checkin_ids: list[str]) -> dict[str, list[Stroke]]:
    found: dict[str, list[Stroke]] = {}
    for row in _rows_for(
        db,
        "checkin_id, side, points",
        "strokes",
        "checkin_id",
        checkin_ids,
        order="checkin_id, position",
    ):
        points = tuple((float(x), float(y)) for x, y in json.loads(row[2]))
        found.setdefault(row[0], []).append(Stroke(row[1], points))
    return found

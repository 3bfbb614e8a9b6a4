"""The journal file: SQLite in WAL mode, one transaction per save, readable by the user only.

Opening checks the file: one that is not a database or fails SQLite's quick check is moved
aside (never deleted), the user is told through `notice`, and a new journal starts. Writes use
`BEGIN IMMEDIATE` with a busy timeout, so two running copies of the app take turns instead of
failing; `synchronous=FULL` makes a save that has returned survive a crash or power cut.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bodyscan.errors import DataError
from bodyscan.journal.migrations import migrate
from bodyscan.journal.model import (
    CheckIn,
    Entry,
    RegionAnswer,
    SessionRecord,
    Stroke,
    from_text,
    now,
    to_text,
)

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class HeatMap:
    """How often each place was marked in a date range, and with which qualities."""

    checkins: int
    regions: dict[str, int]
    qualities: dict[str, Counter[str]]
    answers: dict[str, int]  # whole-check-in answers: noticed, nothing, numb, ... all data

    def share(self, region: str) -> float:
        """The part of check-ins that marked this region (0..1)."""
        return self.regions.get(region, 0) / self.checkins if self.checkins else 0.0


class Journal:
    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.db = connection
        self.path = path
        self.notice: str | None = None  # something the user should hear about, once
        self.backup: Path | None = None  # the copy made before the last migration

    # --- opening --------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Journal:
        _private_folder(path.parent)
        notice = None
        try:
            connection = _connect(path)
        except sqlite3.DatabaseError as exc:
            moved = _move_aside(path)
            log.warning("journal %s is damaged (%s); moved to %s", path, exc, moved)
            notice = (
                f"Your journal file could not be read, so it was moved aside to {moved.name} "
                "(nothing was deleted) and a new journal was started. The old file may still "
                "be recoverable with SQLite's `.recover` command."
            )
            connection = _connect(path)
        except OSError as exc:
            raise DataError(
                f"could not open the journal at {path}",
                f"{exc.strerror or exc}. Check that the folder exists and is yours.",
            ) from exc
        journal = cls(connection, path)
        journal.notice = notice
        try:
            journal.backup = migrate(connection, path)
        except sqlite3.Error as exc:
            connection.close()
            raise _data_error(exc, "update the journal") from exc
        return journal

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("PRAGMA optimize")
        self.db.close()

    # --- writing --------------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self, doing: str) -> Iterator[sqlite3.Connection]:
        try:
            self.db.execute("BEGIN IMMEDIATE")
            yield self.db
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise _data_error(exc, doing) from exc

    def record_session(self, session: SessionRecord) -> None:
        """Keep a session (finished or not) as soon as it ends."""
        with self._write("save the session") as db:
            _insert_session(db, session)

    def save_checkin(self, checkin: CheckIn) -> None:
        """Save one check-in whole, or not at all."""
        with self._write("save the check-in") as db:
            _insert_checkin(db, checkin)

    def delete(self, session_id: str) -> Entry | None:
        """Remove a session and its check-ins; returns them so the deletion can be undone."""
        entry = self.entry(session_id)
        if entry is None:
            return None
        with self._write("delete the entry") as db:
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        return entry

    def restore(self, entry: Entry) -> None:
        """Undo a deletion: the entry comes back exactly as it was."""
        with self._write("restore the entry") as db:
            _insert_session(db, entry.session)
            for checkin in entry.checkins:
                _insert_checkin(db, checkin)

    def delete_all(self) -> None:
        with self._write("delete the journal") as db:
            db.execute("DELETE FROM sessions")
        # Make the deleted entries really gone from the file, not only unlinked.
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("VACUUM")
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def import_entries(self, entries: list[Entry]) -> tuple[int, int]:
        """Add entries not already present (by id). Returns (added, already there)."""
        added = skipped = 0
        with self._write("import the journal") as db:
            for entry in entries:
                if db.execute(
                    "SELECT 1 FROM sessions WHERE id = ?", (entry.session.id,)
                ).fetchone():
                    skipped += 1
                    known = {
                        row[0]
                        for row in db.execute(
                            "SELECT id FROM checkins WHERE session_id = ?", (entry.session.id,)
                        )
                    }
                    for checkin in entry.checkins:
                        if checkin.id not in known:
                            _insert_checkin(db, checkin)
                    continue
                _insert_session(db, entry.session)
                for checkin in entry.checkins:
                    _insert_checkin(db, checkin)
                added += 1
        return added, skipped

    # --- reading --------------------------------------------------------------------------

    def last_how_was_that(self) -> str | None:
        """The most recent answer to "how was that", for the gentle follow-up."""
        row = self.db.execute(
            "SELECT how_was_that FROM checkins WHERE how_was_that IS NOT NULL "
            "ORDER BY created_at DESC LIMIT 1"
        ).fetchone()
        return None if row is None else str(row[0])

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0])

    def entry(self, session_id: str) -> Entry | None:
        rows = self._sessions("WHERE id = ?", (session_id,))
        return self._with_checkins(rows)[0] if rows else None

    def entries(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Entry]:
        """Sessions newest first, each with its check-ins."""
        where, params = _range("started_at", since, until)
        page = " LIMIT ? OFFSET ?" if limit is not None else ""
        if limit is not None:
            params += (limit, offset)
        rows = self._sessions(f"{where} ORDER BY started_at DESC{page}", params)
        return self._with_checkins(rows)

    def heat_map(self, since: datetime | None = None, until: datetime | None = None) -> HeatMap:
        where, params = _range("created_at", since, until)
        checkins = int(
            self.db.execute(f"SELECT COUNT(*) FROM checkins {where}", params).fetchone()[0]
        )
        answers = dict(
            self.db.execute(
                f"SELECT answer, COUNT(*) FROM checkins {where} GROUP BY answer", params
            ).fetchall()
        )
        # A region marked twice in one check-in (a list entry and a click) counts once.
        regions = dict(
            self.db.execute(
                "SELECT region, COUNT(DISTINCT checkin_id) FROM region_answers "
                f"{where} GROUP BY region",
                params,
            ).fetchall()
        )
        qualities: dict[str, Counter[str]] = {}
        for region, quality, times in self.db.execute(
            "SELECT region, q.value, COUNT(*) FROM region_answers, json_each(qualities) AS q "
            f"{where} GROUP BY region, q.value",
            params,
        ):
            qualities.setdefault(region, Counter())[quality] = times
        return HeatMap(checkins, regions, qualities, answers)

    def trend(
        self, region: str, since: datetime | None = None, until: datetime | None = None
    ) -> list[tuple[str, int, int]]:
        """Per week (Monday's date): check-ins, and how many of them marked the region."""
        where, params = _range("created_at", since, until)
        week = "date(created_at, 'weekday 0', '-6 days')"
        totals = dict(
            self.db.execute(
                f"SELECT {week} AS w, COUNT(*) FROM checkins {where} GROUP BY w", params
            ).fetchall()
        )
        marked = dict(
            self.db.execute(
                f"SELECT {week} AS w, COUNT(DISTINCT checkin_id) FROM region_answers "
                f"{where}{' AND' if where else ' WHERE'} region = ? GROUP BY w",
                (*params, region),
            ).fetchall()
        )
        return [(w, totals[w], marked.get(w, 0)) for w in sorted(totals)]

    def _sessions(self, clause: str, params: tuple[object, ...]) -> list[SessionRecord]:
        rows = self.db.execute(
            "SELECT id, exercise_id, title, kind, started_at, ended_at, planned_seconds, "
            f"played_seconds, ending, options FROM sessions {clause}",
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
            )
            for row in rows
        ]

    def _with_checkins(self, sessions: list[SessionRecord]) -> list[Entry]:
        if not sessions:
            return []
        by_session: dict[str, list[CheckIn]] = {s.id: [] for s in sessions}
        rows = list(
            self._rows_for(
                "id, session_id, created_at, answer, connection_before, connection_after, "
                "how_was_that, note",
                "checkins",
                "session_id",
                list(by_session),
                "created_at",
            )
        )
        checkin_ids = [row[0] for row in rows]
        regions = self._region_answers(checkin_ids)
        strokes = self._strokes(checkin_ids)
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
        self, columns: str, table: str, key: str, ids: list[str], order: str
    ) -> Iterator[tuple[Any, ...]]:
        """Rows of a table whose `key` is one of `ids`, asked in chunks SQLite accepts."""
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            yield from self.db.execute(
                f"SELECT {columns} FROM {table} WHERE {key} IN ({marks}) ORDER BY {order}", chunk
            )

    def _region_answers(self, checkin_ids: list[str]) -> dict[str, list[RegionAnswer]]:
        found: dict[str, list[RegionAnswer]] = {}
        for row in self._rows_for(
            "checkin_id, region, qualities, other, strength, tone",
            "region_answers",
            "checkin_id",
            checkin_ids,
            "checkin_id, position",
        ):
            found.setdefault(row[0], []).append(
                RegionAnswer(row[1], tuple(json.loads(row[2])), row[3], row[4], row[5])
            )
        return found

    def _strokes(self, checkin_ids: list[str]) -> dict[str, list[Stroke]]:
        found: dict[str, list[Stroke]] = {}
        for row in self._rows_for(
            "checkin_id, side, points", "strokes", "checkin_id", checkin_ids, "checkin_id, position"
        ):
            points = tuple((float(x), float(y)) for x, y in json.loads(row[2]))
            found.setdefault(row[0], []).append(Stroke(row[1], points))
        return found


# --- helpers ------------------------------------------------------------------------------


def _private_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder.chmod(0o700)
    except OSError as exc:
        raise DataError(
            f"could not create the data folder {folder}", str(exc.strerror or exc)
        ) from exc


def _connect(path: Path) -> sqlite3.Connection:
    # Create the file readable by its owner only before SQLite opens it; SQLite gives the WAL
    # and shared-memory files the same permissions.
    descriptor = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(descriptor)
    path.chmod(0o600)
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
        _check(connection)
    except sqlite3.Error:
        connection.close()
        raise
    return connection


def _check(connection: sqlite3.Connection) -> None:
    result = connection.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise sqlite3.DatabaseError(f"quick_check: {result}")


def _move_aside(path: Path) -> Path:
    stamp = now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{target}{suffix}"))
    return target


def _data_error(exc: sqlite3.Error, doing: str) -> DataError:
    text = str(exc)
    if "disk is full" in text or "database or disk is full" in text:
        return DataError(
            f"could not {doing}: the disk is full",
            "Free some space and try again. Nothing already in your journal was changed.",
        )
    if "locked" in text or "busy" in text:
        return DataError(
            f"could not {doing}: the journal is busy",
            "Another copy of bodyscan is writing to it. Try again in a moment.",
        )
    if "readonly" in text or "read-only" in text:
        return DataError(
            f"could not {doing}: the journal is read-only",
            "Check that the data folder and journal.sqlite3 belong to you.",
        )
    return DataError(f"could not {doing}", f"SQLite said: {text}")


def _range(
    column: str, since: datetime | None, until: datetime | None
) -> tuple[str, tuple[object, ...]]:
    clauses: list[str] = []
    params: list[object] = []
    if since is not None:
        clauses.append(f"{column} >= ?")
        params.append(to_text(since))
    if until is not None:
        clauses.append(f"{column} < ?")
        params.append(to_text(until))
    return (f"WHERE {' AND '.join(clauses)}" if clauses else "", tuple(params))


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert_session(db: sqlite3.Connection, session: SessionRecord) -> None:
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


def _insert_checkin(db: sqlite3.Connection, checkin: CheckIn) -> None:
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

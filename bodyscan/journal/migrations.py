"""The journal's schema, as numbered steps (`PRAGMA user_version` says which have run).

A database at an earlier version is copied aside (with SQLite's online backup, so the copy is
consistent) before it is changed; each step runs in one transaction, so a crash mid-migration
leaves the old version intact. Never edit a released step: add a new one.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path

log = logging.getLogger(__name__)

MIGRATIONS: tuple[str, ...] = (
    # 1: sessions, check-ins and their region answers.
    """
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        exercise_id TEXT NOT NULL,
        title TEXT NOT NULL,
        kind TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        planned_seconds REAL NOT NULL,
        played_seconds REAL NOT NULL,
        ending TEXT NOT NULL,
        options TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX sessions_by_start ON sessions (started_at);
    CREATE TABLE checkins (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        answer TEXT NOT NULL,
        connection_before INTEGER,
        connection_after INTEGER,
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX checkins_by_session ON checkins (session_id);
    CREATE TABLE region_answers (
        checkin_id TEXT NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        region TEXT NOT NULL,
        qualities TEXT NOT NULL DEFAULT '[]',
        other TEXT NOT NULL DEFAULT '',
        strength TEXT,
        tone TEXT,
        PRIMARY KEY (checkin_id, position)
    );
    """,
    # 2: raw painted strokes, the "how was that" answer, and the time of each check-in copied
    # beside its region answers so a heat map over a date range needs no join.
    """
    CREATE TABLE strokes (
        checkin_id TEXT NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        side TEXT NOT NULL,
        points TEXT NOT NULL,
        PRIMARY KEY (checkin_id, position)
    );
    ALTER TABLE checkins ADD COLUMN how_was_that TEXT;
    ALTER TABLE region_answers ADD COLUMN created_at TEXT NOT NULL DEFAULT '';
    UPDATE region_answers SET created_at =
        (SELECT created_at FROM checkins WHERE checkins.id = region_answers.checkin_id);
    CREATE INDEX region_answers_by_time ON region_answers (created_at, region);
    CREATE INDEX checkins_by_time ON checkins (created_at);
    """,
    # 3: the heat map counted in SQL from small covering indexes, so a range of 100,000
    # sessions needs neither JSON parsing nor sorting rows. `marked_regions` counts, per moment,
    # the check-ins that marked a place (a place marked twice in one check-in counts once);
    # `marked_qualities` counts each word of each region answer. Triggers keep both in step
    # with `region_answers`, which stays the record (a check-in's deletion reaches them through
    # the cascade). Counts rather than rows keep the file small: no check-in ids are repeated.
    # The tables, ordered by time, serve a date range; the indexes by place serve everything.
    """
    DROP INDEX checkins_by_time;
    CREATE INDEX checkins_by_time ON checkins (created_at, answer);
    CREATE INDEX checkins_by_answer ON checkins (answer, created_at);
    CREATE TABLE marked_regions (
        created_at TEXT NOT NULL,
        region TEXT NOT NULL,
        times INTEGER NOT NULL,
        PRIMARY KEY (created_at, region)
    ) WITHOUT ROWID;
    CREATE INDEX marked_regions_by_region ON marked_regions (region, created_at, times);
    CREATE TABLE marked_qualities (
        created_at TEXT NOT NULL,
        region TEXT NOT NULL,
        quality TEXT NOT NULL,
        times INTEGER NOT NULL,
        PRIMARY KEY (created_at, region, quality)
    ) WITHOUT ROWID;
    CREATE INDEX marked_qualities_by_region
        ON marked_qualities (region, quality, created_at, times);
    CREATE TRIGGER region_answers_marked AFTER INSERT ON region_answers BEGIN
        INSERT INTO marked_regions (created_at, region, times)
            SELECT NEW.created_at, NEW.region, 1
            WHERE NOT EXISTS (
                SELECT 1 FROM region_answers
                WHERE checkin_id = NEW.checkin_id AND region = NEW.region
                    AND position <> NEW.position)
            ON CONFLICT (created_at, region) DO UPDATE SET times = times + 1;
        INSERT INTO marked_qualities (created_at, region, quality, times)
            SELECT NEW.created_at, NEW.region, q.value, 1 FROM json_each(NEW.qualities) AS q
            WHERE true
            ON CONFLICT (created_at, region, quality) DO UPDATE SET times = times + 1;
    END;
    CREATE TRIGGER region_answers_unmarked AFTER DELETE ON region_answers BEGIN
        UPDATE marked_regions SET times = times - 1
            WHERE created_at = OLD.created_at AND region = OLD.region
                AND NOT EXISTS (
                    SELECT 1 FROM region_answers
                    WHERE checkin_id = OLD.checkin_id AND region = OLD.region);
        UPDATE marked_qualities SET times = times - (
                SELECT COUNT(*) FROM json_each(OLD.qualities) AS q
                WHERE q.value = marked_qualities.quality)
            WHERE created_at = OLD.created_at AND region = OLD.region
                AND quality IN (SELECT value FROM json_each(OLD.qualities));
        DELETE FROM marked_regions
            WHERE created_at = OLD.created_at AND region = OLD.region AND times <= 0;
        DELETE FROM marked_qualities
            WHERE created_at = OLD.created_at AND region = OLD.region AND times <= 0;
    END;
    INSERT INTO marked_regions (created_at, region, times)
        SELECT created_at, region, COUNT(DISTINCT checkin_id) FROM region_answers
        GROUP BY created_at, region;
    INSERT INTO marked_qualities (created_at, region, quality, times)
        SELECT r.created_at, r.region, q.value, COUNT(*)
        FROM region_answers AS r, json_each(r.qualities) AS q
        GROUP BY r.created_at, r.region, q.value;
    DROP INDEX region_answers_by_time;
    """,
    # 4: continuing a stopped session. `resume_step` is the step of the instruction it was
    # stopped in (the 0-based index into the exercise's steps); NULL when there is nothing to
    # continue: it finished, was shorter than two minutes, or the exercise was begun afresh.
    # `resume_choices` (JSON) holds the choices and voice to continue with. Neither is part
    # of a journal export: continuing belongs to this machine's voice and exercises.
    """
    ALTER TABLE sessions ADD COLUMN resume_step INTEGER;
    ALTER TABLE sessions ADD COLUMN resume_choices TEXT NOT NULL DEFAULT '{}';
    CREATE INDEX sessions_to_continue ON sessions (exercise_id, ended_at)
        WHERE resume_step IS NOT NULL;
    """,
)
LATEST = len(MIGRATIONS)


def version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: sqlite3.Connection, path: Path, upto: int = LATEST) -> Path | None:
    """Bring the database to version `upto`. Returns the backup made first, if one was needed."""
    current = version(connection)
    if current > LATEST:
        from bodyscan.errors import DataError  # noqa: PLC0415

        raise DataError(
            "the journal was written by a newer bodyscan",
            f"{path} has schema version {current}; this version knows up to {LATEST}. "
            "Update bodyscan to open it (nothing was changed).",
        )
    if current >= upto:
        return None
    backup = None
    if current > 0:
        backup = path.with_name(f"{path.name}.v{current}.backup")
        _copy(connection, backup)
        log.info("journal backed up to %s before migrating", backup)
    for number in range(current + 1, upto + 1):
        # executescript() commits first; the explicit transaction keeps each step whole.
        try:
            connection.executescript(
                f"BEGIN IMMEDIATE;\n{MIGRATIONS[number - 1]}\n"
                f"PRAGMA user_version = {number};\nCOMMIT;"
            )
        except sqlite3.Error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        log.info("journal migrated to version %d", number)
    return backup


def _copy(connection: sqlite3.Connection, backup: Path) -> None:
    """A consistent copy, private from the start; a half-made one (full disk) is removed."""
    try:
        os.close(os.open(backup, os.O_CREAT | os.O_WRONLY | os.O_CLOEXEC, 0o600))
        with contextlib.closing(sqlite3.connect(backup)) as copy:
            connection.backup(copy)
    except (OSError, sqlite3.Error):
        with contextlib.suppress(OSError):
            backup.unlink(missing_ok=True)
        raise

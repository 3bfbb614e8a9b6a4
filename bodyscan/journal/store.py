"""The journal file: SQLite in WAL mode, one transaction per save, readable by the user only.

Opening (`opening.py`) moves a file aside only when SQLite reports it damaged; a full disk, a
read-only file or a lock leaves it untouched and says so, and a journal that cannot be written
still opens for reading. Writes use `BEGIN IMMEDIATE` with a busy timeout, so two running
copies of the app take turns instead of failing; `synchronous=FULL` makes a save that has
returned survive a crash or power cut. Every failed write raises a DataError (a StorageError
for disks, permissions and locks) that says what failed and what to do.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from bodyscan.errors import DataError, storage_error
from bodyscan.journal.failures import is_damage, journal_error
from bodyscan.journal.model import CheckIn, Entry, SessionRecord, to_text
from bodyscan.journal.opening import (
    CannotWrite,
    Opened,
    open_journal,
    open_writable,
    record_clean_close,
    why_not_writable,
)
from bodyscan.journal.rows import insert_checkin, insert_session, read_sessions, with_checkins

log = logging.getLogger(__name__)
T = TypeVar("T")


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
    def __init__(self, opened: Opened, path: Path) -> None:
        self.db = opened.connection
        self.path = path
        self.notice = opened.notice  # something the user should hear about, once
        self.backup = opened.backup  # the copy made before the last migration
        self.cannot_write = opened.cannot_write  # set while the journal is open read-only
        self.damage_seen = False  # SQLite reported damage in use: check at the next open
        self.closed = False

    @classmethod
    def open(cls, path: Path) -> Journal:
        return cls(open_journal(path), path)

    @property
    def read_only(self) -> bool:
        return self.cannot_write is not None

    @property
    def notice_title(self) -> str:
        return "your journal can only be read" if self.read_only else "your journal was damaged"

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if not self.read_only:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("PRAGMA optimize")
        try:
            self.db.close()
        except sqlite3.Error as exc:
            log.warning("could not close the journal %s: %s", self.path, exc)
            return
        if not self.read_only and not self.damage_seen:
            record_clean_close(self.path)

    @contextlib.contextmanager
    def _noting_damage(self) -> Iterator[None]:
        """SQLite may find damage the open did not check for (it skips the quick check after a
        clean close): the next open then checks, and moves the file aside if it is damaged."""
        try:
            yield
        except sqlite3.Error as failure:
            if is_damage(failure):
                log.warning("SQLite reports the journal %s damaged: %s", self.path, failure)
                self.damage_seen = True
            raise

    # --- writing --------------------------------------------------------------------------

    def _reopen_for_writing(self, doing: str) -> None:
        """A journal opened read-only tries again before each write: the disk may have been
        freed or the permissions fixed since (the person keeps their check-in on screen)."""
        if self.cannot_write is None:
            return
        reason = why_not_writable(self.path)
        if reason is None:
            try:
                opened = open_writable(self.path)
            except CannotWrite as still:
                reason = still.reason
            else:
                self.db.close()
                self.db, self.cannot_write = opened.connection, None
                log.info("journal %s can be written again", self.path)
                return
        self.cannot_write = reason
        raise storage_error(doing, reason.filename or self.path, reason)

    @contextlib.contextmanager
    def _write(self, doing: str) -> Iterator[sqlite3.Connection]:
        self._reopen_for_writing(doing)
        try:
            with self._noting_damage():
                self.db.execute("BEGIN IMMEDIATE")
                yield self.db
                self.db.execute("COMMIT")
        except BaseException as failure:
            if self.db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.db.execute("ROLLBACK")
            if isinstance(failure, sqlite3.Error):
                log.warning("could not %s in %s: %s", doing, self.path, failure)
                raise journal_error(doing, self.path, failure) from failure
            raise

    def record_session(self, session: SessionRecord) -> None:
        """Keep a session (finished or not) as soon as it ends."""
        with self._write("save the session") as db:
            insert_session(db, session)

    def save_checkin(self, checkin: CheckIn, session: SessionRecord | None = None) -> None:
        """Save one check-in whole, or not at all; with its session when that could not be
        saved when it ended (a full disk then, freed since)."""
        with self._write("save the check-in") as db:
            if session is not None and not _has_session(db, session.id):
                insert_session(db, session)
            insert_checkin(db, checkin)

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
            insert_session(db, entry.session)
            for checkin in entry.checkins:
                insert_checkin(db, checkin)

    def delete_all(self) -> None:
        with self._write("delete the journal") as db:
            # The heat map's counts first, whole: the triggers then have nothing to uncount
            # for each region answer the cascade removes (half the time at 100,000 sessions).
            db.execute("DELETE FROM marked_regions")
            db.execute("DELETE FROM marked_qualities")
            db.execute("DELETE FROM sessions")
        # Make the deleted entries really gone from the file, not only unlinked.
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("VACUUM")
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def import_entries(self, entries: list[Entry]) -> tuple[int, int]:
        """Add entries not already present (by id), all in one transaction: nothing is
        written unless all of them can be. Returns (added, already there). The entries come
        checked (`importing.py`); a check-in id already used by another session is refused."""
        added = skipped = 0
        with self._write("import the journal") as db:
            for number, entry in enumerate(entries, start=1):
                _refuse_foreign_checkins(db, entry, number)
                if _has_session(db, entry.session.id):
                    skipped += 1
                    known = {
                        row[0]
                        for row in db.execute(
                            "SELECT id FROM checkins WHERE session_id = ?", (entry.session.id,)
                        )
                    }
                    for checkin in entry.checkins:
                        if checkin.id not in known:
                            insert_checkin(db, checkin)
                    continue
                insert_session(db, entry.session)
                for checkin in entry.checkins:
                    insert_checkin(db, checkin)
                added += 1
        return added, skipped

    # --- reading --------------------------------------------------------------------------

    def read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        """Run a read-only query (`queries.py`) on the open journal, noting damage."""
        with self._noting_damage():
            return query(self.db)

    def last_how_was_that(self) -> str | None:
        """The most recent answer to "how was that", for the gentle follow-up."""
        with self._noting_damage():
            row = self.db.execute(
                "SELECT how_was_that FROM checkins WHERE how_was_that IS NOT NULL "
                "ORDER BY created_at DESC LIMIT 1"
            ).fetchone()
        return None if row is None else str(row[0])

    def count(self) -> int:
        with self._noting_damage():
            return int(self.db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0])

    def entry(self, session_id: str) -> Entry | None:
        with self._noting_damage():
            rows = read_sessions(self.db, "WHERE id = ?", (session_id,))
            return with_checkins(self.db, rows)[0] if rows else None

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
        with self._noting_damage():
            rows = read_sessions(self.db, f"{where} ORDER BY started_at DESC{page}", params)
            return with_checkins(self.db, rows)

    def heat_map(self, since: datetime | None = None, until: datetime | None = None) -> HeatMap:
        """Counted by SQL over covering indexes (schema version 3): a few hundred rows come
        back whatever the range, and no row is parsed in Python."""
        with self._noting_damage():
            return self._heat_map(since, until)

    def _heat_map(self, since: datetime | None, until: datetime | None) -> HeatMap:
        where, params = _range("created_at", since, until)
        by = "time" if where else "answer"
        answers = dict(
            self.db.execute(
                f"SELECT answer, COUNT(*) FROM checkins INDEXED BY checkins_by_{by} {where} "
                "GROUP BY answer",
                params,
            ).fetchall()
        )
        # A range reads the tables by their primary key, in time order; everything reads the
        # indexes by place, in the order of its groups. Named, because SQLite's planner would
        # rather scan a whole index by place (ordered for GROUP BY) than search a short range.
        regions = dict(
            self.db.execute(
                f"SELECT region, SUM(times) FROM marked_regions {_by('marked_regions', where)} "
                f"{where} GROUP BY region",
                params,
            ).fetchall()
        )
        qualities: dict[str, Counter[str]] = {}
        for region, quality, times in self.db.execute(
            "SELECT region, quality, SUM(times) FROM marked_qualities "
            f"{_by('marked_qualities', where)} {where} GROUP BY region, quality",
            params,
        ):
            qualities.setdefault(region, Counter())[quality] = times
        return HeatMap(sum(answers.values()), regions, qualities, answers)

    def trend(
        self, region: str, since: datetime | None = None, until: datetime | None = None
    ) -> list[tuple[str, int, int]]:
        """Per week (Monday's date): check-ins, and how many of them marked the region."""
        with self._noting_damage():
            return self._trend(region, since, until)

    def _trend(
        self, region: str, since: datetime | None, until: datetime | None
    ) -> list[tuple[str, int, int]]:
        where, params = _range("created_at", since, until)
        week = "date(created_at, 'weekday 0', '-6 days')"
        totals = dict(
            self.db.execute(
                f"SELECT {week} AS w, COUNT(*) FROM checkins {where} GROUP BY w", params
            ).fetchall()
        )
        marked = dict(
            self.db.execute(
                f"SELECT {week} AS w, SUM(times) FROM marked_regions "
                "INDEXED BY marked_regions_by_region WHERE region = ?"
                f"{where.replace('WHERE', ' AND')} GROUP BY w",
                (region, *params),
            ).fetchall()
        )
        return [(w, totals[w], marked.get(w, 0)) for w in sorted(totals)]


# --- helpers ------------------------------------------------------------------------------


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


def _by(table: str, where: str) -> str:
    """The index a heat-map query reads: the primary key (SQLite names it
    sqlite_autoindex_<table>_1 in a table without rowids) for a range, by place otherwise."""
    return f"INDEXED BY {f'sqlite_autoindex_{table}_1' if where else f'{table}_by_region'}"


def _has_session(db: sqlite3.Connection, session_id: str) -> bool:
    return db.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is not None


def _refuse_foreign_checkins(db: sqlite3.Connection, entry: Entry, number: int) -> None:
    for checkin in entry.checkins:
        row = db.execute("SELECT session_id FROM checkins WHERE id = ?", (checkin.id,)).fetchone()
        if row is not None and row[0] != entry.session.id:
            raise DataError(
                f"entry {number} (id {entry.session.id}): check-in {checkin.id} is already in "
                f"your journal under another session ({row[0]})",
                "Nothing was imported. The file was changed after it was exported.",
            )

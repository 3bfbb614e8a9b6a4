"""The SQL behind the journal's insights: small counts over a time range, read through the
indexes (a year of 100,000 sessions is a few thousand rows, and only counts come back).

Every function takes the open connection and a range as sortable UTC text (see
`model.to_text`): `since` inclusive, `until` exclusive. Days are the person's local days.
"""

from __future__ import annotations

import sqlite3


def practice_by_day(db: sqlite3.Connection, since: str, until: str) -> list[tuple[str, int, float]]:
    """Per local day (YYYY-MM-DD): sessions started, and the seconds played in them."""
    rows = db.execute(
        "SELECT date(substr(started_at, 1, 19), 'localtime') AS day, COUNT(*), "
        "SUM(played_seconds) FROM sessions INDEXED BY sessions_by_start "
        "WHERE started_at >= ? AND started_at < ? GROUP BY day",
        (since, until),
    ).fetchall()
    return [(str(day), int(count), _seconds(played)) for day, count, played in rows]


def answers_by_day(db: sqlite3.Connection, since: str, until: str) -> list[tuple[str, str, int]]:
    """Per local day: how many check-ins gave each whole-check-in answer."""
    rows = db.execute(
        "SELECT date(substr(created_at, 1, 19), 'localtime') AS day, answer, COUNT(*) "
        "FROM checkins INDEXED BY checkins_by_time "
        "WHERE created_at >= ? AND created_at < ? GROUP BY day, answer",
        (since, until),
    ).fetchall()
    return [(str(day), str(answer), int(count)) for day, answer, count in rows]


def region_by_day(
    db: sqlite3.Connection, region: str, since: str, until: str
) -> list[tuple[str, int]]:
    """Per local day: how many check-ins marked this place."""
    rows = db.execute(
        "SELECT date(substr(created_at, 1, 19), 'localtime') AS day, SUM(times) "
        "FROM marked_regions INDEXED BY marked_regions_by_region "
        "WHERE region = ? AND created_at >= ? AND created_at < ? GROUP BY day",
        (region, since, until),
    ).fetchall()
    return [(str(day), int(count)) for day, count in rows]


def marks_and_answers(
    db: sqlite3.Connection, since: str, until: str
) -> tuple[dict[str, int], dict[str, int]]:
    """The heat map's counts without the words per place (the period before needs no more):
    check-ins that marked each place, and the whole-check-in answers. The same tables and
    indexes as `Journal.heat_map` for a range."""
    regions = dict(
        db.execute(
            "SELECT region, SUM(times) FROM marked_regions "
            "INDEXED BY sqlite_autoindex_marked_regions_1 "
            "WHERE created_at >= ? AND created_at < ? GROUP BY region",
            (since, until),
        ).fetchall()
    )
    answers = dict(
        db.execute(
            "SELECT answer, COUNT(*) FROM checkins INDEXED BY checkins_by_time "
            "WHERE created_at >= ? AND created_at < ? GROUP BY answer",
            (since, until),
        ).fetchall()
    )
    return regions, answers


def connection(
    db: sqlite3.Connection, since: str, until: str
) -> tuple[float | None, int, float | None, int]:
    """Connection to the body (0..10) when it was asked: mean and count, before and after."""
    row = db.execute(
        "SELECT AVG(connection_before), COUNT(connection_before), "
        "AVG(connection_after), COUNT(connection_after) FROM checkins "
        "INDEXED BY checkins_by_time WHERE created_at >= ? AND created_at < ?",
        (since, until),
    ).fetchone()
    return (row[0], int(row[1]), row[2], int(row[3]))


def how_was_that(db: sqlite3.Connection, since: str, until: str) -> dict[str, int]:
    """Answers to "how was that", counted."""
    rows = db.execute(
        "SELECT how_was_that, COUNT(*) FROM checkins INDEXED BY checkins_by_time "
        "WHERE created_at >= ? AND created_at < ? AND how_was_that IS NOT NULL "
        "GROUP BY how_was_that",
        (since, until),
    ).fetchall()
    return {str(answer): int(count) for answer, count in rows}


def marked_before(db: sqlite3.Connection, regions: list[str], moment: str) -> set[str]:
    """Which of these places were ever marked before `moment` (one index probe each)."""
    found = set()
    for region in regions:
        row = db.execute(
            "SELECT 1 FROM marked_regions INDEXED BY marked_regions_by_region "
            "WHERE region = ? AND created_at < ? LIMIT 1",
            (region, moment),
        ).fetchone()
        if row is not None:
            found.add(region)
    return found


def notes(db: sqlite3.Connection, since: str, until: str) -> list[tuple[str, str, str]]:
    """The notes written with check-ins, oldest first: (time, exercise title, note)."""
    rows = db.execute(
        "SELECT c.created_at, s.title, c.note FROM checkins AS c "
        "INDEXED BY checkins_by_time JOIN sessions AS s ON s.id = c.session_id "
        "WHERE c.created_at >= ? AND c.created_at < ? AND c.note <> '' ORDER BY c.created_at",
        (since, until),
    ).fetchall()
    return [(str(when), str(title), str(note)) for when, title, note in rows]


def _seconds(value: object) -> float:
    """A sum of seconds; an Infinity or NaN an older import let through counts as nothing."""
    number = float(value) if isinstance(value, int | float) else 0.0
    return number if 0 <= number < 1e12 else 0.0

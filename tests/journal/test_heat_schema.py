"""Schema version 3: the heat map counted from `marked_regions` and `marked_qualities`.

A version-2 journal is migrated with every row kept, and the heat map and trend read from the
new tables agree with what version 2 counted from `region_answers` (its own queries, run on
the version-2 file). Saving, deleting, undoing and importing keep the new tables in step.
"""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bodyscan.core.regions import QUALITIES, REGION_IDS
from bodyscan.journal.migrations import LATEST, migrate
from bodyscan.journal.model import CheckIn, RegionAnswer, SessionRecord, Stroke, to_text
from bodyscan.journal.rows import insert_checkin, insert_session
from bodyscan.journal.store import HeatMap, Journal

START = datetime(2025, 3, 2, 8, 15, tzinfo=UTC)
V2_TABLES = ("sessions", "checkins", "region_answers", "strokes")


def some_entries(count: int, chance: random.Random) -> list[tuple[SessionRecord, CheckIn]]:
    """Sessions a day apart with check-ins of every kind; some mark a place twice (a list
    entry and a click), which the heat map counts once."""
    made = []
    for day in range(count):
        when = START + timedelta(days=day, minutes=chance.randint(0, 600))
        session = SessionRecord(
            "body-scan-3", "Body scan", "body-scan", when, when, 180, 170, "completed"
        )
        answer = chance.choice(["noticed", "noticed", "noticed", "nothing", "numb"])
        regions: tuple[RegionAnswer, ...] = ()
        if answer == "noticed":
            places = chance.sample(REGION_IDS, chance.randint(1, 4))
            if day % 5 == 0:
                places.append(places[0])
            regions = tuple(
                RegionAnswer(place, tuple(chance.sample(QUALITIES[:-1], chance.randint(0, 3))))
                for place in places
            )
        strokes = (Stroke("front", ((0.1, 0.2), (0.3, 0.4))),) if day % 3 == 0 else ()
        made.append((session, CheckIn(session.id, answer, regions, strokes, created_at=when)))
    return made


def version_2_journal(path: Path, entries: list[tuple[SessionRecord, CheckIn]]) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    migrate(connection, path, upto=2)
    connection.execute("BEGIN")
    for session, checkin in entries:
        insert_session(connection, session)
        insert_checkin(connection, checkin)
    connection.execute("COMMIT")
    connection.close()


def version_2_heat_map(db: sqlite3.Connection, since: datetime | None) -> HeatMap:
    """What schema version 2 counted (its queries, unchanged)."""
    where, params = ("WHERE created_at >= ?", (to_text(since),)) if since else ("", ())
    checkins = db.execute(f"SELECT COUNT(*) FROM checkins {where}", params).fetchone()[0]
    answers = dict(
        db.execute(f"SELECT answer, COUNT(*) FROM checkins {where} GROUP BY answer", params)
    )
    regions = dict(
        db.execute(
            "SELECT region, COUNT(DISTINCT checkin_id) FROM region_answers "
            f"{where} GROUP BY region",
            params,
        )
    )
    qualities: dict[str, Counter[str]] = {}
    for region, quality, times in db.execute(
        "SELECT region, q.value, COUNT(*) FROM region_answers, json_each(qualities) AS q "
        f"{where} GROUP BY region, q.value",
        params,
    ):
        qualities.setdefault(region, Counter())[quality] = times
    return HeatMap(checkins, regions, qualities, answers)


def row_counts(db: sqlite3.Connection) -> dict[str, int]:
    return {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in V2_TABLES}


def test_upgrading_from_version_2_keeps_every_row_and_every_count(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    entries = some_entries(120, random.Random(3))
    version_2_journal(path, entries)
    old = sqlite3.connect(path)
    counts = row_counts(old)
    rows = {t: sorted(old.execute(f"SELECT * FROM {t}").fetchall()) for t in V2_TABLES}
    since = START + timedelta(days=60)
    expected = {None: version_2_heat_map(old, None), since: version_2_heat_map(old, since)}
    old.close()
    assert counts["region_answers"] > counts["checkins"] // 2  # the fill marked places

    journal = Journal.open(path)
    assert journal.db.execute("PRAGMA user_version").fetchone()[0] == LATEST >= 3
    assert journal.backup is not None and journal.backup.name == "journal.sqlite3.v2.backup"
    assert row_counts(journal.db) == counts
    for table in V2_TABLES:
        # Later versions may add columns (4: resume_step); the version-2 columns are kept.
        width = len(rows[table][0]) if rows[table] else 0
        now_rows = journal.db.execute(f"SELECT * FROM {table}").fetchall()
        assert sorted(row[:width] for row in now_rows) == rows[table]
    for start, heat in expected.items():
        assert journal.heat_map(since=start) == heat
    assert sorted(e.session.id for e in journal.entries()) == sorted(s.id for s, _ in entries)
    assert {c.id: c for e in journal.entries() for c in e.checkins} == {
        checkin.id: checkin for _, checkin in entries
    }
    marked = Counter(
        region for _, checkin in entries for region in {answer.region for answer in checkin.regions}
    )
    assert journal.heat_map().regions == dict(marked)
    weeks = journal.trend(REGION_IDS[0])
    assert sum(total for _, total, _ in weeks) == len(entries)
    assert sum(m for _, _, m in weeks) == marked[REGION_IDS[0]]


def test_saving_deleting_undoing_and_importing_keep_the_counts_in_step(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "journal.sqlite3")
    entries = some_entries(40, random.Random(11))
    for session, checkin in entries:
        journal.record_session(session)
        journal.save_checkin(checkin)
    everything = journal.heat_map()
    reference = version_2_heat_map(journal.db, None)
    assert everything == reference and everything.checkins == 40

    session, checkin = next((s, c) for s, c in entries if len(c.regions) >= 2)
    removed = journal.delete(session.id)
    assert removed is not None
    assert journal.heat_map() == version_2_heat_map(journal.db, None) != everything
    at = to_text(checkin.created_at)  # the only check-in at that moment
    for table in ("marked_regions", "marked_qualities"):
        assert journal.db.execute(
            f"SELECT COUNT(*) FROM {table} WHERE created_at = ?", (at,)
        ).fetchone() == (0,)
    journal.restore(removed)
    assert journal.heat_map() == everything

    exported = journal.entries()
    journal.delete_all()
    assert journal.heat_map() == HeatMap(0, {}, {}, {})
    assert journal.db.execute("SELECT COUNT(*) FROM marked_qualities").fetchone()[0] == 0
    assert journal.import_entries(exported) == (40, 0)
    assert journal.heat_map() == everything
    journal.close()


def test_the_heat_map_queries_use_their_covering_indexes(tmp_path: Path) -> None:
    """No table lookups and no per-row JSON: every heat-map query reads one covering index, or
    the primary key of a table without rowids (the table is its own index)."""
    journal = Journal.open(tmp_path / "journal.sqlite3")
    plans: list[str] = []
    original = journal.db

    class Explaining:
        def execute(self, sql: str, params: tuple[object, ...] = ()) -> sqlite3.Cursor:
            if sql.lstrip().startswith("SELECT"):
                plans.extend(
                    row[3] for row in original.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                )
            return original.execute(sql, params)

    journal.db = Explaining()  # type: ignore[assignment]
    journal.heat_map()
    everything = [plan for plan in plans if plan.startswith(("SCAN", "SEARCH"))]
    plans.clear()
    journal.heat_map(since=START)
    a_range = [plan for plan in plans if plan.startswith(("SCAN", "SEARCH"))]
    journal.db = original
    assert len(everything) == len(a_range) == 3, (everything, a_range)
    assert all(p.startswith("SCAN") and "USING COVERING INDEX" in p for p in everything)
    # A range searches (never scans) an index or a table's own primary key, from its start.
    assert all(p.startswith("SEARCH") and "(created_at>?)" in p for p in a_range), a_range
    assert all("COVERING INDEX" in p or "PRIMARY KEY" in p for p in a_range), a_range
    assert not any("json_each" in plan for plan in plans)
    journal.close()


def test_check_ins_at_the_same_moment_are_counted_and_uncounted_each(tmp_path: Path) -> None:
    """Counts per moment: two check-ins made at the same microsecond (one imported from another
    computer), a place marked twice in one of them, a word given twice; deleting either one
    leaves exactly the other's counts."""
    journal = Journal.open(tmp_path / "journal.sqlite3")
    first = SessionRecord("a", "A", "grounding", START, START, 60, 60, "completed")
    second = SessionRecord("b", "B", "grounding", START, START, 60, 60, "completed")
    twice = (
        RegionAnswer("chest", ("warm", "warm")),
        RegionAnswer("chest", ("tight",)),
        RegionAnswer("lower-belly", ()),
    )
    once = (RegionAnswer("chest", ("warm",)), RegionAnswer("throat", ("tight",)))
    for session, regions in ((first, twice), (second, once)):
        journal.record_session(session)
        journal.save_checkin(CheckIn(session.id, "noticed", regions, created_at=START))
    heat = journal.heat_map()
    assert heat == version_2_heat_map(journal.db, None)
    assert heat.regions == {"chest": 2, "lower-belly": 1, "throat": 1}
    assert heat.qualities["chest"] == Counter({"warm": 3, "tight": 1})
    for session in (first, second):
        removed = journal.delete(session.id)
        assert removed is not None
        assert journal.heat_map() == version_2_heat_map(journal.db, None)
        assert journal.trend("chest") == [("2025-02-24", 1, 1)]
        journal.restore(removed)
        assert journal.heat_map() == heat
    journal.close()

"""Journal figures with 10,000 sessions: opening the history, a one-year heat map, saving.

Run: .venv/bin/python bench/bench_journal.py
The journal is a real SQLite file (WAL, synchronous=FULL) on this machine's disk. "Opening the
history" is what the journal page does: the first page of entries with their check-ins and the
heat map for its default range; the heat map figure is a whole year. Medians of repeats.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bodyscan.core.regions import QUALITIES, REGION_IDS
from bodyscan.journal.model import CheckIn, RegionAnswer, SessionRecord, Stroke, now
from bodyscan.journal.store import Journal
from bodyscan.ui.history_page import PAGE

SESSIONS = 10_000


def fill(journal: Journal, chance: random.Random) -> None:
    start = now() - timedelta(days=3 * 365)
    journal.db.execute("BEGIN")  # one transaction for the set-up only
    from bodyscan.journal.store import _insert_checkin, _insert_session  # noqa: PLC0415

    for number in range(SESSIONS):
        when = start + timedelta(minutes=157 * number)
        session = SessionRecord(
            "body-scan-12", "Body scan, 12 minutes", "body-scan", when, when, 720, 700, "completed"
        )
        _insert_session(journal.db, session)
        answer = chance.choice(["noticed"] * 6 + ["nothing", "numb", "not-sure", "prefer-not"])
        regions = ()
        if answer == "noticed":
            regions = tuple(
                RegionAnswer(region, tuple(chance.sample(QUALITIES[:-1], 2)), "", "clear")
                for region in chance.sample(REGION_IDS, chance.randint(1, 5))
            )
        _insert_checkin(journal.db, CheckIn(session.id, answer, regions, created_at=when))
    journal.db.execute("COMMIT")


def timed(action: object, repeats: int = 9) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.sqlite3"
        journal = Journal.open(path)
        fill(journal, random.Random(7))
        journal.close()
        journal = Journal.open(path)
        month = now() - timedelta(days=28)
        year = now() - timedelta(days=365)
        opening = timed(lambda: (journal.entries(limit=PAGE), journal.heat_map(since=month)))
        heat = timed(lambda: journal.heat_map(since=year))
        trend = timed(lambda: journal.trend("chest", since=year))
        session = SessionRecord("x", "X", "grounding", now(), now(), 60, 60, "completed")
        journal.record_session(session)
        stroke = Stroke("front", tuple((i / 100, i / 100) for i in range(100)))

        def save() -> None:
            journal.save_checkin(
                CheckIn(
                    session.id,
                    "noticed",
                    tuple(RegionAnswer(r, ("warm", "open"), "", "clear") for r in REGION_IDS[:5]),
                    (stroke,),
                    note="a note",
                )
            )

        saving = timed(save, repeats=51)
        open_again = timed(lambda: Journal.open(path).close(), repeats=5)
        print(f"journal with {journal.count()} sessions, {path.stat().st_size / 1e6:.1f} MB")
        print(f"open the history (first {PAGE} entries + 4-week heat map): {opening * 1000:.1f} ms")
        print(f"one-year heat map: {heat * 1000:.1f} ms")
        print(f"one-year weekly trend for a place: {trend * 1000:.1f} ms")
        print(f"save a check-in (5 places, a stroke): {saving * 1000:.1f} ms")
        print(f"open the journal file (checks and migrations): {open_again * 1000:.1f} ms")


if __name__ == "__main__":
    main()

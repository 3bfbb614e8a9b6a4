"""Journal figures at a given size: what the journal page asks for in each of its ranges,
opening the file, saving a check-in.

Run: .venv/bin/python bench/bench_journal.py --sessions 100000
The journal is a real SQLite file (WAL, synchronous=FULL) on this machine's disk, filled with
one session every 157 minutes (most with a check-in of one to five places) up to now. For each
range of the journal page (bodyscan/ui/history_page.py) it times what the page asks for: the
first page of entries with their check-ins, the next page ("Older…") and the heat map. Opening
is timed after a clean close and after an unclean one (the process ended without closing).
Medians of repeats.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from bodyscan.core.regions import QUALITIES, REGION_IDS
from bodyscan.journal.model import CheckIn, RegionAnswer, SessionRecord, Stroke, now
from bodyscan.journal.rows import insert_checkin, insert_session
from bodyscan.journal.store import Journal
from bodyscan.ui.history_page import PAGE, RANGES

MINUTES_APART = 157


def fill(journal: Journal, sessions: int, chance: random.Random) -> None:
    """`sessions` sessions, the last one a minute ago: the fill ends now, never in the future."""
    last = now() - timedelta(minutes=1)
    journal.db.execute("BEGIN")  # one transaction for the set-up only
    for number in range(sessions):
        when = last - timedelta(minutes=MINUTES_APART * (sessions - 1 - number))
        session = SessionRecord(
            "body-scan-12", "Body scan, 12 minutes", "body-scan", when, when, 720, 700, "completed"
        )
        insert_session(journal.db, session)
        answer = chance.choice(["noticed"] * 6 + ["nothing", "numb", "not-sure", "prefer-not"])
        regions: tuple[RegionAnswer, ...] = ()
        if answer == "noticed":
            regions = tuple(
                RegionAnswer(region, tuple(chance.sample(QUALITIES[:-1], 2)), "", "clear")
                for region in chance.sample(REGION_IDS, chance.randint(1, 5))
            )
        insert_checkin(journal.db, CheckIn(session.id, answer, regions, created_at=when))
    journal.db.execute("COMMIT")


def timed(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def ranges() -> list[tuple[str, datetime | None, datetime | None]]:
    """The page's ranges, as it computes them; "between two dates" as a year two years ago."""
    found: list[tuple[str, datetime | None, datetime | None]] = []
    for label, days in RANGES:
        if days == -1:
            found.append((label, now() - timedelta(days=3 * 365), now() - timedelta(days=2 * 365)))
        else:
            found.append((label, None if days is None else now() - timedelta(days=days), None))
    return found


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--folder", type=Path, help="where to make the journal (default: /tmp)")
    args = parser.parse_args()
    repeats: int = args.repeats
    with tempfile.TemporaryDirectory(dir=args.folder) as folder:
        path = Path(folder) / "journal.sqlite3"
        journal = Journal.open(path)
        began = time.perf_counter()
        fill(journal, args.sessions, random.Random(7))
        journal.close()
        print(f"filled in {time.perf_counter() - began:.1f} s")
        journal = Journal.open(path)
        print(
            f"journal with {journal.count()} sessions, "
            f"{path.stat().st_size / 1e6:.1f} MB; medians of {repeats}"
        )
        print("| range | sessions | first page | older page | heat map |")
        print("|---|---|---|---|---|")
        for label, since, until in ranges():
            first = timed(partial(journal.entries, since, until, PAGE), repeats)
            older = timed(partial(journal.entries, since, until, PAGE, PAGE), repeats)
            heat = timed(partial(journal.heat_map, since, until), repeats)
            shown = len(journal.entries(since=since, until=until))
            print(f"| {label} | {shown} | {ms(first)} | {ms(older)} | {ms(heat)} |")
        year = now() - timedelta(days=365)
        trend = timed(lambda: journal.trend("chest", since=year), repeats)
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
        journal.close()
        open_clean = timed(lambda: Journal.open(path).close(), repeats)

        def open_after_unclean_close() -> None:
            # What a process killed with the journal open leaves: a -wal file, no clean close.
            left_open = Journal.open(path)
            left_open.record_session(
                SessionRecord("x", "X", "grounding", now(), now(), 60, 60, "completed")
            )
            began = time.perf_counter()
            Journal.open(path).close()
            unclean.append(time.perf_counter() - began)
            left_open.close()

        unclean: list[float] = []
        for _ in range(repeats):
            open_after_unclean_close()
        print(f"one-year weekly trend for a place: {ms(trend)}")
        print(f"save a check-in (5 places, a stroke): {ms(saving)}")
        print(f"open the journal file after a clean close: {ms(open_clean)}")
        print(f"open the journal file with a -wal left (checked): {ms(statistics.median(unclean))}")


if __name__ == "__main__":
    main()

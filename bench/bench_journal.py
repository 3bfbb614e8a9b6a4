"""Journal figures at a given size: what the journal page asks for in each of its periods,
the insights with their two heat maps, the therapist's PDF, opening the file, saving a
check-in.

Run: .venv/bin/python bench/bench_journal.py --sessions 100000
The journal is a real SQLite file (WAL, synchronous=FULL) on this machine's disk, filled with
one session every 157 minutes (most with a check-in of one to five places) up to now. For each
period of the journal page (bodyscan/ui/history_page.py) it times what the page asks for: the
first page of entries with their check-ins, the next page ("Older…") and the heat map. For the
year up to today it times the insights (that year beside the one before: both heat maps, the
answers, connection, first-marked places, the chart's days) with the two heat maps painted as
the page shows them, and the therapist's PDF (built, laid out and written). Opening is timed
after a clean close and after an unclean one (the process ended without closing). Medians of
repeats.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path

from bodyscan.core.regions import QUALITIES, REGION_IDS
from bodyscan.journal.insights import between, insights, month_of, week_of, year_of
from bodyscan.journal.model import CheckIn, RegionAnswer, SessionRecord, Stroke, now
from bodyscan.journal.rows import insert_checkin, insert_session
from bodyscan.journal.store import Journal
from bodyscan.ui.history_page import PAGE

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


CLOCK: Callable[[], float] = time.perf_counter


def timed(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        began = CLOCK()
        action()
        times.append(CLOCK() - began)
    return statistics.median(times)


def ranges() -> list[tuple[str, datetime | None, datetime | None]]:
    """The page's periods, as it computes them; "between two dates" as a year two years ago."""
    today = date.today()
    found: list[tuple[str, datetime | None, datetime | None]] = []
    for label, period in (
        ("This week", week_of(today)),
        ("This month", month_of(today)),
        ("This year", year_of(today)),
        (
            "Between two dates",
            between(today - timedelta(days=3 * 365), today - timedelta(days=2 * 365)),
        ),
    ):
        found.append((label, period.since, period.until))
    found.append(("Everything", None, None))
    return found


def insight_figures(journal: Journal, folder: Path, repeats: int) -> tuple[float, float, int]:
    """The year up to today beside the year before: insights with both heat maps painted, and
    the PDF written. Returns the two medians and the PDF's pages."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication  # noqa: PLC0415 - Qt only for these two

    from bodyscan.ui.insight_pictures import PRINT, heat_maps_image  # noqa: PLC0415
    from bodyscan.ui.report_pdf import heat_panels, write_report  # noqa: PLC0415

    _app = QGuiApplication.instance() or QGuiApplication(["bench"])
    today = date.today()
    year = between(today - timedelta(days=364), today)

    def insights_and_maps() -> None:
        found = insights(journal, year)
        heat_maps_image(heat_panels(found), PRINT, 900, 560, 15)

    pages: list[int] = []

    def pdf() -> None:
        pages.append(write_report(insights(journal, year, with_notes=True), folder / "s.pdf"))

    return timed(insights_and_maps, repeats), timed(pdf, repeats), pages[-1]


def insights_only(path: Path, sessions: int, repeats: int) -> None:
    """The year's insights and the PDF, wall clock and this process's CPU time: on a machine
    shared with other work the CPU time says what the code costs, the wall clock what a person
    waited."""
    if not path.exists():
        journal = Journal.open(path)
        fill(journal, sessions, random.Random(7))
        journal.close()
    journal = Journal.open(path)
    print(f"journal with {journal.count()} sessions; medians of {repeats}")
    wall = insight_figures(journal, path.parent, repeats)
    global CLOCK  # noqa: PLW0603 - the one switch between the two clocks
    CLOCK, saved = time.process_time, CLOCK
    try:
        cpu = insight_figures(journal, path.parent, repeats)
    finally:
        CLOCK = saved
    print(
        f"insights for the last 365 days beside the 365 before, two heat maps painted: "
        f"{ms(wall[0])} wall, {ms(cpu[0])} CPU"
    )
    print(
        f"the therapist's PDF of the last 365 days ({wall[2]} pages, with notes): "
        f"{ms(wall[1])} wall, {ms(cpu[1])} CPU"
    )
    journal.close()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--folder", type=Path, help="where to make the journal (default: /tmp)")
    parser.add_argument(
        "--insights-only",
        type=Path,
        metavar="JOURNAL",
        help="only the insights and the PDF, on this journal file (filled first if missing, "
        "and kept for the next run)",
    )
    args = parser.parse_args()
    repeats: int = args.repeats
    if args.insights_only is not None:
        insights_only(args.insights_only, args.sessions, repeats)
        return
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
        insight_time, pdf_time, pdf_pages = insight_figures(journal, Path(folder), repeats)
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
        print(
            f"insights for the last 365 days beside the 365 before, two heat maps painted: "
            f"{ms(insight_time)}"
        )
        print(
            f"the therapist's PDF of the last 365 days ({pdf_pages} pages, with notes): "
            f"{ms(pdf_time)}"
        )
        print(f"save a check-in (5 places, a stroke): {ms(saving)}")
        print(f"open the journal file after a clean close: {ms(open_clean)}")
        print(f"open the journal file with a -wal left (checked): {ms(statistics.median(unclean))}")


if __name__ == "__main__":
    main()

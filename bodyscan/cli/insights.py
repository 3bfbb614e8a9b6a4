"""`bodyscan journal summary` and `bodyscan journal report`: the insights for a period, in
plain text or as the therapist's PDF.

The period is whole local days: --since and --until (both included, YYYY-MM-DD); without
them, the last 28 days up to today. It is compared with the period just before it.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta

from bodyscan import provider
from bodyscan.cli.common import EXIT_OK, EXIT_USAGE, say_error
from bodyscan.errors import DataError
from bodyscan.journal.insight_text import summary_text
from bodyscan.journal.insights import Insights, Period, between, insights

DEFAULT_DAYS = 28


def _day(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text) if len(text) == 10 else date.fromisoformat("x")
    except ValueError:
        raise DataError(
            f"{flag} '{text}' is not a date", "Write dates as YYYY-MM-DD, e.g. 2026-11-01."
        ) from None


def period_from(since: str | None, until: str | None, today: date | None = None) -> Period:
    """The days asked for; raises DataError with words for a date that is not one."""
    last = _day(until, "--until") if until else (today or date.today())
    first = _day(since, "--since") if since else last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise DataError(
            f"--since {first.isoformat()} is after --until {last.isoformat()}",
            "Give the earlier date with --since and the later one with --until.",
        )
    if first.year < 2 or last.year > 9998:
        raise DataError(
            f"{first.isoformat()} to {last.isoformat()} is outside the years this journal keeps",
            "Give dates between the years 2 and 9998.",
        )
    return between(first, last)


def run(args: argparse.Namespace) -> int:
    try:
        period = period_from(args.period_since or args.since, args.period_until)
    except DataError as exc:
        say_error(exc)
        return EXIT_USAGE
    with_notes = args.journal_command == "report" and args.notes
    found = _read(period, with_notes)
    if args.journal_command == "summary":
        sys.stdout.write(summary_text(found))
        return EXIT_OK
    return _report(found, args)


def _read(period: Period, with_notes: bool) -> Insights:
    journal = provider.journal()
    if journal.notice:
        print(f"bodyscan: {journal.notice}", file=sys.stderr)
    try:
        return insights(journal, period, with_notes=with_notes)
    finally:
        journal.close()


def _report(found: Insights, args: argparse.Namespace) -> int:
    from bodyscan.ui.report_pdf import write_report_from_terminal  # noqa: PLC0415 - Qt

    pages = write_report_from_terminal(found, args.output)
    count = len(found.notes)
    notes = f", with {count} note{'' if count == 1 else 's'}" if count else ""
    print(
        f"Wrote a {pages}-page summary of {found.current.period.name}{notes} to {args.output}.",
        file=sys.stderr,
    )
    return EXIT_OK

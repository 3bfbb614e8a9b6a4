"""`bodyscan journal summary` and `bodyscan journal report`: the insights for a period, in
plain text or as the therapist's PDF.

The period is whole local days: --since and --until (both included, YYYY-MM-DD); without
them, the last 28 days up to today. It is compared with the period just before it.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date, timedelta

from bodyscan import provider
from bodyscan.cli.common import EXIT_OK, EXIT_USAGE, say_error
from bodyscan.errors import DataError
from bodyscan.journal.insight_text import summary_text
from bodyscan.journal.insights import Insights, Period, between, insights

DEFAULT_DAYS = 28
# Only YYYY-MM-DD in the digits 0-9: fromisoformat also takes week dates ("2026-W01-1").
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_EARLIEST, _LATEST = date(2, 1, 1), date(9998, 12, 31)


def _day(text: str, flag: str) -> date:
    try:
        if not _ISO_DAY.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise DataError(
            f"{flag} '{text}' is not a date", "Write dates as YYYY-MM-DD, e.g. 2026-11-01."
        ) from None


def period_from(since: str | None, until: str | None, today: date | None = None) -> Period:
    """The days asked for; raises DataError with words for a date that is not one."""
    last = _day(until, "--until") if until is not None else (today or date.today())
    first = _day(since, "--since") if since is not None else None
    if first is not None and first > last:
        raise DataError(
            f"--since {first.isoformat()} is after --until {last.isoformat()}",
            "Give the earlier date with --since and the later one with --until.",
        )
    if first is None:  # the last 28 days: checked before the subtraction can leave the calendar
        if last < _EARLIEST + timedelta(days=DEFAULT_DAYS - 1):
            raise DataError(
                f"the {DEFAULT_DAYS} days up to {last.isoformat()} begin before the year 2",
                "Give dates between the years 2 and 9998 (--since and --until).",
            )
        first = last - timedelta(days=DEFAULT_DAYS - 1)
    if first < _EARLIEST or last > _LATEST:
        raise DataError(
            f"{first.isoformat()} to {last.isoformat()} is outside the years this journal keeps",
            "Give dates between the years 2 and 9998.",
        )
    period = between(first, last)
    if (first - _EARLIEST).days < period.days:  # the period before it, compared beside it
        raise DataError(
            f"the {period.days} days before {first.isoformat()} begin before the year 2",
            "Give a shorter period, or a later --since, so the period before it fits "
            "in the calendar.",
        )
    return period


def _ignored_flag(args: argparse.Namespace) -> str | None:
    """`journal`'s own flags, given before the action, that the action would not use."""
    if args.format != "table":
        return "--format"
    if args.journal_command == "summary" and args.output is not None:  # report has its own -o
        return "-o"
    return None


def run(args: argparse.Namespace) -> int:
    flag = _ignored_flag(args)
    if flag is not None:
        action = f"journal {args.journal_command}"
        say_error(
            DataError(
                f"{flag} is for `bodyscan journal` itself; `bodyscan {action}` does not use it",
                "`journal summary` prints plain text (to keep it: bodyscan journal summary > "
                "summary.txt); `journal report -o FILE.pdf` writes the PDF.",
            )
        )
        return EXIT_USAGE
    try:
        since = args.period_since if args.period_since is not None else args.since
        period = period_from(since, args.period_until)
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

    pages, held = write_report_from_terminal(found, args.output)
    count = len(found.notes)
    notes = f", with {count} note{'' if count == 1 else 's'}" if count else ""
    if held < count:  # the latest that fit in three pages; the PDF says the rest did not
        notes = f", with {held} of {count} notes (the earlier ones did not fit)"
    print(
        f"Wrote a {pages}-page summary of {found.current.period.name}{notes} to {args.output}.",
        file=sys.stderr,
    )
    return EXIT_OK

"""`bodyscan journal`: show or export the journal, or import an export."""

from __future__ import annotations

import argparse
import sys

from bodyscan import provider
from bodyscan.cli.common import EXIT_OK, EXIT_USAGE, say_error, write_text
from bodyscan.errors import DataError
from bodyscan.journal.transfer import export_text, parse_date, read_export
from bodyscan.journal.view import journal_table


def run(args: argparse.Namespace) -> int:
    if args.journal_command in ("summary", "report"):
        from bodyscan.cli import insights  # noqa: PLC0415 - one module per command

        return insights.run(args)
    # An import is read and checked whole before the journal is even opened.
    imported = read_export(args.file) if args.journal_command == "import" else None
    try:  # a mistyped date is a usage error, as in `journal summary`
        since = parse_date(args.since) if getattr(args, "since", None) is not None else None
    except DataError as exc:
        say_error(exc)
        return EXIT_USAGE
    journal = provider.journal()
    if journal.notice:
        print(f"bodyscan: {journal.notice}", file=sys.stderr)
    try:
        if imported is not None:
            added, skipped = journal.import_entries(imported)
            print(f"Imported {added} sessions ({skipped} were already in your journal).")
            return EXIT_OK
        entries = list(reversed(journal.entries(since=since)))  # oldest first, like a diary
        text = (
            journal_table(entries) if args.format == "table" else export_text(entries, args.format)
        )
    finally:
        journal.close()
    if args.output is not None:
        write_text(args.output, text)
        print(f"Wrote {len(entries)} sessions to {args.output}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK

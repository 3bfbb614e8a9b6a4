"""`bodyscan list [--json]`: the bundled and the person's own exercises."""

from __future__ import annotations

import argparse
import json
from fractions import Fraction

from bodyscan import provider
from bodyscan.cli.common import EXIT_OK
from bodyscan.core.durations import format_seconds
from bodyscan.core.library import Exercise


def _seconds(value: Fraction) -> float:
    return round(float(value), 3)


def _exercise_record(exercise: Exercise) -> dict[str, object]:
    info = exercise.info
    error = exercise.first_error
    record: dict[str, object] = {
        "id": exercise.id,
        "kind": info.kind if info else None,
        "title": exercise.title,
        "summary": info.summary if info else "",
        "tags": list(info.tags) if info else [],
        "origin": exercise.origin,
        "path": str(exercise.path),
        "broken": exercise.broken,
        "error": error.format(str(exercise.path)) if error else None,
        "shadows": str(exercise.shadows) if exercise.shadows else None,
        "length": None,
    }
    if info is not None:
        record["length"] = {"min": _seconds(info.shortest), "max": _seconds(info.longest)}
    return record


def _length_text(record: dict[str, object]) -> str:
    length = record["length"]
    if not isinstance(length, dict):
        return "-"
    low, high = format_seconds(length["min"]), format_seconds(length["max"])
    return low if low == high else f"{low}–{high}"


def run(args: argparse.Namespace) -> int:
    exercises = provider.library().scan()
    records = [_exercise_record(e) for e in exercises]
    if args.json:
        print(json.dumps(records, indent=2, ensure_ascii=False))
        return EXIT_OK
    rows = [("ID", "KIND", "TITLE", "LENGTH", "")]
    for record in records:
        note = ""
        if record["broken"]:
            note = f"BROKEN: {record['error']}"
        elif record["shadows"]:
            note = f"your file, shadows the bundled {record['shadows']}"
        elif record["origin"] == "user":
            note = "your file"
        kind = str(record["kind"] or "-")
        rows.append((str(record["id"]), kind, str(record["title"]), _length_text(record), note))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [row[i].ljust(widths[i]) for i in range(4)]
        print("  ".join([*cells, row[4]]).rstrip())
    return EXIT_OK

"""`bodyscan list [--json]`: the bundled and the person's own exercises."""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction

from bodyscan import provider
from bodyscan.cli.common import EXIT_OK
from bodyscan.core.durations import format_seconds
from bodyscan.core.library import Exercise, ExerciseInfo, collector_paused


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


def _length_text(info: ExerciseInfo | None) -> str:
    if info is None:
        return "-"
    low, high = format_seconds(info.shortest), format_seconds(info.longest)
    return low if low == high else f"{low}–{high}"


def _note(exercise: Exercise) -> str:
    if exercise.broken:
        error = exercise.first_error
        return f"BROKEN: {error.format(str(exercise.path)) if error else None}"
    if exercise.shadows:
        return f"your file, shadows the bundled {exercise.shadows}"
    return "your file" if exercise.origin == "user" else ""


def run(args: argparse.Namespace) -> int:
    # Thousands of exercises stay alive until the listing is printed: the collector would
    # walk them several times over as the rows are made (a quarter of a listing of 5,000).
    with collector_paused():
        return _list(args)


def _list(args: argparse.Namespace) -> int:
    exercises = provider.library().scan()
    if args.json:
        print(json.dumps([_exercise_record(e) for e in exercises], indent=2, ensure_ascii=False))
        return EXIT_OK
    rows = [("ID", "KIND", "TITLE", "LENGTH", "")]
    for exercise in exercises:
        info = exercise.info
        kind = info.kind if info else "-"
        rows.append((exercise.id, kind, exercise.title, _length_text(info), _note(exercise)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        cells = [row[i].ljust(widths[i]) for i in range(4)]
        lines.append("  ".join([*cells, row[4]]).rstrip())
    # One write: thousands of lines printed one by one take longer than finding them.
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK

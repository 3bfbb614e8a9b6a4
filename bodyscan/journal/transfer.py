"""The journal out and back in: JSON that holds everything (and imports again exactly), and CSV
with one row per region answer for spreadsheets."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any

from bodyscan.errors import DataError
from bodyscan.journal.importing import FORMAT, FORMAT_VERSION, from_document, read_export
from bodyscan.journal.model import Entry, now, to_text

__all__ = ["export_text", "from_document", "parse_date", "read_export", "to_csv", "to_document"]

CSV_COLUMNS = (
    "session_id",
    "exercise",
    "title",
    "kind",
    "started_at",
    "ended_at",
    "planned_seconds",
    "played_seconds",
    "ending",
    "checkin_id",
    "checked_in_at",
    "answer",
    "connection_before",
    "connection_after",
    "how_was_that",
    "note",
    "region",
    "qualities",
    "other",
    "strength",
    "tone",
)


def to_document(entries: list[Entry]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": to_text(now()),
        "entries": [_entry(entry) for entry in entries],
    }


def _entry(entry: Entry) -> dict[str, Any]:
    s = entry.session
    return {
        "session": {
            "id": s.id,
            "exercise_id": s.exercise_id,
            "title": s.title,
            "kind": s.kind,
            "started_at": to_text(s.started_at),
            "ended_at": to_text(s.ended_at),
            "planned_seconds": s.planned_seconds,
            "played_seconds": s.played_seconds,
            "ending": s.ending,
            "options": s.options,
        },
        "checkins": [
            {
                "id": c.id,
                "created_at": to_text(c.created_at),
                "answer": c.answer,
                "connection_before": c.connection_before,
                "connection_after": c.connection_after,
                "how_was_that": c.how_was_that,
                "note": c.note,
                "regions": [
                    {
                        "region": r.region,
                        "qualities": list(r.qualities),
                        "other": r.other,
                        "strength": r.strength,
                        "tone": r.tone,
                    }
                    for r in c.regions
                ],
                "strokes": [
                    {"side": st.side, "points": [list(p) for p in st.points]} for st in c.strokes
                ],
            }
            for c in entry.checkins
        ],
    }


def to_csv(entries: list[Entry]) -> str:
    """One row per region answer; a check-in without regions (or a session without a check-in)
    still gets one row, so "nothing noticed" is in the data too."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        s = entry.session
        session_part = [
            s.id,
            s.exercise_id,
            s.title,
            s.kind,
            to_text(s.started_at),
            to_text(s.ended_at),
            f"{s.planned_seconds:.1f}",
            f"{s.played_seconds:.1f}",
            s.ending,
        ]
        if not entry.checkins:
            writer.writerow(session_part + [""] * (len(CSV_COLUMNS) - len(session_part)))
        for c in entry.checkins:
            checkin_part = [
                c.id,
                to_text(c.created_at),
                c.answer,
                _blank(c.connection_before),
                _blank(c.connection_after),
                c.how_was_that or "",
                c.note,
            ]
            for r in c.regions or (None,):
                region_part = (
                    ["", "", "", "", ""]
                    if r is None
                    else [r.region, ";".join(r.qualities), r.other, r.strength or "", r.tone or ""]
                )
                writer.writerow(session_part + checkin_part + region_part)
    return out.getvalue()


def _blank(value: int | None) -> str:
    return "" if value is None else str(value)


def export_text(entries: list[Entry], kind: str) -> str:
    """The export as text: "json" holds everything, "csv" one row per region answer."""
    if kind == "json":
        _refuse_what_json_cannot_hold(entries)
        return (
            json.dumps(to_document(entries), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        )
    return to_csv(entries)


def _refuse_what_json_cannot_hold(entries: list[Entry]) -> None:
    """An older bodyscan imported Infinity and NaN (as seconds, options or stroke points);
    JSON has no such numbers, so such an entry is named instead of written as a file nothing
    can read."""
    for number, entry in enumerate(entries, start=1):
        try:
            json.dumps(_entry(entry), allow_nan=False)
        except ValueError as exc:
            raise DataError(
                f"entry {number} (id {entry.session.id}, {entry.session.title}) holds a number "
                "that is not finite (Infinity or NaN), which a JSON export cannot hold",
                "It came from an import an older bodyscan let through. Export as CSV, or "
                "delete that entry in the journal, then export again. Nothing was written.",
            ) from exc


def parse_date(text: str) -> datetime:
    """A --since date (YYYY-MM-DD, local midnight) as an aware datetime."""
    try:
        return datetime.strptime(text, "%Y-%m-%d").astimezone()
    except ValueError as exc:
        raise DataError(
            f"'{text}' is not a date", "Write dates as YYYY-MM-DD, e.g. 2026-11-01."
        ) from exc

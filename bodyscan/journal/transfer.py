"""The journal out and back in: JSON that holds everything (and imports again exactly), and CSV
with one row per region answer for spreadsheets."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from bodyscan.errors import DataError
from bodyscan.journal.model import (
    CheckIn,
    Entry,
    RegionAnswer,
    SessionRecord,
    Stroke,
    from_text,
    now,
    to_text,
)

FORMAT = "bodyscan-journal"
FORMAT_VERSION = 1
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


def from_document(document: object) -> list[Entry]:
    """Entries from an export; a file that is not one says so, naming what is wrong."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DataError(
            "this is not a bodyscan journal export",
            "Export one with `bodyscan journal --format json`.",
        )
    if document.get("version") != FORMAT_VERSION:
        raise DataError(
            f"journal export version {document.get('version')} is not known here",
            "It may come from a newer bodyscan; update this one to import it.",
        )
    entries = document.get("entries")
    if not isinstance(entries, list):
        raise DataError("the journal export has no list of entries")
    try:
        return [_read_entry(item, number) for number, item in enumerate(entries, start=1)]
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError("the journal export is damaged", f"{type(exc).__name__}: {exc}") from exc


def _read_entry(item: dict[str, Any], number: int) -> Entry:
    try:
        s = item["session"]
        session = SessionRecord(
            exercise_id=str(s["exercise_id"]),
            title=str(s["title"]),
            kind=str(s["kind"]),
            started_at=from_text(s["started_at"]),
            ended_at=from_text(s["ended_at"]),
            planned_seconds=float(s["planned_seconds"]),
            played_seconds=float(s["played_seconds"]),
            ending=str(s["ending"]),
            options=dict(s["options"]),
            id=str(s["id"]),
        )
        checkins = tuple(
            CheckIn(
                session_id=session.id,
                answer=str(c["answer"]),
                regions=tuple(
                    RegionAnswer(
                        str(r["region"]),
                        tuple(str(q) for q in r["qualities"]),
                        str(r["other"]),
                        r["strength"],
                        r["tone"],
                    )
                    for r in c["regions"]
                ),
                strokes=tuple(
                    Stroke(str(st["side"]), tuple((float(x), float(y)) for x, y in st["points"]))
                    for st in c["strokes"]
                ),
                connection_before=c["connection_before"],
                connection_after=c["connection_after"],
                how_was_that=c["how_was_that"],
                note=str(c["note"]),
                created_at=from_text(c["created_at"]),
                id=str(c["id"]),
            )
            for c in item["checkins"]
        )
    except DataError as exc:
        raise DataError(f"entry {number} of the export is not valid: {exc.short}") from exc
    return Entry(session, checkins)


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
        return json.dumps(to_document(entries), indent=2, ensure_ascii=False) + "\n"
    return to_csv(entries)


def read_export(path: Path) -> list[Entry]:
    """The entries of a JSON export file; a file that cannot be read says why."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise DataError(f"could not read {path}", f"{type(exc).__name__}: {exc}") from exc
    return from_document(document)


def parse_date(text: str) -> datetime:
    """A --since date (YYYY-MM-DD, local midnight) as an aware datetime."""
    try:
        return datetime.strptime(text, "%Y-%m-%d").astimezone()
    except ValueError as exc:
        raise DataError(
            f"'{text}' is not a date", "Write dates as YYYY-MM-DD, e.g. 2026-11-01."
        ) from exc

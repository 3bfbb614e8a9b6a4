"""Reading a journal export back, trusting nothing in it.

The file is refused as a whole (before anything is written) when it is too big, not UTF-8,
not strict JSON (no NaN, no Infinity, no number too long, no key twice, no deep nesting) or
not shaped like an export; then every field of every entry is checked for type and range,
and every problem is named by entry (number and id) and field, e.g. "entry 3 (id …):
connection_after must be a whole number from 0 to 10, not 5.5".
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from bodyscan.core.regions import (
    CHECKIN_ANSWERS,
    MAP_EXTRAS,
    MAX_QUALITIES_PER_REGION,
    QUALITIES,
    REGIONS_BY_ID,
    STRENGTHS,
    TONES,
)
from bodyscan.core.script import KINDS
from bodyscan.core.timer import TIMER_KIND
from bodyscan.errors import DataError, storage_error
from bodyscan.journal.fields import (
    ID_PATTERN,
    MAX_CHECKINS,
    MAX_ENTRIES,
    MAX_NAME,
    MAX_NOTE,
    MAX_NUMBER_DIGITS,
    MAX_OTHER,
    MAX_POINTS,
    MAX_PROBLEMS_SHOWN,
    MAX_REGIONS,
    MAX_STROKES,
    MAX_TITLE,
    Invalid,
    a_choice,
    a_list,
    a_text,
    an_id,
    an_object,
    an_optional,
    clip,
    connection,
    fraction,
    known_fields,
    moment,
    options,
    seconds,
    shown,
)
from bodyscan.journal.model import (
    ENDINGS,
    HOW_WAS_THAT,
    SIDES,
    CheckIn,
    Entry,
    RegionAnswer,
    SessionRecord,
    Stroke,
)

FORMAT = "bodyscan-journal"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 100_000_000
TOP_FIELDS = {"format", "version", "exported_at", "entries"}
ENTRY_FIELDS = {"session", "checkins"}
SESSION_FIELDS = {
    "id",
    "exercise_id",
    "title",
    "kind",
    "started_at",
    "ended_at",
    "planned_seconds",
    "played_seconds",
    "ending",
    "options",
}
CHECKIN_FIELDS = {
    "id",
    "created_at",
    "answer",
    "connection_before",
    "connection_after",
    "how_was_that",
    "note",
    "regions",
    "strokes",
}
REGION_FIELDS = {"region", "qualities", "other", "strength", "tone"}
STROKE_FIELDS = {"side", "points"}


# --- the file -----------------------------------------------------------------------------


def read_export(path: Path) -> list[Entry]:
    """The entries of a JSON export file, every field checked; DataError says what is wrong."""
    try:
        with path.open("rb") as source:
            size = _size(source.fileno())
            if size > MAX_FILE_BYTES:
                raise _too_big(path, size)
            data = source.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise storage_error("read the export", path, exc) from exc
    if len(data) > MAX_FILE_BYTES:  # a pipe or a file that grew: the size told nothing
        raise _too_big(path, len(data))
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark from an editor is harmless
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{path} is not a journal export: it is not UTF-8 text (byte {exc.start + 1})",
            "Export one with `bodyscan journal --format json`.",
        ) from exc
    return from_document(parse_json(text, path))


def _size(descriptor: int) -> int:
    import os  # noqa: PLC0415

    return os.fstat(descriptor).st_size


def _too_big(path: Path, size: int) -> DataError:
    return DataError(
        f"{path} is not a journal export: it is {size / 1e6:.0f} MB, more than the "
        f"{MAX_FILE_BYTES // 10**6} MB an export can be",
        "Nothing was imported. Check that this is the file `bodyscan journal --format json` wrote.",
    )


def parse_json(text: str, path: Path) -> object:
    """Strict JSON: what `json.loads` accepts beyond the standard is refused."""
    try:
        return json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_int=_checked_int,
            parse_float=_checked_float,
            object_pairs_hook=_no_repeated_keys,
        )
    except Invalid as exc:
        raise DataError(f"{path} is not a journal export: {exc}", "Nothing was imported.") from exc
    except json.JSONDecodeError as exc:
        raise DataError(
            f"{path} is not a journal export: it is not valid JSON "
            f"({exc.msg} at line {exc.lineno}, column {exc.colno})",
            "Nothing was imported. Export one with `bodyscan journal --format json`.",
        ) from exc
    except RecursionError as exc:
        raise DataError(
            f"{path} is not a journal export: it is nested far deeper than an export is",
            "Nothing was imported.",
        ) from exc


def _refuse_constant(name: str) -> object:
    raise Invalid("", f"it holds {name}, which is not a number JSON allows")


def _checked_int(digits: str) -> int:
    if len(digits) > MAX_NUMBER_DIGITS:
        raise Invalid("", f"it holds a number {len(digits)} digits long ({digits[:12]}…)")
    return int(digits)


def _checked_float(digits: str) -> float:
    value = float(digits) if len(digits) <= 2 * MAX_NUMBER_DIGITS else math.inf
    if not math.isfinite(value):
        raise Invalid("", f"it holds a number too large to be one ({digits[:12]}…)")
    return value


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise Invalid("", f"the key '{clip(key)}' appears twice in one object")
        found[key] = value
    return found


# --- the document -------------------------------------------------------------------------


def from_document(document: object) -> list[Entry]:
    """Entries from an export, every one checked; DataError lists what is wrong (up to ten
    problems, each naming its entry and field)."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DataError(
            "this is not a bodyscan journal export",
            "Export one with `bodyscan journal --format json`.",
        )
    if document.get("version") != FORMAT_VERSION or isinstance(document.get("version"), bool):
        raise DataError(
            f"journal export version {shown(document.get('version'))} is not known here",
            "It may come from a newer bodyscan; update this one to import it.",
        )
    problems: list[str] = []
    try:
        known_fields(document, TOP_FIELDS - {"exported_at"}, TOP_FIELDS, "the export")
        if "exported_at" in document:
            moment(document["exported_at"], "the export: exported_at")
        items = a_list(document["entries"], "the export: entries", MAX_ENTRIES)
    except Invalid as exc:
        raise DataError(f"the journal export is not valid: {exc}", "Nothing was imported.") from exc
    entries: list[Entry] = []
    session_ids: dict[str, int] = {}
    checkin_ids: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        try:
            entry = _entry(item, number)
            where = f"entry {number} (id {entry.session.id}):"
            _unique(entry.session.id, where, number, session_ids, "session")
            for checkin in entry.checkins:
                _unique(checkin.id, where, number, checkin_ids, "check-in")
            entries.append(entry)
        except Invalid as exc:
            problems.append(str(exc))
            if len(problems) > MAX_PROBLEMS_SHOWN:
                break
    if problems:
        raise _refused(problems)
    return entries


def _refused(problems: list[str]) -> DataError:
    more = problems[1:MAX_PROBLEMS_SHOWN]
    detail = "".join(f"Also {p}.\n" for p in more)
    if len(problems) > MAX_PROBLEMS_SHOWN:
        detail += "And more.\n"
    detail += "Nothing was imported; your journal is as it was."
    return DataError(f"the journal export is not valid: {problems[0]}", detail)


def _unique(item_id: str, where: str, number: int, seen: dict[str, int], what: str) -> None:
    if item_id in seen:
        raise Invalid(
            where, f"the {what} id {item_id} is used twice (also in entry {seen[item_id]})"
        )
    seen[item_id] = number


def _entry(item: object, number: int) -> Entry:
    where = f"entry {number}"
    raw = an_object(item, where)
    session_raw = an_object(raw.get("session"), f"{where}: session")
    raw_id = session_raw.get("id")
    if isinstance(raw_id, str) and ID_PATTERN.fullmatch(raw_id):
        where = f"entry {number} (id {raw_id})"
    known_fields(raw, ENTRY_FIELDS, ENTRY_FIELDS, where)
    session = _session(session_raw, where)
    checkins = tuple(
        _checkin(c, session.id, f"{where}, check-in {n}")
        for n, c in enumerate(a_list(raw["checkins"], f"{where}: checkins", MAX_CHECKINS), 1)
    )
    return Entry(session, checkins)


def _session(raw: dict[str, Any], where: str) -> SessionRecord:
    known_fields(raw, SESSION_FIELDS, SESSION_FIELDS, where)
    return SessionRecord(
        id=an_id(raw["id"], f"{where}: id"),
        exercise_id=a_text(raw["exercise_id"], f"{where}: exercise_id", MAX_NAME, empty=False),
        title=a_text(raw["title"], f"{where}: title", MAX_TITLE),
        kind=a_choice(raw["kind"], f"{where}: kind", (*KINDS, TIMER_KIND)),
        started_at=moment(raw["started_at"], f"{where}: started_at"),
        ended_at=moment(raw["ended_at"], f"{where}: ended_at"),
        planned_seconds=seconds(raw["planned_seconds"], f"{where}: planned_seconds"),
        played_seconds=seconds(raw["played_seconds"], f"{where}: played_seconds"),
        ending=a_choice(raw["ending"], f"{where}: ending", ENDINGS),
        options=options(raw["options"], f"{where}: options"),
    )


def _checkin(item: object, session_id: str, where: str) -> CheckIn:
    raw = an_object(item, where)
    raw_id = raw.get("id")
    if isinstance(raw_id, str) and ID_PATTERN.fullmatch(raw_id):
        where = f"{where} (id {raw_id})"
    known_fields(raw, CHECKIN_FIELDS, CHECKIN_FIELDS, where)
    return CheckIn(
        session_id=session_id,
        id=an_id(raw["id"], f"{where}: id"),
        created_at=moment(raw["created_at"], f"{where}: created_at"),
        answer=a_choice(raw["answer"], f"{where}: answer", tuple(CHECKIN_ANSWERS)),
        connection_before=connection(raw["connection_before"], f"{where}: connection_before"),
        connection_after=connection(raw["connection_after"], f"{where}: connection_after"),
        how_was_that=an_optional(raw["how_was_that"], f"{where}: how_was_that", HOW_WAS_THAT),
        note=a_text(raw["note"], f"{where}: note", MAX_NOTE),
        regions=tuple(
            _region(r, f"{where}, region answer {n}")
            for n, r in enumerate(a_list(raw["regions"], f"{where}: regions", MAX_REGIONS), 1)
        ),
        strokes=tuple(
            _stroke(s, f"{where}, stroke {n}")
            for n, s in enumerate(a_list(raw["strokes"], f"{where}: strokes", MAX_STROKES), 1)
        ),
    )


def _region(item: object, where: str) -> RegionAnswer:
    raw = an_object(item, where)
    known_fields(raw, REGION_FIELDS, REGION_FIELDS, where)
    places = (*REGIONS_BY_ID, *MAP_EXTRAS)
    qualities = a_list(raw["qualities"], f"{where}: qualities", MAX_QUALITIES_PER_REGION)
    return RegionAnswer(
        region=a_choice(raw["region"], f"{where}: region", places, "a region id"),
        qualities=tuple(a_choice(q, f"{where}: qualities", QUALITIES) for q in qualities),
        other=a_text(raw["other"], f"{where}: other", MAX_OTHER),
        strength=an_optional(raw["strength"], f"{where}: strength", STRENGTHS),
        tone=an_optional(raw["tone"], f"{where}: tone", TONES),
    )


def _stroke(item: object, where: str) -> Stroke:
    raw = an_object(item, where)
    known_fields(raw, STROKE_FIELDS, STROKE_FIELDS, where)
    side = a_choice(raw["side"], f"{where}: side", SIDES)
    points = []
    for n, point in enumerate(a_list(raw["points"], f"{where}: points", MAX_POINTS), 1):
        if not isinstance(point, list) or len(point) != 2:
            raise Invalid(f"{where}: point {n}", f"must be a pair [x, y], not {shown(point)}")
        x, y = (fraction(v, f"{where}: point {n}") for v in point)
        points.append((x, y))
    return Stroke(side, tuple(points))

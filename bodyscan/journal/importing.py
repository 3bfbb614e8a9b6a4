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
import re
from datetime import UTC, datetime, timedelta
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
from bodyscan.errors import DataError, storage_error
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
MAX_NUMBER_DIGITS = 30  # a JSON number longer than this is not one the app wrote
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2101, 1, 1, tzinfo=UTC)  # up to the end of 2100
MAX_SECONDS = 7 * 24 * 3600  # a session, even one left paused, is shorter than a week
MAX_NAME = 200  # exercise ids, kinds, option names
MAX_TITLE = 500
MAX_NOTE = 50_000  # the app's note field holds 32,767 characters
MAX_OTHER = 2_000
MAX_ENTRIES = 1_000_000
MAX_CHECKINS = 1_000
MAX_REGIONS = 200
MAX_STROKES = 1_000
MAX_POINTS = 100_000
MAX_OPTIONS = 50
MAX_PROBLEMS_SHOWN = 10

# The ids the app makes: str(uuid.uuid4()), lowercase with hyphens.
ID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

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


class Invalid(Exception):
    """One field is wrong; `where` names it."""

    def __init__(self, where: str, what: str) -> None:
        super().__init__(f"{where} {what}" if where else what)


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
            raise Invalid("", f"the key '{_clip(key)}' appears twice in one object")
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
            f"journal export version {_shown(document.get('version'))} is not known here",
            "It may come from a newer bodyscan; update this one to import it.",
        )
    problems: list[str] = []
    try:
        _fields(document, TOP_FIELDS - {"exported_at"}, TOP_FIELDS, "the export")
        if "exported_at" in document:
            _moment(document["exported_at"], "the export: exported_at")
        items = _list(document["entries"], "the export: entries", MAX_ENTRIES)
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
    raw = _object(item, where)
    session_raw = _object(raw.get("session"), f"{where}: session")
    raw_id = session_raw.get("id")
    if isinstance(raw_id, str) and ID_PATTERN.fullmatch(raw_id):
        where = f"entry {number} (id {raw_id})"
    _fields(raw, ENTRY_FIELDS, ENTRY_FIELDS, where)
    session = _session(session_raw, where)
    checkins = tuple(
        _checkin(c, session.id, f"{where}, check-in {n}")
        for n, c in enumerate(_list(raw["checkins"], f"{where}: checkins", MAX_CHECKINS), 1)
    )
    return Entry(session, checkins)


def _session(raw: dict[str, Any], where: str) -> SessionRecord:
    _fields(raw, SESSION_FIELDS, SESSION_FIELDS, where)
    return SessionRecord(
        id=_id(raw["id"], f"{where}: id"),
        exercise_id=_text(raw["exercise_id"], f"{where}: exercise_id", MAX_NAME, empty=False),
        title=_text(raw["title"], f"{where}: title", MAX_TITLE),
        kind=_choice(raw["kind"], f"{where}: kind", KINDS),
        started_at=_moment(raw["started_at"], f"{where}: started_at"),
        ended_at=_moment(raw["ended_at"], f"{where}: ended_at"),
        planned_seconds=_seconds(raw["planned_seconds"], f"{where}: planned_seconds"),
        played_seconds=_seconds(raw["played_seconds"], f"{where}: played_seconds"),
        ending=_choice(raw["ending"], f"{where}: ending", ENDINGS),
        options=_options(raw["options"], f"{where}: options"),
    )


def _checkin(item: object, session_id: str, where: str) -> CheckIn:
    raw = _object(item, where)
    raw_id = raw.get("id")
    if isinstance(raw_id, str) and ID_PATTERN.fullmatch(raw_id):
        where = f"{where} (id {raw_id})"
    _fields(raw, CHECKIN_FIELDS, CHECKIN_FIELDS, where)
    return CheckIn(
        session_id=session_id,
        id=_id(raw["id"], f"{where}: id"),
        created_at=_moment(raw["created_at"], f"{where}: created_at"),
        answer=_choice(raw["answer"], f"{where}: answer", tuple(CHECKIN_ANSWERS)),
        connection_before=_connection(raw["connection_before"], f"{where}: connection_before"),
        connection_after=_connection(raw["connection_after"], f"{where}: connection_after"),
        how_was_that=_optional(raw["how_was_that"], f"{where}: how_was_that", HOW_WAS_THAT),
        note=_text(raw["note"], f"{where}: note", MAX_NOTE),
        regions=tuple(
            _region(r, f"{where}, region answer {n}")
            for n, r in enumerate(_list(raw["regions"], f"{where}: regions", MAX_REGIONS), 1)
        ),
        strokes=tuple(
            _stroke(s, f"{where}, stroke {n}")
            for n, s in enumerate(_list(raw["strokes"], f"{where}: strokes", MAX_STROKES), 1)
        ),
    )


def _region(item: object, where: str) -> RegionAnswer:
    raw = _object(item, where)
    _fields(raw, REGION_FIELDS, REGION_FIELDS, where)
    places = (*REGIONS_BY_ID, *MAP_EXTRAS)
    qualities = _list(raw["qualities"], f"{where}: qualities", MAX_QUALITIES_PER_REGION)
    return RegionAnswer(
        region=_choice(raw["region"], f"{where}: region", places, "a region id"),
        qualities=tuple(_choice(q, f"{where}: qualities", QUALITIES) for q in qualities),
        other=_text(raw["other"], f"{where}: other", MAX_OTHER),
        strength=_optional(raw["strength"], f"{where}: strength", STRENGTHS),
        tone=_optional(raw["tone"], f"{where}: tone", TONES),
    )


def _stroke(item: object, where: str) -> Stroke:
    raw = _object(item, where)
    _fields(raw, STROKE_FIELDS, STROKE_FIELDS, where)
    side = _choice(raw["side"], f"{where}: side", SIDES)
    points = []
    for n, point in enumerate(_list(raw["points"], f"{where}: points", MAX_POINTS), 1):
        if not isinstance(point, list) or len(point) != 2:
            raise Invalid(f"{where}: point {n}", f"must be a pair [x, y], not {_shown(point)}")
        x, y = (_fraction(v, f"{where}: point {n}") for v in point)
        points.append((x, y))
    return Stroke(side, tuple(points))


# --- fields -------------------------------------------------------------------------------


def _object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid(where, f"must be an object {{...}}, not {_shown(value)}")
    return value


def _fields(raw: dict[str, Any], required: set[str], known: set[str], where: str) -> None:
    unknown = sorted(set(raw) - known)
    if unknown:
        raise Invalid(where, f"has a field this version does not know: '{_clip(unknown[0])}'")
    missing = sorted(required - set(raw))
    if missing:
        raise Invalid(where, f"has no {missing[0]}")


def _list(value: object, where: str, most: int) -> list[Any]:
    if not isinstance(value, list):
        raise Invalid(where, f"must be a list [...], not {_shown(value)}")
    if len(value) > most:
        raise Invalid(where, f"holds {len(value)} items; at most {most} are possible")
    return value


def _id(value: object, where: str) -> str:
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise Invalid(
            where,
            f"must be an id as bodyscan makes them (a UUID in lowercase), not {_shown(value)}",
        )
    return value


def _text(value: object, where: str, longest: int, *, empty: bool = True) -> str:
    if not isinstance(value, str):
        raise Invalid(where, f"must be text, not {_shown(value)}")
    if len(value) > longest:
        raise Invalid(where, f"is {len(value)} characters long; at most {longest} are possible")
    if not empty and not value.strip():
        raise Invalid(where, "must not be empty")
    if "\x00" in value or not _encodable(value):
        raise Invalid(where, "holds a character that is not text (a NUL or a lone surrogate)")
    return value


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _choice(value: object, where: str, known: tuple[str, ...], what: str = "") -> str:
    if not isinstance(value, str) or value not in known:
        shown = what or "one of " + ", ".join(known)
        raise Invalid(where, f"must be {shown}, not {_shown(value)}")
    return value


def _optional(value: object, where: str, known: tuple[str, ...] | dict[str, str]) -> str | None:
    if value is None:
        return None
    return _choice(value, where, tuple(known), "null or one of " + ", ".join(known))


def _number(value: object) -> float | None:
    """A finite JSON number as a float; None for anything else (true and false included)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _seconds(value: object, where: str) -> float:
    number = _number(value)
    if number is None or not 0 <= number <= MAX_SECONDS:
        raise Invalid(
            where, f"must be a number of seconds from 0 to {MAX_SECONDS}, not {_shown(value)}"
        )
    return number


def _connection(value: object, where: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
        raise Invalid(where, f"must be a whole number from 0 to 10 (or null), not {_shown(value)}")
    return value


def _fraction(value: object, where: str) -> float:
    number = _number(value)
    if number is None or not 0 <= number <= 1:
        raise Invalid(where, f"must hold numbers from 0 to 1, not {_shown(value)}")
    return number


def _moment(value: object, where: str) -> datetime:
    wanted = "a date and time with its time zone, from 1970 to 2100, as bodyscan writes them"
    if not isinstance(value, str) or len(value) > 40:
        raise Invalid(where, f"must be {wanted}, not {_shown(value)}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Invalid(where, f"must be {wanted}, not {_shown(value)}") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise Invalid(where, f"must say its time zone (like …Z), not {_shown(value)}")
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:  # beyond year 9999 or before year 1 in UTC
        moment = EARLIEST - timedelta(days=1)
    if not EARLIEST <= moment < LATEST:
        raise Invalid(where, f"must be from 1970 to 2100, not {_shown(value)}")
    return moment


def _options(value: object, where: str) -> dict[str, Any]:
    """What was chosen before starting: names with plain values or lists of text."""
    raw = _object(value, where)
    if len(raw) > MAX_OPTIONS:
        raise Invalid(where, f"holds {len(raw)} options; at most {MAX_OPTIONS} are possible")
    for name, option in raw.items():
        _text(name, f"{where}: option name", MAX_NAME, empty=False)
        inner = f"{where}: {_clip(name)}"
        if isinstance(option, list):
            _list(option, inner, MAX_REGIONS)
            for item in option:
                _text(item, inner, MAX_NAME)
        elif isinstance(option, str):
            _text(option, inner, MAX_TITLE)
        elif isinstance(option, int | float) and not isinstance(option, bool):
            number = _number(option)
            if number is None or abs(number) > MAX_SECONDS:
                raise Invalid(inner, f"must be a number up to {MAX_SECONDS}, not {_shown(option)}")
        elif option is not None and not isinstance(option, bool):
            raise Invalid(
                inner,
                "must be text, a number, true or false, null or a list of text, "
                f"not {_shown(option)}",
            )
    return raw


def _clip(text: str, most: int = 40) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _shown(value: object) -> str:
    """A value as the file wrote it (JSON), cut short."""
    if isinstance(value, dict):
        return "an object {...}"
    if isinstance(value, list):
        return "a list [...]"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:
        return f"{str(value)[:12]}… ({len(str(abs(value)))} digits)"
    try:
        return _clip(json.dumps(value, ensure_ascii=False))
    except ValueError:
        return _clip(repr(value))

"""Every hostile import a tester tried, and more of the same families, through the real
`bodyscan journal import` in a subprocess: exit code 1, a message naming the entry and the
field, no traceback, and the journal exactly as it was (bytes, row counts, integrity)."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bodyscan.journal.model import CheckIn, Entry, RegionAnswer, SessionRecord, Stroke
from bodyscan.journal.store import Journal
from bodyscan.journal.transfer import to_document
from tests.conftest import REPO, run_bodyscan
from tests.journal.realfs import contents, fingerprint

S1 = "00000000-0000-4000-8000-000000000001"
S2 = "00000000-0000-4000-8000-000000000002"
C1 = "00000000-0000-4000-8000-0000000000c1"
C2 = "00000000-0000-4000-8000-0000000000c2"
START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
E1 = f"entry 1 (id {S1})"
E1C1 = f"entry 1 (id {S1}), check-in 1 (id {C1})"
RAW = "@@raw@@"  # replaced by raw JSON text after dumping


def base_document() -> dict[str, Any]:
    """A good export: two sessions, one with a full check-in and a plain one."""
    first = SessionRecord(
        "body-scan-3", "Body scan", "body-scan", START, START + timedelta(minutes=3), 180, 95,
        "stopped", {"minutes": 3.0, "ambient": None, "bell": True, "left_out": ["belly"]}, id=S1,
    )  # fmt: skip
    second = SessionRecord(
        "feet", "Feet", "grounding", START + timedelta(days=1), START + timedelta(days=1), 60, 60,
        "completed", id=S2,
    )  # fmt: skip
    full = CheckIn(
        S1, "noticed", (RegionAnswer("chest", ("warm", "other"), "like sun", "clear", "pleasant"),),
        (Stroke("front", ((0.25, 0.5), (0.3, 0.55))),), 3, 6, "about-right", "calmer",
        START + timedelta(minutes=4), C1,
    )  # fmt: skip
    plain = CheckIn(S2, "numb", created_at=START + timedelta(days=1), id=C2)
    return to_document([Entry(first, (full,)), Entry(second, (plain,))])


def session(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["entries"][0]["session"]  # type: ignore[no-any-return]


def checkin(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["entries"][0]["checkins"][0]  # type: ignore[no-any-return]


def region(doc: dict[str, Any]) -> dict[str, Any]:
    return checkin(doc)["regions"][0]  # type: ignore[no-any-return]


def stroke(doc: dict[str, Any]) -> dict[str, Any]:
    return checkin(doc)["strokes"][0]  # type: ignore[no-any-return]


PARTS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "session": session,
    "checkin": checkin,
    "region": region,
    "stroke": stroke,
}
WHERE = {
    "session": E1,
    "checkin": E1C1,
    "region": f"{E1C1}, region answer 1",
    "stroke": f"{E1C1}, stroke 1",
}


@dataclass(frozen=True)
class Case:
    name: str
    content: bytes
    expect: tuple[str, ...]  # each is in the message


def case(name: str, expect: str, change: Callable[[dict[str, Any]], object]) -> Case:
    doc = base_document()
    change(doc)
    return Case(name, json.dumps(doc, indent=1).encode(), (expect,))


def field(
    part: str, key: str, value: object, expect: str, raw: str = "", *, exact: bool = False
) -> Case:
    """The export with one field set to `value` (or to raw JSON text). The message expected is
    "<entry and part> <field> <expect>", or `expect` alone when `exact` or `raw`."""
    doc = base_document()
    PARTS[part](doc)[key] = RAW if raw else value
    text = json.dumps(doc, indent=1)
    if raw:
        text = text.replace(f'"{RAW}"', raw)
    shown = raw[:20] or json.dumps(value)[:20]
    where = WHERE[part]
    if key == "id":  # an entry or check-in with a bad id is named by its number alone
        where = "entry 1" if part == "session" else f"{E1}, check-in 1"
    expects = (expect,) if exact or raw else (f"{where}: {key} ", expect)
    return Case(f"{part}.{key}={shown}", text.encode("utf-8"), expects)


def raw_case(name: str, text: str | bytes, expect: str) -> Case:
    return Case(name, text.encode() if isinstance(text, str) else text, (expect,))


ID_RULE = "must be an id as bodyscan makes them (a UUID in lowercase), not"
DATE_RULE = "must be a date and time with its time zone"
NULLABLE = {"connection_before", "connection_after", "how_was_that", "strength", "tone"}
FIELDS = {
    "session": ["id", "exercise_id", "title", "kind", "started_at", "ended_at",
                "planned_seconds", "played_seconds", "ending", "options"],
    "checkin": ["id", "created_at", "answer", "connection_before", "connection_after",
                "how_was_that", "note", "regions", "strokes"],
    "region": ["region", "qualities", "other", "strength", "tone"],
    "stroke": ["side", "points"],
}  # fmt: skip


def nested(levels: int) -> str:
    return "[" * levels + "]" * levels


HOSTILE: list[Case] = [
    # What the tester found.
    field("session", "started_at", "0001-01-01T00:00:00.000000Z", "must be from 1970 to 2100"),
    field("session", "id", 5, f"{ID_RULE} 5"),
    field("session", "id", [1, 2], f"{ID_RULE} a list [...]"),
    field("session", "id", "../../etc/passwd", f'{ID_RULE} "../../etc/passwd"'),
    field("checkin", "id", 7, f"{ID_RULE} 7"),
    field("checkin", "connection_after", True, "must be a whole number from 0 to 10 (or null), not true"),
    field("checkin", "connection_after", 5.5, "must be a whole number from 0 to 10 (or null), not 5.5"),
    field("checkin", "connection_before", False, "must be a whole number from 0 to 10 (or null), not false"),
    field("session", "played_seconds", -1, "must be a number of seconds from 0 to 604800, not -1"),
    field("session", "played_seconds", True, "must be a number of seconds from 0 to 604800, not true"),
    field("session", "planned_seconds", None, "it holds Infinity, which is not a number JSON allows", raw="Infinity"),
    field("session", "planned_seconds", None, "it holds NaN, which", raw="NaN"),
    field("session", "planned_seconds", None, "it holds -Infinity, which", raw="-Infinity"),
    field("session", "planned_seconds", None, "it holds a number 401 digits long (100000000000…)", raw="1" + "0" * 400),
    case("duplicate check-in ids", f"entry 2 (id {S2}): the check-in id {C1} is used twice (also in entry 1)",
         lambda d: d["entries"][1]["checkins"][0].update(id=C1)),
    raw_case("deep nesting, 10,000 levels", nested(10_000), "nested far deeper"),
    # Strings where numbers go, and back.
    field("session", "planned_seconds", "180", 'must be a number of seconds from 0 to 604800, not "180"'),
    field("checkin", "connection_after", "5", 'must be a whole number from 0 to 10 (or null), not "5"'),
    field("session", "title", 5, "must be text, not 5"),
    field("checkin", "note", 12, "must be text, not 12"),
    field("checkin", "note", ["a"], "must be text, not a list [...]"),
    field("checkin", "answer", 1, "must be one of noticed, nothing, numb, not-sure, prefer-not, not 1"),
    field("region", "region", 3, "must be a region id, not 3"),
    # Ranges and vocabularies.
    field("checkin", "connection_after", 11, "must be a whole number from 0 to 10 (or null), not 11"),
    field("checkin", "connection_before", -1, "must be a whole number from 0 to 10 (or null), not -1"),
    field("session", "played_seconds", 10**12, "must be a number of seconds from 0 to 604800"),
    field("session", "planned_seconds", None, "it holds a number too large to be one (1e400…)", raw="1e400"),
    field("session", "ending", "exploded", 'must be one of completed, stopped, ended-after-grounding, not "exploded"'),
    field("session", "kind", "dance", 'must be one of body-scan, breathwork, grounding, movement, timer, not "dance"'),
    field("checkin", "answer", "maybe", 'not "maybe"'),
    field("checkin", "how_was_that", "meh", 'must be null or one of too-much, about-right, shut-down, not "meh"'),
    field("region", "region", "tail", 'must be a region id, not "tail"'),
    field("region", "qualities", ["sparkly"], 'must be one of warm'),
    field("region", "qualities", ["warm", "cool", "hot", "light"], "holds 4 items; at most 3 are possible"),
    field("region", "strength", "loud", 'not "loud"'),
    field("region", "tone", 3, "not 3"),
    field("stroke", "side", "left", 'must be one of front, back, not "left"'),
    field("stroke", "points", [[0.1]], f"{E1C1}, stroke 1: point 1 must be a pair [x, y], not a list [...]", exact=True),
    field("stroke", "points", [[2, 0.5]], f"{E1C1}, stroke 1: point 1 must hold numbers from 0 to 1, not 2", exact=True),
    field("stroke", "points", [["a", "b"]], 'point 1 must hold numbers from 0 to 1, not "a"', exact=True),
    field("session", "options", {"minutes": {"deep": 1}}, f"{E1}: options: minutes must be text, a number, true or false, null or a list of text, not an object", exact=True),
    field("session", "options", None, "it holds NaN", raw='{"minutes": NaN}'),
    field("session", "options", "all", 'must be an object {...}, not "all"'),
    # Dates.
    field("session", "started_at", "2101-01-01T00:00:00.000000Z", "must be from 1970 to 2100"),
    field("checkin", "created_at", "1969-12-31T23:59:59.999999Z", "must be from 1970 to 2100"),
    field("session", "ended_at", "2026-11-02T08:00:00", "must say its time zone (like …Z)"),
    field("session", "ended_at", "2026-11-02", "must say its time zone"),
    field("session", "started_at", 1700000000, f"{DATE_RULE}"),
    field("checkin", "created_at", "next tuesday", f"{DATE_RULE}"),
    field("checkin", "created_at", "9999-12-31T23:59:59.999999-23:59", "must be from 1970 to 2100"),
    field("checkin", "created_at", "0001-01-01T00:00:00.000000+05:00", "must be from 1970 to 2100"),
    # Text that is too long or not text.
    field("checkin", "note", "x" * 60_000, "is 60000 characters long; at most 50000 are possible"),
    field("session", "title", "t" * 600, "is 600 characters long; at most 500 are possible"),
    field("checkin", "note", "a\u0000b", "holds a character that is not text"),
    field("checkin", "note", None, f"{E1C1}: note holds a character that is not text", raw='"\\ud800"'),
    field("session", "exercise_id", "", "must not be empty"),
    # Unknown keys, at every level.
    case("unknown top-level key", "has a field this version does not know: 'extra'",
         lambda d: d.update(extra=1)),
    case("unknown entry key", "entry 1 (id", lambda d: d["entries"][0].update(note="x")),
    case("unknown session key", "has a field this version does not know: 'mood'",
         lambda d: session(d).update(mood="ok")),
    case("unknown check-in key", f"{E1C1} has a field", lambda d: checkin(d).update(x=1)),
    case("unknown region key", "region answer 1 has a field", lambda d: region(d).update(x=1)),
    case("unknown stroke key", "stroke 1 has a field", lambda d: stroke(d).update(x=1)),
    case("missing field", f"{E1} has no title", lambda d: session(d).pop("title")),
    # Duplicates.
    case("duplicate session ids", f"entry 2 (id {S1}): the session id {S1} is used twice",
         lambda d: d["entries"][1]["session"].update(id=S1)),
    case("one check-in twice in a session", f"the check-in id {C1} is used twice",
         lambda d: d["entries"][0]["checkins"].append(copy.deepcopy(checkin(d)))),
    raw_case("a key twice in one object",
             json.dumps(base_document()).replace('"title": "Feet"', '"title": "Feet", "title": "X"'),
             "the key 'title' appears twice in one object"),
    # The file itself.
    raw_case("not JSON", "{not json", "is not valid JSON (Expecting property name"),
    raw_case("empty file", "", "is not valid JSON"),
    raw_case("not UTF-8", b"\xff\xfe{\x00}\x00", "it is not UTF-8 text (byte 1)"),
    raw_case("Latin-1 note", json.dumps(base_document(), ensure_ascii=False).replace("calmer", "calm\xe9").encode("latin-1"), "not UTF-8"),
    raw_case("a list, not an export", "[]", "this is not a bodyscan journal export"),
    raw_case("a number", "42", "this is not a bodyscan journal export"),
    case("newer version", "journal export version 2 is not known here", lambda d: d.update(version=2)),
    case("version true", "journal export version true is not known here",
         lambda d: d.update(version=True)),
    case("entries an object", "the export: entries must be a list [...], not an object",
         lambda d: d.update(entries={})),
    case("an entry that is a list", "entry 1 must be an object {...}, not a list",
         lambda d: d["entries"].__setitem__(0, [])),
    case("check-ins an object", f"{E1}: checkins must be a list [...], not an object",
         lambda d: d["entries"][0].update(checkins={})),
    raw_case("deep nesting in options", json.dumps(base_document()).replace('"bell": true', '"bell": ' + nested(5000)), "nested far deeper"),
    raw_case("deep nesting, shallow enough to parse", json.dumps(base_document()).replace('"bell": true', '"bell": ' + nested(200)), f"{E1}: options: bell must be text, not a list [...]"),
]  # fmt: skip

# Every field set to null: refused, except where null is a real answer.
for part, names in FIELDS.items():
    for name in names:
        if name not in NULLABLE:
            HOSTILE.append(field(part, name, None, "not null"))


def journal_with_entries(home: Path) -> Path:
    path = home / "journal.sqlite3"
    journal = Journal.open(path)
    for day in range(4):
        when = START - timedelta(days=30 - day)
        record = SessionRecord("feet", "Feet", "grounding", when, when, 60, 60, "completed")
        journal.record_session(record)
        journal.save_checkin(
            CheckIn(record.id, "noticed", (RegionAnswer("left-foot", ("warm",)),), created_at=when)
        )
    journal.close()
    return path


def bodyscan(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_bodyscan(home, *args)


def refused_cleanly(run: subprocess.CompletedProcess[str], *expects: str) -> None:
    assert run.returncode == 1, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr and "sqlite3." not in run.stderr
    assert "something unexpected" not in run.stderr
    assert run.stderr.startswith("bodyscan: ")
    for expect in expects:
        assert expect in run.stderr, run.stderr
    assert run.stdout == ""


@dataclass(frozen=True)
class Outcome:
    run: subprocess.CompletedProcess[str]
    before: tuple[object, ...]
    after: tuple[object, ...]


@pytest.fixture(scope="module")
def hostile_outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    """Every hostile import, each into its own journal, four subprocesses at a time (each
    `bodyscan` start mostly waits, so the corpus takes a quarter of the time)."""
    root = tmp_path_factory.mktemp("hostile")

    def attempt(number: int) -> Outcome:
        home = root / f"home-{number}"
        home.mkdir()
        path = journal_with_entries(home)
        before = (fingerprint(home), contents(path))
        export = root / f"export-{number}.json"
        export.write_bytes(HOSTILE[number].content)
        run = bodyscan(home, "journal", "import", str(export))
        return Outcome(run, before, (fingerprint(home), contents(path)))

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(attempt, range(len(HOSTILE))))


@pytest.mark.parametrize("number", range(len(HOSTILE)), ids=[c.name[:60] for c in HOSTILE])
def test_a_hostile_import_is_refused_whole(hostile_outcomes: list[Outcome], number: int) -> None:
    outcome = hostile_outcomes[number]
    refused_cleanly(outcome.run, *HOSTILE[number].expect)
    assert outcome.after == outcome.before  # the journal's bytes and modes, its rows
    assert outcome.before[1]["integrity"] == "ok"  # type: ignore[index]


def test_errors_name_the_entry_and_the_field_in_plain_words(bodyscan_home: Path) -> None:
    doc = base_document()
    checkin(doc)["connection_after"] = 5.5
    session(doc)["planned_seconds"] = -3
    export = bodyscan_home / "export.json"
    export.write_text(json.dumps(doc))
    run = bodyscan(bodyscan_home, "journal", "import", str(export))
    assert run.returncode == 1
    first, *rest = run.stderr.splitlines()
    assert first == (
        f"bodyscan: the journal export is not valid: {E1}: planned_seconds must be a number of "
        "seconds from 0 to 604800, not -3"
    )
    assert rest[-1] == "Nothing was imported; your journal is as it was."


def test_a_file_claiming_a_gigabyte_is_refused_by_its_size(bodyscan_home: Path) -> None:
    path = journal_with_entries(bodyscan_home)
    before = fingerprint(bodyscan_home)
    huge = bodyscan_home / "huge.json"
    with huge.open("wb") as out:
        out.truncate(1024**3)  # sparse: claims 1 GB, costs nothing
    started = time.monotonic()
    run = bodyscan(bodyscan_home, "journal", "import", str(huge))
    assert time.monotonic() - started < 10  # not read, let alone parsed
    refused_cleanly(run, "is 1074 MB, more than the 100 MB an export can be")
    assert fingerprint(bodyscan_home) == before and contents(path)["sessions"] == 4


def test_a_folder_or_a_missing_file_is_named(bodyscan_home: Path) -> None:
    refused_cleanly(
        bodyscan(bodyscan_home, "journal", "import", str(bodyscan_home / "nowhere.json")),
        "does not exist",
    )
    refused_cleanly(
        bodyscan(bodyscan_home, "journal", "import", str(bodyscan_home)),
        "Could not read the export",
    )


ALLOWED: list[Case] = [
    field("session", "started_at", "2100-12-31T23:59:59.999999Z", ""),
    field("checkin", "created_at", "1970-01-01T00:00:00.000000Z", ""),
    field("checkin", "created_at", "2026-11-02T09:04:00.000000+01:00", ""),
    *(field(part, name, None, "") for part, names in FIELDS.items() for name in names if name in NULLABLE),
    field("checkin", "connection_after", 10, ""),
    field("session", "played_seconds", 0, ""),
    field("checkin", "note", "ünïcode ✓ 🌿\nsecond line", ""),
]  # fmt: skip


@pytest.mark.parametrize("allowed", ALLOWED, ids=lambda c: c.name[:60])
def test_edges_that_are_allowed_import_once_and_export_as_json(
    bodyscan_home: Path, allowed: Case
) -> None:
    path = journal_with_entries(bodyscan_home)
    export = bodyscan_home / "edge.json"
    export.write_bytes(allowed.content)
    first = bodyscan(bodyscan_home, "journal", "import", str(export))
    assert first.returncode == 0, first.stderr
    assert first.stdout == "Imported 2 sessions (0 were already in your journal).\n"
    again = bodyscan(bodyscan_home, "journal", "import", str(export))
    assert again.stdout == "Imported 0 sessions (2 were already in your journal).\n"
    assert contents(path) == {
        "sessions": 6, "checkins": 6, "region_answers": 5, "strokes": 1, "integrity": "ok",
    }  # fmt: skip
    out = bodyscan(bodyscan_home, "journal", "--format", "json")
    assert out.returncode == 0
    json.loads(out.stdout, parse_constant=lambda name: pytest.fail(f"export wrote {name}"))
    assert bodyscan(bodyscan_home, "journal").returncode == 0


def test_a_check_in_id_taken_by_another_session_is_refused_whole(bodyscan_home: Path) -> None:
    path = journal_with_entries(bodyscan_home)
    journal = Journal.open(path)
    taken = journal.entries()[0].checkins[0].id
    journal.close()
    doc = base_document()
    doc["entries"][1]["checkins"][0]["id"] = taken
    export = bodyscan_home / "export.json"
    export.write_text(json.dumps(doc))
    rows = contents(path)
    refused_cleanly(
        bodyscan(bodyscan_home, "journal", "import", str(export)),
        f"entry 2 (id {S2}): check-in {taken} is already in your journal under another session",
    )
    assert contents(path) == rows  # entry 1 was not kept either: one transaction


OLD_IMPORT = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
connection.execute(
    "INSERT INTO sessions (id, exercise_id, title, kind, started_at, ended_at, "
    "planned_seconds, played_seconds, ending, options) "
    "VALUES ('old', 'e', 'From an old import', 'grounding', "
    "'1-01-01T00:00:00.000000Z', '1-01-01T00:00:00.000000Z', 9e999, 1, 'completed', "
    "'{\\"minutes\\": NaN}')"
)
connection.commit()
"""


def test_bad_data_an_older_version_let_in_is_shown_and_never_exported_as_bad_json(
    bodyscan_home: Path,
) -> None:
    """What an older bodyscan stored from a hostile import (year 1 written as "1-01-01",
    Infinity seconds, NaN in options) no longer breaks `bodyscan journal`."""
    path = journal_with_entries(bodyscan_home)
    subprocess.run([sys.executable, "-c", OLD_IMPORT, str(path)], check=True)
    for zone in ("UTC", "America/New_York", "Asia/Tokyo"):
        table = subprocess.run(
            [sys.executable, "-m", "bodyscan", "journal"],
            capture_output=True, text=True, check=False, cwd=REPO,
            env={**os.environ, "BODYSCAN_HOME": str(bodyscan_home), "TZ": zone},
        )  # fmt: skip
        assert table.returncode == 0, table.stderr
        assert "From an old import · 1s of ?" in table.stdout
    exported = bodyscan(bodyscan_home, "journal", "--format", "json")
    refused_cleanly(exported, "(id old, From an old import) holds a number that is not finite")
    target = bodyscan_home / "out.json"
    assert bodyscan(bodyscan_home, "journal", "--format", "json", "-o", str(target)).returncode == 1
    assert not target.exists()
    assert bodyscan(bodyscan_home, "journal", "--format", "csv").returncode == 0


def test_a_byte_order_mark_from_an_editor_is_harmless(bodyscan_home: Path) -> None:
    journal_with_entries(bodyscan_home)
    export = bodyscan_home / "edited.json"
    export.write_bytes(b"\xef\xbb\xbf" + json.dumps(base_document()).encode())
    run = bodyscan(bodyscan_home, "journal", "import", str(export))
    assert run.returncode == 0 and run.stdout.startswith("Imported 2 sessions"), run.stderr

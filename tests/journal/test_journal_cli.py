"""`bodyscan journal`: the table, CSV and JSON, and importing an export back."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bodyscan import provider
from bodyscan.journal.model import CheckIn, RegionAnswer, SessionRecord


def bodyscan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bodyscan", *args], capture_output=True, text=True, check=False
    )


def fill() -> None:
    journal = provider.journal()
    start = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    for day, answer in enumerate(["noticed", "numb"]):
        when = start + timedelta(days=day * 10)
        session = SessionRecord(
            "body-scan-3", "Body scan, 3 minutes", "body-scan", when, when, 180, 95, "stopped"
        )
        journal.record_session(session)
        regions = (RegionAnswer("chest", ("warm",), "", "clear"),) if answer == "noticed" else ()
        journal.save_checkin(CheckIn(session.id, answer, regions, created_at=when))
    journal.close()


def test_table_csv_json_and_since() -> None:
    assert "Your journal is empty" in bodyscan("journal").stdout
    fill()
    table = bodyscan("journal").stdout
    assert "Body scan, 3 minutes · 1m35s of 3m, stopped" in table
    assert "I noticed sensations; your chest (warm, clear)" in table
    assert "numb / far away" in table
    assert len(bodyscan("journal", "--format", "csv").stdout.splitlines()) == 3
    document = json.loads(bodyscan("journal", "--format", "json", "--since", "2026-11-10").stdout)
    assert [e["checkins"][0]["answer"] for e in document["entries"]] == ["numb"]
    bad = bodyscan("journal", "--since", "last week")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr  # a usage error, as in summary
    empty = bodyscan("journal", "--since", "")  # not "no filter": a date that is not there
    assert empty.returncode == 2 and "YYYY-MM-DD" in empty.stderr


def test_export_and_import_round_trip(tmp_path: Path, monkeypatch: object) -> None:
    fill()
    export = tmp_path / "journal.json"
    assert bodyscan("journal", "--format", "json", "-o", str(export)).returncode == 0
    other = tmp_path / "elsewhere"
    other.mkdir()
    env_home = {"BODYSCAN_HOME": str(other)}
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "bodyscan", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, **env_home},
    )
    first = run("journal", "import", str(export))
    assert first.returncode == 0 and "Imported 2 sessions (0 were already" in first.stdout
    again = run("journal", "import", str(export))
    assert "Imported 0 sessions (2 were already" in again.stdout
    original = json.loads(export.read_text())
    copied = json.loads(run("journal", "--format", "json").stdout)
    assert copied["entries"] == original["entries"]
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    failed = run("journal", "import", str(broken))
    assert failed.returncode == 1 and "is not a journal export" in failed.stderr
    assert "Traceback" not in failed.stderr

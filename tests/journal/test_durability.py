"""Nothing is lost: kill -9 while saving, hundreds of times; two copies writing at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from bodyscan.journal.store import Journal
from tests.conftest import REPO

# A writer that saves check-ins as fast as it can and prints each id once its save returned.
WRITER = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from bodyscan.journal.model import CheckIn, RegionAnswer, SessionRecord, Stroke
from bodyscan.journal.store import Journal

journal = Journal.open(Path(sys.argv[1]))
name, count = sys.argv[2], int(sys.argv[3])
now = datetime.now(UTC)
session = SessionRecord("feet-and-hands", "Feet and hands", "grounding", now, now, 60, 60,
                        "completed", {"writer": name})
journal.record_session(session)
print("ready", flush=True)
for number in range(count):
    regions = tuple(RegionAnswer(region, ("warm",), "", "clear") for region in
                    ("chest", "left-hand", "right-foot")[: 1 + number % 3])
    checkin = CheckIn(session.id, "noticed", regions,
                      (Stroke("front", tuple((i / 50, i / 50) for i in range(50))),),
                      note=f"{name} {number}")
    journal.save_checkin(checkin)
    print(checkin.id, len(regions), flush=True)
"""


def writer(path: Path, name: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), name, str(count)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def check_everything_saved_is_whole(path: Path, returned: dict[str, int]) -> None:
    journal = Journal.open(path)
    assert journal.notice is None  # never damaged
    assert journal.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {c.id: c for entry in journal.entries() for c in entry.checkins}
    for checkin_id, regions in returned.items():
        assert checkin_id in stored, "a check-in whose save returned was lost"
        assert len(stored[checkin_id].regions) == regions
    for checkin in stored.values():
        # whole or not at all: every region answer and the stroke, or no row at all
        assert len(checkin.regions) == 1 + int(checkin.note.split()[-1]) % 3
        assert len(checkin.strokes) == 1 and len(checkin.strokes[0].points) == 50
    journal.close()


def test_kill_minus_nine_while_saving_never_loses_a_returned_save(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    chance = random.Random(20261122)
    returned: dict[str, int] = {}
    kills = 0
    while kills < 200:
        process = writer(path, f"w{kills}", 10_000)
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        time.sleep(chance.uniform(0, 0.05))  # somewhere in the middle of a save
        process.send_signal(signal.SIGKILL)
        output, _ = process.communicate()
        # Only whole lines: a line cut by the kill belongs to a save we cannot name.
        for line in output.split("\n")[:-1]:
            checkin_id, regions = line.split()
            returned[checkin_id] = int(regions)
        kills += 1
    assert len(returned) > 200  # the kills really came while saving
    check_everything_saved_is_whole(path, returned)


def test_two_copies_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    Journal.open(path).close()
    first, second = writer(path, "first", 150), writer(path, "second", 150)
    returned: dict[str, int] = {}
    for process in (first, second):
        output, _ = process.communicate(timeout=120)
        assert process.returncode == 0
        for line in output.splitlines()[1:]:
            checkin_id, regions = line.split()
            returned[checkin_id] = int(regions)
    assert len(returned) == 300
    check_everything_saved_is_whole(path, returned)

"""`journal report --notes` with more notes than three pages hold: the PDF keeps the latest
that fit and says how many it left out; the terminal must say the same, not that all went in."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from bodyscan import provider
from tests.conftest import run_bodyscan
from tests.journal.months import add, local_noon

LONG = "I noticed my breath and then my thoughts wandered off again. " * 40


def test_the_terminal_says_how_many_notes_the_pdf_holds(bodyscan_home: Path) -> None:
    journal = provider.journal()
    for day in range(1, 29):
        add(journal, local_noon(11, day), "noticed", note=f"Day {day}. {LONG}")
    journal.close()
    out = bodyscan_home / "summary.pdf"
    done = run_bodyscan(
        bodyscan_home,
        "journal", "report", "--notes", "--since", "2026-11-01", "--until", "2026-11-30",
        "-o", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    left = re.search(r"(\d+) earlier notes? of this period did not fit", text)
    assert left is not None, "the test needs more notes than fit"
    held = 28 - int(left.group(1))
    assert len(set(re.findall(r"Day \d+\.", text))) == held
    assert f"with {held} of 28 notes" in done.stderr

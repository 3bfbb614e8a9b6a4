"""`bodyscan journal summary` and `bodyscan journal report`: the insights as text, and the
therapist's PDF read back with poppler's `pdftotext` (its figures, its period, its place
names, and the notes only when asked)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bodyscan import provider
from tests.conftest import REPO, run_bodyscan
from tests.journal.months import NOTE, add, fill_two_months, local_noon

NOVEMBER = ("--since", "2026-11-01", "--until", "2026-11-30")


@pytest.fixture
def filled(bodyscan_home: Path) -> Path:
    journal = provider.journal()
    fill_two_months(journal)
    journal.close()
    return bodyscan_home


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    [line] = [line for line in info.stdout.splitlines() if line.startswith("Pages:")]
    return int(line.split()[1])


def test_summary_in_plain_text(filled: Path) -> None:
    done = run_bodyscan(filled, "journal", "summary", *NOVEMBER)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Your practice in November 2026"
    assert (
        "In November 2026 you practised 6 times, 16 minutes in all "
        "(in October 2026: 3 times, 9 minutes)." in lines
    )
    assert "Marked for the first time: your right foot and your whole body." in lines
    assert "  Your left hand: warm 2, tingling 1." in lines
    assert NOTE not in done.stdout  # notes belong to the PDF, and only when asked


def test_summary_of_the_default_period_and_of_an_empty_journal(bodyscan_home: Path) -> None:
    done = run_bodyscan(bodyscan_home, "journal", "summary")
    assert done.returncode == 0, done.stderr
    assert "there were no sessions in your journal" in done.stdout
    assert done.stdout.startswith("Your practice from ")  # the last 28 days


def test_the_report_pdf_is_real_text_with_the_figures_and_no_notes(filled: Path) -> None:
    out = filled / "summary.pdf"
    done = run_bodyscan(filled, "journal", "report", *NOVEMBER, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "Wrote a " in done.stderr and str(out) in done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert 1 <= pages(out) <= 3
    text = pdf_text(out)
    flat = " ".join(text.split())
    assert "Body awareness practice: a summary" in flat
    assert "November 2026, compared with October 2026" in flat
    assert "you practised 6 times, 16 minutes in all (in October 2026: 3 times, 9 minutes)" in flat
    assert "Marked for the first time: your right foot and your whole body." in flat
    for place in ("Your left hand", "Your right foot", "Your whole body", "Your chest"):
        assert place in flat
    # The tables: places this period and the one before, and every answer counted.
    assert "Your left hand 2 of 5 1 of 3 warm 2, tingling 1" in flat
    assert "Your chest 0 of 5 2 of 3" in flat
    assert "numb / far away 1 0" in flat and "nothing noticed 0 1" in flat
    assert "All check-ins 5 3" in flat
    assert "Sessions per day, November 2026" in flat
    assert NOTE not in flat and "Notes written" not in flat


def test_the_notes_only_when_asked_and_at_most_three_pages(filled: Path) -> None:
    out = filled / "with-notes.pdf"
    done = run_bodyscan(filled, "journal", "report", *NOVEMBER, "--notes", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "with 1 note " in done.stderr
    assert NOTE in " ".join(pdf_text(out).split())
    # A month of long notes: the newest that fit, and a sentence for the rest.
    journal = provider.journal()
    for day in range(1, 31):
        words = f"Note of day {day}: " + "a long note about how the day went. " * 12
        add(journal, local_noon(11, day) + timedelta(hours=2), "nothing", note=words)
    journal.close()
    done = run_bodyscan(filled, "journal", "report", *NOVEMBER, "--notes", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert pages(out) == 3
    flat = " ".join(pdf_text(out).split())
    assert "Note of day 30:" in flat and "Note of day 1:" not in flat
    assert "earlier notes of this period did not fit; they are in the journal." in flat


def test_the_report_needs_no_display(filled: Path) -> None:
    out = filled / "headless.pdf"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    done = subprocess.run(
        [sys.executable, "-m", "bodyscan", "journal", "report", *NOVEMBER, "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        env={**env, "BODYSCAN_HOME": str(filled)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "November 2026" in pdf_text(out)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--since", "2026-13-01"), "--since '2026-13-01' is not a date"),
        (("--until", "yesterday"), "--until 'yesterday' is not a date"),
        (("--since", "2026-11-1"), "--since '2026-11-1' is not a date"),
        (("--since", "2026-11-30", "--until", "2026-11-01"), "--since 2026-11-30 is after"),
        (("--since", "0001-01-01"), "outside the years this journal keeps"),
    ],
)
def test_bad_dates_are_usage_errors(bodyscan_home: Path, args: tuple[str, ...], said: str) -> None:
    for command in (("summary",), ("report", "-o", str(bodyscan_home / "x.pdf"))):
        done = run_bodyscan(bodyscan_home, "journal", *command, *args)
        assert done.returncode == 2, done.stderr
        assert said in done.stderr and "Traceback" not in done.stderr
        assert not (bodyscan_home / "x.pdf").exists()


def test_a_report_to_a_missing_folder_says_so(filled: Path) -> None:
    out = filled / "no such folder" / "summary.pdf"
    done = run_bodyscan(filled, "journal", "report", *NOVEMBER, "-o", str(out))
    assert done.returncode == 1
    assert "summary PDF" in done.stderr and "Traceback" not in done.stderr


def test_the_example_in_the_docs_is_what_the_command_says(filled: Path) -> None:
    doc = (REPO / "docs" / "cli.md").read_text()
    command = "$ bodyscan journal summary --since 2026-11-01 --until 2026-11-30\n"
    example = doc[doc.index(command) + len(command) :].split("```")[0].splitlines()
    done = run_bodyscan(filled, "journal", "summary", *NOVEMBER)
    said = done.stdout.splitlines()
    shown = [line for line in example if line != "..."]
    assert len(shown) >= 6
    for line in shown:
        assert line in said, line

"""`journal summary` and `journal report` given dates at the edges of the calendar, empty
dates, dates in other shapes, and -o names that are not a PDF: every one a usage error with
words (exit 2), never "something unexpected went wrong"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_bodyscan

UNEXPECTED = "something unexpected"


@pytest.mark.parametrize(
    "args",
    [
        ("--until", "0001-01-01"),  # the default 28 days would start before year 1
        ("--until", "0001-01-27"),
        ("--since", "0002-01-01", "--until", "9998-12-31"),  # the period before: before year 1
        ("--since", "0001-01-01", "--until", "0001-01-01"),
        ("--since", "9999-12-31", "--until", "9999-12-31"),
    ],
)
@pytest.mark.parametrize("action", ["summary", "report"])
def test_periods_the_calendar_cannot_hold_are_usage_errors(
    bodyscan_home: Path, tmp_path: Path, action: str, args: tuple[str, ...]
) -> None:
    out = ("-o", str(tmp_path / "r.pdf")) if action == "report" else ()
    done = run_bodyscan(bodyscan_home, "journal", action, *args, *out)
    assert done.returncode == 2, done.stderr
    assert UNEXPECTED not in done.stderr and "Traceback" not in done.stderr
    assert "Give dates" in done.stderr or "Give a shorter period" in done.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_the_earliest_period_whose_period_before_fits_is_summarised(bodyscan_home: Path) -> None:
    done = run_bodyscan(
        bodyscan_home, "journal", "summary", "--since", "0003-01-01", "--until", "0003-12-31"
    )
    assert done.returncode == 0, done.stderr
    assert "no sessions" in done.stdout


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--since", ""),  # empty: not silently "the last 28 days"
        ("--until", ""),
        ("--since", "2026-W01-1"),  # an ISO week date is ten characters too
        ("--since", "2026-001-1"),
        ("--since", "２０２６-01-01"),  # full-width digits
        ("--since", "2026-01-01T00:00+05:00"),  # a time and a time zone
        ("--since", "2026-11-01 "),
    ],
)
def test_dates_in_other_shapes_are_usage_errors(bodyscan_home: Path, flag: str, value: str) -> None:
    done = run_bodyscan(bodyscan_home, "journal", "summary", f"{flag}={value}")
    assert done.returncode == 2, done.stderr
    assert "is not a date" in done.stderr
    assert "YYYY-MM-DD" in done.stderr


@pytest.mark.parametrize("name", ["", "summary.txt", "summary", ".pdf"])
def test_a_report_name_must_end_in_pdf(bodyscan_home: Path, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / name if name else Path(name)
    done = run_bodyscan(bodyscan_home, "journal", "report", "-o", str(target))
    assert done.returncode == 2, done.stderr
    assert "must end in .pdf" in done.stderr
    assert sorted(folder.iterdir()) == []


def test_a_report_name_in_capitals_is_a_pdf(bodyscan_home: Path, tmp_path: Path) -> None:
    done = run_bodyscan(bodyscan_home, "journal", "report", "-o", str(tmp_path / "R.PDF"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "R.PDF").read_bytes().startswith(b"%PDF")

"""`journal`'s own flags given before `summary` (`journal -o FILE summary`, `journal --format
json summary`) were ignored without a word: no file was written, and the person was not told."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_bodyscan


@pytest.mark.parametrize(
    ("flags", "said"),
    [(("-o", "OUT"), "-o"), (("--format", "json"), "--format"), (("--format", "csv"), "--format")],
)
def test_journal_flags_before_summary_are_usage_errors(
    bodyscan_home: Path, tmp_path: Path, flags: tuple[str, ...], said: str
) -> None:
    out = tmp_path / "summary.txt"
    args = [str(out) if f == "OUT" else f for f in flags]
    done = run_bodyscan(bodyscan_home, "journal", *args, "summary")
    assert done.returncode == 2, done.stderr
    assert said in done.stderr and "journal summary" in done.stderr
    assert done.stdout == ""
    assert not out.exists()


def test_the_default_format_before_summary_is_fine(bodyscan_home: Path) -> None:
    done = run_bodyscan(bodyscan_home, "journal", "--format", "table", "summary")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Your practice from ")

"""Numbers longer than Python turns into integers (4300 digits) as a timer's length or
interval: argparse printed "invalid read value" and the whole number; the Timer page raised in
its slot and kept offering the timer it showed before."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from bodyscan import provider
from bodyscan.ui.timer_page import TimerPage
from tests.conftest import run_bodyscan

DIGITS = "9" * 5000


@pytest.mark.parametrize(
    "args",
    [
        (DIGITS,),
        (f"{DIGITS}m",),
        (f"1.{DIGITS}",),
        (f"1m{DIGITS}ms",),
        ("20m", "--interval", f"{DIGITS}ms"),
    ],
)
def test_a_number_too_long_to_read_is_a_usage_error_in_words(
    bodyscan_home: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    out = tmp_path / "t.wav"
    done = run_bodyscan(bodyscan_home, "timer", *args, "-o", str(out))
    assert done.returncode == 2, done.stderr
    assert "too many digits" in done.stderr
    assert "invalid" not in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr) < 1500  # the number is not printed whole
    assert not out.exists()


@pytest.mark.parametrize("field", ["length", "interval"])
def test_the_timer_page_says_so_and_offers_nothing(qtbot: QtBot, field: str) -> None:
    page = TimerPage(provider.sound_catalogue())
    qtbot.addWidget(page)
    page.length.setText("20m")
    assert page.start_button.isEnabled()
    getattr(page, field).setText(DIGITS)
    assert "too many digits" in page.summary.text()
    assert not page.start_button.isEnabled()

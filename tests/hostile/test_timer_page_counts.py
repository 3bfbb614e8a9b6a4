"""The Timer page's sentence counts the bells that will ring: it counted in milliseconds, so an
interval typed finer than that ("19m59.9999s" in 20 minutes) rang a bell it did not count."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from bodyscan import provider
from bodyscan.core.timeline import DEFAULT_RATE
from bodyscan.core.timer import bell_onsets
from bodyscan.ui.timer_page import TimerPage


@pytest.mark.parametrize(
    ("length", "interval"),
    [("20m", "19m59.9999s"), ("20m", "5m"), ("10", "5.00001"), ("1h", "7m0.0001s")],
)
def test_the_sentence_counts_the_bells_that_ring(qtbot: QtBot, length: str, interval: str) -> None:
    page = TimerPage(provider.sound_catalogue())
    qtbot.addWidget(page)
    page.length.setText(length)
    page.interval.setText(interval)
    assert page.start_button.isEnabled(), page.summary.text()
    ringing = len(bell_onsets(page.spec(), DEFAULT_RATE))
    assert f", {ringing} bells:" in page.summary.text()

"""The desktop player page when the sound server dies and comes back (in its own process)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO


def test_the_player_page_pauses_says_why_and_plays_on() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tests.ui.window_server_lost"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]  # not SIGABRT (-6) inside libpulse
    seen = json.loads(result.stdout.splitlines()[-1])
    assert seen["output"] == "qt"
    assert seen["lost"].startswith("The sound stopped")
    assert seen["lost"].endswith("Paused: press Resume to play on.")
    assert seen["button"] == "Resume"
    assert seen["again"].startswith("No sound: the sound server is not running")
    assert seen["state_again"] == "paused" and seen["held_again"] == seen["held"]
    assert seen["after"] == "" and seen["button_after"] == "Pause"
    assert seen["end"] == "finished"

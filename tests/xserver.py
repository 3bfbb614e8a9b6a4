"""A real X server for tests that need one (Xvfb, installed by `make test`)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


def _free_display() -> int:
    for number in range(150, 250):
        if not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    raise RuntimeError("no free X display number")


@pytest.fixture
def x_screen(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An Xvfb screen on a free display; DISPLAY points at it for the test."""
    number = _free_display()
    display = f":{number}"
    server = subprocess.Popen(
        # -noreset: without it the server starts afresh (properties gone) after each client.
        ["Xvfb", display, "-screen", "0", "1024x768x24", "-nolisten", "tcp", "-noreset"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            assert server.poll() is None and time.monotonic() < deadline, "Xvfb did not start"
            time.sleep(0.05)
        monkeypatch.setenv("DISPLAY", display)
        yield display
    finally:
        server.terminate()
        server.wait(10)

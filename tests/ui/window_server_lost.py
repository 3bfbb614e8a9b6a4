"""Run by tests/ui/test_window_server_lost.py in a process of its own (a dead sound server
breaks Qt's PulseAudio backend for the rest of a process): the desktop player page with the
real automatic output, a private PulseAudio server that this script kills and starts again.
Prints what the page showed, as JSON."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from bodyscan.core.session import Part, Session, State
    from bodyscan.ui.bridge import SessionBridge
    from bodyscan.ui.output_choice import automatic_output
    from bodyscan.ui.player_page import PlayerPage
    from tests.conftest import RATE, recordings_mixer
    from tests.pulse import running_pulse

    folder = Path(tempfile.mkdtemp())
    os.environ["BODYSCAN_HOME"] = str(folder)
    (folder / "pulse").mkdir()
    with running_pulse(folder / "pulse") as server:
        app = QApplication([])  # noqa: F841 - the widgets need it alive
        bridge = SessionBridge()
        page = PlayerPage(bridge)
        page.show()
        mixer = recordings_mixer(folder, [("a", 440, 0.5, "3s"), ("b", 550, 0.5, "3s")])
        output = automatic_output()
        assert output is not None
        session = Session(Part(mixer), output, bridge.listener())
        seen: dict[str, object] = {"output": output.name}

        def until(condition: Callable[[], bool], timeout: float = 15) -> None:
            deadline = time.monotonic() + timeout
            while not condition():
                assert time.monotonic() < deadline, page.status.text()
                QApplication.processEvents()
                time.sleep(0.01)

        page.start(session, "Two tones", 1.0)
        until(lambda: session.position > RATE)
        server.kill()
        until(lambda: session.state is State.PAUSED)
        seen["lost"] = page.status.text()
        seen["button"] = page.pause_button.text()
        seen["held"] = session.position
        page.pause_button.click()  # resume with no server: said again, still paused
        until(lambda: "No sound" in page.status.text(), 5)
        seen["again"] = page.status.text()
        seen["state_again"] = session.state.value
        seen["held_again"] = session.position
        server.start()
        time.sleep(0.5)
        page.pause_button.click()
        until(
            lambda: session.state is State.PLAYING and session.position > seen["held"] + RATE // 2
        )  # type: ignore[operator]
        seen["after"] = page.status.text()
        seen["button_after"] = page.pause_button.text()
        until(lambda: session.state is State.FINISHED, 20)
        seen["end"] = session.state.value
        bridge.detach()
        sys.stdout.write(json.dumps(seen) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

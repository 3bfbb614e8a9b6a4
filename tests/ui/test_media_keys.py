"""Media keys and `bodyscan start`, with the real app in its own process (offscreen, sound on a
private PulseAudio null sink) and a real D-Bus client (`dbus-send`) on a private session bus:
what the desktop's media controls see and do, and a second start that hands an exercise over."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bodyscan.paths import user_paths
from bodyscan.settings import Settings, SettingsStore
from tests.conftest import REPO, run_bodyscan
from tests.pulse import PulseServer

BUS_NAME = "org.mpris.MediaPlayer2.bodyscan"
PLAYER = "org.mpris.MediaPlayer2.Player"


@pytest.fixture
def session_bus() -> Iterator[str]:
    """A private session bus (dbus-daemon); its address."""
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    assert address.startswith("unix:"), address
    try:
        yield address
    finally:
        daemon.terminate()
        daemon.wait(10)


class RunningApp:
    """`bodyscan ARGS` left running, as from the menu; its log (-v) in a file."""

    def __init__(self, home: Path, bus: str, pulse: PulseServer, *args: str) -> None:
        self.log = home / "app.log"
        self.bus = bus
        self.env = {
            **os.environ,
            "BODYSCAN_HOME": str(home),
            "QT_QPA_PLATFORM": "offscreen",
            "PULSE_SERVER": f"unix:{pulse.socket}",
            "DBUS_SESSION_BUS_ADDRESS": bus,
        }
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bodyscan", "-v", *args],
                cwd=REPO,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def call(self, method: str, *arguments: str) -> str:
        result = subprocess.run(
            [
                "dbus-send",
                f"--bus={self.bus}",
                "--print-reply",
                f"--dest={BUS_NAME}",
                "/org/mpris/MediaPlayer2",
                method,
                *arguments,
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
        if result.returncode != 0:
            raise RuntimeError(result.stderr)
        return result.stdout

    def get(self, name: str, interface: str = PLAYER) -> str:
        reply = self.call(
            "org.freedesktop.DBus.Properties.Get", f"string:{interface}", f"string:{name}"
        )
        return reply.split("\n", 1)[1]

    def status(self) -> str:
        found = re.search(r'string "(\w+)"', self.get("PlaybackStatus"))
        assert found is not None
        return found.group(1)

    def metadata(self) -> dict[str, str]:
        text = self.get("Metadata")
        entries = re.findall(
            r'string "([\w:]+)"\s+variant\s+(?:array \[\s*)?(?:object path|\w+) "([^"]*)"', text
        )
        return dict(entries)

    def position(self) -> int:
        found = re.search(r"int64 (\d+)", self.get("Position"))
        assert found is not None
        return int(found.group(1))

    def until(self, condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            try:
                if condition():
                    return
            except (RuntimeError, AssertionError):
                pass  # not on the bus yet
            time.sleep(0.2)
        raise AssertionError(f"{what}; the app said:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(20)


@pytest.fixture
def acknowledged(bodyscan_home: Path) -> Path:
    """The breathing break's cautions were read once (so a start plays it straight away)."""
    SettingsStore(user_paths().settings_file).save(
        Settings(first_run_done=True, acknowledged=("breathing-break",))
    )
    return bodyscan_home


def test_media_keys_see_and_steer_a_break_handed_over_by_bodyscan_start(
    acknowledged: Path, session_bus: str, pulse_server: PulseServer
) -> None:
    app = RunningApp(acknowledged, session_bus, pulse_server)
    try:
        app.until(lambda: app.status() == "Stopped", "the app is on the bus")
        identity = app.get("Identity", "org.mpris.MediaPlayer2")
        assert 'string "bodyscan"' in identity
        assert "boolean false" in app.get("CanPlay")  # nothing to play yet

        started = run_bodyscan(acknowledged, "start", "breathing-break")
        assert started.returncode == 0, started.stderr
        app.until(lambda: app.status() == "Playing", "the handed-over break plays")
        app.until(lambda: "boolean true" in app.get("CanGoNext"), "the first words play")
        meta = app.metadata()
        assert meta["xesam:title"] == "Breathing break"
        assert meta["mpris:trackid"].startswith("/org/bodyscan/session/")
        assert "asked to start breathing-break" in app.log.read_text()
        for name in ("CanPlay", "CanPause", "CanGoNext", "CanGoPrevious"):
            assert "boolean true" in app.get(name), name

        # PlayPause pauses the real session: the sound's position stands still.
        app.until(lambda: app.position() > 500_000, "some of it played")
        app.call(f"{PLAYER}.PlayPause")
        assert app.status() == "Paused"
        held = app.position()
        time.sleep(1.0)
        assert app.position() == held
        app.call(f"{PLAYER}.PlayPause")
        assert app.status() == "Playing"
        app.until(lambda: app.position() > held, "it plays on")

        # Next skips to the next instruction: the comment (the words on screen) changes.
        app.until(lambda: app.metadata().get("xesam:comment", "") != "", "an instruction")
        before = app.metadata()["xesam:comment"]
        position = app.position()
        app.call(f"{PLAYER}.Next")
        app.until(lambda: app.metadata().get("xesam:comment") != before, "skipped", 30)
        assert app.position() > position
        app.call(f"{PLAYER}.Previous")
        assert app.status() == "Playing"

        app.call(f"{PLAYER}.Stop")
        app.until(lambda: app.status() == "Stopped", "stopped")
        assert app.metadata()["mpris:trackid"] == "/org/mpris/MediaPlayer2/TrackList/NoTrack"
    finally:
        app.stop()


def test_properties_changed_is_signalled_when_the_status_changes(
    acknowledged: Path, session_bus: str, pulse_server: PulseServer
) -> None:
    app = RunningApp(acknowledged, session_bus, pulse_server)
    monitor = None
    try:
        app.until(lambda: app.status() == "Stopped", "the app is on the bus")
        monitor = subprocess.Popen(
            [
                "stdbuf",
                "-oL",  # each signal as it comes: the monitor is stopped, not ended
                "dbus-monitor",
                "--address",
                session_bus,
                "type='signal',interface='org.freedesktop.DBus.Properties',"
                "member='PropertiesChanged'",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(0.5)  # the monitor is listening
        started = run_bodyscan(acknowledged, "start", "breathing-break")
        assert started.returncode == 0, started.stderr
        app.until(lambda: app.status() == "Playing", "the break plays")
        app.until(lambda: "boolean true" in app.get("CanPause"), "the first words play")
        app.call(f"{PLAYER}.Pause")
        assert app.status() == "Paused"
        time.sleep(1.0)
    finally:
        app.stop()
        if monitor is not None:
            monitor.terminate()
            seen = monitor.communicate(timeout=10)[0]
    assert PLAYER in seen
    assert re.search(r'string "PlaybackStatus"\s+variant\s+string "Playing"', seen), seen
    assert re.search(r'string "PlaybackStatus"\s+variant\s+string "Paused"', seen), seen
    assert 'string "Breathing break"' in seen


def test_bodyscan_start_with_no_app_running_opens_one_and_starts(
    acknowledged: Path, session_bus: str, pulse_server: PulseServer
) -> None:
    app = RunningApp(acknowledged, session_bus, pulse_server, "start", "breathing-break")
    try:
        app.until(lambda: app.status() == "Playing", "the new app plays the break")
        assert app.metadata()["xesam:title"] == "Breathing break"
    finally:
        app.stop()


def test_without_a_session_bus_media_keys_are_quietly_off(
    acknowledged: Path, pulse_server: PulseServer, tmp_path: Path
) -> None:
    app = RunningApp(acknowledged, f"unix:path={tmp_path}/no-bus-here", pulse_server)
    try:
        deadline = time.monotonic() + 60
        while "media keys are off: no session bus" not in app.log.read_text():
            assert app.process.poll() is None, app.log.read_text()
            assert time.monotonic() < deadline, app.log.read_text()
            time.sleep(0.2)
        # Still running and still taking a start: no dialog, nothing in the way.
        started = run_bodyscan(acknowledged, "start", "breathing-break")
        assert started.returncode == 0, started.stderr
        deadline = time.monotonic() + 30
        while "asked to start breathing-break" not in app.log.read_text():
            assert time.monotonic() < deadline, app.log.read_text()
            time.sleep(0.2)
        assert app.process.poll() is None
        assert "Traceback" not in app.log.read_text()
    finally:
        app.stop()


def test_start_with_an_unknown_exercise_says_so_and_fails(bodyscan_home: Path) -> None:
    result = run_bodyscan(bodyscan_home, "start", "no-such-thing")
    assert result.returncode == 1
    assert result.stderr.startswith("bodyscan: no exercise called 'no-such-thing'")
    assert "bodyscan list" in result.stderr
    assert "Traceback" not in result.stderr


def test_start_with_a_broken_file_says_what_is_wrong(bodyscan_home: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: Half\nkind: grounding\nsteps: []\n")
    result = run_bodyscan(bodyscan_home, "start", str(broken))
    assert result.returncode == 1
    assert result.stderr.startswith("bodyscan: broken.yaml cannot be used"), result.stderr
    assert "Traceback" not in result.stderr

"""A PulseAudio server with a null sink, started and stopped by tests and benchmarks.

Its monitor is recorded with `parec` and measured: the real sound, not the app's idea of it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

RATE = 48000


@dataclass(frozen=True)
class PulseServer:
    socket: Path
    folder: Path

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "PULSE_SERVER": f"unix:{self.socket}"}

    def record_command(self) -> list[str]:
        command = ["parec", "-d", "test.monitor", "--format=s16le", f"--rate={RATE}"]
        return [*command, "--channels=1", "--latency-msec=10", "--raw"]

    def record(self, path: Path) -> subprocess.Popen[bytes]:
        """Record the sink's monitor (mono, 48 kHz, 16-bit) into a raw file. Returns once the
        recorder is really connected (its file has grown), so no onset is missed."""
        recorder = subprocess.Popen([*self.record_command(), str(path)], env=self.env)
        deadline = time.monotonic() + 10
        while not path.exists() or path.stat().st_size < RATE // 2:
            assert recorder.poll() is None and time.monotonic() < deadline, "parec did not start"
            time.sleep(0.02)
        return recorder


@contextlib.contextmanager
def running_pulse(folder: Path, *, rewinds: bool = False) -> Iterator[PulseServer]:
    """A private server whose default sink is the null sink `test`; PULSE_SERVER points at it.

    Rewinds are off by default: on a sound card a rewind rewrites audio not yet played, but the
    null sink's monitor has already recorded it, so a recording would show skips and repeats
    that nobody would hear (measured: a bare QAudioSink "drifted" 28 ms in 3 minutes with
    rewinds, and stays within a millisecond without).
    """
    socket = folder / "native"
    config = folder / "null.pa"
    config.write_text(
        f"load-module module-native-protocol-unix auth-anonymous=1 socket={socket}\n"
        f"load-module module-null-sink sink_name=test rate=48000 channels=2 norewinds={int(not rewinds)}\n"
        "set-default-sink test\n"
    )
    server = subprocess.Popen(
        [
            "pulseaudio",
            "-n",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "--use-pid-file=no",
            "-F",
            str(config),
        ],
        stdout=subprocess.DEVNULL,
        stderr=(folder / "log").open("w"),
        env={**os.environ, "HOME": str(folder)},
    )
    deadline = time.monotonic() + 20
    while not socket.exists():
        assert server.poll() is None, (folder / "log").read_text()
        assert time.monotonic() < deadline, "pulseaudio did not start"
        time.sleep(0.05)
    previous = os.environ.get("PULSE_SERVER")
    os.environ["PULSE_SERVER"] = f"unix:{socket}"  # before Qt Multimedia first loads
    try:
        yield PulseServer(socket, folder)
    finally:
        if previous is None:
            os.environ.pop("PULSE_SERVER", None)
        else:
            os.environ["PULSE_SERVER"] = previous
        server.terminate()
        server.wait(timeout=10)


def onsets(samples: NDArray[np.float64], threshold: float = 300, quiet: float = 0.3) -> list[int]:
    """Sample indices where sound starts after at least `quiet` seconds of near-silence."""
    loud = np.flatnonzero(np.abs(samples) > threshold)
    if loud.size == 0:
        return []
    starts_after_quiet = np.flatnonzero(np.diff(loud) > quiet * RATE) + 1
    return [int(loud[0]), *(int(loud[i]) for i in starts_after_quiet)]

"""A PulseAudio server with a null sink, started and stopped by tests and benchmarks.

Its monitor is recorded with `parec` and measured: the real sound, not the app's idea of it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

RATE = 48000


class PulseServer:
    """A private PulseAudio server on a socket in `folder`; it can be killed and started again
    (a new process, a new socket file) to test a sound server that goes away."""

    def __init__(self, folder: Path, *, rewinds: bool = False) -> None:
        self.folder = folder
        self.socket = folder / "native"
        self.config = folder / "null.pa"
        self.config.write_text(
            f"load-module module-native-protocol-unix auth-anonymous=1 socket={self.socket}\n"
            f"load-module module-null-sink sink_name=test rate=48000 channels=2 norewinds={int(not rewinds)}\n"
            "set-default-sink test\n"
        )
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "PULSE_SERVER": f"unix:{self.socket}"}

    def start(self) -> None:
        self.socket.unlink(missing_ok=True)
        log = self.folder / "log"
        self.process = subprocess.Popen(
            [
                "pulseaudio",
                "-n",
                "--daemonize=no",
                "--exit-idle-time=-1",
                "--disallow-exit",
                "--use-pid-file=no",
                "-F",
                str(self.config),
            ],
            stdout=subprocess.DEVNULL,
            stderr=log.open("a"),
            env={**os.environ, "HOME": str(self.folder)},
        )
        deadline = time.monotonic() + 20
        while not self.socket.exists():
            assert self.process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "pulseaudio did not start"
            time.sleep(0.05)

    def kill(self) -> None:
        """The server dies at once (SIGKILL), as when it crashes."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None
        self.socket.unlink(missing_ok=True)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def record_command(self, channels: int = 1) -> list[str]:
        command = ["parec", "-d", "test.monitor", "--format=s16le", f"--rate={RATE}"]
        return [*command, f"--channels={channels}", "--latency-msec=10", "--raw"]

    def record(self, path: Path, channels: int = 1) -> subprocess.Popen[bytes]:
        """Record the sink's monitor (48 kHz, 16-bit; mono unless asked) into a raw file.
        Returns once the recorder is really connected (its file has grown), so no onset is
        missed. Stereo is exact; mono is PulseAudio's average of the two channels."""
        recorder = subprocess.Popen([*self.record_command(channels), str(path)], env=self.env)
        deadline = time.monotonic() + 10
        while not path.exists() or path.stat().st_size < RATE // 2 * channels:
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
    server = PulseServer(folder, rewinds=rewinds)
    server.start()
    previous = os.environ.get("PULSE_SERVER")
    os.environ["PULSE_SERVER"] = f"unix:{server.socket}"  # before Qt Multimedia first loads
    try:
        yield server
    finally:
        if previous is None:
            os.environ.pop("PULSE_SERVER", None)
        else:
            os.environ["PULSE_SERVER"] = previous
        server.stop()


def onsets(samples: NDArray[np.float64], threshold: float = 300, quiet: float = 0.3) -> list[int]:
    """Sample indices where sound starts after at least `quiet` seconds of near-silence."""
    loud = np.flatnonzero(np.abs(samples) > threshold)
    if loud.size == 0:
        return []
    starts_after_quiet = np.flatnonzero(np.diff(loud) > quiet * RATE) + 1
    return [int(loud[0]), *(int(loud[i]) for i in starts_after_quiet)]

"""Shared fixtures: tests never touch the real user folders."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from bodyscan.audio.mixer import Mixer
from bodyscan.audio.wavfile import write_wav
from tests.pulse import PulseServer, running_pulse
from tests.xserver import x_screen  # noqa: F401 - a fixture for every test module

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault(
    "QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false;qt.multimedia.ffmpeg=false"
)

# A suite started in the background by a non-interactive shell (`make test &`) inherits Ctrl-C
# ignored, and so would every bodyscan it starts: the tests that press Ctrl-C would find it
# deaf. A handler (unlike "ignored") is reset to the default in each child it starts.
signal.signal(signal.SIGINT, signal.default_int_handler)

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus"


@pytest.fixture(autouse=True)
def restore_umask() -> Iterator[None]:
    """The entry points make everything private (umask 077) for their process; a test that
    calls one in-process must not change what the next test's files get."""
    umask = os.umask(0o022)
    os.umask(umask)
    yield
    os.umask(umask)


@pytest.fixture(autouse=True)
def bodyscan_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("BODYSCAN_HOME", str(home))
    return home


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real disk that fills up: a 200 KB tmpfs (mounting needs root, as here), unmounted
    afterwards."""
    from tests.journal.realfs import tmpfs

    with tmpfs(tmp_path / "small-disk", "200k") as mount:
        yield mount


def fill(disk: Path) -> None:
    """Take up every byte left on the disk."""
    descriptor = os.open(disk / "filler", os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        while True:
            os.write(descriptor, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(descriptor)


@pytest.fixture
def user_exercises(bodyscan_home: Path) -> Path:
    folder = bodyscan_home / "exercises"
    folder.mkdir()
    return folder


MINIMAL = """\
title: Minimal
kind: grounding
steps:
  - say: Notice your feet on the floor, or nothing at all.
    region: feet
    pause: 5s
"""


# Exercises made of known recordings, so rendered audio can be checked sample by sample.

RATE = 48000


def burst(
    path: Path, frequency: float, seconds: float, level: float = 0.3, rate: int = RATE
) -> Path:
    t = np.arange(int(seconds * rate)) / rate
    envelope = np.minimum(1, np.minimum(t, seconds - t) / 0.01)  # 10 ms ramps of its own
    write_wav(
        path, (level * 32767 * envelope * np.sin(2 * np.pi * frequency * t)).astype(np.int16), rate
    )
    return path


@pytest.fixture
def recorded_exercise(tmp_path: Path) -> Path:
    """Three recordings of distinct pitch with pauses, a fixed pause and a breathing block."""
    folder = tmp_path / "rec"
    folder.mkdir()
    burst(folder / "a.wav", 440, 1.0)
    burst(folder / "b.wav", 660, 0.75)
    burst(folder / "c.wav", 880, 1.25, rate=22050)  # needs resampling
    script = folder / "known.yaml"
    script.write_text(
        """\
title: Known recordings
kind: breathwork
bell: false
length: {min: 10s, max: 2m}
steps:
  - say: First, or nothing.
    audio: a.wav
    pause: 2s
  - say: Second, or nothing.
    audio: b.wav
    pause: 3s
  - pause: 1.5s
    stretch: false
  - breathe: {in: 2, hold: 1, out: 3, cycles: 2, cue: tone}
  - say: Third, or nothing.
    audio: c.wav
    pause: 1s
"""
    )
    return script


# A real sound device for tests: a PulseAudio server with a null sink (tests/pulse.py).


@pytest.fixture(scope="session")
def pulse_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PulseServer]:
    with running_pulse(tmp_path_factory.mktemp("pulse")) as server:
        yield server


def mixer_for(script_path: Path, ambient: str | None = None, **options: object) -> Mixer:
    """A script's real mixer (narration, bank, plan), as the CLI and the app build it."""
    from bodyscan import provider
    from bodyscan.audio.bank import SoundBank
    from bodyscan.core.loader import load_script
    from bodyscan.core.timeline import TimelineOptions, plan

    script = load_script(script_path, provider.script_context())
    timeline_options = TimelineOptions(**options)  # type: ignore[arg-type]
    bank = SoundBank(script, provider.narrator(), provider.sound_catalogue(), timeline_options)
    timeline = plan(script, bank.measure(), timeline_options)
    catalogue = provider.sound_catalogue()
    return Mixer(timeline, bank, provider.ambient_bed(ambient, timeline_options.rate, catalogue))


def recordings_mixer(folder: Path, steps: list[tuple[str, float, float, str]]) -> Mixer:
    """A mixer for an exercise of tone recordings: (name, pitch in Hz, seconds, pause after)."""
    lines = ["title: Recordings", "kind: grounding", "bell: false", "steps:"]
    for name, hz, seconds, pause in steps:
        burst(folder / f"{name}.wav", hz, seconds)
        lines += [
            f"  - say: {name}, or nothing.",
            f"    audio: {name}.wav",
            f"    pause: {pause}",
            "    stretch: false",
        ]
    script_path = folder / "recordings.yaml"
    script_path.write_text("\n".join(lines) + "\n")
    return mixer_for(script_path)


def run_bodyscan(home: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`bodyscan ARGS` as a person runs it: its own process, no terminal, this home folder."""
    return subprocess.run(
        [sys.executable, "-m", "bodyscan", *args],
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "BODYSCAN_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"},
        timeout=timeout,
    )

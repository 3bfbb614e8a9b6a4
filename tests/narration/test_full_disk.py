"""A full disk under the cache, for real (a 200 KB tmpfs mounted as the cache folder): the
optimised voice cannot be saved, so the voice loads unsaved; a clip that does not fit says which
disk is full and what to do, leaves no part of itself behind, and the command ends with exit 1;
playing goes on with its speech all the same."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bodyscan.audio.wavfile import read_wav
from bodyscan.cli import main
from tests.journal.realfs import tmpfs

# Each instruction makes a clip of about 150-200 KB: the first fits, the second does not.
LONGER = """\
title: Longer
kind: grounding
bell: false
steps:
  - say: Notice your feet on the floor, and the weight of your legs resting there.
    pause: 1s
  - say: Now let your attention move to your hands, and notice whatever is there, or nothing.
    pause: 1s
  - say: When you are ready, come back to the room around you.
"""


@pytest.fixture
def full_cache(bodyscan_home: Path) -> Iterator[Path]:
    cache = bodyscan_home / "cache"
    exercises = bodyscan_home / "exercises"
    exercises.mkdir()
    (exercises / "longer.yaml").write_text(LONGER)
    with tmpfs(cache, "200k"):
        yield cache


def assert_nothing_half_written(cache: Path) -> None:
    clips = list(cache.glob("narration/*/*.wav"))
    for clip in clips:
        read_wav(clip, verify=True)  # whole, with a matching checksum
    leftovers = {p.name: p for p in cache.rglob("*") if p.is_file() and p not in clips}
    index = leftovers.pop("library-index.json", None)  # saved when there was room
    if index is not None:
        json.loads(index.read_text())  # whole
    assert list(leftovers) == ["voice-ids.json"]


def test_narrate_on_a_full_disk(
    full_cache: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    assert main(["narrate", "longer"]) == 1
    err = capsys.readouterr().err
    assert "bodyscan: Could not store narration in the cache: the disk holding " in err
    assert " is full.\nFree some space on that disk, then try again." in err
    assert str(full_cache / "narration") in err
    assert "unexpected" not in err and "voice" not in err.split("bodyscan: ")[-1]
    # The voice loaded without its optimised graph saved, and said so in the log.
    assert any("loading it without saving" in r.getMessage() for r in caplog.records)
    assert not (full_cache / "voices").exists() or not list((full_cache / "voices").iterdir())
    assert_nothing_half_written(full_cache)


def test_play_on_a_full_disk_keeps_its_speech(full_cache: Path) -> None:
    # In its own process: playing makes a Qt application, which the widget tests must not find.
    captured = subprocess.run(
        [sys.executable, "-m", "bodyscan", "play", "longer", "--output", "null"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert captured.returncode == 1, captured.stderr
    assert "Traceback" not in captured.stderr
    assert "Finished Longer" in captured.stdout
    assert "chime" not in captured.stderr  # the instructions were spoken, not replaced
    assert "bodyscan: Could not store narration in the cache: the disk holding " in captured.stderr
    assert "Free some space on that disk" in captured.stderr
    assert_nothing_half_written(full_cache)

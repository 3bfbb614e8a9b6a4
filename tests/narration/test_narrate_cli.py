"""`bodyscan narrate`: real synthesis ahead of time, progress, cache reuse, clear, errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bodyscan import provider
from bodyscan.cli import main
from bodyscan.core.script import Say, Voice
from bodyscan.core.timeline import ANCHOR_TEXT


def test_narrate_then_nothing_new(bodyscan_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["narrate", "feet-and-hands"]) == 0
    err = capsys.readouterr().err
    # Five instructions, and the anchor cue that replaces one about a left-out area.
    assert "Narrating [" in err and "6/6 instructions" in err
    assert "(6 new, 0 already cached)" in err
    assert main(["narrate", "feet-and-hands"]) == 0
    assert "(0 new, 6 already cached)" in capsys.readouterr().err
    assert len(list((bodyscan_home / "cache" / "narration").glob("*/*.wav"))) == 6
    assert main(["narrate", "--clear"]) == 0
    assert "Narration cache emptied" in capsys.readouterr().out
    assert list((bodyscan_home / "cache" / "narration").glob("*/*.wav")) == []


def test_narrate_all(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["narrate", "--all"]) == 0
    assert "Narrated 9 exercise(s)" in capsys.readouterr().err
    # Leaving a region out replaces its instructions with the anchor cue for the same time:
    # the cue must be shorter than every bundled region instruction it could replace.
    narrator = provider.narrator()
    anchor = narrator.speech(ANCHOR_TEXT, Voice())
    for exercise in provider.library().scan():
        assert exercise.script is not None
        for step in exercise.script.steps:
            if isinstance(step, Say) and step.region_ids:
                spoken = narrator.cached(step.text, exercise.script.voice)
                assert spoken is not None and spoken.frames > anchor.frames, step.text


def test_narrate_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["narrate"]) == 2
    assert main(["narrate", "no-such-exercise"]) == 1
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: x\n")
    assert main(["narrate", str(broken)]) == 1
    assert "missing required key 'kind'" in capsys.readouterr().err


def test_exit_while_the_voice_loads_is_clean(tmp_path: Path) -> None:
    code = "from bodyscan import provider; provider.narrator().loader.start()"
    env = {**os.environ, "BODYSCAN_HOME": str(tmp_path)}
    for _ in range(3):
        result = subprocess.run([sys.executable, "-c", code], env=env, timeout=120, check=False)
        assert result.returncode == 0

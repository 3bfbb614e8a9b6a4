"""`bodyscan narrate`: real synthesis ahead of time, progress, cache reuse, clear, errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bodyscan import provider
from bodyscan.cli import main
from bodyscan.core.choices import anchor_cue, every_pick
from bodyscan.core.script import Say, Voice


def test_narrate_then_nothing_new(bodyscan_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["narrate", "feet-and-hands"]) == 0
    err = capsys.readouterr().err
    # Five instructions, one of them naming the anchor (said once for each of the three it
    # offers: 4 + 3), and the cue that replaces one about a left-out area, with each anchor (3).
    assert "Narrating [" in err and "10/10 instructions" in err
    assert "(10 new, 0 already cached)" in err
    assert main(["narrate", "feet-and-hands"]) == 0
    assert "(0 new, 10 already cached)" in capsys.readouterr().err
    assert len(list((bodyscan_home / "cache" / "narration").glob("*/*.wav"))) == 10
    assert main(["narrate", "--clear"]) == 0
    assert "Narration cache emptied" in capsys.readouterr().out
    assert list((bodyscan_home / "cache" / "narration").glob("*/*.wav")) == []


def test_narrate_all(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["narrate", "--all"]) == 0
    assert "Narrated 9 exercise(s)" in capsys.readouterr().err
    # Leaving a region out replaces its instructions with the anchor cue for the same time:
    # the cue, with any anchor the exercise offers, must be shorter than every bundled region
    # instruction it could replace.
    narrator = provider.narrator()
    for exercise in provider.library().scan():
        script = exercise.script
        assert script is not None
        cues = [anchor_cue(picked) for picked in every_pick(script.choices)]
        longest = max(narrator.speech(cue, Voice()).frames for cue in cues)
        for step in script.steps:
            if isinstance(step, Say) and step.region_ids:
                spoken = narrator.cached(step.text, script.voice)
                assert spoken is not None and spoken.frames > longest, step.text


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

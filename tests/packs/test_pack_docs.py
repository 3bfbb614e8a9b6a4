"""docs/packs.md's recipes for building a pack with other tools (`zip`, Python's zipfile)
make packs that `bodyscan install` accepts, with the doc's own example script."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from bodyscan.cli.commands import main
from tests.conftest import REPO, burst

DOC = (REPO / "docs" / "packs.md").read_text()


def block(language: str, containing: str) -> str:
    found = [b for b in re.findall(rf"```{language}\n(.*?)```", DOC, re.S) if containing in b]
    assert len(found) == 1, (language, containing)
    return found[0]


@pytest.fixture
def exercise_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "evening-scan"
    (folder / "recordings").mkdir(parents=True)
    burst(folder / "recordings" / "welcome.wav", 330, 1.0)
    (folder / "evening.yaml").write_text(block("yaml", "Evening wind-down"))
    return folder


def installs(pack: Path, home: Path) -> None:
    assert main(["install", str(pack)]) == 0
    # No `id:` in the doc's example: the pack's file name gives it, as the doc says.
    installed = home / "exercises" / "evening" / "evening.yaml"
    assert installed.read_text() == block("yaml", "Evening wind-down")
    assert (installed.parent / "recordings" / "welcome.wav").exists()


def test_the_python_recipe_makes_a_pack_that_installs(
    exercise_folder: Path, bodyscan_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(exercise_folder)
    exec(compile(block("python", "zipfile"), "docs/packs.md", "exec"), {})
    installs(exercise_folder / "evening.bodyscan", bodyscan_home)


def test_the_zip_recipe_makes_a_pack_that_installs(
    exercise_folder: Path, bodyscan_home: Path
) -> None:
    recipe = re.findall(r"```\n(cd evening-scan\n.*?)```", DOC, re.S)[0]
    assert "zip -X" in recipe
    subprocess.run(["sh", "-e", "-c", recipe], cwd=exercise_folder.parent, check=True)
    installs(exercise_folder.parent / "evening.bodyscan", bodyscan_home)

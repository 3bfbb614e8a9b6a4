"""A wheel built from the repo carries the bundled exercises and sounds and runs on its own."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("bodyscan-*.whl")
    return built


def test_wheel_contents(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    scripts = {n for n in names if n.startswith("bodyscan/_bundled/scripts/")}
    assert len(scripts) == 9
    assert "bodyscan/_bundled/audio/README.md" in names
    assert "bodyscan/ui/resources/bodyscan.svg" in names
    assert "bodyscan/ui/resources/bodyscan.desktop" in names
    assert "bodyscan/ui/resources/bodyscan-mime.xml" in names  # packs' file type
    metadata = next(n for n in names if n.endswith("METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "License-Expression: GPL-3.0-or-later" in text
    assert "Requires-Dist: piper-tts==1.8.0" in text
    entry_points = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith("entry_points.txt"))
    )
    assert b"bodyscan = bodyscan.cli:run_as_program" in entry_points
    assert b"bodyscan-gui = bodyscan.ui.app:main" in entry_points


def test_wheel_runs_from_a_fresh_venv_outside_the_repo(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    # The dependencies come from the test environment, appended after the fresh site-packages
    # (a .pth line adds the folder without running the editable install's own .pth files).
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {"BODYSCAN_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    listing = subprocess.run(
        [str(python), "-m", "bodyscan", "list", "--json"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    records = json.loads(listing.stdout)
    assert len(records) == 9
    assert all(r["path"].startswith(str(site)) and not r["broken"] for r in records)
    validate = subprocess.run(
        [str(python), "-m", "bodyscan", "validate", *(r["path"] for r in records)],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert validate.returncode == 0, validate.stdout + validate.stderr


def test_desktop_file_is_complete() -> None:
    import configparser

    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(REPO / "bodyscan" / "ui" / "resources" / "bodyscan.desktop")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"] == "bodyscan-gui"  # the gui-script entry point in pyproject
    assert section["Icon"] == "bodyscan" and section["Categories"].endswith(";")

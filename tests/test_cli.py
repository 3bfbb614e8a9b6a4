"""The command-line contract: output, exit codes, and never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bodyscan.cli import main
from tests.conftest import CORPUS, MINIMAL, REPO


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BODYSCAN_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "bodyscan", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_validate_bundled_exits_zero_and_silent(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in (REPO / "scripts").glob("*.yaml"))
    assert main(["validate", *files]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == ""


def test_validate_reports_every_file_and_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(MINIMAL)
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\nkind: body-scan\nsteps:\n  - say: hi\n    pasue: 3s\n  - pause: -1\n")
    assert main(["validate", str(good), str(bad)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{bad}:5:5: error: unknown key 'pasue'; did you mean 'pause'?",
        f"{bad}:6:12: error: pause: a duration cannot be negative (-1)",
    ]
    assert "2 error(s)" in err


def test_validate_warnings_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        "title: T\nkind: breathwork\nsteps:\n  - breathe: {in: 4, hold: 8, out: 4, cycles: 1}\n"
    )
    assert main(["validate", str(path)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"{path}:4:28: warning: a hold of 8 s")


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    assert run("validate", home=tmp_path).returncode == 2
    assert run("frobnicate", home=tmp_path).returncode == 2
    assert run("list", "--bogus", home=tmp_path).returncode == 2


def test_subprocess_never_prints_a_traceback(tmp_path: Path) -> None:
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(os.urandom(4096))
    bomb = CORPUS / "bad" / "alias-bomb.yaml"
    folder = tmp_path
    result = run(
        "validate", str(junk), str(bomb), str(folder), str(tmp_path / "missing.yaml"), home=tmp_path
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stdout.splitlines()) == 4


def test_list_table_and_json(user_exercises: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (user_exercises / "mine.yaml").write_text("id: body-scan-3\n" + MINIMAL)
    (user_exercises / "oops.yaml").write_text("title: T\nkind: nope\nsteps: []\n")
    assert main(["list"]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split() == ["ID", "KIND", "TITLE", "LENGTH"]
    assert "shadows the bundled" in table
    assert "BROKEN:" in table and "oops.yaml:2:7: error: unknown kind 'nope'" in table
    assert main(["list", "--json"]) == 0
    records = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    scan = records["body-scan-12"]
    assert scan["kind"] == "body-scan" and scan["title"] == "Twelve-minute body scan"
    assert scan["length"] == {"min": 480.0, "max": 1200.0}
    assert records["body-scan-3"]["shadows"].endswith("scripts/body-scan-3.yaml")
    assert records["oops"]["broken"] is True and records["oops"]["length"] is None


def test_regions_schema_sounds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["regions"]) == 0
    text = capsys.readouterr().out
    assert "left-hand" in text and "your left hand" in text and "pins-and-needles" in text
    assert main(["regions", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["regions"]) == 25 and "torso" in data["groups"]
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"].startswith("bodyscan exercise script")
    assert main(["sounds", "--json"]) == 0
    sounds = json.loads(capsys.readouterr().out)
    assert {"soft", "chime"} <= set(sounds["bells"]) and {"pink-noise", "brown-noise"} <= set(
        sounds["ambient"]
    )


def test_gui_without_display_explains_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    env["BODYSCAN_HOME"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "bodyscan"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "needs a graphical session" in result.stderr and "Traceback" not in result.stderr

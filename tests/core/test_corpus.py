"""The hand-written corpus of bad scripts: each names the exact diagnostics it must produce."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bodyscan.core.loader import ScriptContext, check_file
from bodyscan.core.yamlnodes import MAX_FILE_BYTES
from tests.conftest import CORPUS, REPO

BAD = sorted((CORPUS / "bad").glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (.*)$", re.M)


def expectations(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    return [line.replace("{corpus}", str(path.parent.resolve())) for line in EXPECT.findall(text)]


def test_corpus_is_large_enough() -> None:
    assert len(BAD) >= 60
    assert all(expectations(path) for path in BAD)


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_file_reports_expected_problems(path: Path) -> None:
    result = check_file(path, ScriptContext(shared_audio=(REPO / "audio",)))
    reported = [f"{p.line}:{p.column}: {p.severity}: {p.message}" for p in result.problems]
    assert result.script is None
    assert result.errors
    for expected in expectations(path):
        assert expected in reported, f"{path.name}: {expected!r} not in {reported}"


def test_binary_junk(tmp_path: Path) -> None:
    path = tmp_path / "junk.yaml"
    path.write_bytes(b"title: x\n" + bytes(range(256)))
    [problem] = check_file(path).problems
    assert (problem.line, problem.column) == (2, 1)
    assert problem.message == "this looks like a binary file, not a YAML text script"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: caf\xe9\n".encode("latin-1"))
    [problem] = check_file(path).problems
    assert (problem.line, problem.column) == (1, 11)
    assert problem.message == "the file is not UTF-8 text; save it as UTF-8"


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: T\nkind: grounding\nsteps:\n  - pause: 2s\n")
    assert check_file(path).ok


def test_gigabyte_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(1024**3)  # sparse: costs no disk
    [problem] = check_file(path).problems
    assert problem.message == "file is 1024.0 MiB; a script may be at most 1 MiB"


def test_file_just_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    assert "at most 1 MiB" in check_file(path).problems[0].message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert check_file(tmp_path / "nope.yaml").problems[0].message == "file not found"
    assert "folder" in check_file(tmp_path).problems[0].message

"""Every example in the README and docs is a valid exercise (or step) as written."""

from __future__ import annotations

import re
import wave
from pathlib import Path

import pytest

from bodyscan.cli import build_parser
from bodyscan.core.loader import check_file, check_text
from tests.conftest import REPO

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
BLOCK = re.compile(r"```yaml\n(.*?)```", re.S)
BLOCKS = [(doc, block) for doc in DOCS for block in BLOCK.findall(doc.read_text())]


def test_docs_have_examples() -> None:
    assert len(BLOCKS) >= 6


@pytest.mark.parametrize(
    ("doc", "block"), BLOCKS, ids=[f"{d.name}-{i}" for i, (d, _) in enumerate(BLOCKS)]
)
def test_yaml_example_is_valid(doc: Path, block: str, tmp_path: Path) -> None:
    recordings = tmp_path / "recordings"
    recordings.mkdir()
    with wave.open(str(recordings / "welcome.wav"), "wb") as clip:
        clip.setnchannels(1)
        clip.setsampwidth(2)
        clip.setframerate(22050)
        clip.writeframes(b"\x10\x00" * 22050)
    text = (
        block
        if block.lstrip().startswith("title:")
        else f"title: T\nkind: grounding\nsteps:\n{block}"
    )
    result = check_text(text, tmp_path / "example.yaml")
    assert result.problems == (), f"{doc.name}: {result.problems}"


def test_example_files_are_clean() -> None:
    examples = sorted((REPO / "docs" / "examples").glob("*.yaml"))
    assert examples
    for path in examples:
        assert check_file(path).problems == (), path


def test_cli_doc_covers_every_command() -> None:
    text = (REPO / "docs" / "cli.md").read_text()
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands
    for name in commands:
        assert f"## `bodyscan {name}" in text, name

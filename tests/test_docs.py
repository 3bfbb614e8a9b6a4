"""Every example in the README and docs is a valid exercise (or step) as written."""

from __future__ import annotations

import ast
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


# The screenshots: every image the README and docs show exists, and every file in
# docs/screenshots is one that tools/screenshots.py still makes (none left from old screens).

SCREENSHOTS = REPO / "docs" / "screenshots"
IMAGE = re.compile(r"""!\[[^\]]*\]\(([^)\s]+)\)|<img\s[^>]*src="([^"]+)\"""")


def _tool_screens() -> tuple[str, ...]:
    """The screens tools/screenshots.py and tools/editor_screenshots.py take (read from their
    source: they need a display)."""
    return _screens_of("screenshots.py") + _screens_of("editor_screenshots.py")


def _screens_of(tool: str) -> tuple[str, ...]:
    tree = ast.parse((REPO / "tools" / tool).read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "SCREENS" for t in node.targets
        ):
            return tuple(ast.literal_eval(node.value))
    raise AssertionError(f"tools/{tool} has no SCREENS")


def _images(doc: Path) -> list[str]:
    return [a or b for a, b in IMAGE.findall(doc.read_text())]


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_every_image_a_doc_shows_exists(doc: Path) -> None:
    missing = [
        image
        for image in _images(doc)
        if not image.startswith(("http:", "https:")) and not (doc.parent / image).is_file()
    ]
    assert missing == [], f"{doc.name} shows images that do not exist: {missing}"


def test_the_readme_shows_the_player_and_the_checkin_first() -> None:
    images = _images(REPO / "README.md")
    assert images[:2] == ["docs/screenshots/player-light.png", "docs/screenshots/checkin-light.png"]


def test_the_readme_table_has_every_screen_light_and_dark() -> None:
    shown = set(_images(REPO / "README.md"))
    wanted = {
        f"docs/screenshots/{name}-{look}.png"
        for name in _tool_screens()
        for look in ("light", "dark")
    }
    assert sorted(wanted - shown) == []


def test_every_screenshot_is_one_the_tool_makes() -> None:
    made = {f"{name}-{look}.png" for name in _tool_screens() for look in ("light", "dark")}
    files = {path.name for path in SCREENSHOTS.iterdir()}
    assert sorted(files - made) == [], "left from screens no longer taken: remove them"
    assert sorted(made - files) == [], "not made yet: run tools/screenshots.py"

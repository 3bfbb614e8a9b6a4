from __future__ import annotations

from pathlib import Path

import pytest

from bodyscan import provider
from bodyscan.errors import ExerciseNotFound, ScriptError
from tests.conftest import MINIMAL

BUNDLED_IDS = {
    "body-scan-3",
    "body-scan-12",
    "body-scan-25",
    "box-breathing",
    "breathing-break",
    "cyclic-sighing",
    "grounding-54321",
    "feet-and-hands",
    "slow-movement",
}


def test_bundled_exercises_found() -> None:
    exercises = provider.library().scan()
    assert {e.id for e in exercises} == BUNDLED_IDS
    assert all(e.origin == "bundled" and not e.broken for e in exercises)
    kinds = [e.script.kind for e in exercises if e.script]
    assert kinds == sorted(kinds, key=["body-scan", "breathwork", "grounding", "movement"].index)


def test_user_folder_under_bodyscan_home(bodyscan_home: Path) -> None:
    assert provider.library().user_dir == bodyscan_home / "exercises"


def test_user_file_shadows_bundled(user_exercises: Path) -> None:
    (user_exercises / "mine.yaml").write_text("id: body-scan-3\n" + MINIMAL)
    exercises = {e.id: e for e in provider.library().scan()}
    mine = exercises["body-scan-3"]
    assert mine.origin == "user" and mine.title == "Minimal"
    assert mine.shadows is not None and mine.shadows.name == "body-scan-3.yaml"
    assert provider.library().load("body-scan-3").title == "Minimal"


def test_broken_user_file_never_hides_the_others(user_exercises: Path) -> None:
    (user_exercises / "a-broken.yaml").write_text("title: [unclosed\n")
    (user_exercises / "b-good.yaml").write_text(MINIMAL)
    (user_exercises / "c-junk.yml").write_bytes(b"\x00\x01\x02")
    sub = user_exercises / "sub"
    sub.mkdir()
    (sub / "d-nested.yaml").write_text(MINIMAL.replace("Minimal", "Nested"))
    (user_exercises / ".hidden.yaml").write_text(MINIMAL)
    exercises = {e.id: e for e in provider.library().scan()}
    assert set(exercises) == BUNDLED_IDS | {"a-broken", "b-good", "c-junk", "d-nested"}
    broken = exercises["a-broken"]
    assert broken.broken and broken.first_error is not None
    assert "invalid YAML" in broken.first_error.message
    assert exercises["c-junk"].broken
    assert not exercises["b-good"].broken and exercises["d-nested"].title == "Nested"


def test_two_user_files_with_one_id(user_exercises: Path) -> None:
    (user_exercises / "one.yaml").write_text("id: same\n" + MINIMAL)
    (user_exercises / "two.yaml").write_text("id: same\n" + MINIMAL)
    same = [e for e in provider.library().scan() if e.id == "same"]
    assert len(same) == 2
    assert sum(e.broken for e in same) == 1
    clash = next(e for e in same if e.broken)
    assert clash.first_error is not None and "already used by one.yaml" in clash.first_error.message


def test_find_by_path_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "any name.yaml"
    path.write_text(MINIMAL)
    library = provider.library()
    assert library.load(str(path)).title == "Minimal"
    with pytest.raises(ExerciseNotFound, match="no exercise called 'nope'"):
        library.find("nope")
    path.write_text("title: x\n")
    with pytest.raises(ScriptError, match="missing required key 'kind'"):
        library.load(str(path))


def test_user_files_are_found_in_path_order_without_hidden_or_linked_folders(
    user_exercises: Path, tmp_path: Path
) -> None:
    """The scan walks folders itself (not rglob) and sorts names folder by folder: the order
    must stay that of comparing paths part by part, since the first of two files with one id
    is the one that is listed and the second is named as the clash."""
    names = ["a/x.yaml", "a-b.yaml", "a.yaml", "A/z.yml", "b/c/d.YAML", "b/c.yaml", "b-/e.yaml"]
    names += [".hidden/x.yaml", "c/.hidden.yaml", "a b.yaml", "notes.txt", "folder.yaml/in.yaml"]
    for name in names:
        (user_exercises / name).parent.mkdir(parents=True, exist_ok=True)
        (user_exercises / name).write_text("id: same\n" + MINIMAL)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "linked.yaml").write_text("id: linked\n" + MINIMAL)
    (user_exercises / "link").symlink_to(outside)  # a linked folder is not entered...
    (user_exercises / "loop").symlink_to(user_exercises)  # ...so a loop ends at once
    found = [e.path for e in provider.library().scan() if e.origin == "user"]
    expected = sorted(
        p
        for p in user_exercises.rglob("*")
        if p.is_file()
        and p.suffix.lower() in (".yaml", ".yml")
        and not any(part.startswith(".") for part in p.relative_to(user_exercises).parts)
        and "link" not in p.relative_to(user_exercises).parts
        and "loop" not in p.relative_to(user_exercises).parts
    )
    assert sorted(found) == expected and len(expected) == 9
    clashes = {e.path: e for e in provider.library().scan() if e.origin == "user"}
    first = clashes[expected[0]]
    assert not first.broken  # the first in path order keeps the id...
    assert all(clashes[p].broken for p in expected[1:])  # ...the others name it
    assert all(expected[0].name in str(clashes[p].first_error) for p in expected[1:])

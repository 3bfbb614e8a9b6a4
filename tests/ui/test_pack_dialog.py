"""The pack preview and "Share…" with real widgets (offscreen), real packs and real files:
the preview shows everything the pack holds, the description and cautions in full; Install
installs; Cancel writes nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from bodyscan import provider
from bodyscan.core.library import Exercise
from bodyscan.errors import BodyscanError
from bodyscan.packs import CheckedPack, open_pack
from bodyscan.ui.pack_dialog import PackPreview, open_pack_file, share_exercise
from tests.conftest import MINIMAL
from tests.packs.builder import SCRIPT, good_entries, tree, write_pack

LONG_DESCRIPTION = "A long description, line after line, as the therapist wrote it. " * 12
LONG_CAUTION = "If your breath feels caught, let it go back to its own pace. " * 6


def a_pack(tmp_path: Path) -> Path:
    script = SCRIPT.replace("description: |\n", f"description: |\n  {LONG_DESCRIPTION}\n").replace(
        "cautions:\n", f"cautions:\n  - {LONG_CAUTION}\n"
    )
    return write_pack(tmp_path / "calm.bodyscan", good_entries(tmp_path, script))


def checked_pack(tmp_path: Path, home: Path) -> CheckedPack:
    return open_pack(a_pack(tmp_path), home / "exercises", provider.script_context())


def errors_into(found: list[BodyscanError]) -> object:
    return found.append


def test_the_preview_shows_everything_the_pack_holds_in_full(
    qtbot: QtBot, tmp_path: Path, bodyscan_home: Path
) -> None:
    with checked_pack(tmp_path, bodyscan_home) as checked:
        dialog = PackPreview(checked, None, bodyscan_home / "exercises", lambda e: None)
        qtbot.addWidget(dialog)
        assert dialog.heading.text() == "Shared calm"
        facts = dialog.facts.text().splitlines()
        assert facts[0].startswith("Grounding, ")
        assert "By A. Therapist" in facts
        assert "From calm.bodyscan" in facts
        description = dialog.description.text()
        assert LONG_DESCRIPTION.strip() in description  # whole, never cut short
        assert "Every line of this stays as written." in description
        cautions = dialog.cautions.text()
        assert LONG_CAUTION.strip() in cautions
        assert "opening your eyes is always fine." in cautions
        assert "press your feet into the floor." in cautions
        assert dialog.recordings.text().splitlines() == [
            "1 recording:",
            "  recordings/feet.wav (48 kB)",
        ]
        assert dialog.install_button.isEnabled() and dialog.install_button.isDefault()
        assert not dialog.replace_box.isVisibleTo(dialog)


def test_install_installs(qtbot: QtBot, tmp_path: Path, bodyscan_home: Path) -> None:
    with checked_pack(tmp_path, bodyscan_home) as checked:
        dialog = PackPreview(checked, None, bodyscan_home / "exercises", lambda e: None)
        qtbot.addWidget(dialog)
        qtbot.mouseClick(dialog.install_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == PackPreview.DialogCode.Accepted
    assert dialog.installed is not None
    script = bodyscan_home / "exercises" / "shared-calm" / "shared-calm.yaml"
    assert dialog.installed.script == script
    assert provider.library().find("shared-calm").path == script
    assert [p.name for p in bodyscan_home.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("how", ["button", "escape"])
def test_cancel_writes_nothing(qtbot: QtBot, tmp_path: Path, bodyscan_home: Path, how: str) -> None:
    provider.library().scan()  # as the window has, at start: the library's index is there
    before = tree(bodyscan_home)
    pack = a_pack(tmp_path)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PackPreview)
        if how == "button":
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, answer)
    errors: list[BodyscanError] = []
    assert open_pack_file(None, pack, provider.library(), errors.append) is None
    assert errors == []
    assert tree(bodyscan_home) == before  # the temporary folder is gone too


def test_an_exercise_with_the_same_id_is_replaced_only_when_the_box_is_checked(
    qtbot: QtBot, tmp_path: Path, user_exercises: Path, bodyscan_home: Path
) -> None:
    own = user_exercises / "mine.yaml"
    own.write_text(MINIMAL.replace("title: Minimal", "id: shared-calm\ntitle: My own"))
    existing = provider.library().find("shared-calm")
    assert isinstance(existing, Exercise)
    with checked_pack(tmp_path, bodyscan_home) as checked:
        dialog = PackPreview(checked, existing, user_exercises, lambda e: None)
        qtbot.addWidget(dialog)
        assert dialog.replace_box.isVisibleTo(dialog)
        assert dialog.replace_box.text() == "Replace my “My own” with this one"
        assert not dialog.install_button.isEnabled()
        dialog.replace_box.setFocus()
        qtbot.keyClick(dialog.replace_box, Qt.Key.Key_Space)  # by keyboard
        assert dialog.install_button.isEnabled()
        assert dialog.install_button.text() == "Replace and install"
        qtbot.mouseClick(dialog.install_button, Qt.MouseButton.LeftButton)
    assert not own.exists()
    assert provider.library().find("shared-calm").title == "Shared calm"


def test_a_refused_pack_says_why_and_shows_no_preview(
    qtbot: QtBot, tmp_path: Path, bodyscan_home: Path
) -> None:
    pack = tmp_path / "broken.bodyscan"
    pack.write_text("not a zip")
    errors: list[BodyscanError] = []
    assert open_pack_file(None, pack, provider.library(), errors.append) is None
    assert [e.short for e in errors] == [
        "broken.bodyscan was not installed: it is not a bodyscan pack (not a zip archive, "
        "or a damaged one)"
    ]


def test_share_writes_a_pack_where_the_person_chose(
    qtbot: QtBot, tmp_path: Path, user_exercises: Path
) -> None:
    folder = user_exercises / "calm"
    (folder / "recordings").mkdir(parents=True)
    (folder / "recordings" / "feet.wav").write_bytes(good_entries(tmp_path)[1][1])
    (folder / "calm.yaml").write_text(SCRIPT)
    exercise = provider.library().find("shared-calm")
    asked: list[Path] = []

    def ask(_parent: object, suggested: Path) -> Path:
        asked.append(suggested)
        return tmp_path / "to share.bodyscan"

    errors: list[BodyscanError] = []
    packed = share_exercise(None, exercise, provider.library(), errors.append, ask)
    assert errors == []
    assert asked == [Path.home() / "shared-calm.bodyscan"]
    assert packed is not None and packed.path == tmp_path / "to share.bodyscan"
    assert zipfile.ZipFile(packed.path).namelist() == ["exercise.yaml", "recordings/feet.wav"]

    cancelled = share_exercise(None, exercise, provider.library(), errors.append, lambda p, s: None)
    assert cancelled is None and errors == []

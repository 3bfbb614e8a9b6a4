"""Packs in the real main window (offscreen): a pack dropped on the window, or named when the
app starts (`bodyscan FILE.bodyscan`, the file manager's double-click), opens the preview,
and an installed exercise appears in the library; "Share…" shows on the page before starting
and writes a pack."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from bodyscan.cli.commands import _pack_to_open
from bodyscan.ui.pack_dialog import PackPreview
from tests.packs.builder import SCRIPT, good_entries, write_pack
from tests.ui.test_main_window import App


def answer_preview(qtbot: QtBot, button: str, seen: list[str]) -> None:
    """When the preview comes up (modal), note its title and press one of its buttons."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PackPreview):
            QTimer.singleShot(20, answer)
            return
        seen.append(dialog.heading.text())
        target = dialog.install_button if button == "install" else dialog.cancel_button
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)


def drag(window: object, paths: list[Path]) -> tuple[QDragEnterEvent, QDropEvent, QMimeData]:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    actions = Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(50, 50), actions, data, buttons, keys)
    drop = QDropEvent(QPointF(50, 50), actions, data, buttons, keys)
    return enter, drop, data


def library_titles(app: App) -> list[str]:
    return [e.title for e in app.window.library_page.exercises]


def test_a_pack_dropped_on_the_window_is_previewed_then_installed(
    qtbot: QtBot, tmp_path: Path, bodyscan_home: Path
) -> None:
    app = App(qtbot)
    window = app.window
    window._welcomed()
    pack = write_pack(tmp_path / "calm.bodyscan", good_entries(tmp_path))
    enter, drop, _data = drag(window, [pack])
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    seen: list[str] = []
    answer_preview(qtbot, "install", seen)
    QApplication.sendEvent(window, drop)
    assert seen == ["Shared calm"]
    assert (bodyscan_home / "exercises" / "shared-calm" / "shared-calm.yaml").exists()
    qtbot.waitUntil(lambda: "Shared calm" in library_titles(app), timeout=10000)
    assert app.errors == []


def test_other_files_dropped_on_the_window_are_not_taken(qtbot: QtBot, tmp_path: Path) -> None:
    app = App(qtbot)
    text = tmp_path / "notes.txt"
    text.write_text("not a pack")
    pack = write_pack(tmp_path / "calm.bodyscan", good_entries(tmp_path))
    for paths in ([text], [pack, pack]):
        enter, _drop, _data = drag(app.window, paths)
        enter.ignore()
        QApplication.sendEvent(app.window, enter)
        assert not enter.isAccepted()


def test_share_shows_before_starting_and_writes_a_pack(
    qtbot: QtBot, tmp_path: Path, user_exercises: Path
) -> None:
    (user_exercises / "calm" / "recordings").mkdir(parents=True)
    (user_exercises / "calm" / "recordings" / "feet.wav").write_bytes(good_entries(tmp_path)[1][1])
    (user_exercises / "calm" / "calm.yaml").write_text(SCRIPT)
    app = App(qtbot)
    window = app.window
    window._welcomed()
    share = window.packs.share_button
    assert not share.isVisibleTo(window)  # nothing chosen yet in the library
    target = tmp_path / "for my client.bodyscan"
    window.packs.ask = lambda _parent, _suggested: target
    app.choose("Shared calm")
    assert window.stack.currentWidget() is window.setup_page
    assert share.isVisibleTo(window)
    qtbot.mouseClick(share, Qt.MouseButton.LeftButton)
    assert zipfile.ZipFile(target).namelist() == ["exercise.yaml", "recordings/feet.wav"]
    assert app.errors == []
    window.setup_page.back_requested.emit()
    assert not share.isVisibleTo(window)


def test_the_app_started_with_a_pack_shows_it_and_a_second_start_hands_one_over(
    qtbot: QtBot, tmp_path: Path, bodyscan_home: Path
) -> None:
    from bodyscan.ui import app as gui

    pack = write_pack(tmp_path / "calm.bodyscan", good_entries(tmp_path))
    seen: list[str] = []
    answer_preview(qtbot, "install", seen)
    running = gui.start([str(pack)])
    assert running is not None
    window = running.window
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: seen == ["Shared calm"], timeout=10000)
    assert (bodyscan_home / "exercises" / "shared-calm" / "shared-calm.yaml").exists()

    # Double-clicking another pack while bodyscan runs: the running app shows it.
    other = SCRIPT.replace("shared-calm", "second-calm").replace("Shared calm", "Second calm")
    (tmp_path / "two").mkdir()
    second = write_pack(tmp_path / "two" / "second.bodyscan", good_entries(tmp_path / "two", other))
    answer_preview(qtbot, "cancel", seen)
    assert gui.start([str(second)]) is None  # handed over
    qtbot.waitUntil(lambda: seen == ["Shared calm", "Second calm"], timeout=10000)
    assert not (bodyscan_home / "exercises" / "second-calm").exists()  # cancelled
    window.shutdown()
    assert running.instance.server is not None
    running.instance.server.close()


def test_a_pack_named_where_a_command_would_be_opens_the_app() -> None:
    assert _pack_to_open(["calm.bodyscan"]) == "calm.bodyscan"
    assert _pack_to_open(["-v", "/tmp/My Calm.BODYSCAN"]) == "/tmp/My Calm.BODYSCAN"
    assert _pack_to_open(["install", "calm.bodyscan"]) is None
    assert _pack_to_open(["list"]) is None and _pack_to_open([]) is None

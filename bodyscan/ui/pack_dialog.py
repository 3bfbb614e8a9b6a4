"""Packs in the window: "Share…" saves an exercise as a .bodyscan file, and opening one (from
the file manager, the command line or a drop on the window) shows what it holds before
anything is installed.

The preview shows the title, kind and length, the author, every recording, and the
description and cautions in full, as whoever made the pack wrote them. Cancel (or Escape, or
closing the dialog) removes the temporary folder the pack was checked in: nothing is written.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bodyscan.core.durations import format_seconds
from bodyscan.core.library import Exercise, Library
from bodyscan.core.script import KIND_LABELS, Script
from bodyscan.errors import BodyscanError
from bodyscan.packs import (
    PACK_SUFFIX,
    CheckedPack,
    Installed,
    Packed,
    list_names,
    make_pack,
    open_pack,
)

log = logging.getLogger(__name__)
ErrorSink = Callable[[BodyscanError], None]
# Asks where to save a pack (the parent and a suggested path); None when the person cancels.
AskSavePath = Callable[[QWidget | None, Path], "Path | None"]


def is_pack(path: Path) -> bool:
    return path.suffix.lower() == PACK_SUFFIX


def ask_save_path(parent: QWidget | None, suggested: Path) -> Path | None:
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, "Share exercise as a pack", str(suggested), f"bodyscan packs (*{PACK_SUFFIX})"
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if is_pack(path) else path.with_name(path.name + PACK_SUFFIX)


def share_exercise(
    parent: QWidget | None,
    script: Script,
    library: Library,
    on_error: ErrorSink,
    ask: AskSavePath = ask_save_path,
) -> Packed | None:
    """Ask where, then write the exercise and its recordings to one .bodyscan file."""
    target = ask(parent, Path.home() / f"{script.id}{PACK_SUFFIX}")
    if target is None:
        return None
    try:
        with _busy():
            return make_pack(script, target, library.context)
    except BodyscanError as exc:
        on_error(exc)
        return None


def open_pack_file(
    parent: QWidget | None, path: Path, library: Library, on_error: ErrorSink
) -> Installed | None:
    """Check a pack, show what it holds, and install it if the person says so."""
    try:
        with _busy():
            checked = open_pack(path, library.user_dir, library.context)
    except BodyscanError as exc:
        on_error(exc)
        return None
    with checked:
        existing = next(
            (e for e in library.scan() if e.id == checked.exercise_id and e.origin != "file"),
            None,
        )
        dialog = PackPreview(checked, existing, library.user_dir, on_error, parent)
        dialog.exec()
        return dialog.installed


class PackActions(QObject):
    """The window's part in packs: a "Share…" button for the exercise about to start, and a
    pack dropped on the window (or handed over from the file manager) opens the preview."""

    def __init__(
        self,
        window: QWidget,
        library: Library,
        on_error: ErrorSink,
        *,
        chosen: Callable[[], Script | None],
        installed: Callable[[], None],
        ask: AskSavePath = ask_save_path,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.on_error = on_error
        self.chosen = chosen
        self.installed = installed
        self.ask = ask
        self.share_button = QPushButton("Share…")
        self.share_button.setAccessibleDescription(
            "Save this exercise and its recordings as one .bodyscan file to send (Ctrl+Shift+S)"
        )
        self.share_button.clicked.connect(self.share)
        self.share_button.hide()
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+S"), window)
        shortcut.activated.connect(lambda: self.share() if self.share_button.isVisible() else None)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def share(self) -> Packed | None:
        script = self.chosen()
        if script is None:
            return None
        return share_exercise(self.window, script, self.library, self.on_error, self.ask)

    def open(self, path: Path) -> Installed | None:
        installed = open_pack_file(self.window, path, self.library, self.on_error)
        if installed is not None:
            self.installed()
        return installed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and isinstance(event, QDragEnterEvent | QDropEvent):
            path = dropped_pack(event)
            if path is None:
                return False
            event.acceptProposedAction()
            if event.type() == QEvent.Type.Drop:
                self.open(path)
            return True
        return False


def dropped_pack(event: QDropEvent) -> Path | None:
    """The one local .bodyscan file being dragged, or None."""
    urls: list[QUrl] = event.mimeData().urls() if event.mimeData() is not None else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if is_pack(path) else None


class PackPreview(QDialog):
    """What a pack holds, with Install and Cancel."""

    def __init__(
        self,
        checked: CheckedPack,
        existing: Exercise | None,
        exercises: Path,
        on_error: ErrorSink,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.checked = checked
        self.existing = existing
        self.exercises = exercises
        self.on_error = on_error
        self.installed: Installed | None = None
        script = checked.script
        self.setWindowTitle(f"Install {script.title}?")
        self.setAccessibleName("What this pack holds")
        self.resize(560, 560)

        self.heading = QLabel(script.title)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.facts = _plain(self._facts_text())
        self.description = _plain(script.description or script.summary)
        self.description.setAccessibleName("Description")
        self.cautions = QLabel()
        self.cautions.setObjectName("cautions")
        self.cautions.setWordWrap(True)
        self.cautions.setTextFormat(Qt.TextFormat.RichText)
        self.cautions.setText(_bullets("Cautions", script.cautions))
        self.cautions.setAccessibleName("Cautions")
        self.cautions.setVisible(bool(script.cautions))
        self.recordings = _plain(self._recordings_text())
        self.recordings.setAccessibleName("Recordings")
        self.notes = _plain("\n".join(self._notes()))
        self.notes.setObjectName("notice")
        self.notes.setVisible(bool(self._notes()))
        for label in (self.facts, self.description, self.cautions, self.recordings, self.notes):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.replace_box = QCheckBox(self._replace_text())
        self.replace_box.setVisible(existing is not None)
        self.replace_box.toggled.connect(self._update_install)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 24, 24, 12)
        column.setSpacing(12)
        for widget in (
            self.heading,
            self.facts,
            self.description,
            self.cautions,
            self.recordings,
            self.notes,
        ):
            column.addWidget(widget)
        column.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        self.install_button = QPushButton("Install")
        self.install_button.setDefault(True)
        self.install_button.clicked.connect(self._install)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(24, 6, 24, 18)
        buttons.addWidget(self.replace_box)
        buttons.addStretch()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.install_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self._update_install()
        self.install_button.setFocus()

    def _facts_text(self) -> str:
        script = self.checked.script
        info = self.checked.info
        low, high = format_seconds(info.shortest), format_seconds(info.longest)
        length = low if low == high else f"{low} to {high}"
        lines = [f"{KIND_LABELS.get(script.kind, script.kind)}, {length}"]
        lines.append(f"By {script.author}" if script.author else "No author given")
        if script.license:
            lines.append(f"Licence: {script.license}")
        lines.append(f"From {self.checked.pack.name}")
        return "\n".join(lines)

    def _recordings_text(self) -> str:
        recordings = self.checked.recordings
        if not recordings:
            return "No recordings: the instructions are spoken by the app's voice."
        lines = [f"{len(recordings)} recording{'s' * (len(recordings) != 1)}:"]
        lines += [f"  {r.inner} ({_size(r.size)})" for r in recordings]
        return "\n".join(lines)

    def _notes(self) -> list[str]:
        notes = [f"Note: {w}" for w in self.checked.warnings]
        if self.checked.left_out:
            left_out = list_names(self.checked.left_out)
            notes.append(f"Left out (the exercise does not use them): {left_out}")
        return notes

    def _replace_text(self) -> str:
        existing = self.existing
        if existing is None:
            return ""
        if existing.origin == "bundled":
            return f"Use this instead of the bundled “{existing.title}”"
        return f"Replace my “{existing.title}” with this one"

    def _update_install(self) -> None:
        blocked = self.existing is not None and not self.replace_box.isChecked()
        self.install_button.setEnabled(not blocked)
        self.install_button.setText("Replace and install" if self.existing else "Install")
        self.install_button.setAccessibleDescription(
            "Check the box beside it first: you already have an exercise with this name"
            if blocked
            else ""
        )

    def _install(self) -> None:
        try:
            self.installed = self.checked.install(
                self.exercises, self.existing, replace_existing=self.replace_box.isChecked()
            )
        except BodyscanError as exc:
            self.on_error(exc)
            self.reject()
            return
        self.accept()


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setVisible(bool(text))
    return label


def _bullets(title: str, items: tuple[str, ...]) -> str:
    escaped = "".join(f"<li>{html.escape(item).replace(chr(10), '<br>')}</li>" for item in items)
    return f"<b>{title}</b><ul style='margin-left: 0px; -qt-list-indent: 1'>{escaped}</ul>"


def _size(size: int) -> str:
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{size / 1_000_000:.1f} MB"


class _busy:
    """A wait cursor while a pack is checked or written (recordings are decoded)."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()

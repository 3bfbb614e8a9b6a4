"""The library page: exercises grouped by kind, with search, details and problems.

Broken user files stay visible, with the validator's messages readable in the details pane.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodyscan.core.durations import format_seconds
from bodyscan.core.library import Exercise, Library
from bodyscan.core.script import KIND_LABELS, KINDS
from bodyscan.errors import StorageError
from bodyscan.paths import private_folder

log = logging.getLogger(__name__)
BROKEN_GROUP = "Needs fixing"
# The page shows what it can list in this time at once; the rest of a large folder of new
# exercises is read in the background and fills in as it comes.
FIRST_LOOK_SECONDS = 0.1
MAX_WATCHED_FILES = 300
SCAN_DELAY_MS = 250


def length_text(exercise: Exercise) -> str:
    if exercise.info is None:
        return ""
    low_text = format_seconds(exercise.info.shortest)
    high_text = format_seconds(exercise.info.longest)
    return low_text if low_text == high_text else f"{low_text}–{high_text}"


class _ScanNews(QObject):
    """Carries a background scan's lists to the GUI thread (queued signals)."""

    partial = Signal(int, object)  # scan number, list[Exercise]
    done = Signal(int, object)


class LibraryPage(QWidget):
    chosen = Signal(object)  # Exercise: the person wants to start it
    scan_finished = Signal()  # a background scan has listed every exercise
    edit_requested = Signal(object)  # Exercise | None (None: a new exercise)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.exercises: list[Exercise] = []
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by title, tag or kind")
        self.search.setAccessibleName("Search exercises")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._fill_tree())

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Exercise", "Length"])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setAccessibleName("Exercises")
        self.tree.setAccessibleDescription("Exercises grouped by kind; choose one to see details")
        self.tree.currentItemChanged.connect(self._show_current)
        self.tree.itemActivated.connect(lambda _item, _column: self._choose())
        self.details = QTextBrowser()
        self.details.setAccessibleName("Exercise details")
        self.details.setOpenExternalLinks(False)

        open_button = QPushButton("Open exercise file…")
        open_button.setShortcut(QKeySequence.StandardKey.Open)
        open_button.clicked.connect(self._open_file)
        folder_button = QPushButton("Show my exercises folder")
        folder_button.clicked.connect(self._show_folder)
        new_button = QPushButton("New exercise…")
        new_button.clicked.connect(lambda: self.edit_requested.emit(None))
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setAccessibleDescription(
            "A bundled exercise is copied to your folder first"
        )
        self.edit_button.clicked.connect(self._edit)

        self.start_button = QPushButton("Begin…")
        self.start_button.setObjectName("primary")
        self.start_button.setAccessibleDescription("Choose the length and options, then start")
        self.start_button.clicked.connect(self._choose)
        # Two rows, so the page still fits 800 pixels at twice the text size.
        buttons = QVBoxLayout()
        begin_row = QHBoxLayout()
        begin_row.addStretch()
        begin_row.addWidget(self.start_button)
        file_row = QHBoxLayout()
        file_row.addWidget(open_button)
        file_row.addWidget(folder_button)
        file_row.addWidget(new_button)
        file_row.addWidget(self.edit_button)
        file_row.addStretch()
        buttons.addLayout(begin_row)
        buttons.addLayout(file_row)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.details)
        splitter.setSizes([380, 520])
        layout = QVBoxLayout(self)
        heading = QLabel("Choose an exercise")
        heading.setObjectName("heading")
        layout.addWidget(heading)
        layout.addWidget(self.search)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.opened: Exercise | None = None  # a file opened from elsewhere, shown in details
        self.setFocusProxy(self.tree)

        # New or edited files in the user folder appear without a restart.
        self.watcher = QFileSystemWatcher(self)
        self.rescan_timer = QTimer(self, singleShot=True, interval=300)
        self.rescan_timer.timeout.connect(self.refresh)
        self.watcher.directoryChanged.connect(lambda _path: self.rescan_timer.start())
        self.watcher.fileChanged.connect(lambda _path: self.rescan_timer.start())
        self.news = _ScanNews()
        self.news.partial.connect(self._partial)
        self.news.done.connect(self._scanned)
        # A background scan is scheduled or running and its last list not shown yet.
        self.scanning = False
        self.scan_delay_ms = SCAN_DELAY_MS
        self.scan_number = 0
        self.scan_again = False
        self.refresh()

    def refresh(self) -> None:
        """List what can be listed at once; if a large folder of new files remains, read it
        in the background (one scan at a time; a change meanwhile scans once more after)."""
        self._make_user_folder()
        if self.scanning:
            self.scan_again = True
            return
        exercises, complete = self.library.scan_within(FIRST_LOOK_SECONDS)
        self._show_exercises(exercises)
        if not complete:
            self.scan_number += 1
            self.scanning = True
            # Reading scripts holds Python's lock most of the time: start after the window
            # has appeared, so the first scan does not slow the start-up down.
            QTimer.singleShot(self.scan_delay_ms, self._scan_in_background)
            self.scan_delay_ms = 0

    def _scan_in_background(self) -> None:
        number, news, library = self.scan_number, self.news, self.library

        def work() -> None:
            try:
                exercises = library.scan(lambda part: news.partial.emit(number, part))
            except Exception:  # a thread must not die silently: log it and keep the list
                log.exception("scanning the exercises failed")
                exercises = None
            news.done.emit(number, exercises)

        threading.Thread(target=work, name="library-scan", daemon=True).start()

    def _partial(self, number: int, exercises: list[Exercise]) -> None:
        if number == self.scan_number:
            self._show_exercises(exercises)

    def _scanned(self, number: int, exercises: list[Exercise] | None) -> None:
        if number != self.scan_number:
            return
        if exercises is not None:
            self._show_exercises(exercises)
        self.scanning = False
        if self.scan_again:
            self.scan_again = False
            self.refresh()
        self.scan_finished.emit()

    def _show_exercises(self, exercises: list[Exercise]) -> None:
        chosen = self.current() if self.opened is None else None
        place = (chosen.id, chosen.path) if chosen is not None else None
        self.exercises = exercises
        watched = self.watcher.directories() + self.watcher.files()
        if watched:
            self.watcher.removePaths(watched)
        self.watcher.addPath(str(self.library.user_dir))
        user_files = [str(e.path) for e in self.exercises if e.origin == "user"]
        # Each watched file costs an inotify watch (a limited resource shared with every other
        # program); past a few hundred files, the folder's own changes (new files, and editors
        # that save by renaming) are what is watched.
        if 0 < len(user_files) <= MAX_WATCHED_FILES:
            self.watcher.addPaths(user_files)
        self._fill_tree(place)

    def _edit(self) -> None:
        if self.current() is not None:
            self.edit_requested.emit(self.current())

    def current(self) -> Exercise | None:
        item = self.tree.currentItem()
        index = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if self.opened is not None:
            return self.opened
        return None if index is None else self.exercises[index]

    def _choose(self) -> None:
        exercise = self.current()
        if exercise is not None and not exercise.broken:
            self.chosen.emit(exercise)

    def _matches(self, exercise: Exercise) -> bool:
        words = self.search.text().lower().split()
        if not words:
            return True
        info = exercise.info
        haystack = exercise.title.lower()
        if info is not None:
            haystack += " " + " ".join(
                (KIND_LABELS[info.kind].lower(), info.summary.lower(), *info.tags)
            )
        return all(word in haystack for word in words)

    def _fill_tree(self, place: tuple[str, Path] | None = None) -> None:
        """Fill the tree with the exercises that match the search, keeping the current one
        (`place`: its id and path, when the list itself has just changed)."""
        if place is None and self.opened is None:
            chosen = self.current()
            place = (chosen.id, chosen.path) if chosen is not None else None
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        keep: QTreeWidgetItem | None = None
        for name in [*(KIND_LABELS[k] for k in KINDS), BROKEN_GROUP]:
            group = QTreeWidgetItem([name])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            groups[name] = group
        for index, exercise in enumerate(self.exercises):
            if not self._matches(exercise):
                continue
            group_name = BROKEN_GROUP if exercise.info is None else KIND_LABELS[exercise.info.kind]
            title = exercise.title + ("  (yours)" if exercise.origin == "user" else "")
            item = QTreeWidgetItem([title, length_text(exercise)])
            item.setData(0, Qt.ItemDataRole.UserRole, index)
            groups[group_name].addChild(item)
            if (exercise.id, exercise.path) == place:
                keep = item
        for group in groups.values():
            if group.childCount():
                self.tree.addTopLevelItem(group)
                group.setExpanded(True)
        if keep is not None:  # a list that fills in keeps the person's place
            self.tree.setCurrentItem(keep)
            return
        first = self.tree.topLevelItem(0)
        child = first.child(0) if first is not None else None
        if child is not None:
            self.tree.setCurrentItem(child)

    def _show_current(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        self.opened = None
        index = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if index is None:
            self.details.clear()
            self.start_button.setEnabled(False)
            return
        exercise = self.exercises[index]
        self.details.setHtml(details_html(exercise))
        self.start_button.setEnabled(not exercise.broken)

    def _open_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open exercise file", str(Path.home()), "Exercise scripts (*.yaml *.yml)"
        )
        if name:
            exercise = self.library.read(Path(name), "file")
            self.details.setHtml(details_html(exercise))
            self.opened = exercise
            self.start_button.setEnabled(not exercise.broken)

    def _make_user_folder(self) -> None:
        """The folder for the person's own exercises, private like all of bodyscan's."""
        try:
            private_folder(self.library.user_dir, "create the folder for your exercises")
        except StorageError as exc:  # the bundled exercises are still there to choose
            log.warning("%s", exc.short)

    def _show_folder(self) -> None:
        self._make_user_folder()
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.library.user_dir)))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def details_html(exercise: Exercise) -> str:
    script = exercise.info
    parts = [f"<h2>{_escape(exercise.title)}</h2>"]
    if script is None:
        parts.append("<p>This file cannot be used yet. What needs fixing:</p><ul>")
        parts += [
            f"<li>line {p.line}, column {p.column}: {_escape(p.message)}</li>"
            for p in exercise.problems
        ]
        parts.append(f"</ul><p><small>{_escape(str(exercise.path))}</small></p>")
        return "".join(parts)
    parts.append(f"<p><b>{KIND_LABELS[script.kind]}</b> · {length_text(exercise)}</p>")
    if script.summary:
        parts.append(f"<p>{_escape(script.summary)}</p>")
    if script.description:
        parts.append(f"<p>{_escape(script.description)}</p>")
    if script.tags:
        parts.append(f"<p><small>{_escape(', '.join(script.tags))}</small></p>")
    if script.cautions:
        parts.append("<p><b>Before you start</b></p><ul>")
        parts += [f"<li>{_escape(c)}</li>" for c in script.cautions]
        parts.append("</ul>")
    if exercise.shadows is not None:
        parts.append(
            "<p><small>Your own file; it replaces the bundled exercise "
            "with the same id.</small></p>"
        )
    warnings = [p for p in exercise.problems if p.severity == "warning"]
    if warnings:
        parts.append("<p><small>Suggestions:</small></p><ul>")
        parts += [f"<li><small>line {p.line}: {_escape(p.message)}</small></li>" for p in warnings]
        parts.append("</ul>")
    return "".join(parts)

"""The library page: cards grouped by kind, with "Continue", "Recent" and favourites on top,
search and filters by length and kind, and a quiet "Needs fixing" section for the person's
own files that cannot be used yet (with the validator's messages).

The page shows what it can list at once; the rest of a large folder of new exercises is read
in the background (`scanning`, `scan_finished`) and fills in as it comes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bodyscan.core.durations import length_in_words
from bodyscan.core.finding import Finding
from bodyscan.core.library import Exercise, Library
from bodyscan.core.library_process import scan_in_other_process
from bodyscan.core.script import KIND_LABELS, KINDS
from bodyscan.errors import StorageError
from bodyscan.journal.model import SessionRecord
from bodyscan.paths import private_folder
from bodyscan.settings import Settings
from bodyscan.ui.library_cards import (
    GAP,
    MIN_CARD_CHARACTERS,
    Card,
    CardGrid,
    ContinueCard,
    ExerciseCard,
    broken_rows,
    length_words,
)
from bodyscan.ui.library_finding import FindingBar
from bodyscan.ui.library_focus import Place, card_at, focus, focus_place, neighbour, tab_target

log = logging.getLogger(__name__)
CONTINUE_GROUP = "Continue"
RECENT_GROUP = "Recent"
FAVOURITES_GROUP = "Favourites"
BROKEN_GROUP = "Needs fixing"
# The page shows what it can list in this time at once; the rest of a large folder of new
# exercises is read in the background and fills in as it comes.
FIRST_LOOK_SECONDS = 0.05
MAX_WATCHED_FILES = 300
SCAN_DELAY_MS = 250
CARDS_PER_KIND = 48  # a folder of thousands shows this many, and a button for the rest
# Cards are made a few at a time: this many before the page is first shown (more than a
# screenful), the rest in slices of this many seconds with the window answering in between,
# so a library of thousands appears as fast as an empty one and fills in.
FIRST_LOOK_CARDS = 24
SLICE_SECONDS = 0.02
# While a background scan reads a large folder, the page shows what it has found at most this
# often: each showing makes the cards again (made four times a second, they kept the window
# busy for most of a scan).
PARTIAL_MS = 1000
MIN_CARD_PIXELS = 200


def length_text(exercise: Exercise) -> str:
    """The length range in words, as on the cards and in the tray ("3 to 6 minutes")."""
    return length_words(exercise)


class _ScanNews(QObject):
    """Carries a background scan's lists to the GUI thread (queued signals)."""

    partial = Signal(int, object)  # scan number, list[Exercise]
    done = Signal(int, object)


class LibraryPage(QWidget):
    chosen = Signal(object)  # Exercise: the person wants to start it
    scan_finished = Signal()  # a background scan has listed every exercise
    filled = Signal()  # every card of the latest list has been made
    continue_requested = Signal(object)  # SessionRecord: continue this stopped session
    favourite_changed = Signal(str, bool)  # exercise id, starred or not
    edit_requested = Signal(object)  # Exercise | None (None: a new exercise)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.exercises: list[Exercise] = []
        self.favourites: tuple[str, ...] = ()
        self.recent: tuple[str, ...] = ()
        self.to_continue: SessionRecord | None = None
        self.expanded: set[str] = set()  # kinds shown in full
        self.cards: list[Card] = []  # in reading order, for the arrow keys
        self.sections: dict[str, QWidget] = {}
        # What is left to make of the cards being shown, in reading order (so the layout and
        # the Tab order are those of the page), and where the focus goes once they are made.
        self.unmade: deque[Callable[[], None]] = deque()
        self.focus_wanted: Place | None = None
        self.slice_timer = QTimer(self, singleShot=True, interval=0)
        self.slice_timer.timeout.connect(self._make_more)
        self.current_key: tuple[str, str, Path] | None = None  # section, id, path

        heading = QLabel("Choose an exercise")
        heading.setObjectName("heading")
        # Beside the heading, so the page does not move when it comes and goes.
        self.scan_note = QLabel()
        self.scan_note.setObjectName("notice")
        self.scan_note.setWordWrap(True)  # beside the heading even at twice the text size
        self.scan_note.hide()
        heading_row = QHBoxLayout()
        heading_row.addWidget(heading)
        # All the room beside the heading, so it wraps only when the text is very large.
        self.scan_note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        heading_row.addWidget(self.scan_note, 1)
        self.finding_bar = FindingBar()
        self.finding_bar.changed.connect(self._find)
        self.search = self.finding_bar.search
        self.length_filter = self.finding_bar.length_filter
        self.kind_filter = self.finding_bar.kind_filter

        self.content = QWidget()
        self.content.setObjectName("libraryContent")
        self.column = QVBoxLayout(self.content)
        self.column.setContentsMargins(0, 0, GAP // 2, GAP)
        self.column.setSpacing(GAP)
        # The room left over goes below the cards, not into them (a card's own stretch would
        # share it: a lone row of cards as tall as the page).
        self.column.addStretch(1)
        self.scroller = QScrollArea()
        self.scroller.setObjectName("libraryScroll")
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Not a Tab stop of its own (it would be one with no ring to see): the cards are, and
        # the keys a card does not use (Page Down, Home…) scroll the list.
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroller.setWidget(self.content)
        bar = self.scroller.verticalScrollBar()
        bar.rangeChanged.connect(self._keep_scroll)
        bar.actionTriggered.connect(lambda _action: self._forget_scroll())

        open_button = QPushButton("Open exercise file…")
        open_button.setShortcut(QKeySequence.StandardKey.Open)
        open_button.clicked.connect(self._open_file)
        folder_button = QPushButton("Show my exercises folder")
        folder_button.clicked.connect(self._show_folder)
        new_button = QPushButton("New exercise…")
        new_button.clicked.connect(lambda: self.edit_requested.emit(None))
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setAccessibleDescription(
            "Edit the exercise chosen last (a bundled one is copied to your folder first)"
        )
        self.edit_button.clicked.connect(self._edit)
        # Making your own beside your own files; a grid of two, so the page still fits 800
        # pixels at twice the text size.
        file_row = QGridLayout()
        file_row.addWidget(new_button, 0, 0)
        file_row.addWidget(self.edit_button, 0, 1)
        file_row.addWidget(open_button, 1, 0)
        file_row.addWidget(folder_button, 1, 1)
        file_row.setColumnStretch(2, 1)
        self.file_buttons = [new_button, self.edit_button, open_button, folder_button]

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(GAP)
        layout.addLayout(heading_row)
        layout.addWidget(self.finding_bar)
        layout.addWidget(self.scroller, 1)
        layout.addLayout(file_row)
        self.opened: Exercise | None = None  # a broken file opened from elsewhere
        self.setFocusProxy(self.search)

        # New or edited files in the user folder appear without a restart.
        self.watcher = QFileSystemWatcher(self)
        self.rescan_timer = QTimer(self, singleShot=True, interval=300)
        self.rescan_timer.timeout.connect(self.refresh)
        self.watcher.directoryChanged.connect(lambda _path: self.rescan_timer.start())
        self.watcher.fileChanged.connect(lambda _path: self.rescan_timer.start())
        self.news = _ScanNews()
        self.news.partial.connect(self._partial)
        self.news.done.connect(self._scanned)
        self.waiting_list: list[Exercise] | None = None  # found so far, not shown yet
        self.partial_timer = QTimer(self, singleShot=True, interval=PARTIAL_MS)
        self.partial_timer.timeout.connect(self._show_waiting_list)
        self.scroll_wanted: int | None = None  # where the list was before it was made again
        # A background scan is scheduled or running and its last list not shown yet.
        self.scanning = False
        self.scan_delay_ms = SCAN_DELAY_MS
        self.scan_number = 0
        self.scan_again = False
        self.refresh()

    # --- what the page shows besides the exercises ----------------------------------------

    def show_settings(self, settings: Settings) -> None:
        """Favourites and recent exercises, as kept in the settings."""
        if (settings.favourites, settings.recent) == (self.favourites, self.recent):
            return
        self.favourites, self.recent = settings.favourites, settings.recent
        self._fill()

    def show_continue(self, record: SessionRecord | None) -> None:
        """The stopped session that can be continued (None: none)."""
        if record == self.to_continue:
            return
        self.to_continue = record
        self._fill()

    # --- scanning -------------------------------------------------------------------------

    def refresh(self) -> None:
        """List what can be listed at once; if a large folder of new files remains, read it
        in the background (one scan at a time; a change meanwhile scans once more after)."""
        self._make_user_folder()
        if self.scanning:
            self.scan_again = True
            return
        # Even the bundled files wait when the index does not know them (the first start,
        # or after an upgrade): reading them takes longer than the window takes to appear.
        exercises, complete = self.library.scan_within(FIRST_LOOK_SECONDS, read_bundled=False)
        self.scanning = not complete
        self._show_exercises(exercises)
        if not complete:
            self.scan_number += 1
            # Reading scripts holds Python's lock most of the time: start after the window
            # has appeared, so the first scan does not slow the start-up down.
            QTimer.singleShot(self.scan_delay_ms, self._scan_in_background)
            self.scan_delay_ms = 0

    def _scan_in_background(self) -> None:
        number, news, library = self.scan_number, self.news, self.library

        def work() -> None:
            try:
                # Read by another process: a thread here took Python's lock from the window.
                exercises = scan_in_other_process(
                    library, lambda part: news.partial.emit(number, part)
                )
            except Exception:  # a thread must not die silently: log it and keep the list
                log.exception("scanning the exercises failed")
                exercises = None
            news.done.emit(number, exercises)

        threading.Thread(target=work, name="library-scan", daemon=True).start()

    def _partial(self, number: int, exercises: list[Exercise]) -> None:
        if number != self.scan_number:
            return
        self.waiting_list = exercises
        if not self.cards:  # nothing to look at yet: at once
            self._show_waiting_list()
        elif not self.partial_timer.isActive():
            self.partial_timer.start()

    def _show_waiting_list(self) -> None:
        if self.waiting_list is not None and self.scanning:
            self._show_exercises(self.waiting_list)
        self.waiting_list = None

    def _scanned(self, number: int, exercises: list[Exercise] | None) -> None:
        if number != self.scan_number:
            return
        self.partial_timer.stop()
        self.waiting_list = None
        self.scanning = False
        if exercises is not None:
            self._show_exercises(exercises)
        else:
            self._show_scan_note()
        if self.scan_again:
            self.scan_again = False
            self.refresh()
        self.scan_finished.emit()

    def _show_exercises(self, exercises: list[Exercise]) -> None:
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
        self._show_scan_note()
        self._fill()

    def _show_scan_note(self) -> None:
        """While a scan goes on, a quiet word that more is coming (the list says it itself
        while it is still empty)."""
        self.scan_note.setText(f"Still finding exercises: {len(self.exercises):,} so far…")
        self.scan_note.setVisible(self.scanning and bool(self.exercises))

    # --- finding --------------------------------------------------------------------------

    def finding(self) -> Finding:
        return self.finding_bar.finding()

    def usable(self, exercise_id: str) -> Exercise | None:
        """The exercise a remembered id names now (the person's own file first)."""
        found = [e for e in self.exercises if e.id == exercise_id and not e.broken]
        return found[0] if found else None

    def _edit(self) -> None:
        if self.current() is not None:
            self.edit_requested.emit(self.current())

    def current(self) -> Exercise | None:
        """The exercise of the card with the focus (or that had it last)."""
        if self.current_key is None:
            return None
        _, exercise_id, path = self.current_key
        return next((e for e in self.exercises if (e.id, e.path) == (exercise_id, path)), None)

    # --- the cards ------------------------------------------------------------------------

    def min_card_width(self) -> int:
        return max(MIN_CARD_PIXELS, self.fontMetrics().averageCharWidth() * MIN_CARD_CHARACTERS)

    def _fill(self) -> None:
        """Build the sections again, keeping the focus where it was (the same card, or its
        star) when that card is still shown. The first cards are made at once, the rest a
        slice at a time (`filled` says when all are there)."""
        focus_was = focus_place(self) or (self.focus_wanted if self.unmade else None)
        # More exercises, a star, "Show all": the list stays where it was being read (while
        # cards are still being made, the place wanted is the one from before).
        if not self.unmade:
            self.scroll_wanted = self.scroller.verticalScrollBar().value()
        while self.column.count() > 1:  # the stretch at the end stays
            item = self.column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.cards = []
        self.sections = {}
        self.unmade.clear()
        self.focus_wanted = focus_was
        finding = self.finding()
        shown = [e for e in self.exercises if finding.admits(e)]
        self._add_continue()
        listed = False
        for name, ids in ((RECENT_GROUP, self.recent), (FAVOURITES_GROUP, self.favourites)):
            chosen = [e for e in (self.usable(i) for i in ids) if e is not None]
            listed = self._add_cards(name, [e for e in chosen if finding.admits(e)]) or listed
        for kind in KINDS:
            of_kind = [e for e in shown if e.info is not None and e.info.kind == kind]
            limited = kind not in self.expanded
            listed = self._add_cards(KIND_LABELS[kind], of_kind, limited) or listed
            if len(of_kind) > CARDS_PER_KIND and limited:
                self.unmade.append(partial(self._add_show_all, kind, len(of_kind)))
        broken = [e for e in shown if e.broken]
        if self.opened is not None:
            broken.append(self.opened)
        if broken:
            self.unmade.append(partial(self._add_broken, broken))
        if not listed and not broken and not self.cards:  # (only Continue is made yet)
            self.unmade.append(partial(self._add_nothing_here, finding))
        self._make(lambda: len(self.cards) < FIRST_LOOK_CARDS)

    def _find(self) -> None:
        """Another search or filter: its list from the top."""
        self._fill()
        self.scroll_wanted = 0
        self.scroller.verticalScrollBar().setValue(0)

    def finish_filling(self) -> None:
        """Make every card still to be made, now (for whoever needs them all at once)."""
        self._make(lambda: True)

    def _make_more(self) -> None:
        ends = time.monotonic() + SLICE_SECONDS
        self._make(lambda: time.monotonic() < ends)

    def _make(self, go_on: Callable[[], bool]) -> None:
        while self.unmade and go_on():
            self.unmade.popleft()()
        if self.unmade:
            self.slice_timer.start()
            return
        self.slice_timer.stop()
        if self.focus_wanted is not None:
            self._restore_focus(self.focus_wanted)
            self.focus_wanted = None
        self.filled.emit()

    def _keep_scroll(self, _low: int, high: int) -> None:
        """Back to where the person was reading, as far as the cards laid out so far reach
        (until they scroll, move the focus or search themselves)."""
        wanted = self.scroll_wanted
        if wanted is not None:
            self.scroller.verticalScrollBar().setValue(min(wanted, high))

    def _forget_scroll(self) -> None:
        self.scroll_wanted = None

    def _add_nothing_here(self, finding: Finding) -> None:
        if finding.narrowed:
            words = "Nothing here matches. Try fewer words, or another length or kind."
        else:
            words = "Finding your exercises…" if self.scanning else "No exercises yet."
        empty = QLabel(words)
        empty.setObjectName("notice")
        empty.setWordWrap(True)
        self._insert(empty)

    def _insert(self, widget: QWidget) -> None:
        self.column.insertWidget(self.column.count() - 1, widget)

    def _section(self, name: str, quiet: bool = False) -> QVBoxLayout:
        box = QWidget()
        box.setObjectName("quietSection" if quiet else "section")
        box.setAccessibleName(name)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, GAP // 2, 0, 0)
        column.setSpacing(GAP // 2 + 3)
        title = QLabel(name)
        title.setObjectName("quietHeading" if quiet else "sectionHeading")
        column.addWidget(title)
        self._insert(box)
        self.sections[name] = box
        return column

    def _add_continue(self) -> None:
        record = self.to_continue
        if record is None or self.usable(record.exercise_id) is None:
            return
        column = self._section(CONTINUE_GROUP)
        card = ContinueCard(record.title, length_in_words(record.played_seconds))
        card.setProperty("section", CONTINUE_GROUP)
        card.setProperty("exercise", record.exercise_id)
        card.clicked.connect(lambda: self.continue_requested.emit(record))
        self._track(card)
        grid = CardGrid(self.min_card_width, wide=True)
        grid.set_cards([card])
        column.addWidget(grid)

    def _add_cards(self, name: str, exercises: list[Exercise], limit: bool = False) -> bool:
        """A section of cards, made in order with whatever is still to be made (False when
        there is nothing to show in it)."""
        if not exercises:
            return False
        if limit:
            exercises = exercises[:CARDS_PER_KIND]
        grid = CardGrid(self.min_card_width)

        def begin() -> None:
            self._section(name).addWidget(grid)
            grid.set_cards([])

        def make(exercise: Exercise) -> None:
            card = ExerciseCard(exercise, exercise.id in self.favourites)
            card.setProperty("section", name)
            card.clicked.connect(lambda _checked=False, chosen=exercise: self._choose(chosen))
            card.starred.connect(self._star)
            self._track(card)
            grid.add_card(card)

        self.unmade.append(begin)
        self.unmade.extend(partial(make, exercise) for exercise in exercises)
        return True

    def _add_show_all(self, kind: str, count: int) -> None:
        button = QPushButton(f"Show all {count:,} {KIND_LABELS[kind].lower()} exercises")
        button.clicked.connect(lambda: self._expand(kind))
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch()
        holder = QWidget()
        holder.setLayout(row)
        self._insert(holder)

    def _expand(self, kind: str) -> None:
        self.expanded.add(kind)
        self._fill()

    def _add_broken(self, broken: list[Exercise]) -> None:
        if not broken:
            return
        column = self._section(BROKEN_GROUP, quiet=True)
        note = QLabel("These files of yours cannot be used yet. What needs fixing:")
        note.setObjectName("notice")
        note.setWordWrap(True)
        column.addWidget(note)
        for exercise in broken:
            broken_rows(column, exercise)

    def _track(self, card: Card) -> None:
        self.cards.append(card)
        card.moved.connect(self._move)
        card.focused.connect(self._focused)

    def _focused(self, card: Card) -> None:
        exercise = getattr(card, "exercise", None)
        if isinstance(exercise, Exercise):
            self.current_key = (str(card.property("section")), exercise.id, exercise.path)
        self._forget_scroll()  # the card with the focus is what is kept in view now
        self.scroller.ensureWidgetVisible(card, GAP, GAP)

    def _restore_focus(self, place: Place | None) -> None:
        """The focus back on the card (or star) that had it before the page was rebuilt."""
        card = None if place is None else card_at(self.cards, place)
        if card is not None and place is not None:
            focus(card, place.on_star)

    def tab_parts(self) -> list[QWidget]:
        """The page's parts in the order Tab visits them (see `tab_target`)."""
        return [self.finding_bar, self.scroller, *self.file_buttons]

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab in reading order: search and filters, the list (each card, then its star),
        then the buttons below the list."""
        current = QApplication.focusWidget()
        target = None if current is None else tab_target(self.tab_parts(), current, next)
        if target is None:
            return super().focusNextPrevChild(next)
        reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        target.setFocus(reason)
        return True

    def select(self, card: Card) -> None:
        """Put the focus on a card (as Tab or a click would)."""
        card.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focused(card)

    def _move(self, card: Card, key: int) -> None:
        target = neighbour(self.cards, card, key, self.content)
        if target is not None:
            self.select(target)

    def section_titles(self) -> dict[str, list[str]]:
        """Each section's card titles, top to bottom (broken files by file name)."""
        self.finish_filling()
        titles: dict[str, list[str]] = {}
        for card in self.cards:
            exercise = getattr(card, "exercise", None)
            title = exercise.title if isinstance(exercise, Exercise) else card.accessibleName()
            titles.setdefault(str(card.property("section")), []).append(title)
        broken = self.sections.get(BROKEN_GROUP)
        if broken is not None:
            titles[BROKEN_GROUP] = [
                label.text() for label in broken.findChildren(QLabel, "brokenName")
            ]
        return titles

    def card_titled(self, title: str, section: str | None = None) -> ExerciseCard:
        """The card whose title contains `title` (in `section`, or the first of any)."""
        self.finish_filling()
        for card in self.cards:
            wanted = section is None or card.property("section") == section
            if isinstance(card, ExerciseCard) and title in card.exercise.title and wanted:
                return card
        raise LookupError(f"no card titled {title!r}")

    def broken_text(self) -> str:
        """The "Needs fixing" section's words (its messages)."""
        self.finish_filling()
        broken = self.sections.get(BROKEN_GROUP)
        if broken is None:
            return ""
        return "\n".join(label.text() for label in broken.findChildren(QLabel))

    def _choose(self, exercise: Exercise) -> None:
        if not exercise.broken:
            self.chosen.emit(exercise)

    def _star(self, exercise_id: str, on: bool) -> None:
        kept = tuple(f for f in self.favourites if f != exercise_id)
        self.favourites = (*kept, exercise_id) if on else kept
        self.favourite_changed.emit(exercise_id, on)
        # After the click has finished: the star that was pressed is rebuilt.
        QTimer.singleShot(0, self._fill)

    # --- files ----------------------------------------------------------------------------

    def _open_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open exercise file", str(Path.home()), "Exercise scripts (*.yaml *.yml)"
        )
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> None:
        """An exercise file from anywhere: begun like any other, or its problems shown."""
        exercise = self.library.read(path, "file")
        if exercise.broken:
            self.opened = exercise
            self._fill()
            return
        self.opened = None
        self.chosen.emit(exercise)

    def _make_user_folder(self) -> None:
        """The folder for the person's own exercises, private like all of bodyscan's."""
        try:
            private_folder(self.library.user_dir, "create the folder for your exercises")
        except StorageError as exc:  # the bundled exercises are still there to choose
            log.warning("%s", exc.short)

    def _show_folder(self) -> None:
        self._make_user_folder()
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.library.user_dir)))

"""The main window: library, setup, player, and the pages of words, in one stack.

Collaborators come in from `app.py` (the library, sounds, how to make a renderer and an output,
settings, the journal), so tests can build it with a null output and a fake clock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bodyscan.core.breaks import QUICK_BREAK_IDS
from bodyscan.core.clock import Clock
from bodyscan.core.durations import format_seconds
from bodyscan.core.library import Exercise, Library
from bodyscan.core.playback import AudioOutput
from bodyscan.core.script import Script
from bodyscan.core.session import Session, State
from bodyscan.core.sounds import SoundCatalogue
from bodyscan.errors import BodyscanError
from bodyscan.journal.model import CheckIn, SessionRecord
from bodyscan.journal.store import Journal
from bodyscan.practice import (
    CheckinOffer,
    Choices,
    Practice,
    RendererFactory,
    choices_from,
    remembered,
)
from bodyscan.settings import Settings, SettingsStore
from bodyscan.ui.break_window import BreakWindow
from bodyscan.ui.bridge import SessionBridge
from bodyscan.ui.checkin_page import CheckinPage
from bodyscan.ui.history_page import HistoryPage
from bodyscan.ui.info_pages import HELP_HTML, WELCOME_HTML, FinishedPage, TextPage, about_html
from bodyscan.ui.library_page import LibraryPage
from bodyscan.ui.pacer import BreathPacer
from bodyscan.ui.player_page import PlayerPage
from bodyscan.ui.settings_dialog import SettingsDialog
from bodyscan.ui.setup_page import SetupPage

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)


@dataclass
class Collaborators:
    library: Library
    catalogue: SoundCatalogue
    make_renderer: RendererFactory  # starts making narration in the background
    make_output: Callable[[], AudioOutput]
    settings: SettingsStore
    journal: Callable[[], Journal | None]  # opened when first needed
    clock: Clock | None = None
    reduced_motion: Callable[[Settings], bool] = lambda settings: settings.motion == "reduced"
    on_error: Callable[[BodyscanError], None] | None = None
    apply_look: Callable[[Settings], object] | None = None
    devices: Callable[[], list[tuple[str, str]]] = list
    preview: Callable[[Settings], None] | None = None
    delete_everything: Callable[[], None] | None = None
    data_folder: Path | None = None
    set_start_at_login: Callable[[bool], None] | None = None  # raises BodyscanError
    starts_at_login: Callable[[], bool] | None = None  # whether the login entry is there now


class MainWindow(QMainWindow):
    hidden_to_tray = Signal()
    settings_changed = Signal(object)  # Settings, after every change (saved or not)

    def __init__(self, parts: Collaborators) -> None:
        super().__init__()
        self.parts = parts
        self.settings = parts.settings.load()
        self.setWindowTitle("bodyscan")
        self.resize(960, 680)
        self.setMinimumSize(640, 480)
        self.script: Script | None = None  # chosen in the library
        self.break_script: Script | None = None  # asked for from the tray or a reminder
        self.playing: Script | None = None  # whichever of the two is playing
        self.session: Session | None = None
        self.practice: Practice | None = None  # the session's renderers, record and check-in
        self.previous_page: QWidget | None = None
        self.tray_shown = False  # set by the app when a tray icon is on screen
        self.quitting = False  # quitting closes the window for real, tray or not
        self.pending_checkin: CheckinOffer | None = None
        # A session the journal could not save when it ended (a full disk): saved with its
        # check-in, which stays on screen until it can be.
        self.unsaved_session: SessionRecord | None = None

        self.bridge = SessionBridge(self)
        self.library_page = LibraryPage(parts.library)
        self.setup_page = SetupPage(parts.catalogue)
        self.player_page = PlayerPage(self.bridge)
        self.break_window = BreakWindow()
        self.view: PlayerPage | BreakWindow = self.player_page  # where the session plays
        self.finished_page = FinishedPage()
        self.checkin_page = CheckinPage()
        self.history_page = HistoryPage(parts.journal, self._error)
        self.welcome_page = TextPage(WELCOME_HTML, "Begin", "Welcome")
        self.help_page = TextPage(HELP_HTML, "Back", "Get help now")
        self.about_page = TextPage(about_html(), "Back", "About bodyscan")
        self.stack = QStackedWidget()
        for page in (
            self.library_page,
            self.setup_page,
            self.player_page,
            self.finished_page,
            self.checkin_page,
            self.history_page,
            self.welcome_page,
            self.help_page,
            self.about_page,
        ):
            self.stack.addWidget(page)

        self.help_button = QPushButton("Get help now")
        self.help_button.setObjectName("help")
        self.help_button.setAccessibleDescription("Crisis lines and what to do right now (F1)")
        self.help_button.clicked.connect(self.show_help)
        self.about_button = QPushButton("About")
        self.about_button.clicked.connect(lambda: self._visit(self.about_page))
        self.settings_button = QPushButton("Settings")
        self.settings_button.setAccessibleDescription("Voice, sound, look and your data (Ctrl+,)")
        self.settings_button.clicked.connect(self.open_settings)
        self.journal_button = QPushButton("Journal")
        self.journal_button.setAccessibleDescription(
            "Your sessions, check-ins and body map (Ctrl+J)"
        )
        self.journal_button.clicked.connect(self.show_journal)
        bar = QHBoxLayout()
        bar.addStretch()
        bar.addWidget(self.journal_button)
        bar.addWidget(self.settings_button)
        bar.addWidget(self.about_button)
        bar.addWidget(self.help_button)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        help_key = QShortcut(QKeySequence(Qt.Key.Key_F1), self)
        help_key.activated.connect(self.show_help)
        settings_key = QShortcut(QKeySequence("Ctrl+,"), self)
        settings_key.activated.connect(self.open_settings)
        journal_key = QShortcut(QKeySequence("Ctrl+J"), self)
        journal_key.activated.connect(self.show_journal)
        quit_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Quit), self)
        quit_key.activated.connect(self.quit_app)

        self.library_page.chosen.connect(self.prepare)
        self.setup_page.back_requested.connect(lambda: self._show(self.library_page))
        self.setup_page.start_requested.connect(self.start)
        self.player_page.stopped.connect(self._session_ended)
        self.break_window.stopped.connect(self._session_ended)
        self.break_window.begin_requested.connect(self._begin_break)
        self.break_window.checkin_requested.connect(self.open_checkin)
        self.finished_page.done.connect(lambda: self._show(self.library_page))
        self.checkin_page.saved.connect(self._save_checkin)
        self.checkin_page.skipped.connect(lambda: self._show(self.finished_page))
        self.welcome_page.done.connect(self._welcomed)
        self.help_page.done.connect(self._go_back)
        self.history_page.back_requested.connect(lambda: self._show(self.library_page))
        self.about_page.done.connect(self._go_back)
        self.apply_motion()
        self._show(self.library_page if self.settings.first_run_done else self.welcome_page)

    # --- navigation -----------------------------------------------------------------------

    def _show(self, page: QWidget) -> None:
        self.stack.setCurrentWidget(page)
        page.setFocus()

    def _visit(self, page: QWidget) -> None:
        current = self.stack.currentWidget()
        if current not in (self.help_page, self.about_page):
            self.previous_page = current
        self._show(page)

    def _go_back(self) -> None:
        self._show(self.previous_page or self.library_page)

    def show_journal(self) -> None:
        if self.session is not None:
            return  # not in the middle of an exercise
        self.history_page.refresh()
        self._show(self.history_page)

    def show_help(self) -> None:
        """Reachable from every screen; a playing session pauses, it is not stopped."""
        if self.session is not None and self.session.state in (State.PLAYING, State.GROUNDING):
            self.session.pause()
        self._visit(self.help_page)

    def _welcomed(self) -> None:
        self.save_settings(self.settings.with_changes(first_run_done=True))
        self._show(self.library_page)

    @property
    def hides_to_tray(self) -> bool:
        return self.tray_shown and self.settings.keep_in_tray

    def quick_breaks(self) -> list[tuple[str, str]]:
        """(id, title) of the quick breaks that load, for Settings."""
        scripts = self.parts.library.usable(QUICK_BREAK_IDS)
        return [(key, scripts[key].title) for key in QUICK_BREAK_IDS if key in scripts]

    def open_settings(self, tab: str = "") -> SettingsDialog:
        if self.parts.starts_at_login is not None:
            # The entry may have been removed (or added) outside bodyscan: show what is true.
            actual = self.parts.starts_at_login()
            if actual != self.settings.start_at_login:
                self.save_settings(self.settings.with_changes(start_at_login=actual))
        dialog = SettingsDialog(
            self.settings,
            self.parts.catalogue,
            self.parts.devices(),
            self.parts.data_folder or self.parts.library.user_dir.parent,
            preview=self.parts.preview,
            delete_everything=self._delete_everything if self.parts.delete_everything else None,
            breaks=self.quick_breaks(),
            parent=self,
        )
        if tab:
            dialog.show_tab(tab)
        dialog.accepted.connect(lambda: self.use_settings(dialog.chosen()))
        dialog.open()
        return dialog

    def use_settings(self, settings: Settings) -> None:
        if settings.start_at_login != self.settings.start_at_login:
            settings = self._start_at_login(settings)
        self.save_settings(settings)
        if self.parts.apply_look is not None:
            self.parts.apply_look(settings)
        self.apply_motion()

    def _start_at_login(self, settings: Settings) -> Settings:
        """Add or remove the login entry; on failure the setting stays as it was."""
        if self.parts.set_start_at_login is None:
            return settings
        try:
            self.parts.set_start_at_login(settings.start_at_login)
        except BodyscanError as exc:
            self._error(exc)
            return settings.with_changes(start_at_login=self.settings.start_at_login)
        return settings

    def quit_app(self) -> None:
        # Qt 6 asks every window to close before it quits, and gives up if one refuses, as
        # this window does when it hides to the tray; so say first that this is a real quit.
        self.quitting = True
        self.shutdown()
        QApplication.quit()

    def _delete_everything(self) -> None:
        if self.session is not None:
            self.session.stop()
        assert self.parts.delete_everything is not None
        if self.settings.start_at_login:
            self._start_at_login(self.settings.with_changes(start_at_login=False))
        self.parts.delete_everything()
        self.settings = Settings()
        if self.parts.apply_look is not None:
            self.parts.apply_look(self.settings)
        self._show(self.welcome_page)

    def apply_motion(self) -> None:
        reduced = self.parts.reduced_motion(self.settings)
        for pacer in (*self.findChildren(BreathPacer), self.break_window.pacer):
            pacer.set_reduced_motion(reduced)

    # --- a session ------------------------------------------------------------------------

    def prepare(self, exercise: Exercise) -> None:
        if exercise.script is None:
            return
        if self.session is not None:  # one exercise at a time: a break is playing
            self.break_window.present()
            return
        self.script = exercise.script
        self.setup_page.show_script(exercise.script, self.settings)
        self._show(self.setup_page)

    def start(self, choices: Choices) -> None:
        if self.script is not None:
            self._begin(self.script, choices, self.player_page)

    def start_break(self, exercise_id: str) -> None:
        """A quick break in the small window, with the person's usual choices and the
        exercise's own length; from the tray, a reminder, or anywhere else."""
        if self.session is not None:
            if self.view is self.break_window:
                self.break_window.present()
            else:
                self.bring_to_front()
            return
        try:
            script = self.parts.library.load(exercise_id)
        except BodyscanError as exc:
            self._error(exc)
            return
        self.break_script = script
        if script.cautions and script.id not in self.settings.acknowledged:
            self.break_window.ask_cautions(script)
            return
        self._begin_break()

    def _begin_break(self) -> None:
        script = self.break_script
        if script is None or self.session is not None:
            return
        self._begin(script, choices_from(self.settings, script=script), self.break_window)

    def bring_to_front(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def _begin(self, script: Script, choices: Choices, view: PlayerPage | BreakWindow) -> None:
        self.view = view
        self.playing = script
        self.save_settings(remembered(self.settings, script, choices))
        practice = Practice(script, choices, self.settings, self.parts.make_renderer)
        self.practice = practice
        try:
            main = practice.main_part()
        except BodyscanError as exc:
            self._error(exc)
            return
        self.session = Session(
            main,
            self.parts.make_output(),
            view.bridge.listener(),
            practice.grounding_part,
            self.parts.clock,
        )
        if view is self.player_page:
            self._show(self.player_page)
        try:
            view.start(self.session, script.title, self.settings.volume)
        except BodyscanError as exc:
            self.session.stop()
            self._error(exc)

    def _session_ended(self) -> None:
        session, script, practice = self.session, self.playing, self.practice
        if practice is not None:
            practice.close()
        if session is None or script is None or practice is None:
            return
        if session.failure is not None:  # the narration could not be made: say why
            self._error(session.failure)
        rate = session.timeline.rate
        played = session.exercise_position / rate
        finished = session.state is State.FINISHED
        record = self._record(practice, session)
        words = "to the end" if finished else f"{format_seconds(played)}"
        self.finished_page.message.setText(
            f"You practised {script.title} {words}."
            if finished
            else f"You practised {words} of {script.title}. That counts."
        )
        self.session = None
        journal = self.parts.journal() if record is not None else None
        self.pending_checkin = None
        if record is not None and journal is not None:
            self.pending_checkin = practice.checkin_offer(record, journal)
        if self.view is self.break_window:
            self.break_window.show_finished(
                self.finished_page.message.text(), offer_checkin=self.pending_checkin is not None
            )
        elif self.pending_checkin is None:
            self._show(self.finished_page)
        else:
            self.open_checkin()

    def open_checkin(self) -> None:
        """The check-in for the session just ended (a break's is answered here too)."""
        if self.pending_checkin is None:
            return
        offer = self.pending_checkin
        self.checkin_page.ask(
            offer.script, offer.session_id, offer.connection_before, offer.too_much_last_time
        )
        self.pending_checkin = None
        self._show(self.checkin_page)
        if self.break_window.isVisible():
            self.break_window.close()
            self.bring_to_front()

    def _save_checkin(self, checkin: CheckIn) -> None:
        """Saved whole, or the page stays with everything as the person left it."""
        journal = self.parts.journal()
        if journal is None:
            return
        try:
            journal.save_checkin(checkin, session=self.unsaved_session)
        except BodyscanError as exc:
            self._error(exc)
            return
        self.unsaved_session = None
        text = self.finished_page.message.text()
        self.finished_page.message.setText(f"{text}\nSaved in your journal.")
        self._show(self.finished_page)

    def _record(self, practice: Practice, session: Session) -> SessionRecord | None:
        journal = self.parts.journal()
        if journal is None:
            return None
        record = practice.record(session)
        self.unsaved_session = None
        try:
            journal.record_session(record)
        except BodyscanError as exc:
            self._error(exc)
            self.unsaved_session = record
        return record

    # --- settings and errors --------------------------------------------------------------

    def save_settings(self, settings: Settings) -> None:
        self.settings = settings
        try:
            self.parts.settings.save(settings)
        except BodyscanError as exc:
            self._error(exc)
        self.settings_changed.emit(settings)

    def _error(self, error: BodyscanError) -> None:
        log.warning("%s", error.short)
        if self.parts.on_error is not None:
            self.parts.on_error(error)

    def shutdown(self) -> None:
        """Quitting: whatever plays ends and is saved as practised so far."""
        if self.session is not None:
            self.session.stop()
        if self.practice is not None:
            self.practice.close()
        self.break_window.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.quitting or not self.hides_to_tray:
            self.shutdown()
            event.accept()
            if self.tray_shown and not self.quitting:  # the tray would keep the app running
                self.quitting = True
                QApplication.quit()
            return
        # The tray keeps bodyscan running (for breaks and reminders); an exercise playing in
        # this window ends with it, a break in its own window plays on.
        if self.session is not None and self.view is self.player_page:
            self.session.stop()
        event.ignore()
        self.hide()
        self.hidden_to_tray.emit()

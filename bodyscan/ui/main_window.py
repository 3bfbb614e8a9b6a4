"""The main window: library, setup, player, and the pages of words, in one stack.

The window keeps navigation only: which page shows, the header's buttons and the keys. A
session's life (choices to a playing session, its record and the check-in offer) is the
`SessionRunner`'s; the settings are the `SettingsKeeper`'s. Collaborators come in from `app.py`,
so tests can build it with a null output and a fake clock.
"""

from __future__ import annotations

import logging
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bodyscan.core.breaks import QUICK_BREAK_IDS
from bodyscan.core.library import Exercise
from bodyscan.core.script import Script
from bodyscan.core.session import Session
from bodyscan.errors import BodyscanError
from bodyscan.journal.model import CheckIn, SessionRecord
from bodyscan.practice import CheckinOffer, Choices, Practice, choices_from
from bodyscan.settings import Settings
from bodyscan.ui.bridge import SessionBridge
from bodyscan.ui.collaborators import Collaborators
from bodyscan.ui.header_bar import HeaderBar
from bodyscan.ui.info_pages import HELP_HTML, WELCOME_HTML, FinishedPage, TextPage, about_html
from bodyscan.ui.library_focus import tab_target
from bodyscan.ui.library_hooks import connect_library
from bodyscan.ui.library_page import LibraryPage
from bodyscan.ui.pacer import BreathPacer
from bodyscan.ui.pack_dialog import PackActions
from bodyscan.ui.session_runner import Ending, SessionRunner, SessionView
from bodyscan.ui.settings_keeper import SettingsKeeper

if TYPE_CHECKING:
    from bodyscan.core.timer import TimerSpec
    from bodyscan.ui.break_window import BreakWindow
    from bodyscan.ui.checkin_page import CheckinPage
    from bodyscan.ui.history_page import HistoryPage
    from bodyscan.ui.player_page import PlayerPage
    from bodyscan.ui.settings_dialog import SettingsDialog
    from bodyscan.ui.setup_page import SetupPage
    from bodyscan.ui.timer_page import TimerPage

__all__ = ["Collaborators", "MainWindow"]

_Page = TypeVar("_Page", bound=QWidget)

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    hidden_to_tray = Signal()
    settings_changed = Signal(object)  # Settings, after every change (saved or not)

    def __init__(self, parts: Collaborators) -> None:
        super().__init__()
        self.parts = parts
        self.keeper = SettingsKeeper(parts, self._error)
        self.keeper.changed.connect(self.settings_changed)
        self.runner = SessionRunner(parts, lambda: self.settings, self.save_settings, self._error)
        self.runner.starting.connect(self._session_starting)
        self.runner.ended.connect(self._session_ended)
        self.setWindowTitle("bodyscan")
        self.resize(960, 680)
        self.setMinimumSize(640, 480)
        self.script: Script | None = None  # chosen in the library
        self.break_script: Script | None = None  # asked for from the tray or a reminder
        self.previous_page: QWidget | None = None
        self.tray_shown = False  # set by the app when a tray icon is on screen
        self.quitting = False  # quitting closes the window for real, tray or not
        self.shut_down = False  # closed for good: nothing may show it again
        self.pending_checkin: CheckinOffer | None = None
        # A check-in on screen and not yet saved or skipped: kept as it is while the person
        # looks at the journal, and shown again when they leave it.
        self.checkin_open = False

        self.bridge = SessionBridge(self)
        # Only the first page is made now; the others when first shown (see below), so the
        # window is on screen sooner.
        self.library_page = LibraryPage(parts.library)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.library_page)

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
        self.timer_button = QPushButton("Timer")
        self.timer_button.setAccessibleDescription("An unguided timer with bells (Ctrl+T)")
        self.timer_button.clicked.connect(self.show_timer)
        # Packs: "Share…" on the page before starting; a dropped .bodyscan opens its preview.
        self.packs = PackActions(
            self,
            parts.library,
            self._error,
            chosen=lambda: self.script,
            installed=self.library_page.refresh,
        )
        self.stack.currentChanged.connect(self._page_changed)
        self.header = HeaderBar(
            [self.packs.share_button],
            [self.timer_button, self.journal_button, self.settings_button, self.about_button],
            self.help_button,
            # The name steps aside first, then Share… (also Ctrl+Shift+S), then the timer.
            optional=[self.packs.share_button, self.timer_button],
        )
        self.wordmark = self.header.wordmark
        self._page_changed()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        help_key = QShortcut(QKeySequence(Qt.Key.Key_F1), self)
        help_key.activated.connect(self.show_help)
        settings_key = QShortcut(QKeySequence("Ctrl+,"), self)
        settings_key.activated.connect(self.open_settings)
        journal_key = QShortcut(QKeySequence("Ctrl+J"), self)
        journal_key.activated.connect(self.show_journal)
        QShortcut(QKeySequence("Ctrl+T"), self).activated.connect(self.show_timer)
        quit_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Quit), self)
        quit_key.activated.connect(self.quit_app)

        self.library_page.chosen.connect(self.prepare)
        connect_library(self)  # favourites, recent, "Continue"
        self.library_page.edit_requested.connect(self.open_editor)
        self.apply_motion()
        self._show(self.library_page if self.settings.first_run_done else self.welcome_page)

    # --- the pages, each made the first time it is needed ----------------------------------

    def _page(self, page: _Page) -> _Page:
        self.stack.addWidget(page)
        return page

    def _made(self, name: str) -> Any:  # one of the pages above, or None
        """The page or window of that name if it has been made (without making it)."""
        return self.__dict__.get(name)

    @cached_property
    def setup_page(self) -> SetupPage:
        from bodyscan.ui.setup_page import SetupPage  # noqa: PLC0415

        page = self._page(SetupPage(self.parts.catalogue))
        page.back_requested.connect(lambda: self._show(self.library_page))
        page.start_requested.connect(self.start)
        return page

    @cached_property
    def player_page(self) -> PlayerPage:
        from bodyscan.ui.player_page import PlayerPage  # noqa: PLC0415

        page = self._page(PlayerPage(self.bridge))
        page.stopped.connect(self.runner.finished)
        page.pacer.set_reduced_motion(self.parts.reduced_motion(self.settings))
        return page

    @cached_property
    def break_window(self) -> BreakWindow:
        from bodyscan.ui.break_window import BreakWindow  # noqa: PLC0415

        window = BreakWindow()
        window.stopped.connect(self.runner.finished)
        window.begin_requested.connect(self._begin_break)
        window.checkin_requested.connect(self.open_checkin)
        window.help_requested.connect(self._help_from_break)
        window.pacer.set_reduced_motion(self.parts.reduced_motion(self.settings))
        return window

    @cached_property
    def finished_page(self) -> FinishedPage:
        page = self._page(FinishedPage())
        page.done.connect(lambda: self._show(self.library_page))
        return page

    @cached_property
    def checkin_page(self) -> CheckinPage:
        from bodyscan.ui.checkin_page import CheckinPage  # noqa: PLC0415

        page = self._page(CheckinPage())
        page.saved.connect(self._save_checkin)
        page.skipped.connect(self._skip_checkin)
        page.practice_requested.connect(self._open_shorter_practice)
        return page

    @cached_property
    def history_page(self) -> HistoryPage:
        from bodyscan.ui.history_page import HistoryPage  # noqa: PLC0415

        page = self._page(HistoryPage(self.parts.journal, self._error))
        page.back_requested.connect(self._leave_journal)
        return page

    @cached_property
    def welcome_page(self) -> TextPage:
        page = self._page(TextPage(WELCOME_HTML, "Begin", "Welcome"))
        page.done.connect(self._welcomed)
        return page

    @cached_property
    def help_page(self) -> TextPage:
        page = self._page(TextPage(HELP_HTML, "Back", "Get help now"))
        page.done.connect(self._go_back)
        return page

    @cached_property
    def about_page(self) -> TextPage:
        page = self._page(TextPage(about_html(), "Back", "About bodyscan"))
        page.done.connect(self._go_back)
        return page

    @cached_property
    def timer_page(self) -> TimerPage:
        from bodyscan.ui.timer_page import TimerPage  # noqa: PLC0415

        page = self._page(TimerPage(self.parts.catalogue))
        page.start_requested.connect(self.start_timer)
        page.back_requested.connect(lambda: self._show(self.library_page))
        page.presets_changed.connect(
            lambda presets: self.save_settings(self.settings.with_changes(timer_presets=presets))
        )
        return page

    # --- what the window shows of the runner and the keeper --------------------------------

    @property
    def settings(self) -> Settings:
        return self.keeper.current

    @property
    def session(self) -> Session | None:
        return self.runner.session

    @property
    def practice(self) -> Practice | None:
        return self.runner.practice

    @property
    def view(self) -> SessionView:
        """Where the session plays (or last played)."""
        return self.runner.view or self.player_page

    # --- navigation -----------------------------------------------------------------------

    def _show(self, page: QWidget) -> None:
        self.stack.setCurrentWidget(page)
        page.setFocus()

    def _visit(self, page: QWidget) -> None:
        current = self.stack.currentWidget()
        if current not in (self._made("help_page"), self._made("about_page")):
            self.previous_page = current
        self._show(page)

    def _page_changed(self) -> None:
        before_starting = self.stack.currentWidget() is self._made("setup_page")
        self.packs.available = before_starting
        self.header.show_for_page(self.packs.share_button, before_starting)

    def _go_back(self) -> None:
        self._show(self.previous_page or self.library_page)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab from the header into the library enters it at its reading order's start (the
        end, backwards); inside, the page keeps that order itself."""
        current = QApplication.focusWidget()
        if current is not None and self.stack.currentWidget() is self.library_page:
            target = tab_target(self.library_page.tab_parts(), current, next)
            if target is not None:
                backwards = Qt.FocusReason.BacktabFocusReason
                target.setFocus(Qt.FocusReason.TabFocusReason if next else backwards)
                return True
        return super().focusNextPrevChild(next)

    def show_journal(self) -> None:
        if self.session is not None:
            return  # not in the middle of an exercise
        self.history_page.refresh()
        self._show(self.history_page)

    def _leave_journal(self) -> None:
        self._show(self.checkin_page if self.checkin_open else self.library_page)

    def show_timer(self) -> None:
        # Not in the middle of an exercise, nor of its check-in (which would be left behind).
        if self.session is None and not self.checkin_open:
            self.timer_page.show_settings(self.settings)
            self._show(self.timer_page)

    def start_timer(self, spec: TimerSpec) -> None:
        from bodyscan.timer_practice import TimerPractice  # noqa: PLC0415

        if self.session is not None:  # one at a time: a break is playing
            self.break_window.present()
            return
        practice = TimerPractice(spec, self.settings, self.parts.make_renderer)
        self.runner.begin_practice(practice, self.player_page)

    def show_help(self) -> None:
        """Reachable from every screen; a playing session pauses, it is not stopped."""
        self.runner.pause()
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
        from bodyscan.ui.settings_dialog import SettingsDialog  # noqa: PLC0415

        self.keeper.match_login_entry()
        dialog = SettingsDialog(
            self.settings,
            self.parts.catalogue,
            self.parts.devices(),
            self.parts.data_folder or self.parts.library.user_dir.parent,
            preview=self.parts.preview,
            try_look=self._try_look,
            delete_everything=self._delete_everything if self.parts.delete_everything else None,
            breaks=self.quick_breaks(),
            parent=self,
        )
        if tab:
            dialog.show_tab(tab)
        dialog.accepted.connect(lambda: self.use_settings(dialog.chosen()))
        dialog.open()
        return dialog

    def _try_look(self, settings: Settings) -> None:
        """The look of settings not saved yet, while the dialog is open (and back on Cancel)."""
        if self.parts.apply_look is not None:
            self.parts.apply_look(settings)
        self.apply_motion(settings)

    def use_settings(self, settings: Settings) -> None:
        self.keeper.use(settings)
        self.apply_motion()

    def quit_app(self) -> None:
        if not self._editors_closed():
            return
        # Qt 6 asks every window to close before it quits, and gives up if one refuses, as
        # this window does when it hides to the tray; so say first that this is a real quit.
        self.quitting = True
        self.shutdown()
        QApplication.quit()

    def _delete_everything(self) -> None:
        self.runner.stop()
        assert self.parts.delete_everything is not None
        self.parts.delete_everything()
        self.keeper.forget()
        self._show(self.welcome_page)

    def apply_motion(self, settings: Settings | None = None) -> None:
        reduced = self.parts.reduced_motion(settings or self.settings)
        pacers = self.findChildren(BreathPacer)
        if (window := self._made("break_window")) is not None:
            pacers.extend(window.findChildren(BreathPacer))
        for pacer in pacers:
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

    def start_now(self, exercise_id: str) -> None:
        """`bodyscan start` and the menu's "Ground me now": a quick break in the small window,
        any other exercise here with the usual choices (its cautions first, if never read)."""
        if exercise_id in QUICK_BREAK_IDS or self.session is not None:
            self.start_break(exercise_id)
            return
        try:
            script = self.parts.library.load(exercise_id)
        except BodyscanError as exc:
            self._error(exc)
            return
        self.bring_to_front()
        if script.cautions and script.id not in self.settings.acknowledged:
            self.script = script
            self.setup_page.show_script(script, self.settings)
            self._show(self.setup_page)
            return
        self.script = script
        self._begin(script, choices_from(self.settings, script=script), self.player_page)

    def _help_from_break(self) -> None:
        self.bring_to_front()
        self.show_help()

    def bring_to_front(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def _begin(
        self,
        script: Script,
        choices: Choices,
        view: SessionView,
        continues: SessionRecord | None = None,
        settings: Settings | None = None,  # continuing: the voice of the session continued
    ) -> None:
        self.runner.begin(script, choices, view, continues=continues, settings=settings)

    def _session_starting(self, view: SessionView) -> None:
        if view is self._made("player_page"):
            self._show(self.player_page)

    def _session_ended(self, ending: Ending) -> None:
        self.finished_page.message.setText(ending.words)
        self.pending_checkin = ending.offer
        if ending.view is self._made("break_window"):
            self.break_window.show_finished(ending.words, offer_checkin=ending.offer is not None)
        elif ending.offer is None:
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
        self.checkin_open = True
        self._show(self.checkin_page)
        if (window := self._made("break_window")) is not None and window.isVisible():
            window.close()
            self.bring_to_front()

    def _skip_checkin(self) -> None:
        self.checkin_open = False
        self._show(self.finished_page)

    def _save_checkin(self, checkin: CheckIn) -> None:
        """Saved whole, or the page stays with everything as the person left it."""
        if not self.runner.save_checkin(checkin):
            return
        self.checkin_open = False
        text = self.finished_page.message.text()
        self.finished_page.message.setText(f"{text}\nSaved in your journal.")
        self._show(self.finished_page)

    def _open_shorter_practice(self, exercise_id: str) -> None:
        """From the check-in's "too much" follow-up: the check-in is saved first (when it has an
        answer; if it cannot be saved the page stays as it was), then the practice opens."""
        checkin = self.checkin_page.checkin()
        if checkin is not None and not self.runner.save_checkin(checkin):
            return
        self.checkin_open = False
        try:
            script = self.parts.library.load(exercise_id)
        except BodyscanError as exc:
            self._error(exc)
            self._show(self.finished_page)
            return
        self.script = script
        self.setup_page.show_script(script, self.settings)
        self._show(self.setup_page)

    # --- settings and errors --------------------------------------------------------------

    def save_settings(self, settings: Settings) -> None:
        self.keeper.save(settings)

    def open_editor(self, exercise: Exercise | None) -> None:
        from bodyscan.ui.editor import open_editor  # noqa: PLC0415 - made when first asked for

        open_editor(self, exercise)

    def _error(self, error: BodyscanError) -> None:
        log.warning("%s", error.short)
        if self.parts.on_error is not None:
            self.parts.on_error(error)

    def shutdown(self) -> None:
        """Quitting: whatever plays ends and is saved as practised so far."""
        self.shut_down = True
        self.runner.close()
        if (window := self._made("break_window")) is not None:
            window.close()

    def _editors_closed(self) -> bool:
        from bodyscan.ui.editor import close_editors  # noqa: PLC0415

        return close_editors(self)  # each asks about unsaved changes

    def closeEvent(self, event: QCloseEvent) -> None:
        if (self.quitting or not self.hides_to_tray) and not self._editors_closed():
            event.ignore()
            return
        if self.quitting or not self.hides_to_tray:
            self.shutdown()
            event.accept()
            if self.tray_shown and not self.quitting:  # the tray would keep the app running
                self.quitting = True
                QApplication.quit()
            return
        # The tray keeps bodyscan running (for breaks and reminders); an exercise playing in
        # this window ends with it, a break in its own window plays on.
        if self.session is not None and self.view is self._made("player_page"):
            self.session.stop()
        event.ignore()
        self.hide()
        self.hidden_to_tray.emit()

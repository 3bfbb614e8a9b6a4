"""One session at a time, for the window: from the person's choices to a playing session, and
when it ends, its journal record and whether to offer the check-in. Where each of these shows
(the player page or the break window, the finished page or the check-in) is the window's
business; this only says what happened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from bodyscan.core.durations import format_seconds
from bodyscan.core.script import Script
from bodyscan.core.session import Session, State
from bodyscan.errors import BodyscanError
from bodyscan.journal.model import CheckIn, SessionRecord
from bodyscan.practice import CheckinOffer, Choices, Practice, remembered
from bodyscan.settings import Settings
from bodyscan.ui.bridge import SessionBridge
from bodyscan.ui.collaborators import Collaborators

log = logging.getLogger(__name__)


class SessionView(Protocol):
    """Where a session plays: the player page or the small break window."""

    bridge: SessionBridge

    def start(self, session: Session, title: str, volume: float) -> None: ...


@dataclass(frozen=True)
class Ending:
    """A session that has just ended: the words to say, and the check-in to offer if any."""

    words: str
    offer: CheckinOffer | None
    view: SessionView


class SessionRunner(QObject):
    starting = Signal(object)  # the SessionView, just before the session starts in it
    ended = Signal(object)  # Ending

    def __init__(
        self,
        parts: Collaborators,
        settings: Callable[[], Settings],
        save_settings: Callable[[Settings], None],
        on_error: Callable[[BodyscanError], None],
    ) -> None:
        super().__init__()
        self.parts = parts
        self.settings = settings
        self.save_settings = save_settings
        self.on_error = on_error
        self.session: Session | None = None
        self.practice: Practice | None = None  # the session's renderers, record and check-in
        self.playing: Script | None = None
        self.view: SessionView | None = None
        # A session the journal could not save when it ended (a full disk): saved with its
        # check-in, which stays on screen until it can be.
        self.unsaved_session: SessionRecord | None = None

    def begin(
        self,
        script: Script,
        choices: Choices,
        view: SessionView,
        *,
        continues: SessionRecord | None = None,
        settings: Settings | None = None,  # continuing: the voice of the session continued
    ) -> None:
        self.save_settings(remembered(self.settings(), script, choices))
        practice = Practice(
            script,
            choices,
            settings or self.settings(),
            self.parts.make_renderer,
            continues=continues,
        )
        self.begin_practice(practice, view)

    def begin_practice(self, practice: Practice, view: SessionView) -> None:
        """Play a practice already made (an exercise's, or a timer's) in `view`."""
        self.view = view
        self.playing = script = practice.script
        settings = self.settings()
        self.practice = practice
        try:
            main = practice.main_part()
        except BodyscanError as exc:
            self.on_error(exc)
            return
        self.session = Session(
            main,
            self.parts.make_output(),
            view.bridge.listener(),
            practice.grounding_part,
            self.parts.clock,
        )
        self.starting.emit(view)
        try:
            view.start(self.session, script.title, settings.volume)
        except BodyscanError as exc:
            self.session.stop()
            self.on_error(exc)

    def pause(self) -> None:
        """For help: a playing session pauses, it is not stopped."""
        if self.session is not None and self.session.state in (State.PLAYING, State.GROUNDING):
            self.session.pause()

    def stop(self) -> None:
        """Whatever plays ends (and is saved as practised so far, when its view says so)."""
        if self.session is not None:
            self.session.stop()

    def finished(self) -> None:
        """The view says its session has ended: record it and say what comes next."""
        session, script, practice, view = self.session, self.playing, self.practice, self.view
        if practice is not None:
            practice.close()
        if session is None or script is None or practice is None or view is None:
            return
        if session.failure is not None:  # the narration could not be made: say why
            self.on_error(session.failure)
        played = session.exercise_position / session.timeline.rate
        record = self._record(practice, session)
        if record is not None:  # a continued session counts all its parts
            played = record.played_seconds
        if session.state is State.FINISHED:
            words = f"You practised {script.title} to the end."
        else:
            words = f"You practised {format_seconds(played)} of {script.title}. That counts."
        self.session = None
        journal = self.parts.journal() if record is not None else None
        offer = None
        if record is not None and journal is not None:
            offer = practice.checkin_offer(record, journal)
        self.ended.emit(Ending(words, offer, view))

    def save_checkin(self, checkin: CheckIn) -> bool:
        """Saved whole (with its session, if that could not be saved before), or not at all."""
        journal = self.parts.journal()
        if journal is None:
            return False
        try:
            journal.save_checkin(checkin, session=self.unsaved_session)
        except BodyscanError as exc:
            self.on_error(exc)
            return False
        self.unsaved_session = None
        return True

    def close(self) -> None:
        """Quitting: the session ends and its narration threads with it."""
        self.stop()
        if self.practice is not None:
            self.practice.close()

    def _record(self, practice: Practice, session: Session) -> SessionRecord | None:
        journal = self.parts.journal()
        if journal is None:
            return None
        record = practice.record(session)
        self.unsaved_session = None
        try:
            journal.record_session(record)
        except BodyscanError as exc:
            self.on_error(exc)
            self.unsaved_session = record
        return record

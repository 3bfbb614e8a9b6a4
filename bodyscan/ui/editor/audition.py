"""Listening while writing: one step ("Hear this step") or the rest of the exercise from a step
("Play from here"), through the app's own renderer and sound output, as the player plays it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal

from bodyscan.core.playback import AudioOutput
from bodyscan.core.script import Script
from bodyscan.core.session import Part, Session, State
from bodyscan.core.timeline import TimelineOptions
from bodyscan.errors import BodyscanError
from bodyscan.practice import RendererFactory

log = logging.getLogger(__name__)
TICK_MS = 50


class Audition(QObject):
    """Plays part of an exercise; one at a time (a new request stops the last)."""

    finished = Signal()
    failed = Signal(object)  # BodyscanError

    def __init__(
        self,
        make_renderer: RendererFactory,
        make_output: Callable[[], AudioOutput],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.make_renderer = make_renderer
        self.make_output = make_output
        self.session: Session | None = None
        self.renderer: object | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def hear(self, script: Script, index: int) -> None:
        """The step alone: its words (voice or recording) and its silence, no bells."""
        self._play(replace(script, steps=(script.steps[index],), bell=None), bell=False)

    def play_from(self, script: Script, index: int) -> None:
        """From the step to the end, with the closing bell as in a session."""
        self._play(replace(script, steps=script.steps[index:]), bell=script.bell is not None)

    @property
    def playing(self) -> bool:
        return self.session is not None

    def _play(self, script: Script, *, bell: bool) -> None:
        self.stop()
        try:
            renderer = self.make_renderer(script, TimelineOptions(bell=bell), "none", None)
        except BodyscanError as exc:
            self.failed.emit(exc)
            return
        self.renderer = renderer
        self.session = Session(Part(renderer), self.make_output())
        self.session.play()
        self.timer.start()

    def _tick(self) -> None:
        if self.session is None:
            return
        self.session.tick()
        if self.session.state in (State.FINISHED, State.STOPPED):
            self.stop()
            self.finished.emit()

    def stop(self) -> None:
        self.timer.stop()
        session, renderer = self.session, self.renderer
        self.session = self.renderer = None
        if session is not None and session.state not in (State.FINISHED, State.STOPPED):
            session.stop()
        close = getattr(renderer, "close", None)
        if close is not None:
            close()

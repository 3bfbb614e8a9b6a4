"""The one place where the session controller meets Qt: its callbacks re-emitted as signals.

The session runs on the GUI thread (it is ticked by a timer here), and render-ahead's thread
only touches its own data, so every widget is updated from the GUI thread through these signals.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from bodyscan.core.session import Listener, Session, State
from bodyscan.core.timeline import Event, Phase

TICK_MS = 100  # captions and the progress bar; the pacer paints at screen rate itself


class SessionBridge(QObject):
    state_changed = Signal(object)  # State
    event_changed = Signal(object)  # Event
    caption_changed = Signal(str, str)  # current, next
    phase_changed = Signal(object, int)  # Phase | None, whole seconds left
    position_changed = Signal(int, int)  # frames played, frames in all
    grounding_done = Signal()
    device_lost = Signal(str)
    waited = Signal(float)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: Session | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    def listener(self) -> Listener:
        return Listener(
            state=self.state_changed.emit,
            event=self._event,
            caption=self.caption_changed.emit,
            phase=self._phase,
            position=self.position_changed.emit,
            grounding_done=self.grounding_done.emit,
            device_lost=self.device_lost.emit,
            waited=self.waited.emit,
        )

    def attach(self, session: Session) -> None:
        self.session = session
        self.timer.start()

    def detach(self) -> None:
        self.timer.stop()
        self.session = None

    def tick(self) -> None:
        session = self.session
        if session is None:
            return
        session.tick()  # may end the session, and a listener may detach it meanwhile
        if session.state in (State.FINISHED, State.STOPPED):
            self.timer.stop()

    def _event(self, event: Event) -> None:
        self.event_changed.emit(event)

    def _phase(self, phase: Phase | None, left: int) -> None:
        self.phase_changed.emit(phase, left)

"""`bodyscan play`: an exercise in the terminal, with captions, a progress line and keys.

Keys: space pause/resume, s skip, b back, g ground me, q stop (after grounding: c continue,
q end). It runs Qt's event loop (the Qt output needs one), so it lives in bodyscan.ui.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import termios
import textwrap
import tty
from collections.abc import Callable, Iterator
from typing import TextIO

from PySide6.QtCore import QCoreApplication, QSocketNotifier, QTimer

from bodyscan.audio.null_output import NullOutput
from bodyscan.core.clock import MonotonicClock
from bodyscan.core.durations import format_seconds
from bodyscan.core.playback import AudioOutput
from bodyscan.core.session import Listener, Part, Session, State
from bodyscan.core.timeline import Event, Phase
from bodyscan.errors import BodyscanError
from bodyscan.ui.bridge import TICK_MS

log = logging.getLogger(__name__)

PHASE_WORDS = {"in": "breathe in", "hold": "hold", "out": "breathe out", "hold_out": "hold"}
KEYS_HELP = "space pause · s skip · b back · g ground me · q stop"


def event_loop() -> QCoreApplication:
    """The process's Qt application (the Qt output and the key reader need its event loop)."""
    existing = QCoreApplication.instance()
    return existing if existing is not None else QCoreApplication([sys.argv[0]])


WITHOUT_SOUND = "No sound device found: captions will run on their own, without sound."


def choose_output(
    name: str | None, notice: TextIO, without_sound: str = WITHOUT_SOUND
) -> AudioOutput:
    """qt, then portaudio, then null; `name` forces one. Without sound the user is told once,
    in the caller's words (`without_sound`)."""
    from bodyscan.ui import output_choice  # noqa: PLC0415 - loads Qt Multimedia and PortAudio

    if name is not None:
        if name in output_choice.RETIRED:
            notice.write(output_choice.RETIRED_NOTICE + "\n")
        return output_choice.explicit_output(name)
    output = output_choice.automatic_output()
    if output is not None:
        return output
    notice.write(without_sound + "\n")
    return NullOutput(MonotonicClock())


@contextlib.contextmanager
def raw_keys(stream: TextIO) -> Iterator[bool]:
    """Single keypresses from a terminal; yields False (and changes nothing) otherwise."""
    if not stream.isatty():
        yield False
        return
    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield True
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


class TerminalPlayer:
    def __init__(
        self,
        main: Part,
        output: AudioOutput,
        grounding: Callable[[], Part] | None,
        out: TextIO,
        notices: Callable[[], BodyscanError | None] | None = None,
    ) -> None:
        self.out = out
        self.notices = notices
        self.width = (
            min(76, max(40, os.get_terminal_size(out.fileno()).columns - 4)) if out.isatty() else 76
        )
        self.phase = ""
        self._event: Event | None = None
        self._printed = ""  # the caption last printed
        self.listener = Listener(
            state=self._on_state,
            event=self._on_event,
            caption=self._on_caption,
            phase=self._on_phase,
            position=self._on_position,
            grounding_done=self._on_grounding_done,
            device_lost=self._on_device_lost,
            waited=self._on_waited,
        )
        self.session = Session(main, output, self.listener, grounding)
        self._last_line = ""
        self.notifier: QSocketNotifier | None = None

    def run(self, app: QCoreApplication) -> State:
        timer = QTimer()
        timer.setInterval(TICK_MS)
        timer.timeout.connect(self._tick)
        with raw_keys(sys.stdin) as keys:
            notifier = None
            if keys:
                notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
                notifier.activated.connect(self._on_key)
                self.out.write(f"{KEYS_HELP}\n\n")
            self.notifier = notifier
            self.app = app
            timer.start()
            self.session.play()
            try:
                app.exec()
            finally:
                timer.stop()
                if notifier is not None:
                    notifier.setEnabled(False)
                self.session.stop()
        self._status("")
        return self.session.state

    def _tick(self) -> None:
        self.session.tick()
        notice = self.notices() if self.notices is not None else None
        if notice is not None:
            detail = f" {notice.detail}" if notice.detail else ""
            self._say(f"No voice: {notice.short}; instructions get a chime instead.{detail}")
        if self.session.state in (State.FINISHED, State.STOPPED):
            self.app.quit()

    def _on_key(self) -> None:
        try:
            data = os.read(sys.stdin.fileno(), 1)
        except OSError:  # the terminal was closed under us (EIO)
            data = b""
        if not data:
            # The terminal went away: nobody can press a key or read a caption any more, and a
            # notifier on a closed terminal fires without end (a busy loop). Stop, so the
            # session is kept in the journal as far as it was heard.
            if self.notifier is not None:
                self.notifier.setEnabled(False)
            self.session.stop()
            return
        key = data.decode(errors="ignore").lower()
        session = self.session
        if session.awaiting_choice:
            if key == "c":
                session.continue_after_grounding()
            elif key in ("q", "e"):
                session.end_after_grounding()
            return
        actions = {
            " ": session.toggle_pause,
            "s": session.skip,
            "b": session.back,
            "g": session.ground,
            "q": session.stop,
        }
        action = actions.get(key)
        if action is not None:
            action()

    def _status(self, text: str) -> None:
        if not self.out.isatty():
            return
        self.out.write("\r" + text.ljust(len(self._last_line)) + ("\r" if not text else ""))
        self.out.flush()
        self._last_line = text

    def _say(self, text: str) -> None:
        if self.out.isatty():
            self.out.write("\r" + " " * len(self._last_line) + "\r")
        self.out.write(textwrap.fill(text, self.width) + "\n\n")
        self.out.flush()
        self._last_line = ""

    def _on_state(self, state: State) -> None:
        if state is State.PREPARING:
            self._status("Preparing the voice…")
        elif state is State.GROUNDING:
            self._say("— Ground me —")
        elif state is State.STOPPED:
            self._say("Stopped.")

    def _on_event(self, event: Event) -> None:
        self._event = event

    def _on_caption(self, text: str, _upcoming: str) -> None:
        # A pause or a bell keeps the instruction before it as its caption: on screen that text
        # stays up, in a terminal printing it again would read as a second instruction.
        kept = self._event is not None and self._event.type in ("pause", "bell")
        if text and not (kept and text == self._printed):
            self._say(text)
            self._printed = text

    def _on_phase(self, phase: Phase | None, seconds_left: int) -> None:
        self.phase = f"{PHASE_WORDS[phase.phase]} {seconds_left}" if phase is not None else ""

    def _on_position(self, played: int, total: int) -> None:
        rate = self.session.timeline.rate
        state = "paused · " if self.session.state is State.PAUSED else ""
        phase = f" · {self.phase}" if self.phase else ""
        self._status(
            f"{state}{format_seconds(played / rate)} / {format_seconds(total / rate)}{phase}"
        )

    def _on_device_lost(self, reason: str) -> None:
        self._say(f"{reason[:1].upper()}{reason[1:]}. Paused: press space to play on.")

    def _on_waited(self, seconds: float) -> None:
        log.info("narration is catching up (%.1f s waited)", seconds)
        self._say(f"(The voice is catching up: waited {seconds:.1f} s so far.)")

    def _on_grounding_done(self) -> None:
        self._say("Press c to continue the exercise, or q to end here.")

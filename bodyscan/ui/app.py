"""Start the desktop app: build the object graph here and nowhere else in the UI."""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from bodyscan.errors import BodyscanError

if TYPE_CHECKING:
    from bodyscan.journal.store import Journal
    from bodyscan.narration.narrator import Narrator
    from bodyscan.ui.main_window import MainWindow
    from bodyscan.ui.mpris import MprisPlayer
    from bodyscan.ui.tray import Tray

log = logging.getLogger(__name__)
VOICE_DELAY_MS = 300
RESOURCES = Path(__file__).parent / "resources"


def show_error(parent: object, error: BodyscanError) -> None:
    """The one dialog style for errors the user can act on."""
    box = QMessageBox(QMessageBox.Icon.Warning, "bodyscan", error.short)
    if error.detail:
        box.setInformativeText(error.detail)
    box.exec()


def build_window() -> MainWindow:
    """The main window with the real collaborators. Heavy parts (the voice, numpy's mixer) are
    imported when first used, and the voice loads in the background once the window shows."""
    from bodyscan import desktop, provider  # noqa: PLC0415
    from bodyscan.audio.null_output import NullOutput  # noqa: PLC0415 - light
    from bodyscan.core.clock import MonotonicClock  # noqa: PLC0415
    from bodyscan.core.playback import AudioOutput  # noqa: PLC0415
    from bodyscan.paths import user_paths  # noqa: PLC0415
    from bodyscan.practice import voice_model  # noqa: PLC0415
    from bodyscan.settings import Settings, SettingsStore  # noqa: PLC0415
    from bodyscan.ui import qt_output, theme  # noqa: PLC0415
    from bodyscan.ui.main_window import Collaborators, MainWindow  # noqa: PLC0415

    paths = user_paths()
    settings = SettingsStore(paths.settings_file)
    narrators: dict[Path | None, Narrator] = {}

    def narrator(model: Path | None = None) -> Narrator:
        if model not in narrators:
            narrators[model] = provider.narrator(paths, voice_model=model)
        return narrators[model]

    # The voice loads once per process, in the background, once the window is on screen.
    def load_voice() -> None:
        narrator(voice_model(settings.load())).loader.start()

    QTimer.singleShot(VOICE_DELAY_MS, load_voice)
    opened: list[Journal] = []

    # Closed at exit, after the window's own shutdown has saved what was playing: a journal
    # closed cleanly opens next time without SQLite's full check (journal/opening.py).
    def close_journal() -> None:
        for store in opened:
            store.close()

    atexit.register(close_journal)

    def journal() -> Journal | None:
        if not opened:
            try:
                store = provider.journal(paths)
            except BodyscanError as exc:
                show_error(None, exc)
                return None  # asked again next time: the disk may be freed, a lock released
            opened.append(store)
            if store.notice:
                show_error(None, BodyscanError(store.notice_title, store.notice))
        return opened[0]

    def make_output() -> AudioOutput:
        from bodyscan.ui.output_choice import automatic_output  # noqa: PLC0415

        output = automatic_output(device=settings.load().output_device)  # Qt, then PortAudio
        if output is not None:
            return output
        show_error(
            None,
            BodyscanError(
                "no sound device found", "The captions and the pacer will run on their own."
            ),
        )
        return NullOutput(MonotonicClock())

    previews: list[object] = []

    def preview(chosen: Settings) -> None:
        """Say one sentence with the chosen voice and speed."""
        from bodyscan.core.script import Say, Script, Voice  # noqa: PLC0415
        from bodyscan.core.session import Part, Session  # noqa: PLC0415
        from bodyscan.core.timeline import TimelineOptions  # noqa: PLC0415

        sample = Script(
            id="preview",
            title="Preview",
            kind="grounding",
            steps=(Say(text="This is how I will sound. Take your time."),),
            voice=Voice(speed=chosen.speed),
        )
        try:
            ahead = provider.render_ahead(
                sample, TimelineOptions(bell=False), "none", narrator(voice_model(chosen))
            )
        except BodyscanError as exc:
            show_error(None, exc)
            return
        session = Session(Part(ahead), make_output())
        timer = QTimer()
        timer.setInterval(100)
        timer.timeout.connect(session.tick)
        previews[:] = [session, timer, ahead]  # kept alive while it plays
        session.play()
        timer.start()

    def delete_everything() -> None:
        import shutil  # noqa: PLC0415

        from bodyscan.journal.opening import clean_close_note  # noqa: PLC0415

        if opened:
            opened[0].close()
        opened.clear()
        for path in paths.data.glob("journal.sqlite3*"):
            path.unlink(missing_ok=True)
        clean_close_note(paths.journal_file).unlink(missing_ok=True)
        paths.settings_file.unlink(missing_ok=True)
        shutil.rmtree(paths.cache / "narration", ignore_errors=True)

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app, settings.load())
    return MainWindow(
        Collaborators(
            library=provider.library(paths),
            catalogue=provider.sound_catalogue(paths),
            make_renderer=lambda script, options, ambient, voice: provider.render_ahead(
                script, options, ambient, narrator(voice)
            ),
            make_output=make_output,
            settings=settings,
            journal=journal,
            reduced_motion=theme.reduced_motion,
            on_error=lambda error: show_error(None, error),
            apply_look=lambda chosen: theme.apply(app, chosen),
            devices=qt_output.devices,
            preview=preview,
            delete_everything=delete_everything,
            data_folder=paths.data,
            set_start_at_login=desktop.set_start_at_login,
            starts_at_login=desktop.starts_at_login,
        )
    )


def instance_name() -> str:
    """One bodyscan per person and data folder (tests and BODYSCAN_HOME get their own)."""
    from bodyscan.paths import user_paths  # noqa: PLC0415

    digest = hashlib.sha256(str(user_paths().data).encode()).hexdigest()[:16]
    return f"bodyscan-{digest}"


class SingleInstance:
    """A second start hands over to the first (which shows its window) and exits: two copies
    would mean two tray icons and every reminder twice."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.server: QLocalServer | None = None

    def hand_over(self, message: bytes) -> bool:
        """True when another bodyscan is running and got the message."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(500):
            return False
        socket.write(message)
        socket.waitForBytesWritten(500)
        socket.disconnectFromServer()
        return True

    def listen(self, on_message: Callable[[bytes], None]) -> None:
        QLocalServer.removeServer(self.name)  # a socket left by a crashed run
        server = QLocalServer()
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.warning("single-instance socket unavailable: %s", server.errorString())
            return

        def arrived() -> None:
            while (socket := server.nextPendingConnection()) is not None:
                if socket.waitForReadyRead(500):
                    on_message(bytes(socket.readAll().data()))
                socket.deleteLater()

        server.newConnection.connect(arrived)
        self.server = server


TRAY_DELAY_MS = 100  # the tray and reminders come just after the window is on screen


@dataclass
class Running:
    """What `start` built and keeps alive for as long as the app runs."""

    window: MainWindow
    instance: SingleInstance
    tray: Tray | None = None  # added a moment after start
    media_keys: MprisPlayer | None = None  # None without a session bus

    def add_tray(self, icon: QIcon) -> Tray | None:
        """None when the window was closed for good before the tray came (a quick quit): the
        app is ending, and showing the window again would undo what the person did."""
        if self.window.shut_down:
            return None
        from bodyscan.ui.reminders import DesktopNotifier, Reminders  # noqa: PLC0415
        from bodyscan.ui.tray import Tray  # noqa: PLC0415

        window = self.window
        reminders = Reminders(window, notifier=DesktopNotifier.open, parent=window)
        app = QApplication.instance()
        assert app is not None
        app.aboutToQuit.connect(reminders.close)
        self.tray = Tray(window, reminders, icon, window.quit_app, parent=window)
        if not self.tray.show():  # the tray went away since start: be a plain window
            window.tray_shown = False
            QApplication.setQuitOnLastWindowClosed(True)
            window.show()
        return self.tray


def exercise_to_start(arguments: Sequence[str]) -> str | None:
    """`start EXERCISE` (from `bodyscan start` or the menu's "Ground me now")."""
    from bodyscan.desktop import START_COMMAND  # noqa: PLC0415

    if len(arguments) >= 2 and arguments[0] == START_COMMAND:
        return arguments[1]
    return None


def pack_to_open(arguments: Sequence[str]) -> Path | None:
    """A pack (.bodyscan) the file manager handed over."""
    return next((Path(a).absolute() for a in arguments if a.lower().endswith(".bodyscan")), None)


def hand_over_message(arguments: Sequence[str]) -> bytes:
    """What a second start asks the running bodyscan to do."""
    from bodyscan.desktop import MINIMISED_FLAG  # noqa: PLC0415

    exercise = exercise_to_start(arguments)
    if exercise is not None:
        return START_MESSAGE + exercise.encode()
    pack = pack_to_open(arguments)
    if pack is not None:  # a pack opened from the file manager: the running app shows it
        return b"open:" + bytes(pack)
    return b"tray" if MINIMISED_FLAG in arguments else b"show"


START_MESSAGE = b"start "


def take_message(window: MainWindow, message: bytes) -> None:
    """A later start handed over: show the window, show a pack's preview in it, or start an
    exercise."""
    if message == b"show":
        window.bring_to_front()
    elif message.startswith(b"open:"):
        window.bring_to_front()
        window.packs.open(Path(os.fsdecode(message[len(b"open:") :])))
    elif message.startswith(START_MESSAGE):
        exercise = message[len(START_MESSAGE) :].decode(errors="replace")
        log.info("asked to start %s", exercise)
        window.start_now(exercise)


def start(arguments: Sequence[str]) -> Running | None:
    """Everything short of the event loop; None when another bodyscan took over (it shows its
    window, or starts the exercise asked for). Raises BodyscanError when the app cannot be
    built."""
    from bodyscan.desktop import MINIMISED_FLAG  # noqa: PLC0415

    minimised = MINIMISED_FLAG in arguments
    exercise = exercise_to_start(arguments)
    pack = pack_to_open(arguments)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("bodyscan")
    app.setDesktopFileName("bodyscan")
    icon = QIcon(str(RESOURCES / "bodyscan.svg"))
    app.setWindowIcon(icon)
    instance = SingleInstance(instance_name())
    if instance.hand_over(hand_over_message(arguments)):
        log.info("bodyscan is already running; it was asked to take over")
        return None
    window = build_window()
    running = Running(window, instance)
    window.tray_shown = QSystemTrayIcon.isSystemTrayAvailable()
    app.setQuitOnLastWindowClosed(not window.tray_shown)
    app.aboutToQuit.connect(window.shutdown)
    # Logging out must not be held up by a window that would rather hide to the tray.
    app.commitDataRequest.connect(lambda _manager: setattr(window, "quitting", True))
    instance.listen(lambda message: take_message(window, message))
    from bodyscan.ui import mpris  # noqa: PLC0415

    running.media_keys = mpris.publish(
        window.runner, window.bring_to_front, instance=f"instance{os.getpid()}"
    )
    if running.media_keys is not None:
        app.aboutToQuit.connect(running.media_keys.close)
    if minimised and window.tray_shown:
        running.add_tray(icon)  # the tray is all there is to see
    else:  # without a tray, a hidden window would be lost
        window.show()
        QTimer.singleShot(TRAY_DELAY_MS, lambda: running.add_tray(icon))
    if exercise is not None:
        QTimer.singleShot(0, lambda: window.start_now(exercise))
    elif pack is not None:
        QTimer.singleShot(0, lambda: window.packs.open(pack))
    return running


def main(argv: Sequence[str] | None = None) -> int:
    from bodyscan.paths import keep_private  # noqa: PLC0415

    keep_private()
    try:
        running = start(list(sys.argv[1:] if argv is None else argv))
    except BodyscanError as exc:
        show_error(None, exc)
        return 1
    if running is None:
        return 0
    return QApplication.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

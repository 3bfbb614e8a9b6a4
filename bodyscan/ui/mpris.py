"""Media keys and the desktop's media controls: bodyscan as an MPRIS2 player on the session bus,
`org.mpris.MediaPlayer2.bodyscan`.

Play/pause, next (skip to the next instruction), previous (back), stop and raise work on
whatever session plays, in the player page or the break window. The metadata's title is the
exercise, `xesam:comment` the instruction on screen now; `PropertiesChanged` says when either,
or the playback status, changes.

The D-Bus connection is jeepney's (as for notifications: the spec's types, a{sv} with object
paths and int64s, are not what QtDBus makes from Python values). It lives on the GUI thread: a
QSocketNotifier says when the bus has written, and every method runs there, like a click. With no
session bus (a bare console, a sandbox) this is quietly off, and says so in the log only.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QSocketNotifier, SignalInstance

from bodyscan.core.script import Script
from bodyscan.core.session import Session, State
from bodyscan.ui.bridge import SessionBridge

if TYPE_CHECKING:
    from jeepney import Message
    from jeepney.io.blocking import DBusConnection

log = logging.getLogger(__name__)

BUS_NAME = "org.mpris.MediaPlayer2.bodyscan"
OBJECT_PATH = "/org/mpris/MediaPlayer2"
ROOT = "org.mpris.MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"
PROPERTIES = "org.freedesktop.DBus.Properties"
INTROSPECTABLE = "org.freedesktop.DBus.Introspectable"
PEER = "org.freedesktop.DBus.Peer"
NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack"
UNKNOWN_METHOD = "org.freedesktop.DBus.Error.UnknownMethod"
UNKNOWN_PROPERTY = "org.freedesktop.DBus.Error.UnknownProperty"
READ_ONLY = "org.freedesktop.DBus.Error.PropertyReadOnly"

INTROSPECTION = f"""<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
<node>
 <interface name="{INTROSPECTABLE}">
  <method name="Introspect"><arg direction="out" type="s"/></method>
 </interface>
 <interface name="{PEER}">
  <method name="Ping"/>
 </interface>
 <interface name="{PROPERTIES}">
  <method name="Get"><arg direction="in" type="s"/><arg direction="in" type="s"/>
   <arg direction="out" type="v"/></method>
  <method name="GetAll"><arg direction="in" type="s"/><arg direction="out" type="a{{sv}}"/>
  </method>
  <method name="Set"><arg direction="in" type="s"/><arg direction="in" type="s"/>
   <arg direction="in" type="v"/></method>
  <signal name="PropertiesChanged"><arg type="s"/><arg type="a{{sv}}"/><arg type="as"/></signal>
 </interface>
 <interface name="{ROOT}">
  <method name="Raise"/><method name="Quit"/>
  <property name="CanQuit" type="b" access="read"/>
  <property name="CanRaise" type="b" access="read"/>
  <property name="HasTrackList" type="b" access="read"/>
  <property name="Identity" type="s" access="read"/>
  <property name="DesktopEntry" type="s" access="read"/>
  <property name="SupportedUriSchemes" type="as" access="read"/>
  <property name="SupportedMimeTypes" type="as" access="read"/>
 </interface>
 <interface name="{PLAYER}">
  <method name="Next"/><method name="Previous"/><method name="Pause"/>
  <method name="PlayPause"/><method name="Stop"/><method name="Play"/>
  <method name="Seek"><arg direction="in" type="x"/></method>
  <method name="SetPosition"><arg direction="in" type="o"/><arg direction="in" type="x"/>
  </method>
  <method name="OpenUri"><arg direction="in" type="s"/></method>
  <signal name="Seeked"><arg type="x"/></signal>
  <property name="PlaybackStatus" type="s" access="read"/>
  <property name="Rate" type="d" access="read"/>
  <property name="Metadata" type="a{{sv}}" access="read"/>
  <property name="Volume" type="d" access="read"/>
  <property name="Position" type="x" access="read"/>
  <property name="MinimumRate" type="d" access="read"/>
  <property name="MaximumRate" type="d" access="read"/>
  <property name="CanGoNext" type="b" access="read"/>
  <property name="CanGoPrevious" type="b" access="read"/>
  <property name="CanPlay" type="b" access="read"/>
  <property name="CanPause" type="b" access="read"/>
  <property name="CanSeek" type="b" access="read"/>
  <property name="CanControl" type="b" access="read"/>
 </interface>
</node>
"""

Variant = tuple[str, Any]


class View(Protocol):
    bridge: SessionBridge


class Playing(Protocol):
    """What plays now: the window's session runner (which says where each session plays)."""

    starting: SignalInstance  # the view (with its bridge), just before a session starts in it

    @property
    def session(self) -> Session | None: ...

    @property
    def playing(self) -> Script | None: ...


def playback_status(session: Session | None) -> str:
    if session is None or session.state in (State.READY, State.FINISHED, State.STOPPED):
        return "Stopped"
    if session.state is State.PAUSED:
        return "Paused"
    return "Playing"  # playing, grounding, or getting the first words ready


class MprisPlayer(QObject):
    """The player object on the bus. `publish()` makes one, or None without a session bus."""

    def __init__(
        self,
        connection: DBusConnection,
        name: str,
        playing: Playing,
        raise_window: Callable[[], None],
    ) -> None:
        super().__init__()
        self.connection = connection
        self.name = name
        self.playing = playing
        self.raise_window = raise_window
        self.instruction = ""
        self.tracks = itertools.count(1)
        self.track = NO_TRACK
        self.last_session: Session | None = None
        self.announced: dict[str, Variant] = {}
        self.heard: list[SessionBridge] = []  # the views' bridges, each met as it first plays
        playing.starting.connect(self._listen_to)
        self.notifier = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._readable)
        self._handle_waiting()  # anything that came with the name's own replies
        self.announced = self._player_properties()

    # --- what it says ----------------------------------------------------------------------

    def _session(self) -> Session | None:
        session = self.playing.session
        if session is not self.last_session:
            self.last_session = session
            self.instruction = ""
            number = next(self.tracks)
            self.track = NO_TRACK if session is None else f"/org/bodyscan/session/{number}"
        return session

    def _metadata(self) -> dict[str, Variant]:
        session = self._session()
        script = self.playing.playing
        if session is None or script is None:
            return {"mpris:trackid": ("o", NO_TRACK)}
        return {
            "mpris:trackid": ("o", self.track),
            "mpris:length": ("x", round(session.timeline.seconds * 1_000_000)),
            "xesam:title": ("s", script.title),
            "xesam:artist": ("as", ["bodyscan"]),
            "xesam:album": ("s", script.kind),
            "xesam:comment": ("as", [self.instruction] if self.instruction else []),
        }

    def _player_properties(self) -> dict[str, Variant]:
        session = self._session()
        # Pausing works from the first moment; next and previous once the exercise sounds.
        steerable = (State.PREPARING, State.PLAYING, State.PAUSED, State.GROUNDING)
        active = session is not None and session.state in steerable
        on_exercise = session is not None and session.can_move
        position = 0
        if session is not None:
            position = round(session.position / session.timeline.rate * 1_000_000)
        return {
            "PlaybackStatus": ("s", playback_status(session)),
            "Rate": ("d", 1.0),
            "Metadata": ("a{sv}", self._metadata()),
            "Volume": ("d", 1.0),
            "Position": ("x", position),
            "MinimumRate": ("d", 1.0),
            "MaximumRate": ("d", 1.0),
            "CanGoNext": ("b", on_exercise),
            "CanGoPrevious": ("b", on_exercise),
            "CanPlay": ("b", active),
            "CanPause": ("b", active),
            "CanSeek": ("b", False),
            "CanControl": ("b", True),
        }

    def _root_properties(self) -> dict[str, Variant]:
        return {
            "CanQuit": ("b", False),
            "CanRaise": ("b", True),
            "HasTrackList": ("b", False),
            "Identity": ("s", "bodyscan"),
            "DesktopEntry": ("s", "bodyscan"),
            "SupportedUriSchemes": ("as", []),
            "SupportedMimeTypes": ("as", []),
        }

    def _listen_to(self, view: View) -> None:
        bridge = view.bridge
        if bridge not in self.heard:
            self.heard.append(bridge)
            bridge.state_changed.connect(lambda _state: self.changed())
            bridge.caption_changed.connect(self._caption)

    def _caption(self, current: str, _upcoming: str) -> None:
        self._session()
        self.instruction = current
        self.changed()

    def changed(self) -> None:
        """Tell listeners what changed since last time (Position is never announced: the spec
        says clients ask for it)."""
        now = self._player_properties()
        different = {
            key: value
            for key, value in now.items()
            if key != "Position" and self.announced.get(key) != value
        }
        self.announced = now
        if not different:
            return
        from jeepney import DBusAddress, new_signal  # noqa: PLC0415

        emitter = DBusAddress(OBJECT_PATH, interface=PROPERTIES)
        self._send(new_signal(emitter, "PropertiesChanged", "sa{sv}as", (PLAYER, different, [])))

    # --- what it is asked -------------------------------------------------------------------

    def _readable(self) -> None:
        try:
            data = self.connection.sock.recv(65536)
        except OSError as exc:
            data = b""
            log.info("the session bus connection failed: %s", exc)
        if not data:
            log.info("the session bus went away: media keys are off")
            self.notifier.setEnabled(False)
            return
        self.connection.parser.add_data(data)
        self._handle_waiting()

    def _handle_waiting(self) -> None:
        while (message := self.connection.parser.get_next_message()) is not None:
            self._handle(message)

    def _handle(self, message: Message) -> None:
        from jeepney import HeaderFields, MessageType  # noqa: PLC0415

        header = message.header
        if header.message_type is not MessageType.method_call:
            return
        fields = header.fields
        if fields.get(HeaderFields.path) != OBJECT_PATH:
            self._error(message, UNKNOWN_METHOD, "No such object")
            return
        interface = fields.get(HeaderFields.interface, "")
        member = fields.get(HeaderFields.member, "")
        if interface != PROPERTIES:
            log.info("media control: %s.%s", interface, member)
        handlers: dict[tuple[str, str], Callable[[Message], None]] = {
            (INTROSPECTABLE, "Introspect"): lambda m: self._reply(m, "s", (INTROSPECTION,)),
            (PEER, "Ping"): self._reply,
            (PROPERTIES, "Get"): self._get,
            (PROPERTIES, "GetAll"): self._get_all,
            (PROPERTIES, "Set"): lambda m: self._error(m, READ_ONLY, "Nothing can be set"),
            (ROOT, "Raise"): self._command(self.raise_window),
            (ROOT, "Quit"): self._command(lambda: None),  # CanQuit is false
            (PLAYER, "PlayPause"): self._session_command("toggle_pause"),
            (PLAYER, "Play"): self._session_command("resume"),
            (PLAYER, "Pause"): self._session_command("pause"),
            (PLAYER, "Stop"): self._session_command("stop"),
            (PLAYER, "Next"): self._session_command("skip"),
            (PLAYER, "Previous"): self._session_command("back"),
            (PLAYER, "Seek"): self._command(lambda: None),  # CanSeek is false
            (PLAYER, "SetPosition"): self._command(lambda: None),
            (PLAYER, "OpenUri"): lambda m: self._error(
                m, "org.freedesktop.DBus.Error.NotSupported", "bodyscan plays its exercises only"
            ),
        }
        handler = handlers.get((interface, member))
        if handler is None and not interface:  # an interface is optional in a call
            handler = next((h for (_i, name), h in handlers.items() if name == member), None)
        if handler is None:
            self._error(message, UNKNOWN_METHOD, f"No method {interface}.{member}")
            return
        handler(message)

    def _command(self, action: Callable[[], None]) -> Callable[[Message], None]:
        def run(message: Message) -> None:
            action()
            self._reply(message)
            self.changed()

        return run

    def _session_command(self, name: str) -> Callable[[Message], None]:
        def action() -> None:
            session = self._session()
            if session is not None:
                getattr(session, name)()

        return self._command(action)

    def _properties_of(self, interface: str) -> dict[str, Variant] | None:
        if interface == PLAYER:
            return self._player_properties()
        if interface == ROOT:
            return self._root_properties()
        return None

    def _get(self, message: Message) -> None:
        interface, name = message.body
        properties = self._properties_of(interface) or {}
        if name not in properties:
            self._error(message, UNKNOWN_PROPERTY, f"No property {interface}.{name}")
            return
        self._reply(message, "v", (properties[name],))

    def _get_all(self, message: Message) -> None:
        (interface,) = message.body
        self._reply(message, "a{sv}", (self._properties_of(interface) or {},))

    def _reply(
        self, message: Message, signature: str | None = None, body: tuple[Any, ...] = ()
    ) -> None:
        from jeepney import MessageFlag, new_method_return  # noqa: PLC0415

        if message.header.flags & MessageFlag.no_reply_expected:
            return
        self._send(new_method_return(message, signature, body))

    def _error(self, message: Message, name: str, words: str) -> None:
        from jeepney import new_error  # noqa: PLC0415

        self._send(new_error(message, name, "s", (words,)))

    def _send(self, message: Message) -> None:
        try:
            self.connection.send(message)
        except OSError as exc:
            log.info("could not answer on the session bus: %s", exc)

    def close(self) -> None:
        self.notifier.setEnabled(False)
        self.connection.close()


def publish(
    playing: Playing,
    raise_window: Callable[[], None],
    *,
    instance: str = "",
) -> MprisPlayer | None:
    """On the session bus as `org.mpris.MediaPlayer2.bodyscan` (or, if another bodyscan has that
    name, `….bodyscan.instance<pid>` as the spec allows); None, logged, without a bus."""
    try:
        from jeepney import DBusNameFlags, message_bus  # noqa: PLC0415
        from jeepney.io.blocking import open_dbus_connection  # noqa: PLC0415
        from jeepney.wrappers import DBusErrorResponse  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - jeepney is a dependency
        log.info("media keys are off: %s", exc)
        return None
    try:
        connection = open_dbus_connection(bus="SESSION")
    except (OSError, KeyError, ValueError, RuntimeError) as exc:
        log.info("media keys are off: no session bus (%s)", exc)
        return None
    try:
        names = [BUS_NAME, f"{BUS_NAME}.{instance}"] if instance else [BUS_NAME]
        for name in names:
            reply = connection.send_and_get_reply(
                message_bus.RequestName(name, DBusNameFlags.do_not_queue), timeout=2
            )
            if reply.body[0] in (1, 4):  # the primary owner now, or already
                log.info("media keys: on the session bus as %s", name)
                return MprisPlayer(connection, name, playing, raise_window)
        log.info("media keys are off: another program has the name %s", names[-1])
    except (OSError, TimeoutError, DBusErrorResponse) as exc:
        log.info("media keys are off: the session bus refused (%s)", exc)
    connection.close()
    return None

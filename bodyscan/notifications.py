"""Desktop notifications with buttons (the freedesktop.org spec: GNOME, KDE, Xfce, dunst...).

Reminders use them where the desktop has a notification server that shows buttons. One
long-lived session-bus connection both posts the notification and hears which button was
pressed: servers send ActionInvoked only to the connection that posted the notification. The
connection is jeepney's (pure Python), because the spec's types (a uint32 id, a{sv} hints) are
not what PySide6's QtDBus sends from Python values.

No Qt here: button presses arrive on a listening thread and are handed to the callbacks given,
which must pass them on to the GUI thread themselves (a Qt signal does that).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Sequence
from queue import Queue
from typing import Any

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
CALL_TIMEOUT = 2.0  # seconds; a stuck server must not hold the app up
APP_NAME = "bodyscan"
# The menu entry's name: desktops show its icon and name, and group the notifications under it.
HINTS = {"desktop-entry": ("s", "bodyscan")}

OnAction = Callable[[int, str], None]  # notification id, action key
OnClosed = Callable[[int, int], None]  # notification id, reason (1 expired, 2 dismissed, ...)


class DesktopNotifications:
    """A connection to the session's notification server; `open` says None when there is
    none, or when it cannot show buttons."""

    def __init__(self, connection: Any, router: Any, on_action: OnAction, on_closed: OnClosed):
        from jeepney import DBusAddress  # noqa: PLC0415

        self.connection = connection
        self.router = router
        self.address = DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE)
        self.on_action = on_action
        self.on_closed = on_closed
        self.signals: Queue[Any] = Queue()
        self.filter: Any = None  # kept: the router stops filtering when it is collected
        self.listener = threading.Thread(
            target=self._listen, name="bodyscan-notifications", daemon=True
        )

    @classmethod
    def open(cls, on_action: OnAction, on_closed: OnClosed) -> DesktopNotifications | None:
        if not sys.platform.startswith("linux"):
            return None
        try:
            from jeepney import MatchRule, message_bus  # noqa: PLC0415
            from jeepney.io.threading import (  # noqa: PLC0415
                DBusRouter,
                Proxy,
                open_dbus_connection,
            )
            from jeepney.wrappers import DBusErrorResponse  # noqa: PLC0415
        except ImportError:
            return None
        try:
            connection = open_dbus_connection(bus="SESSION")
        except (OSError, KeyError, ValueError) as exc:
            log.info("no session bus for notifications: %s", exc)
            return None
        router = DBusRouter(connection)
        made = cls(connection, router, on_action, on_closed)
        try:
            capabilities = made._call("GetCapabilities")[0]
            if "actions" not in capabilities:
                log.info("the notification server shows no buttons; using the note")
                made.close()
                return None
            rule = MatchRule(type="signal", interface=SERVICE, path=PATH)
            Proxy(message_bus, router).AddMatch(rule)  # broadcast signals too, where sent so
            made.filter = router.filter(rule, queue=made.signals, bufsize=0)
        except (OSError, TimeoutError, DBusErrorResponse) as exc:
            log.info("no notification server: %s", exc)
            made.close()
            return None
        made.listener.start()
        return made

    def _call(self, method: str, signature: str | None = None, body: tuple[Any, ...] = ()) -> Any:
        from jeepney import new_method_call  # noqa: PLC0415
        from jeepney.wrappers import unwrap_msg  # noqa: PLC0415

        message = new_method_call(self.address, method, signature, body)
        reply = self.router.send_and_get_reply(message, timeout=CALL_TIMEOUT)
        return unwrap_msg(reply)

    def notify(
        self, summary: str, body: str, actions: Sequence[tuple[str, str]], timeout_ms: int
    ) -> int | None:
        """Post a notification with these (key, label) buttons; its id, or None on failure."""
        from jeepney.wrappers import DBusErrorResponse  # noqa: PLC0415

        flat = [part for action in actions for part in action]
        try:
            (number,) = self._call(
                "Notify",
                "susssasa{sv}i",
                (APP_NAME, 0, APP_NAME, summary, body, flat, HINTS, timeout_ms),
            )
        except (OSError, TimeoutError, DBusErrorResponse, ValueError) as exc:
            log.warning("could not post a notification: %s", exc)
            return None
        return int(number)

    def withdraw(self, number: int) -> None:
        from jeepney.wrappers import DBusErrorResponse  # noqa: PLC0415

        try:
            self._call("CloseNotification", "u", (number,))
        except (OSError, TimeoutError, DBusErrorResponse) as exc:
            log.info("could not withdraw notification %d: %s", number, exc)

    def _listen(self) -> None:
        while True:
            message = self.signals.get()
            if message is None:
                return
            member = message.header.fields.get(_member_field())
            try:
                if member == "ActionInvoked":
                    number, key = message.body
                    self.on_action(int(number), str(key))
                elif member == "NotificationClosed":
                    number, reason = message.body
                    self.on_closed(int(number), int(reason))
            except (TypeError, ValueError) as exc:  # a malformed signal from elsewhere
                log.info("ignored a notification signal: %s", exc)

    def close(self) -> None:
        self.signals.put(None)
        for part in (self.router, self.connection):
            try:
                part.close()
            except OSError as exc:
                log.info("closing the notification connection: %s", exc)


def _member_field() -> Any:
    from jeepney.low_level import HeaderFields  # noqa: PLC0415

    return HeaderFields.member

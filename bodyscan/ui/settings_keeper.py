"""The person's settings while the window is open: saved on every change, with the login entry
and the look kept in step, and a failure to save said without losing what was chosen."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from bodyscan.errors import BodyscanError
from bodyscan.settings import Settings
from bodyscan.ui.collaborators import Collaborators

log = logging.getLogger(__name__)


class SettingsKeeper(QObject):
    changed = Signal(object)  # Settings, after every change (saved or not)

    def __init__(self, parts: Collaborators, on_error: Callable[[BodyscanError], None]) -> None:
        super().__init__()
        self.parts = parts
        self.on_error = on_error
        self.current = parts.settings.load()

    def save(self, settings: Settings) -> None:
        self.current = settings
        try:
            self.parts.settings.save(settings)
        except BodyscanError as exc:
            self.on_error(exc)
        self.changed.emit(settings)

    def use(self, settings: Settings) -> None:
        """Settings chosen in the dialog: the login entry follows, then the look."""
        if settings.start_at_login != self.current.start_at_login:
            settings = self._start_at_login(settings)
        self.save(settings)
        if self.parts.apply_look is not None:
            self.parts.apply_look(settings)

    def match_login_entry(self) -> None:
        """The entry may have been removed (or added) outside bodyscan: show what is true."""
        if self.parts.starts_at_login is None:
            return
        actual = self.parts.starts_at_login()
        if actual != self.current.start_at_login:
            self.save(self.current.with_changes(start_at_login=actual))

    def forget(self) -> None:
        """After everything was deleted: no login entry, and the first-run look."""
        if self.current.start_at_login:
            self._start_at_login(self.current.with_changes(start_at_login=False))
        self.current = Settings()
        if self.parts.apply_look is not None:
            self.parts.apply_look(self.current)

    def _start_at_login(self, settings: Settings) -> Settings:
        """Add or remove the login entry; on failure the setting stays as it was."""
        if self.parts.set_start_at_login is None:
            return settings
        try:
            self.parts.set_start_at_login(settings.start_at_login)
        except BodyscanError as exc:
            self.on_error(exc)
            return settings.with_changes(start_at_login=self.current.start_at_login)
        return settings

"""The one error hierarchy.

Every failure a user can fix is a `BodyscanError` with a short message (one line, for a
status bar or stderr) and an optional longer one (what happened and what to do). The CLI turns
these into exit code 1 in one place; the GUI shows them in one dialog style.
"""

from __future__ import annotations


class BodyscanError(Exception):
    """A failure the user can understand and act on."""

    def __init__(self, short: str, detail: str = "") -> None:
        super().__init__(short)
        self.short = short
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.short}\n{self.detail}" if self.detail else self.short


class ScriptError(BodyscanError):
    """An exercise script could not be loaded; `problems` holds every diagnostic found."""

    def __init__(self, short: str, detail: str = "", problems: tuple[object, ...] = ()) -> None:
        super().__init__(short, detail)
        self.problems = problems


class ExerciseNotFound(BodyscanError):
    """No bundled or user exercise has the id asked for, and it is not a file either."""


class DataError(BodyscanError):
    """User data (settings, journal, cache) could not be read or written."""

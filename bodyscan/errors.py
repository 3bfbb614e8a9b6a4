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


class OutputUnavailable(BodyscanError):
    """No sound device could be used (none found, or the sound server is not running)."""


class DataError(BodyscanError):
    """User data (settings, journal, cache) could not be read or written."""


class StorageError(DataError):
    """A file or folder could not be written or read for a reason outside bodyscan: a full
    disk, a read-only file or folder, a lock held by another program. Never damage."""


def storage_error(action: str, path: object, exc: OSError) -> StorageError:
    """Turn an OSError into words that say what failed and what to do.

    `action` completes "Could not ...", e.g. "save the journal entry".
    """
    import errno  # noqa: PLC0415 - only needed on the failure path

    where = str(path)
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        short = f"Could not {action}: the disk holding {where} is full."
        detail = "Free some space on that disk, then try again. Nothing already saved was lost."
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        short = f"Could not {action}: {where} is read-only or not yours to change."
        detail = (
            "Check the permissions of that file and its folder (or whether the disk is mounted "
            "read-only), then try again. Nothing already saved was lost."
        )
    elif code == errno.ELOOP:
        short = f"Could not {action}: {where} is part of a loop of symbolic links."
        detail = "Point the link at a real file or folder."
    elif code == errno.ENOENT:
        short = f"Could not {action}: {where} does not exist."
        detail = "Check that the folder is there (a removable disk may be unplugged)."
    elif code == errno.EIO:
        short = f"Could not {action}: the disk holding {where} reported an input/output error."
        detail = "The disk may be failing or was unplugged. Copy your data elsewhere if you can."
    else:
        reason = exc.strerror or type(exc).__name__
        short = f"Could not {action}: {where}: {reason}."
        detail = "Check the file and its folder, then try again."
    error = StorageError(short, detail)
    error.__cause__ = exc
    return error


class PackError(BodyscanError):
    """A pack (.bodyscan) could not be made, read or installed; nothing was half written."""

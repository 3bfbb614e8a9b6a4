"""SQLite's failures in the words of `bodyscan.errors.storage_error`.

SQLite reports a full disk, a read-only file or a lock held elsewhere as error codes, not as
OSErrors; this module maps them to the same sentences, so the journal says "the disk holding X
is full" like every other file bodyscan writes. Only SQLITE_CORRUPT and SQLITE_NOTADB (or a
failed quick check, `JournalDamaged`) mean damage: nothing else ever moves a journal aside.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from bodyscan.errors import DataError, StorageError, storage_error

# Primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low
# byte.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_AUTH = 23
SQLITE_NOTADB = 26

# Below this much free space an input/output error is most likely the disk being full.
NEARLY_FULL_BYTES = 256 * 1024


class JournalDamaged(sqlite3.DatabaseError):
    """SQLite's own check found the file damaged (it read it, and it is not consistent)."""


def primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def is_damage(exc: sqlite3.Error) -> bool:
    return isinstance(exc, JournalDamaged) or primary_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB)


def is_lock(exc: sqlite3.Error) -> bool:
    return primary_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED)


def os_error_for(exc: sqlite3.Error, path: Path) -> OSError | None:
    """The OSError this SQLite failure stands for, when it is about the disk or permissions."""
    code = primary_code(exc)
    if code == SQLITE_FULL or (code == SQLITE_IOERR and _nearly_full(path.parent)):
        return _os_error(errno.ENOSPC)
    if code in (SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH):
        return _os_error(errno.EROFS if _read_only_mount(path.parent) else errno.EACCES)
    if code == SQLITE_CANTOPEN:
        if not path.parent.exists():
            return _os_error(errno.ENOENT)
        return _os_error(errno.EROFS if _read_only_mount(path.parent) else errno.EACCES)
    if code == SQLITE_IOERR:
        return _os_error(errno.EIO)
    return None


def journal_error(action: str, path: Path, exc: sqlite3.Error) -> DataError:
    """What failed and what to do, for any SQLite error met while doing `action`
    ("save the check-in"). Raise it `from exc`."""
    if is_lock(exc):
        error: DataError = StorageError(
            f"Could not {action}: {path} is in use by another program.",
            "Another copy of bodyscan (or another program) kept the journal locked for more "
            "than a few seconds. Close it, then try again. Nothing already saved was lost.",
        )
    elif is_damage(exc):
        error = DataError(
            f"Could not {action}: the journal file {path} is damaged.",
            "Close bodyscan and start it again: the damaged file will be moved aside (never "
            "deleted) and a new journal started.",
        )
    elif (cause := os_error_for(exc, path)) is not None:
        error = storage_error(action, path, cause)
    else:
        error = DataError(
            f"Could not {action}: SQLite reported “{exc}”.", f"The journal is {path}."
        )
    error.__cause__ = exc
    return error


def _os_error(code: int) -> OSError:
    return OSError(code, os.strerror(code))


def _nearly_full(folder: Path) -> bool:
    try:
        info = os.statvfs(folder)
    except OSError:
        return False
    return info.f_bavail * info.f_frsize < NEARLY_FULL_BYTES


def _read_only_mount(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False

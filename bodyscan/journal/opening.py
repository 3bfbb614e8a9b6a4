"""Opening the journal file: for writing when possible, for reading when not, and moving it
aside only when SQLite itself says it is damaged.

A full disk, a read-only file or folder, or a lock held by another program is not damage: the
file stays exactly where it is, byte for byte. When it cannot be written the journal opens
read-only (SQLite's `mode=ro`, or `immutable=1` when a read-only folder leaves no room for
WAL's shared-memory file), so the history still shows, and `Opened.cannot_write` says why
saving is not possible. Nothing here ever changes the mode of a user's file or folder.

SQLite's quick check reads the whole file (close to 200 ms at 100,000 sessions), so a journal
opened for writing is checked only when something suggests damage: it was not closed cleanly
(no note of a clean close beside it, or a -wal file left behind), or the file is not the one
the last clean close saw (device, inode, size, modification and change times). The note is
taken away as the journal opens, so a copy of bodyscan killed with it open leaves none, and it
is not written at close when SQLite reported damage while the journal was in use. A journal
opened read-only is always checked.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn
from urllib.parse import quote

from bodyscan.errors import DataError, StorageError, storage_error
from bodyscan.journal.failures import (
    JournalDamaged,
    is_damage,
    is_lock,
    journal_error,
    os_error_for,
)
from bodyscan.journal.migrations import LATEST, migrate, version
from bodyscan.journal.model import now

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


@dataclass
class Opened:
    connection: sqlite3.Connection
    notice: str | None = None  # the user should hear about this, once
    cannot_write: OSError | None = None  # why the journal is open for reading only
    backup: Path | None = None  # the copy made before migrating


def open_journal(path: Path) -> Opened:
    """The journal at `path`, created if missing. Raises DataError (a StorageError for full
    disks, permissions and locks) when it can be neither written nor read."""
    _ensure_folder(path.parent)
    _ensure_file(path)
    cannot_write = why_not_writable(path)
    if cannot_write is None:
        try:
            return open_writable(path)
        except CannotWrite as failed:
            cannot_write = failed.reason
    return _open_read_only(path, cannot_write)


def open_writable(path: Path) -> Opened:
    """Open for writing, moving a damaged file aside. Raises `CannotWrite` when SQLite finds
    it cannot write (full disk, read-only), and DataError for a lock or an unreadable file."""
    notice = None
    verify = not closed_cleanly(path)
    try:
        connection = _connect(path, verify=verify)
    except sqlite3.Error as exc:
        if not is_damage(exc):
            _raise_for(exc, path)
        moved = _move_aside(path)
        log.warning("journal %s is damaged (%s); moved to %s", path, exc, moved)
        notice = (
            f"Your journal file could not be read, so it was moved aside to {moved.name} "
            "(nothing was deleted) and a new journal was started. The old file may still be "
            "recoverable with SQLite's `.recover` command."
        )
        _ensure_file(path)
        try:
            connection = _connect(path, verify=False)  # a new, empty file
        except sqlite3.Error as again:
            _raise_for(again, path)
    try:
        backup = migrate(connection, path)
    except sqlite3.Error as exc:
        connection.close()
        _raise_for(exc, path, "update the journal to this version of bodyscan")
    except OSError as exc:
        connection.close()
        raise storage_error("back up the journal before updating it", path.parent, exc) from exc
    except BaseException:
        connection.close()
        raise
    return Opened(connection, notice, None, backup)


class CannotWrite(Exception):
    """SQLite found it cannot write the journal (full disk, read-only): not the user's
    concern yet, as the journal still opens for reading."""

    def __init__(self, reason: OSError) -> None:
        super().__init__(str(reason))
        self.reason = reason


def _raise_for(exc: sqlite3.Error, path: Path, action: str = "open the journal") -> NoReturn:
    cause = None if is_lock(exc) or is_damage(exc) else os_error_for(exc, path)
    if cause is not None and cause.errno != errno.ENOENT:
        raise CannotWrite(cause) from exc
    raise journal_error(action, path, exc) from exc


def why_not_writable(path: Path) -> OSError | None:
    """The reason the journal file or its folder cannot be written, asked of the system
    (never by writing). SQLite also needs the folder for its -wal and -shm files."""
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CLOEXEC)
        os.close(descriptor)
        if os.access(path.parent, os.W_OK | os.X_OK):
            return None
        read_only = bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError as exc:
        return exc
    code = errno.EROFS if read_only else errno.EACCES
    return OSError(code, os.strerror(code), str(path.parent))


def _open_read_only(path: Path, cannot_write: OSError) -> Opened:
    where = cannot_write.filename or path
    try:
        connection = _connect_read_only(path)
    except sqlite3.Error as exc:
        log.warning("journal %s cannot be read either: %s", path, exc)
        if is_damage(exc):
            damaged = storage_error("move the damaged journal aside", where, cannot_write)
            raise DataError(
                f"Could not open the journal: SQLite reports {path} damaged. {damaged.short}",
                damaged.detail,
            ) from exc
        if is_lock(exc):
            raise journal_error("open the journal", path, exc) from exc
        raise storage_error("open the journal", where, cannot_write) from exc
    try:
        schema = version(connection)
    except sqlite3.Error as exc:
        connection.close()
        raise journal_error("open the journal", path, exc) from exc
    if schema < LATEST:
        connection.close()
        doing = "start a new journal" if schema == 0 else "update the journal to this version"
        raise storage_error(doing, where, cannot_write)
    saving = cannot_save(path, cannot_write)
    log.warning("journal %s opened read-only: %s", path, saving.short)
    notice = f"Your journal can be read but not changed. {saving.short} {saving.detail}"
    return Opened(connection, notice, cannot_write)


def cannot_save(path: Path, reason: OSError) -> StorageError:
    return storage_error("save to the journal", reason.filename or path, reason)


# --- files --------------------------------------------------------------------------------


def _ensure_folder(folder: Path) -> None:
    """Create the data folder private to its owner; an existing one is left as it is."""
    try:
        if folder.is_dir():
            return
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise storage_error("create the folder for your journal", folder, exc) from exc


def _ensure_file(path: Path) -> None:
    """Create the journal file readable by its owner only before SQLite opens it (SQLite gives
    its -wal and -shm files the same mode). An existing file is never touched."""
    if path.exists():
        return
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR | os.O_CLOEXEC, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise storage_error("start a new journal", path, exc) from exc
    os.close(descriptor)


def _move_aside(path: Path) -> Path:
    stamp = now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            try:
                os.replace(source, Path(f"{target}{suffix}"))
            except OSError as exc:
                raise storage_error("move the damaged journal aside", source, exc) from exc
    return target


# --- clean closes -------------------------------------------------------------------------


def clean_close_note(path: Path) -> Path:
    """The note of the journal's last clean close (see the module's docstring)."""
    # Hidden, and not named like SQLite's files: it is bodyscan's note, not part of the journal.
    return path.with_name(f".{path.name}.closed")


def _file_state(path: Path) -> str:
    found = os.stat(path)
    return f"{found.st_dev} {found.st_ino} {found.st_size} {found.st_mtime_ns} {found.st_ctime_ns}"


def record_clean_close(path: Path) -> None:
    """After closing: note what the file looks like, so the next open can skip the quick check.
    Nothing is noted while another copy still has the journal open (its -wal is still there):
    that copy notes it when it closes. Not being able to write the note only costs a check."""
    if Path(f"{path}-wal").exists():
        return
    note = clean_close_note(path)
    try:
        state = _file_state(path)
        descriptor = os.open(note, os.O_CREAT | os.O_TRUNC | os.O_WRONLY | os.O_CLOEXEC, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(state)
    except OSError as exc:
        log.info("could not note the clean close of %s: %s", path, exc)
        with contextlib.suppress(OSError):
            note.unlink(missing_ok=True)


def closed_cleanly(path: Path) -> bool:
    """Whether the last copy of bodyscan to use the journal closed it and nothing has changed
    it since. The note is removed first: until the next clean close there is none."""
    note = clean_close_note(path)
    try:
        recorded = note.read_text()
        note.unlink()
    except OSError:
        return False
    try:
        return not Path(f"{path}-wal").exists() and recorded == _file_state(path)
    except OSError:
        return False


# --- SQLite connections -------------------------------------------------------------------


def _uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path.absolute()))}?{mode}"


def _connect(path: Path, *, verify: bool = True) -> sqlite3.Connection:
    connection = sqlite3.connect(
        _uri(path, "mode=rw"), uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
    )
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Asking first: setting WAL on a journal already in WAL changes nothing on disk.
        if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
        if verify:
            check(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A journal whose saves are all in the main file (no -wal, or an empty one: the last
    copy of bodyscan closed it) is read with `immutable=1`, which creates no -wal or -shm
    file beside it: left behind with the wrong mode they would stop the journal being
    written once the person fixes the permissions. Otherwise `mode=ro` reads the -wal too,
    when the -shm file can be used; failing that, the main file alone is read."""
    modes = ["mode=ro&immutable=1", "mode=ro"]
    if _has_unsaved_wal(path):
        modes.reverse()
    last: sqlite3.Error | None = None
    for mode in modes:
        try:
            connection = sqlite3.connect(
                _uri(path, mode), uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
        except sqlite3.Error as exc:
            last = exc
            continue
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA foreign_keys = ON")
            check(connection)
        except sqlite3.Error as exc:
            connection.close()
            if is_damage(exc) or is_lock(exc):
                raise
            last = exc
            continue
        if "immutable" in mode and _has_unsaved_wal(path):
            log.warning("journal %s read without its -wal file: newest saves may not show", path)
        return connection
    assert last is not None
    raise last


def _has_unsaved_wal(path: Path) -> bool:
    wal = Path(f"{path}-wal")
    return wal.exists() and wal.stat().st_size > 0


def check(connection: sqlite3.Connection) -> None:
    """SQLite's quick check; a file it reads but finds inconsistent is damaged."""
    result = connection.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise JournalDamaged(f"quick_check: {result}")

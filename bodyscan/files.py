"""Writing whole files so that a reader finds the old one or the new one, never half, and only
the user can read them.

The one place that writes a file atomically: a temporary file with a unique name in the same
folder (created 0600), written, flushed to disk, renamed over the target, and the folder flushed
too, so the rename survives a power cut. A failure removes the temporary file and raises
`StorageError` with words that say what failed and what to do.

A process killed while writing cannot remove its temporary file: the name carries the
writer's process id, and the next write of the same file removes those whose writer has gone
(only names exactly of that form, only the user's own files, untouched for ten minutes: a
writer this machine cannot see, in a container or on another computer, keeps its file).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from bodyscan.errors import StorageError, storage_error

PRIVATE_FILE = 0o600
LEFT_BEHIND_AFTER = 600  # seconds without a change before a dead writer's file is removed


def check_replaceable(path: Path, action: str) -> None:
    """Raise StorageError when `path` is something a written file must not replace: the
    journal itself (an export named after it would take its place, every entry with it), a
    folder, a device such as /dev/null, a named pipe or a socket. Renaming over one would put
    a regular file in its place (as root, even a system's /dev/null)."""
    if _is_the_journal(path):
        raise StorageError(
            f"Could not {action}: {path} is your journal itself.",
            "Choose another name: writing there would replace your journal. Nothing was changed.",
        )
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # nothing there yet (or unreachable: writing will say why)
    if stat.S_ISREG(mode):
        return
    kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device or a pipe)"
    raise StorageError(
        f"Could not {action}: {path} is {kind}.",
        "Choose the name of a file to write instead.",
    )


def _is_the_journal(path: Path) -> bool:
    """The journal's database or one of SQLite's files and copies beside it."""
    from bodyscan.paths import user_paths  # noqa: PLC0415 - only where the user's files live

    journal = user_paths().journal_file
    try:
        folder, target = journal.parent.resolve(), path.resolve()
    except (OSError, RuntimeError):  # a loop of links: writing will say so
        return False
    return target.parent == folder and target.name.startswith(journal.name)


@contextlib.contextmanager
def atomic_file(path: Path, action: str) -> Iterator[BinaryIO]:
    """A binary file to fill; on leaving the block it replaces `path` whole.

    `action` completes "Could not ..." in the error ("save the journal export"). Raises
    StorageError for any OSError, from the block or from writing; other exceptions from the
    block pass through, and in every failure the temporary file is gone and `path` untouched.
    """
    check_replaceable(path, action)
    folder = path.parent if str(path.parent) else Path(".")
    temp_name = ""
    try:
        handle, temp_name = temporary_beside(path)
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp_name, PRIVATE_FILE)  # mkstemp made it so; say it where it matters
        os.replace(temp_name, path)
        temp_name = ""
        sync_folder(folder)
    except OSError as exc:
        raise storage_error(action, path, exc) from exc
    finally:
        if temp_name:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def temporary_beside(path: Path) -> tuple[int, str]:
    """A new private temporary file in `path`'s folder, named after `path` and this process
    (descriptor and name, as `mkstemp` gives them); those of killed writers are removed first.
    Raises OSError."""
    folder = path.parent if str(path.parent) else Path(".")
    _remove_left_behind(folder, path)
    return tempfile.mkstemp(dir=folder, prefix=f".{path.name}.{os.getpid()}.", suffix=".part")


def _remove_left_behind(folder: Path, path: Path) -> None:
    """Temporary files for `path` left by writers that were killed (their process is gone):
    `.part`, or one already encoded (an export's, named with the file's own suffix)."""
    endings = "|".join(re.escape(e) for e in {".part", path.suffix.lower()} if e)
    # mkstemp's middle is 8 of [a-z0-9_]: `.notes.2024.<pid>.<8>.part` (a temporary file of
    # notes.2024) is not one of notes'.
    ours = re.compile(rf"\.{re.escape(path.name)}\.([0-9]{{1,10}})\.[a-z0-9_]{{8}}(?:{endings})")
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(f".{path.name}.")]
    except OSError:
        return  # writing will say what is wrong with the folder
    for entry in entries:
        found = ours.fullmatch(entry.name)
        if found is None or _running(int(found.group(1))):
            continue
        with contextlib.suppress(OSError):
            facts = entry.stat(follow_symlinks=False)
            if (
                stat.S_ISREG(facts.st_mode)
                and facts.st_uid == os.getuid()
                and time.time() - facts.st_mtime > LEFT_BEHIND_AFTER
            ):
                os.unlink(entry.path)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process, or a number no process has: leave it be
    return True


def write_bytes_atomically(path: Path, data: bytes, action: str) -> None:
    with atomic_file(path, action) as out:
        out.write(data)


def write_text_atomically(path: Path, text: str, action: str) -> None:
    write_bytes_atomically(path, text.encode("utf-8"), action)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename in it) to disk; not every file system can."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # e.g. EINVAL on file systems without it
            os.fsync(descriptor)
    finally:
        os.close(descriptor)

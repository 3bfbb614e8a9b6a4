"""Real failing storage for the journal's tests: a small tmpfs that fills up, a read-only bind
mount, a lock held by another process, and running as an unprivileged user.

The tests run as root, and root ignores file modes: a read-only *mode* proves nothing for root.
So "read-only" here is either a read-only mount (which binds root too) or a run as the user
`nobody` (setpriv), for whom a 0400 file really is read-only. Root's own Python lives under
/root (0700), which nobody cannot enter, so those runs use the system's Python 3.11 with this
checkout's virtualenv packages on PYTHONPATH.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import REPO

SYSTEM_PYTHON = "/usr/bin/python3"
SITE_PACKAGES = REPO / ".venv" / "lib" / "python3.11" / "site-packages"
TABLES = ("sessions", "checkins", "region_answers", "strokes")


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A real, small filesystem at `folder` (mounted as root; unmounted however the test ends)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)], check=True
    )
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


@contextlib.contextmanager
def read_only_view(folder: Path, view: Path) -> Iterator[Path]:
    """`folder` seen read-only at `view`: a bind mount remounted ro, which root cannot write
    through either."""
    view.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "--bind", str(folder), str(view)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True)
        yield view
    finally:
        subprocess.run(["umount", "--lazy", str(view)], check=True)


def fill(folder: Path) -> Path:
    """Fill the filesystem holding `folder` to the last byte; returns the filler to delete."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as out:
        for size in (65536, 4096, 1):  # unbuffered: whatever fits is written
            try:
                while True:
                    out.write(b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    return filler


@contextlib.contextmanager
def public_folder() -> Iterator[Path]:
    """A folder the user nobody can reach (pytest's tmp_path sits in a 0700 folder of root's)."""
    folder = Path(tempfile.mkdtemp(prefix="bodyscan-test-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in (folder, *folder.rglob("*")):
            if path.is_dir():
                path.chmod(0o700)
        shutil.rmtree(folder)


LOCK_HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "whole-file":
    # What another program can do: hold the whole file, readers included.
    connection.execute("PRAGMA locking_mode = EXCLUSIVE")
connection.execute("BEGIN EXCLUSIVE")
connection.execute("SELECT COUNT(*) FROM sessions").fetchone()
print("locked", flush=True)
sys.stdin.read()
"""


@contextlib.contextmanager
def lock_held(path: Path, how: str = "writes") -> Iterator[None]:
    """Another process holding the journal with `BEGIN EXCLUSIVE` until the block ends;
    `how="whole-file"` also takes SQLite's exclusive locking mode, which shuts out readers."""
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(path), how],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


def as_nobody(
    code: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Python code run as the unprivileged user `nobody`, for whom file modes count."""
    return subprocess.run(
        [
            "setpriv",
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            SYSTEM_PYTHON,
            "-c",
            code,
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
        env={
            "PATH": os.environ["PATH"],
            "PYTHONPATH": f"{REPO}:{SITE_PACKAGES}",
            "LANG": "C.UTF-8",
            **(env or {}),
        },
    )


def give_to_nobody(folder: Path) -> None:
    for path in (folder, *folder.rglob("*")):
        os.chown(path, 65534, 65534)


def fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    """Every journal file in `folder`: its bytes (hashed) and its mode."""
    return {
        path.name: (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mode)
        for path in sorted(folder.glob("journal.sqlite3*"))
    }


def contents(path: Path) -> dict[str, object]:
    """Row counts of every table and SQLite's integrity check, read without changing anything
    (immutable=1 leaves no -wal or -shm behind; a journal with saves still in its -wal is read
    with them)."""
    wal = Path(f"{path}-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    connection = sqlite3.connect(
        f"file:{path}?mode=ro{'' if pending else '&immutable=1'}", uri=True
    )
    try:
        found: dict[str, object] = {
            table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in TABLES
        }
        found["integrity"] = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    return found

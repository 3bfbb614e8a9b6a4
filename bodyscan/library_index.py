"""The library's index in the cache folder: one JSON file, written atomically.

It is only a cache: an unreadable or foreign file is ignored (and rebuilt), and a failure to
write it is logged, never shown, since the library works without it (only slower).
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

from bodyscan.errors import StorageError
from bodyscan.files import write_text_atomically
from bodyscan.paths import private_folder

log = logging.getLogger(__name__)

INDEX_NAME = "library-index.json"
# An index is a few hundred bytes an exercise; anything far larger is not ours.
MAX_INDEX_BYTES = 256 * 1024 * 1024


class JsonIndexFile:
    """Keeps the last index in memory too, so a window that rescans on every change of the
    exercises folder does not parse the file again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._memory: tuple[tuple[int, int], dict[str, Any]] | None = None
        # What could not be saved (a full disk, a read-only cache): used instead of the file
        # until a save succeeds, so this process does not read every script again.
        self._unsaved: dict[str, Any] | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # To another process (which reads a large folder for the window): the file, not the
        # memory or the lock.
        return (index_file, (self.path.parent,))

    def load(self) -> dict[str, Any]:
        with self._lock:
            if self._unsaved is not None:
                return _copied(self._unsaved)
            try:
                stat = self.path.stat()
                signature = (stat.st_size, stat.st_mtime_ns)
                if self._memory is not None and self._memory[0] == signature:
                    data = self._memory[1]
                elif stat.st_size > MAX_INDEX_BYTES:
                    return {}
                else:
                    data = json.loads(self.path.read_bytes())
                    if not isinstance(data, dict):
                        return {}
                    self._memory = (signature, data)
            except (OSError, ValueError, RecursionError):
                return {}
            return _copied(data)

    def unsaved_index(self) -> dict[str, Any] | None:
        with self._lock:
            return self._unsaved

    def remember(self, index: dict[str, Any]) -> None:
        """Keep `index` in memory as if saved (another process read it and could not save)."""
        with self._lock:
            self._unsaved = _copied(index)

    def save(self, index: dict[str, Any]) -> None:
        with self._lock:
            try:
                private_folder(self.path.parent, "create the cache folder")
                text = json.dumps(index, separators=(",", ":"))
                write_text_atomically(self.path, text, "save the library index")
                stat = self.path.stat()
                files = index.get("files")
                kept = {**index, "files": dict(files) if isinstance(files, dict) else {}}
                self._memory = ((stat.st_size, stat.st_mtime_ns), kept)
                self._unsaved = None
                return
            except StorageError as exc:
                log.warning("%s", exc.short)
            except (OSError, ValueError) as exc:
                log.warning("could not save the library index %s: %s", self.path, exc)
            self._unsaved = _copied(index)


def _copied(index: dict[str, Any]) -> dict[str, Any]:
    """The scan changes its own copy of the entries, never the one kept here."""
    files = index.get("files")
    return {**index, "files": dict(files) if isinstance(files, dict) else None}


_OPEN: dict[Path, JsonIndexFile] = {}
_OPEN_LOCK = threading.Lock()


def index_file(cache_folder: Path) -> JsonIndexFile:
    """One index object per file in this process, so its memory is shared."""
    path = cache_folder / INDEX_NAME
    with _OPEN_LOCK:
        if path not in _OPEN:
            _OPEN[path] = JsonIndexFile(path)
        return _OPEN[path]

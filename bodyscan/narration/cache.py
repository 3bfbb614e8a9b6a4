"""The narration cache: one verified WAV per distinct piece of speech.

The key covers everything that changes the sound (text, voice files, speed, sentence gap, engine
and render version), so a second play or export synthesises nothing. Writes go to a temporary
file that is renamed into place, so a crash or a full disk never leaves a half clip under a
real name; every clip carries a CRC, so a damaged one is found, removed and made again. The
cache keeps under a size cap by evicting the least recently used clips (file mtimes).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import time
from fractions import Fraction
from pathlib import Path

from bodyscan.audio.clip import Clip
from bodyscan.audio.wavfile import WavError, read_wav, write_wav

log = logging.getLogger(__name__)

RENDER_VERSION = 2  # bump when rendering changes the sound (trim, fades, levels)
DEFAULT_CAP_BYTES = 512 * 1024 * 1024
STALE_TEMP_SECONDS = 3600


def cache_key(identity: str, text: str, speed: float, gap: Fraction) -> str:
    material = json.dumps([RENDER_VERSION, identity, text, repr(float(speed)), str(gap)])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class NarrationCache:
    def __init__(self, root: Path, cap_bytes: int = DEFAULT_CAP_BYTES) -> None:
        self.root = root
        self.cap_bytes = cap_bytes
        self._size: int | None = None

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.wav"

    def contains(self, key: str) -> bool:
        return self.path(key).is_file()

    def get(self, key: str) -> Clip | None:
        path = self.path(key)
        try:
            samples, rate = read_wav(path, verify=True)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except (WavError, OSError) as exc:
            log.warning("damaged narration clip %s (%s); it will be made again", path.name, exc)
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
            self._size = None
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # mark as recently used
        return Clip(samples, rate)

    def put(self, key: str, clip: Clip) -> bool:
        """Store a clip; False (and a log line) when the disk would not take it."""
        path = self.path(key)
        temp_name = ""
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            os.close(handle)
            write_wav(Path(temp_name), clip.samples, clip.rate, checksum=True)
            with open(temp_name, "rb") as written:
                os.fsync(written.fileno())
            os.replace(temp_name, path)
        except OSError as exc:
            log.warning("could not store narration in the cache: %s", exc)
            if temp_name:
                Path(temp_name).unlink(missing_ok=True)
            return False
        if self._size is not None:
            self._size += path.stat().st_size
        if self.size_bytes() > self.cap_bytes:
            self.evict()
        return True

    def _entries(self) -> list[tuple[float, int, Path]]:
        entries = []
        for path in self.root.glob("*/*"):
            try:
                info = path.stat()
            except OSError:
                continue
            if path.suffix == ".tmp":
                if time.time() - info.st_mtime > STALE_TEMP_SECONDS:
                    path.unlink(missing_ok=True)  # left by a crash
                continue
            entries.append((info.st_mtime, info.st_size, path))
        return entries

    def size_bytes(self) -> int:
        if self._size is None:
            self._size = sum(size for _, size, _ in self._entries())
        return self._size

    def evict(self) -> int:
        """Remove least recently used clips until the cache is under its cap; bytes freed."""
        entries = sorted(self._entries())
        total = sum(size for _, size, _ in entries)
        freed = 0
        for _, size, path in entries:
            if total - freed <= self.cap_bytes:
                break
            path.unlink(missing_ok=True)
            freed += size
        self._size = total - freed
        return freed

    def clear(self) -> int:
        freed = 0
        for _, size, path in self._entries():
            path.unlink(missing_ok=True)
            freed += size
        self._size = 0
        return freed

"""The narration cache: one verified WAV per distinct piece of speech.

The key covers everything that changes the sound (text, voice files, speed, sentence gap, engine
and render version), so a second play or export synthesises nothing. Clips are written with
`bodyscan.files.atomic_file` (a private temporary file renamed into place), so a crash or a full
disk never leaves a half clip under a real name, and a write that fails says so (StorageError);
every clip carries a CRC, so a damaged one is found, removed and made again. The cache keeps
under a size cap by evicting the least recently used clips (file mtimes).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import time
from fractions import Fraction
from pathlib import Path

from bodyscan.audio.clip import Clip
from bodyscan.audio.wavfile import WavError, WavWriter, read_wav
from bodyscan.files import atomic_file
from bodyscan.paths import private_folder

log = logging.getLogger(__name__)

RENDER_VERSION = 2  # bump when rendering changes the sound (trim, fades, levels)
DEFAULT_CAP_BYTES = 512 * 1024 * 1024
STALE_TEMP_SECONDS = 3600
TEMP_SUFFIXES = (".part", ".tmp")  # .tmp: older versions' temporary files
STORE_ACTION = "store narration in the cache"


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

    def put(self, key: str, clip: Clip) -> None:
        """Store a clip whole, or raise StorageError (and leave no part of it behind)."""
        path = self.path(key)
        private_folder(path.parent, STORE_ACTION)
        with atomic_file(path, STORE_ACTION) as out:
            channels = 1 if clip.samples.ndim == 1 else clip.samples.shape[1]
            writer = WavWriter(out, clip.rate, channels, checksum=True)
            writer.write(clip.samples)
            writer.close()
        if self._size is not None:
            with contextlib.suppress(OSError):
                self._size += path.stat().st_size
        if self.size_bytes() > self.cap_bytes:
            self.evict()

    def _entries(self) -> list[tuple[float, int, Path]]:
        entries = []
        for path in self.root.glob("*/*"):
            try:
                info = path.stat()
            except OSError:
                continue
            if path.suffix in TEMP_SUFFIXES:
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

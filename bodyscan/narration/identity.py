"""A voice's identity for cache keys, without loading the voice.

Hashing a 60 MB model takes a noticeable moment, so the digest is remembered per file path,
size and modification time in a small JSON file beside the cache.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
from pathlib import Path

from bodyscan.errors import StorageError
from bodyscan.files import write_text_atomically
from bodyscan.narration.engine import VoiceFiles
from bodyscan.paths import private_folder

log = logging.getLogger(__name__)


def _digest(paths: tuple[Path, ...]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def voice_identity(files: VoiceFiles, memo: Path) -> str:
    """'piper-<version>:<sha256 of model and config>' (raises OSError if a file is missing)."""
    paths = (files.model, files.config)
    stamp = "|".join(f"{p.resolve()}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in paths)
    try:
        known: dict[str, str] = json.loads(memo.read_text())
    except (OSError, ValueError):
        known = {}
    digest = known.get(stamp)
    if digest is None:
        digest = _digest(paths)
        known[stamp] = digest
        action = "remember the voice's digest"
        try:
            private_folder(memo.parent, action)
            write_text_atomically(memo, json.dumps(known), action)
        except StorageError as exc:  # only costs hashing the voice again next time
            log.warning("%s", exc.short)
    return f"piper-{importlib.metadata.version('piper-tts')}:{digest}"

"""Writing a whole text file so that it is either the old one or the new one, never half."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_text_atomically(path: Path, text: str) -> None:
    """Write beside the target, flush to disk, then rename over it. Raises OSError (the
    temporary file is gone by then)."""
    temp = path.with_name(f".{path.name}.part")
    try:
        with temp.open("w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise

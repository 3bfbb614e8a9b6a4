"""An author's own recordings (`audio:`), decoded, made mono and normalised like speech."""

from __future__ import annotations

import logging
from pathlib import Path

from bodyscan.audio.clip import Clip
from bodyscan.audio.decode import RecordingError, decode
from bodyscan.narration.level import is_silent, normalise

__all__ = ["RecordingError", "decode", "load_recording", "probe_recording"]

log = logging.getLogger(__name__)


def load_recording(path: Path) -> Clip:
    clip = decode(path)
    if clip.frames == 0 or is_silent(clip):
        raise RecordingError(path, "is silent", "Check the file, or record it again.")
    try:
        return normalise(clip)
    except Exception as exc:  # pydub's level and fade maths on a clip it cannot handle
        log.debug("levelling %s failed", path, exc_info=True)
        raise RecordingError(path, "cannot be read", type(exc).__name__) from None


def probe_recording(path: Path) -> str | None:
    """What is wrong with a recording ("is silent"), or None when it is usable."""
    try:
        load_recording(path)
    except RecordingError as exc:
        return exc.reason
    return None

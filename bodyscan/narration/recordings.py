"""An author's own recordings (`audio:`), decoded, made mono and normalised like speech."""

from __future__ import annotations

import shutil
from pathlib import Path

from pydub import AudioSegment
from pydub.exceptions import CouldntDecodeError

from bodyscan.audio.clip import Clip
from bodyscan.core.sounds import NEEDS_FFMPEG
from bodyscan.errors import BodyscanError
from bodyscan.narration.level import from_segment, is_silent, normalise


class RecordingError(BodyscanError):
    """A recording cannot be used; `reason` completes "recording NAME ..."."""

    def __init__(self, path: Path, reason: str, detail: str = "") -> None:
        super().__init__(f"recording {path.name} {reason}", detail)
        self.reason = reason


def decode(path: Path) -> Clip:
    suffix = path.suffix.lower()
    if suffix in NEEDS_FFMPEG and shutil.which("ffmpeg") is None:
        raise RecordingError(
            path,
            "needs ffmpeg to be read",
            "Install ffmpeg (e.g. `sudo apt install ffmpeg`) or convert the recording to WAV.",
        )
    try:
        segment = AudioSegment.from_file(str(path), format=suffix.lstrip(".") or None)
    except FileNotFoundError:
        raise RecordingError(path, "was not found", str(path)) from None
    except (CouldntDecodeError, OSError, IndexError, ValueError) as exc:
        raise RecordingError(path, "cannot be read", str(exc).strip()[-300:]) from None
    return from_segment(segment)


def load_recording(path: Path) -> Clip:
    clip = decode(path)
    if clip.frames == 0 or is_silent(clip):
        raise RecordingError(path, "is silent", "Check the file, or record it again.")
    return normalise(clip)


def probe_recording(path: Path) -> str | None:
    """What is wrong with a recording ("is silent"), or None when it is usable."""
    try:
        load_recording(path)
    except RecordingError as exc:
        return exc.reason
    return None

"""Sound files of every kind (recordings, bells, ambient loops) decoded to mono clips.

pydub reads WAV itself and everything else through ffmpeg. It lives here, below narration, so
that the audio layer can decode the sounds it plays without knowing about narration.
"""

from __future__ import annotations

import logging
import shutil
import struct
from pathlib import Path

import numpy as np
from pydub import AudioSegment
from pydub.exceptions import CouldntDecodeError

from bodyscan.audio.clip import Clip
from bodyscan.core.recordings import MAX_RATE, MIN_RATE, rate_problem
from bodyscan.core.sounds import NEEDS_FFMPEG
from bodyscan.errors import BodyscanError, storage_error

log = logging.getLogger(__name__)


def to_segment(clip: Clip) -> AudioSegment:
    return AudioSegment(
        clip.samples.astype("<i2").tobytes(), frame_rate=clip.rate, sample_width=2, channels=1
    )


def from_segment(segment: AudioSegment) -> Clip:
    segment = segment.set_channels(1).set_sample_width(2)
    samples = np.frombuffer(segment.raw_data, dtype="<i2").astype(np.int16)
    return Clip(samples, segment.frame_rate)


class RecordingError(BodyscanError):
    """A recording cannot be used; `reason` completes "recording NAME ..."."""

    def __init__(self, path: Path, reason: str, detail: str = "", what: str = "recording") -> None:
        super().__init__(f"{what} {path.name} {reason}", detail)
        self.reason = reason


def decode(path: Path, what: str = "recording") -> Clip:
    """The file as a mono clip; `what` names it in messages ("recording", "sound file")."""
    suffix = path.suffix.lower()
    if suffix in NEEDS_FFMPEG and shutil.which("ffmpeg") is None:
        raise RecordingError(
            path,
            "needs ffmpeg to be read",
            "Install ffmpeg (e.g. `sudo apt install ffmpeg`) or convert the file to WAV.",
            what,
        )
    try:
        segment = AudioSegment.from_file(str(path), format=suffix.lstrip(".") or None)
    except FileNotFoundError:
        raise RecordingError(path, "was not found", str(path), what) from None
    except OSError as exc:
        raise storage_error(f"read {path.name}", path, exc) from None
    except (CouldntDecodeError, IndexError, ValueError, struct.error, EOFError) as exc:
        raise RecordingError(path, "cannot be read", str(exc).strip()[-300:], what) from None
    except Exception as exc:  # pydub fails in odd ways on odd files; never let that escape
        log.debug("decoding %s failed", path, exc_info=True)
        raise RecordingError(path, "cannot be read", type(exc).__name__, what) from None
    if not MIN_RATE <= segment.frame_rate <= MAX_RATE:
        raise RecordingError(
            path,
            f"cannot be played: {rate_problem(segment.frame_rate)}",
            "Convert it to a common rate such as 48000 Hz, then try again.",
            what,
        )
    try:
        return from_segment(segment)
    except Exception as exc:  # a header that lies about its layout
        log.debug("decoding %s failed", path, exc_info=True)
        raise RecordingError(path, "cannot be read", type(exc).__name__, what) from None

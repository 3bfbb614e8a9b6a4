"""Checks on a step's `audio:` recording path: where it may point and whether it can be read.

Decoding non-WAV formats needs ffmpeg, so its absence is reported where the recording is named.
Deeper checks (silence, decoding every frame) belong to the narration package.
"""

from __future__ import annotations

import shutil
import struct
import wave
from collections.abc import Callable
from pathlib import Path, PureWindowsPath
from typing import TYPE_CHECKING

from bodyscan.core.problems import Problems
from bodyscan.core.sounds import AUDIO_SUFFIXES, NEEDS_FFMPEG

if TYPE_CHECKING:
    from bodyscan.core.yamlnodes import Located

MIN_RATE, MAX_RATE = 8000, 192000  # what the resampler and every output handle


def rate_problem(rate: int) -> str:
    """Words for a sample rate outside what bodyscan plays (completes "<file>: ...")."""
    return (
        f"sample rate {rate} Hz is not a sound file bodyscan can play (8,000–192,000 Hz); "
        "convert it, e.g. with `ffmpeg -i IN -ar 48000 OUT.wav`"
    )


# Decodes a recording and says what is wrong with it (unreadable, silent), or None.
RecordingProbe = Callable[[Path], "str | None"]


def check_recording(
    node: Located,
    script_path: Path,
    shared_audio: tuple[Path, ...],
    problems: Problems,
    probe: RecordingProbe | None = None,
) -> Path | None:
    """The resolved recording path when it is allowed and readable, else None (with errors)."""
    value = node.value
    if not isinstance(value, str) or not value.strip():
        problems.error(node, "audio must be a path to a recording, relative to the script's folder")
        return None
    if Path(value).is_absolute() or PureWindowsPath(value).is_absolute() or value.startswith("~"):
        problems.error(node, f"audio path '{value}' must be relative to the script's folder")
        return None
    try:
        base = script_path.resolve().parent
        target = (base / value).resolve()
        roots = (base, *(root.resolve() for root in shared_audio))
    except (OSError, RuntimeError):  # Python 3.11 reports a symlink loop as RuntimeError
        problems.error(
            node,
            f"audio path '{value}' is a loop of symbolic links; point it at a real recording",
        )
        return None
    if not any(target.is_relative_to(root) for root in roots):
        problems.error(
            node,
            f"audio path '{value}' leads outside the script's folder and the shared audio folder",
        )
        return None
    suffix = target.suffix.lower()
    if suffix not in AUDIO_SUFFIXES:
        problems.error(
            node, f"recording '{value}' has an unsupported format; use WAV, MP3, OGG, FLAC or M4A"
        )
        return None
    try:
        target.stat()
    except FileNotFoundError:
        problems.error(node, f"recording '{value}' not found (looked for {target})")
        return None
    except OSError as exc:
        problems.error(node, f"recording '{value}' cannot be read ({exc.strerror or exc})")
        return None
    if not target.exists():
        problems.error(node, f"recording '{value}' not found (looked for {target})")
        return None
    if not target.is_file():
        problems.error(node, f"recording '{value}' is not a file")
        return None
    if suffix in NEEDS_FFMPEG and shutil.which("ffmpeg") is None:
        problems.error(
            node,
            f"recording '{value}' needs ffmpeg to be read; install ffmpeg "
            "(e.g. `sudo apt install ffmpeg`) or convert it to WAV",
        )
        return None
    if suffix == ".wav":
        try:
            with wave.open(str(target), "rb") as clip:
                frames = clip.getnframes()
                rate = clip.getframerate()
        except (wave.Error, EOFError, OSError, ValueError, RuntimeError, struct.error) as exc:
            reason = str(exc) or "a damaged chunk"  # wave raises a bare RuntimeError for some
            problems.error(node, f"recording '{value}' cannot be read as WAV ({reason})")
            return None
        if not MIN_RATE <= rate <= MAX_RATE:
            problems.error(node, f"recording '{value}': {rate_problem(rate)}")
            return None
        if frames == 0:
            problems.error(node, f"recording '{value}' is empty (no audio in it)")
            return None
    if probe is not None:
        trouble = probe(target)
        if trouble:
            problems.error(node, f"recording '{value}' {trouble}")
            return None
    return target

"""Write a whole session to a file: WAV directly, MP3 and OGG through ffmpeg.

Rendering goes block by block into a temporary file beside the target, renamed into place
only when complete, so an interrupted export never leaves a half file under the real name.
Whether the disk can hold it is checked before rendering, so a long export never fails at
its end for want of room; a disk that fills anyway is reported as full, with nothing left.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from bodyscan.audio.mixer import Mixer
from bodyscan.audio.wavfile import WavWriter, wav_bytes
from bodyscan.errors import BodyscanError, StorageError, storage_error
from bodyscan.files import PRIVATE_FILE, check_replaceable, sync_folder, temporary_beside

FORMATS = {
    ".wav": None,
    ".mp3": ["-codec:a", "libmp3lame", "-q:a", "2"],
    ".ogg": ["-codec:a", "libvorbis", "-q:a", "5"],
}
BLOCK_SECONDS = 2
ENCODED_SHARE = 4  # MP3 and OGG come out well under a quarter of the WAV they are made from
SPARE_BYTES = 1024 * 1024  # never fill a disk to the last byte

Progress = Callable[[int, int], None]


class ExportError(BodyscanError):
    """The session could not be written."""


def check_target(path: Path) -> None:
    """Refuse early what cannot work, before any narration or rendering."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(
            f"cannot export to '{path.suffix or path.name}'",
            "Choose a file ending in .wav, .mp3 or .ogg.",
        )
    if FORMATS[suffix] is not None and shutil.which("ffmpeg") is None:
        raise ExportError(
            f"exporting {suffix[1:].upper()} needs ffmpeg",
            "Install ffmpeg (e.g. `sudo apt install ffmpeg`), or export to .wav.",
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(
            f"the folder {folder} does not exist", "Create it first, or choose another."
        )
    check_replaceable(path, f"export to {path.name}")


def _publish(temp: Path, path: Path) -> None:
    """Give the finished file its name, private like everything bodyscan writes (a session may
    hold the person's own recorded voice); ffmpeg's output gets the same."""
    os.chmod(temp, PRIVATE_FILE)
    os.replace(temp, path)
    sync_folder(path.parent if str(path.parent) else Path("."))


def check_room(path: Path, frames: int, channels: int) -> None:
    """Refuse before rendering an export the disk cannot hold, rather than fail at its end.

    The session is first written as WAV beside the target (RF64 past 4 GiB); MP3 and OGG are
    then encoded from it, which needs room for both for a moment.
    """
    folder = path.parent if str(path.parent) else Path(".")
    needed = wav_bytes(frames, channels)
    if FORMATS[path.suffix.lower()] is not None:
        needed += needed // ENCODED_SHARE
    try:
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        raise storage_error(f"export to {path.name}", folder, exc) from exc
    if free < needed + SPARE_BYTES:
        raise StorageError(
            f"Could not export to {path.name}: it needs about {_size(needed)} and the disk "
            f"holding {folder} has {_size(free)} free.",
            "Free some space, choose another folder, or export a shorter session (or MP3).",
        )


def _size(count: int) -> str:
    for unit, scale in (("GB", 10**9), ("MB", 10**6)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{max(1, round(count / 1000))} kB"


def export(mixer: Mixer, path: Path, progress: Progress | None = None, start: int = 0) -> None:
    """Write the session to `path`, from frame `start` on (`--start-at`: exactly the full
    export's tail); on any failure no file (or partial file) is left behind."""
    check_target(path)
    timeline = mixer.timeline
    frames = timeline.frames - start
    check_room(path, frames, mixer.channels)
    folder = path.parent if str(path.parent) else Path(".")
    temp: Path | None = None
    encoded: Path | None = None
    try:
        handle, temp_name = temporary_beside(path)
        temp = Path(temp_name)
        with os.fdopen(handle, "wb") as out:
            writer = WavWriter(out, timeline.rate, mixer.channels, frames=frames)
            block = BLOCK_SECONDS * timeline.rate
            for begin in range(start, timeline.frames, block):
                end = min(begin + block, timeline.frames)
                writer.write(mixer.render(begin, end))
                if progress is not None:
                    progress(end - start, frames)
            writer.close()
            out.flush()
            os.fsync(out.fileno())
        codec = FORMATS[path.suffix.lower()]
        if codec is None:
            _publish(temp, path)
            return
        encoded = temp.with_suffix(path.suffix.lower())
        command = [
            "ffmpeg",
            "-y",
            "-loglevel",
            "error",
            "-f",
            "wav",
            "-i",
            str(temp),
            *codec,
            str(encoded),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            if "No space left on device" in result.stderr:
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
            raise ExportError("ffmpeg could not encode the file", result.stderr.strip()[-500:])
        _publish(encoded, path)
    except OSError as exc:
        raise storage_error(f"export to {path.name}", folder, exc) from exc
    finally:
        for leftover in (temp, encoded):
            if leftover is not None:
                with contextlib.suppress(OSError):
                    leftover.unlink(missing_ok=True)

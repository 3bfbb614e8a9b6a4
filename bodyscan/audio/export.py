"""Write a whole session to a file: WAV directly, MP3 and OGG through ffmpeg.

Rendering goes block by block into a temporary file beside the target, renamed into place
only when complete, so an interrupted export never leaves a half file under the real name.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from bodyscan.audio.mixer import Mixer
from bodyscan.audio.wavfile import WavWriter
from bodyscan.errors import BodyscanError, storage_error
from bodyscan.files import PRIVATE_FILE, sync_folder

FORMATS = {
    ".wav": None,
    ".mp3": ["-codec:a", "libmp3lame", "-q:a", "2"],
    ".ogg": ["-codec:a", "libvorbis", "-q:a", "5"],
}
BLOCK_SECONDS = 2

Progress = Callable[[int, int], None]


class ExportError(BodyscanError):
    """The session could not be written."""


def check_target(path: Path) -> None:
    """Refuse early what cannot work, before any rendering."""
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


def _publish(temp: Path, path: Path) -> None:
    """Give the finished file its name, private like everything bodyscan writes (a session may
    hold the person's own recorded voice); ffmpeg's output gets the same."""
    os.chmod(temp, PRIVATE_FILE)
    os.replace(temp, path)
    sync_folder(path.parent if str(path.parent) else Path("."))


def export(mixer: Mixer, path: Path, progress: Progress | None = None) -> None:
    check_target(path)
    timeline = mixer.timeline
    folder = path.parent if str(path.parent) else Path(".")
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    temp = Path(temp_name)
    encoded: Path | None = None
    try:
        with os.fdopen(handle, "wb") as out:
            writer = WavWriter(out, timeline.rate, mixer.channels)
            block = BLOCK_SECONDS * timeline.rate
            for start in range(0, timeline.frames, block):
                writer.write(mixer.render(start, min(start + block, timeline.frames)))
                if progress is not None:
                    progress(min(start + block, timeline.frames), timeline.frames)
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
            raise ExportError("ffmpeg could not encode the file", result.stderr.strip()[-500:])
        _publish(encoded, path)
    except OSError as exc:
        raise storage_error(f"export to {path.name}", path, exc) from exc
    finally:
        temp.unlink(missing_ok=True)
        if encoded is not None:
            with contextlib.suppress(OSError):
                encoded.unlink(missing_ok=True)

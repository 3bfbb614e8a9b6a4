"""Names of bells and ambient beds that scripts may use.

Sounds made in code have fixed names; files dropped into an `audio/bells/` or `audio/ambient/`
folder (bundled or the user's) add names from their file stems. Only names live here: making
the sound is the audio package's work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

AUDIO_SUFFIXES: tuple[str, ...] = (".wav", ".mp3", ".ogg", ".flac", ".m4a")
NEEDS_FFMPEG: tuple[str, ...] = (".mp3", ".ogg", ".flac", ".m4a")

DEFAULT_BELL = "soft"
BUILTIN_BELLS: dict[str, str] = {
    "soft": "a soft singing-bowl tone (the default bell)",
    "chime": "a light, short chime",
}
NO_AMBIENT = "none"
BUILTIN_AMBIENT: dict[str, str] = {
    "pink-noise": "soft, even noise, like steady rain",
    "brown-noise": "deep, low noise, like a distant waterfall",
}


def sound_name(path: Path) -> str:
    """A file's sound name: its stem in lower case with runs of other characters as '-'."""
    return re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")


@dataclass(frozen=True)
class SoundCatalogue:
    bells: dict[str, str] = field(default_factory=lambda: dict(BUILTIN_BELLS))
    ambient: dict[str, str] = field(default_factory=lambda: dict(BUILTIN_AMBIENT))
    files: dict[str, Path] = field(default_factory=dict)  # "bells/name" or "ambient/name"

    @classmethod
    def discover(cls, *audio_dirs: Path) -> SoundCatalogue:
        """Built-in sounds plus files found in each folder's bells/ and ambient/ (later wins)."""
        bells = dict(BUILTIN_BELLS)
        ambient = dict(BUILTIN_AMBIENT)
        files: dict[str, Path] = {}
        for audio_dir in audio_dirs:
            for kind, names in (("bells", bells), ("ambient", ambient)):
                folder = audio_dir / kind
                try:
                    candidates = sorted(folder.iterdir()) if folder.is_dir() else []
                except OSError:
                    continue
                for path in candidates:
                    name = sound_name(path)
                    if path.suffix.lower() in AUDIO_SUFFIXES and name and name != NO_AMBIENT:
                        names[name] = f"file {path.name}"
                        files[f"{kind}/{name}"] = path
        return cls(bells=bells, ambient=ambient, files=files)

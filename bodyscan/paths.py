"""Where bodyscan keeps things.

`BODYSCAN_HOME`, when set, holds everything (tests always set it):

    $BODYSCAN_HOME/exercises/   the user's own exercise scripts
    $BODYSCAN_HOME/audio/       the user's sounds: ambient/ and bells/ subfolders, recordings
    $BODYSCAN_HOME/cache/       narration cache
    $BODYSCAN_HOME/settings.json, journal.sqlite3

Without it, the platform's folders from platformdirs are used. Bundled exercises and sounds
sit inside the installed package (a wheel) or at the top of a source checkout.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "bodyscan"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    # A wheel carries the folders as bodyscan/_bundled/<name>; an editable install or a
    # source checkout finds them beside the package.
    packaged = _PACKAGE_DIR / "_bundled" / name
    return packaged if packaged.is_dir() else _PACKAGE_DIR.parent / name


def bundled_scripts_dir() -> Path:
    return _bundled("scripts")


def bundled_audio_dir() -> Path:
    return _bundled("audio")


@dataclass(frozen=True)
class UserPaths:
    data: Path
    cache: Path
    config: Path

    @property
    def exercises(self) -> Path:
        return self.data / "exercises"

    @property
    def audio(self) -> Path:
        return self.data / "audio"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def journal_file(self) -> Path:
        return self.data / "journal.sqlite3"


def user_paths() -> UserPaths:
    home = os.environ.get("BODYSCAN_HOME")
    if home:
        root = Path(home).expanduser()
        return UserPaths(data=root, cache=root / "cache", config=root)
    return UserPaths(
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )

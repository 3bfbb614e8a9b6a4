"""Where bodyscan keeps things.

`BODYSCAN_HOME`, when set, holds everything (tests always set it):

    $BODYSCAN_HOME/exercises/   the user's own exercise scripts
    $BODYSCAN_HOME/audio/       the user's sounds: ambient/ and bells/ subfolders, recordings
    $BODYSCAN_HOME/cache/       narration cache
    $BODYSCAN_HOME/settings.json, journal.sqlite3

Without it, the platform's folders from platformdirs are used. Bundled exercises and sounds
sit inside the installed package (a wheel) or at the top of a source checkout.

Everything bodyscan keeps is the user's alone: folders are made 0700 (as the XDG base directory
spec asks) and files 0600 (`bodyscan.files`). `private_folder` makes a folder that way, and
`tighten` takes group and other access away from a folder an older bodyscan made 0755, without
ever giving back a permission the user took away (a folder made read-only stays read-only).
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from bodyscan.errors import storage_error

log = logging.getLogger(__name__)
PRIVATE_FOLDER = 0o700
# What bodyscan keeps at the top of its folders (journal copies and settings moved aside too).
OWN_NAMES = {"exercises", "audio", "cache", "narration", "voices", "voice-ids.json"}
OWN_PREFIXES = ("journal.sqlite3", "settings.json")

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

    @property
    def roots(self) -> tuple[Path, ...]:
        """The folders that are bodyscan's alone (one, with BODYSCAN_HOME)."""
        return tuple(dict.fromkeys((self.data, self.config, self.cache)))

    def make_private(self) -> None:
        """Take group and other access away from what an older version made 0755 or 0644:
        bodyscan's folders, the files it keeps at their top (journal, settings) and the whole
        cache. The person's own exercises and sounds keep their modes: their folders' 0700
        already keeps them private."""
        for root in self.roots:
            tighten(root)
            with contextlib.suppress(OSError):  # not made yet, or not readable
                for entry in root.iterdir():
                    # Only what bodyscan puts there: BODYSCAN_HOME may be a folder with more.
                    if entry.name in OWN_NAMES or entry.name.startswith(OWN_PREFIXES):
                        tighten(entry)
        for folder, _, files in os.walk(self.cache):
            for name in files:
                tighten(Path(folder, name))
            tighten(Path(folder))


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


def keep_private() -> None:
    """For the entry points (the command, the desktop app), first thing: everything this process
    and its children (ffmpeg) create is the user's alone, and folders an older version made
    readable by others are not any more."""
    os.umask(0o077)
    user_paths().make_private()


def tighten(path: Path) -> None:
    """Remove group and other permissions from a file or folder of ours; never adds any."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode) or info.st_uid != os.geteuid():
            return
        if info.st_mode & 0o077:
            path.chmod(stat.S_IMODE(info.st_mode) & 0o700)
    except FileNotFoundError:
        return
    except OSError as exc:
        log.info("could not make %s private: %s", path, exc)


def private_folder(folder: Path, action: str = "create the folder") -> Path:
    """`folder`, made with every missing parent as 0700 (whatever the umask), or tightened if
    it exists. Raises StorageError when it cannot be made."""
    missing: list[Path] = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    try:
        for candidate in reversed(missing):
            candidate.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
            candidate.chmod(PRIVATE_FOLDER)  # mkdir's mode is filtered by the umask
    except OSError as exc:
        raise storage_error(action, folder, exc) from exc
    if not missing:
        tighten(folder)
    return folder

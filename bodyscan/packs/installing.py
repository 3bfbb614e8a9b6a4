"""Checking a pack and installing it into the person's exercises folder.

`open_pack` unpacks into a private temporary folder beside the exercises folder (the same
disk, so installing is one rename): the archive's entries are checked first (`archive`), then
`exercise.yaml` and the recordings it names are unpacked, and the script is validated as the
library will read it, every recording decoded. Until `install` nothing is outside that
temporary folder, and `discard` (or leaving the `with` block) removes it.

Installed, an exercise is a folder of its own, `exercises/<id>/<id>.yaml` with its recordings
beside it: the file name keeps the id even for a script without `id:`. An exercise with the
same id is kept unless the caller asks to replace it; then it is moved aside, the new one
renamed in, and the old removed (put back if the rename fails).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import logging
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from bodyscan.core.context import ScriptContext
from bodyscan.core.library import SCRIPT_SUFFIXES, Exercise, ExerciseInfo
from bodyscan.core.loader import SLUG, check_file, default_id
from bodyscan.core.problems import Problem
from bodyscan.core.script import Script
from bodyscan.core.yamlnodes import MAX_FILE_BYTES, MappingPairs, YamlReadError, decode, parse
from bodyscan.errors import PackError, StorageError, storage_error
from bodyscan.files import PRIVATE_FILE, sync_folder
from bodyscan.packs.archive import (
    SCRIPT_NAME,
    Entries,
    check_entries,
    open_archive,
    read_entry,
    refused,
    same_on_every_disk,
    shown,
)
from bodyscan.packs.recordings import audio_values, inner_path
from bodyscan.paths import private_folder

log = logging.getLogger(__name__)
STAGING_PREFIX = ".bodyscan-pack-"
# A temporary folder this old was left by a run that crashed (a check takes seconds).
STALE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Recording:
    inner: str  # its path in the pack (and in the installed folder)
    size: int  # bytes


@dataclass(frozen=True)
class Installed:
    exercise_id: str
    script: Path
    replaced: Path | None  # the file or folder of the exercise it took the place of


@dataclass
class CheckedPack:
    """A pack that passed every check, unpacked in a temporary folder until installed."""

    pack: Path
    script: Script
    recordings: tuple[Recording, ...]
    warnings: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()  # files in the pack the exercise does not use
    staging: Path = field(default=Path(), repr=False)

    @property
    def exercise_id(self) -> str:
        return self.script.id

    @property
    def info(self) -> ExerciseInfo:
        return ExerciseInfo.of(self.script)

    @property
    def _folder(self) -> Path:
        return self.staging / "new"

    def install(
        self, exercises: Path, existing: Exercise | None = None, *, replace_existing: bool = False
    ) -> Installed:
        """Move the exercise into `exercises`. `existing` is the library's exercise with this
        id, if any: kept (PackError) unless `replace_existing`."""
        if not self.staging.is_dir():
            raise PackError(f"{self.pack.name} was already installed or put away")
        if existing is not None and not replace_existing:
            where = "bundled with bodyscan" if existing.origin == "bundled" else existing.path
            raise PackError(
                f"{self.pack.name} was not installed: you already have an exercise called "
                f"'{self.exercise_id}' ({where}); it was kept",
                "To use the pack's instead, install it again and choose to replace it "
                "(bodyscan install --replace).",
            )
        private_folder(exercises, "create the exercises folder")
        old = _replaceable(existing, exercises) if existing is not None else None
        aside = self.staging / "replaced"
        target = old if old is not None and old.is_dir() else _free_folder(exercises, self)
        try:
            if old is not None:
                os.rename(old, aside)
            try:
                os.rename(self._folder, target)
            except OSError:
                if old is not None:
                    os.rename(aside, old)  # put the old one back as it was
                raise
            sync_folder(exercises)
        except OSError as exc:
            raise storage_error(f"install {self.pack.name}", exercises, exc) from exc
        script = target / f"{self.exercise_id}.yaml"
        log.info("installed %s from %s into %s", self.exercise_id, self.pack, target)
        self.discard()
        return Installed(self.exercise_id, script, old)

    def discard(self) -> None:
        """Remove the temporary folder (and what is in it)."""
        _remove(self.staging)

    def __enter__(self) -> CheckedPack:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.discard()


def open_pack(pack: Path, exercises: Path, context: ScriptContext) -> CheckedPack:
    """Check a pack in a temporary folder beside `exercises`. Raises PackError when it is
    refused and StorageError when the disk fails; either way nothing is left behind."""
    with open_archive(pack) as archive:
        entries = check_entries(pack, archive)
        if SCRIPT_NAME not in entries.files:
            raise _no_script(pack, entries)
        script_entry = entries.files[SCRIPT_NAME]
        if script_entry.file_size > MAX_FILE_BYTES:
            raise refused(pack, "its exercise.yaml is over 1 MiB; a script may be at most 1 MiB")
        parent = private_folder(exercises.parent, "create bodyscan's folder")
        _remove_stale(parent)
        try:
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent))
        except OSError as exc:
            raise storage_error(f"unpack {pack.name}", parent, exc) from exc
        try:
            return _unpack(pack, archive, entries, staging, context)
        except BaseException:
            _remove(staging)
            raise


def _unpack(
    pack: Path,
    archive: zipfile.ZipFile,
    entries: Entries,
    staging: Path,
    context: ScriptContext,
) -> CheckedPack:
    data = read_entry(pack, archive, entries.files[SCRIPT_NAME])
    try:
        text = decode(data)
    except YamlReadError as exc:
        raise _script_refused(pack, (exc.problem,), staging) from None
    exercise_id = _explicit_id(text) or default_id(Path(pack.name))
    folder = staging / "new"
    script_path = folder / f"{exercise_id}.yaml"
    missing: list[Problem] = []
    used: dict[str, Recording] = {}
    try:
        folder.mkdir(mode=0o700)
        _write(script_path, lambda out: out.write(data))
        for node in audio_values(text):
            inner = inner_path(node.value)
            if inner is None or inner in used:
                continue  # the validator below names a path that leads outside
            entry = entries.files.get(inner)
            if entry is None:
                missing.append(
                    Problem(
                        node.line,
                        node.column,
                        "error",
                        f"recording '{shown(str(node.value))}' is not in the pack",
                    )
                )
                continue
            target = folder / inner
            _make_folders(target.parent, folder)
            _write(target, functools.partial(_copy_entry, pack, archive, entry))
            used[inner] = Recording(inner, entry.file_size)
    except (FileExistsError, NotADirectoryError):
        # `a.wav` and `a.wav/b.wav`: one name cannot be a file and a folder at once.
        raise refused(
            pack, "the paths of its recordings clash (a file where a folder is)"
        ) from None
    except OSError as exc:
        raise storage_error(f"unpack {pack.name}", staging.parent, exc) from exc
    result = check_file(script_path, replace(context, shared_audio=()))
    # A recording not in the pack is said so, not "not found (looked for …)".
    places = {(p.line, p.column) for p in missing}
    found = [p for p in result.problems if (p.line, p.column) not in places]
    problems = tuple(sorted((*missing, *found), key=lambda p: (p.line, p.column)))
    if result.script is None or missing:
        raise _script_refused(pack, problems, staging)
    wanted = {same_on_every_disk(name) for name in (SCRIPT_NAME, *used)}
    return CheckedPack(
        pack=pack,
        script=result.script,
        recordings=tuple(used.values()),
        warnings=tuple(_formatted(pack, p, staging) for p in problems),
        left_out=tuple(n for n in entries.files if same_on_every_disk(n) not in wanted),
        staging=staging,
    )


def _copy_entry(
    pack: Path, archive: zipfile.ZipFile, entry: zipfile.ZipInfo, out: BinaryIO
) -> None:
    read_entry(pack, archive, entry, out)


def _explicit_id(text: str) -> str | None:
    try:
        root = parse(text)
    except YamlReadError:
        return None
    if isinstance(root.value, MappingPairs):
        for key, value in root.value:
            if key.value == "id" and isinstance(value.value, str) and SLUG.fullmatch(value.value):
                return value.value
    return None


def _write(path: Path, fill: Callable[[BinaryIO], object]) -> None:
    """A new private file, filled by `fill(out)` and flushed to disk before it is installed."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(descriptor, "wb") as out:
        fill(out)
        out.flush()
        os.fsync(out.fileno())


def _make_folders(folder: Path, top: Path) -> None:
    missing = []
    while folder != top and not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir(mode=0o700)


def _no_script(pack: Path, entries: Entries) -> PackError:
    elsewhere = [n for n in entries.files if n.rsplit("/", 1)[-1].lower() == SCRIPT_NAME]
    hint = (
        f" (it has '{shown(elsewhere[0])}': exercise.yaml must be at the top of the pack, "
        "not in a folder or with other letter case)"
        if elsewhere
        else ""
    )
    return refused(
        pack,
        f"it holds no exercise.yaml{hint}",
        "A pack holds exercise.yaml at its top, beside the recordings it uses (see docs/packs.md).",
    )


def _script_refused(pack: Path, problems: tuple[Problem, ...], staging: Path) -> PackError:
    errors = [p for p in problems if p.severity == "error"]
    first = errors[0].message if errors else "it cannot be read"
    return refused(
        pack,
        f"its exercise.yaml cannot be used: {_inside(first, staging)}",
        "\n".join(_formatted(pack, p, staging) for p in problems)
        + "\nAsk whoever made the pack to fix the script and pack it again.",
    )


def _formatted(pack: Path, problem: Problem, staging: Path) -> str:
    """A problem as `validate` prints it, at the pack's inner path."""
    return _inside(problem.format(f"{pack.name}/{SCRIPT_NAME}"), staging)


def _inside(message: str, staging: Path) -> str:
    # "looked for /home/…/.bodyscan-pack-x/new/feet.wav" means nothing to the person.
    return message.replace(f"{staging / 'new'}{os.sep}", "")


def _replaceable(existing: Exercise, exercises: Path) -> Path | None:
    """What to move aside for the new one: the exercise's own folder when it was installed
    from a pack (one script, named for its id, in a folder of the exercises folder), its
    script file when it is elsewhere among the person's exercises, nothing when bundled."""
    if existing.origin != "user":
        return None
    script = existing.path
    folder = script.parent
    if folder.parent == exercises and script.stem == existing.id:
        with contextlib.suppress(OSError):
            scripts = [p for p in folder.iterdir() if p.suffix.lower() in SCRIPT_SUFFIXES]
            if scripts == [script]:
                return folder
    return script


def _free_folder(exercises: Path, pack: CheckedPack) -> Path:
    """A folder name for the exercise that nothing in the exercises folder has yet."""
    base = pack.exercise_id
    taken = set()
    with contextlib.suppress(OSError):
        taken = {same_on_every_disk(p.name) for p in exercises.iterdir()}
    for number in range(1, 1000):
        name = base if number == 1 else f"{base}-{number}"
        if same_on_every_disk(name) not in taken:
            return exercises / name
    raise StorageError(
        f"Could not install {pack.pack.name}: the exercises folder has too many folders "
        f"called {base}",
        f"Tidy up {exercises}, then try again.",
    )


def _remove_stale(parent: Path) -> None:
    """Temporary folders a crashed run left behind. One holding an exercise moved aside to be
    replaced is kept (and said): it may be the only copy of the person's exercise."""
    now = time.time()
    with contextlib.suppress(OSError):
        for folder in parent.glob(f"{STAGING_PREFIX}*"):
            if now - folder.lstat().st_mtime < STALE_SECONDS or not folder.is_dir():
                continue
            if (folder / "replaced").exists():
                log.warning("%s holds an exercise that was being replaced; left there", folder)
                continue
            _remove(folder)


def list_names(names: tuple[str, ...], most: int = 8) -> str:
    """Names for a sentence: all of a few, or the first few and how many more."""
    if len(names) <= most:
        return ", ".join(names)
    return f"{', '.join(names[:most])} and {len(names) - most:,} more"


def _remove(folder: Path) -> None:
    if folder == Path() or not folder.name.startswith(STAGING_PREFIX):
        return  # only ever our own temporary folder
    try:
        shutil.rmtree(folder)
    except FileNotFoundError:
        return
    except OSError as exc:
        if exc.errno != errno.ENOENT:
            log.warning("could not remove the temporary folder %s: %s", folder, exc)

"""Find exercises: the bundled ones plus the user's own folder.

A user file with the id of a bundled exercise shadows it (and says so). A broken file is
listed as broken with its first error and never hides the others.

Reading a script (YAML with positions, validation, decoding its recordings) costs about 13 ms,
so a library of a thousand files would take seconds to list. An index of what each file held
(kept by the caller, e.g. in the cache folder) is keyed by the file's size and modification
time and by those of the recordings it uses: only new or changed files are read again, and a
script itself is read only when it is wanted (`Exercise.script`).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol

from bodyscan.core.context import ScriptContext
from bodyscan.core.estimate import length_range
from bodyscan.core.problems import Problem
from bodyscan.core.script import KINDS, Kind, Say, Script
from bodyscan.errors import ExerciseNotFound, ScriptError

log = logging.getLogger(__name__)

Origin = Literal["bundled", "user", "file"]
SCRIPT_SUFFIXES = (".yaml", ".yml")
# How often a scan still reading files reports what it has so far.
PROGRESS_INTERVAL = 0.25
_CODE_STAMP: str | None = None


@dataclass(frozen=True)
class ExerciseInfo:
    """What the library shows about a usable exercise, without its steps."""

    kind: Kind
    title: str
    summary: str = ""
    tags: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    shortest: Fraction = Fraction(0)  # the length range, estimated as the player would
    longest: Fraction = Fraction(0)

    @classmethod
    def of(cls, script: Script) -> ExerciseInfo:
        low, high = length_range(script)
        return cls(
            script.kind,
            script.title,
            script.summary,
            tuple(script.tags),
            tuple(script.cautions),
            low,
            high,
        )


@dataclass(frozen=True)
class Exercise:
    id: str
    path: Path
    origin: Origin
    info: ExerciseInfo | None  # None: the file cannot be used (see problems)
    problems: tuple[Problem, ...] = ()
    shadows: Path | None = None  # the bundled file this user file hides
    context: ScriptContext | None = field(default=None, compare=False, repr=False)
    loaded: Script | None = field(default=None, compare=False, repr=False)

    @property
    def broken(self) -> bool:
        return self.info is None

    @cached_property
    def script(self) -> Script | None:
        """The whole script, read when first wanted (None when broken, or when the file has
        become unusable since it was listed)."""
        if self.loaded is not None or self.info is None:
            return self.loaded
        from bodyscan.core.loader import check_file  # noqa: PLC0415 - see _read

        return check_file(self.path, self.context).script

    @property
    def first_error(self) -> Problem | None:
        return next((p for p in self.problems if p.severity == "error"), None)

    @property
    def title(self) -> str:
        return self.info.title if self.info else self.path.name

    @property
    def sort_key(self) -> tuple[int, str]:
        kind_rank = KINDS.index(self.info.kind) if self.info else len(KINDS)
        return kind_rank, self.title.lower()


class IndexStore(Protocol):
    """Where the library keeps its index between runs (a JSON-compatible mapping)."""

    def load(self) -> dict[str, Any]: ...

    def save(self, index: dict[str, Any]) -> None: ...


@dataclass(frozen=True)
class Library:
    bundled_dir: Path
    user_dir: Path
    context: ScriptContext
    index: IndexStore | None = None

    def scan(
        self,
        on_progress: Callable[[list[Exercise]], None] | None = None,
        index_as_it_goes: bool = False,
        progress_every: float = PROGRESS_INTERVAL,
    ) -> list[Exercise]:
        """Every exercise, sorted by kind and title. Files unchanged since the index saw them
        are not read again; `on_progress` hears the list so far every `progress_every`
        seconds while new files are read (with `index_as_it_goes`, the index is saved first,
        for another process to see)."""
        exercises, _complete = self._scan(
            on_progress, None, index_as_it_goes=index_as_it_goes, progress_every=progress_every
        )
        return exercises

    def known(self) -> list[Exercise]:
        """The exercises the index knows as they are now, reading no file (a list that fills
        in while another process reads the rest)."""
        exercises, _complete = self._scan(None, None, read_files=False)
        return exercises

    def scan_within(self, seconds: float, read_bundled: bool = True) -> tuple[list[Exercise], bool]:
        """What can be listed in about `seconds`: everything the index knows, the bundled
        exercises, and new files of the user's until the time is up. The flag says whether
        nothing was left out, so a window can show this at once and finish the scan in the
        background. `read_bundled=False`: bundled files the index does not know (the first
        start, or after an upgrade) wait for the time to be up too."""
        return self._scan(None, time.monotonic() + seconds, read_bundled=read_bundled)

    def _scan(
        self,
        on_progress: Callable[[list[Exercise]], None] | None,
        deadline: float | None,
        *,
        read_bundled: bool = True,
        read_files: bool = True,
        index_as_it_goes: bool = False,
        progress_every: float = PROGRESS_INTERVAL,
    ) -> tuple[list[Exercise], bool]:
        def late(origin: Origin, reading: bool = False) -> bool:
            # The bundled few are always listed (unless reading them is to wait as well): the
            # library is never empty. The person's own are listed until the time is up, even
            # from the index (thousands of them take a while to check and to show).
            waits = origin == "user" or (reading and not read_bundled)
            return waits and deadline is not None and time.monotonic() > deadline

        found: dict[tuple[Origin, str], Exercise] = {}
        unread: list[tuple[Origin, str]] = []
        complete = True
        with collector_paused():
            index = _Index(self.index, self.context)
            paths: dict[Origin, list[str]] = {
                "bundled": _script_paths(self.bundled_dir),
                "user": _script_paths(self.user_dir),
            }
            for origin, names in paths.items():
                for name in names:
                    if late(origin):
                        complete = False
                        break
                    exercise = index.get(name, Path(name), origin)
                    if exercise is None:
                        unread.append((origin, name))
                    else:
                        found[origin, name] = exercise

        def listed() -> list[Exercise]:  # in path order, as `combine` names clashes
            bundled, user = (
                [found[origin, n] for n in paths[origin] if (origin, n) in found]
                for origin in ("bundled", "user")
            )
            return combine(bundled, user)

        if not read_files:
            return listed(), not unread
        # Reading a file makes short-lived garbage: the collector runs as usual meanwhile.
        last_report = time.monotonic()
        for origin, name in unread:
            if late(origin, reading=True):
                complete = False
                break
            exercise = index.read(Path(name), origin)
            now = time.monotonic()
            if on_progress is not None and now - last_report > progress_every:
                if index_as_it_goes:
                    index.save(keep=None)
                on_progress(listed())  # the last file is in the list the scan returns
                last_report = now
            found[origin, name] = exercise
        index.save(keep=[*paths["bundled"], *paths["user"]] if complete else None)
        return listed(), complete

    def find(self, reference: str) -> Exercise:
        """An exercise by id (user files shadow bundled ones) or by path to a YAML file."""
        for exercise in self.scan():
            if exercise.id == reference and exercise.origin != "file":
                return exercise
        path = Path(reference).expanduser()
        if path.suffix.lower() in SCRIPT_SUFFIXES or path.exists():
            return self.read(path, "file")
        raise ExerciseNotFound(
            f"no exercise called '{reference}'",
            "Run `bodyscan list` to see the exercises, or give the path to a .yaml file.",
        )

    def load(self, reference: str) -> Script:
        exercise = self.find(reference)
        script = exercise.script
        if script is None:
            if not exercise.broken:  # changed since it was listed: read it again for why
                exercise = self.read(exercise.path, exercise.origin)
            error = exercise.first_error
            raise ScriptError(
                f"{exercise.path.name} cannot be used: {error.message if error else 'unreadable'}",
                "\n".join(p.format(str(exercise.path)) for p in exercise.problems),
                exercise.problems,
            )
        return script

    def usable(self, ids: Iterable[str]) -> dict[str, Script]:
        """The scripts with these ids that load (a broken or missing one is left out and
        logged). Spends at most about a tenth of a second reading files the index does not
        know yet, so it never waits for a large folder of new exercises."""
        wanted = set(ids)
        found = {}
        exercises, _complete = self.scan_within(0.1)
        for exercise in exercises:
            if exercise.id in wanted and exercise.origin != "file":
                script = exercise.script
                if script is None:
                    log.warning("%s cannot be used: %s", exercise.id, exercise.first_error)
                else:
                    found[exercise.id] = script
        return found

    def read(self, path: Path, origin: Origin) -> Exercise:
        return _read(path, origin, self.context)


def combine(bundled: Iterable[Exercise], user: Iterable[Exercise]) -> list[Exercise]:
    """The library as shown: user files shadow bundled ones with the same id, and two user
    files with one id are both listed as broken (the second names the first)."""
    bundled_by_id = {e.id: e for e in bundled}
    found: dict[str, Exercise] = dict(bundled_by_id)
    user_ids: dict[str, Path] = {}
    for exercise in user:
        if exercise.id in user_ids:
            other = user_ids[exercise.id]
            clash = Problem(1, 1, "error", f"id '{exercise.id}' is already used by {other.name}")
            found[f"{exercise.id}@{exercise.path}"] = Exercise(
                exercise.id, exercise.path, "user", None, (clash, *exercise.problems)
            )
            continue
        user_ids[exercise.id] = exercise.path
        shadowed = bundled_by_id.get(exercise.id)
        shadows = shadowed.path if shadowed else None
        # `replace` only when something changes: it costs more than the rest of a listing.
        found[exercise.id] = (
            exercise if exercise.shadows == shadows else replace(exercise, shadows=shadows)
        )
    return sorted(found.values(), key=lambda e: e.sort_key)


def _read(path: Path, origin: Origin, context: ScriptContext) -> Exercise:
    # The loader (and YAML) is imported the first time a file is read, in the background
    # scan, not when the window starts with its index.
    from bodyscan.core.loader import check_file, default_id  # noqa: PLC0415

    result = check_file(path, context)
    script = result.script
    script_id = script.id if script else default_id(path)
    info = ExerciseInfo.of(script) if script else None
    return Exercise(script_id, path, origin, info, result.problems, None, context, script)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Thousands of index entries and exercises are made at once and all kept: the cyclic
    garbage collector would walk them again and again as they pile up, finding nothing (a
    fifth of a warm scan of five thousand). The pause is the whole process's: in the window,
    the GUI thread's garbage waits too while a background scan checks the index (0.15 s at
    most), never while scripts are read."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _script_paths(folder: Path) -> list[str]:
    """The script files under `folder` (hidden files and folders left out), in the order of
    their `Path`s (part by part), found with `os.scandir`: five thousand are listed in a few
    milliseconds instead of the tenth of a second `Path.rglob` and sorting `Path`s took."""
    if not folder.exists():
        return []  # no folder of one's own yet: nothing to list, nothing to say
    found: list[str] = []
    _walk(str(folder), found)
    return found


def _walk(folder: str, found: list[str]) -> None:
    # Each folder's names sorted, and a subfolder's files listed where its name sorts: the
    # same order as comparing paths part by part.
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        log.warning("cannot read exercises in %s: %s", folder, exc)
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):  # as rglob: a linked folder is not entered
            _walk(entry.path, found)
        elif name.lower().endswith(SCRIPT_SUFFIXES):
            found.append(entry.path)


# --- the index -----------------------------------------------------------------------------


def _signature(path: Path | str) -> list[int]:
    """Size and modification time, or [-1, -1] for a file that is not there."""
    try:
        stat = os.stat(path)
    except OSError:
        return [-1, -1]
    return [stat.st_size, stat.st_mtime_ns]


def _recordings(script: Script) -> Iterator[Path]:
    for step in script.steps:
        if isinstance(step, Say) and step.audio is not None:
            yield step.audio


def code_stamp() -> str:
    """Changes whenever the code that reads scripts changes, so an index made by another
    version of bodyscan is never trusted."""
    global _CODE_STAMP  # noqa: PLW0603 - computed once per process
    if _CODE_STAMP is None:
        digest = hashlib.sha256()
        for source in sorted(Path(__file__).parent.glob("*.py")):
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
        _CODE_STAMP = digest.hexdigest()
    return _CODE_STAMP


def context_stamp(context: ScriptContext) -> str:
    """What a script was checked against: sound names and files, shared audio folders."""
    sounds = context.sounds
    parts = [
        code_stamp(),
        repr(sorted(sounds.bells.items())),
        repr(sorted(sounds.ambient.items())),
        repr(sorted((name, str(path)) for name, path in sounds.files.items())),
        repr([str(p) for p in context.shared_audio]),
        "probe" if context.probe is not None else "no probe",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class _Index:
    """One scan's view of the stored index: what it can reuse, and what it learnt."""

    def __init__(self, store: IndexStore | None, context: ScriptContext) -> None:
        self.store = store
        self.context = context
        self.stamp = context_stamp(context)
        self.entries: dict[str, list[Any]] = {}
        self.changed = False
        if store is not None:
            stored = store.load()
            entries = stored.get("files")
            if stored.get("stamp") == self.stamp and isinstance(entries, dict):
                self.entries = entries
            elif stored:
                self.changed = True  # another version's or another context's index

    def get(self, name: str, path: Path, origin: Origin) -> Exercise | None:
        """The exercise at `path` (whose text is `name`) as the index saw it, if unchanged."""
        entry = self.entries.get(name)
        if entry is None:
            return None
        try:
            size, mtime, dependencies, script_id, info, problems = entry
            if [size, mtime] != _signature(name):
                return None
            if dependencies and any(_signature(d) != sig for d, sig in dependencies):
                return None
            return Exercise(
                str(script_id),
                path,
                origin,
                _info_from_json(info),
                tuple([Problem(*p) for p in problems]) if problems else (),
                None,
                self.context,
            )
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            log.info("index entry for %s is not readable; reading the file", path)
            return None

    def read(self, path: Path, origin: Origin) -> Exercise:
        signature = _signature(path)
        exercise = _read(path, origin, self.context)
        if exercise.loaded is not None and exercise.info is not None:
            # Broken files are not kept: a missing recording may appear at any time. Lists,
            # not mappings: five thousand entries are read back in two thirds of the time.
            self.entries[str(path)] = [
                *signature,
                [[str(p), _signature(p)] for p in _recordings(exercise.loaded)],
                exercise.id,
                _info_to_json(exercise.info),
                [[p.line, p.column, p.severity, p.message] for p in exercise.problems],
            ]
            self.changed = True
        elif self.entries.pop(str(path), None) is not None:
            self.changed = True
        return exercise

    def save(self, keep: list[str] | None) -> None:
        """Store what was learnt; entries of files not in `keep` are forgotten (None: keep
        all, as after a scan that did not get through every file)."""
        if keep is not None:
            kept = set(keep)
            for name in [name for name in self.entries if name not in kept]:
                del self.entries[name]  # files that are gone
                self.changed = True
        if self.store is not None and self.changed:
            self.store.save({"stamp": self.stamp, "files": self.entries})
            self.changed = False


def _info_to_json(info: ExerciseInfo) -> list[Any]:
    # Numerators and denominators: parsing "123/4" back costs four times as long.
    return [
        info.kind,
        info.title,
        info.summary,
        list(info.tags),
        list(info.cautions),
        [info.shortest.numerator, info.shortest.denominator],
        [info.longest.numerator, info.longest.denominator],
    ]


def _info_from_json(data: Any) -> ExerciseInfo:
    kind, title, summary, tags, cautions, shortest, longest = data
    if kind not in KINDS:
        raise ValueError(kind)
    return ExerciseInfo(
        kind,
        str(title),
        str(summary),
        tuple(map(str, tags)),
        tuple(map(str, cautions)),
        _fraction(shortest),
        _fraction(longest),
    )


def _fraction(pair: Any) -> Fraction:
    numerator, denominator = pair
    if type(numerator) is not int or type(denominator) is not int:
        raise TypeError(pair)
    return _fraction_of(numerator, denominator)


@lru_cache(maxsize=4096)
def _fraction_of(numerator: int, denominator: int) -> Fraction:
    # Lengths repeat (whole minutes, copies of one exercise): a Fraction costs more to make
    # than to look up, and they are immutable.
    return Fraction(numerator, denominator)

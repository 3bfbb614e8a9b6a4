"""Find exercises: the bundled ones plus the user's own folder.

A user file with the id of a bundled exercise shadows it (and says so). A broken file is
listed as broken with its first error and never hides the others.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from bodyscan.core.loader import ScriptContext, check_file, default_id
from bodyscan.core.problems import Problem
from bodyscan.core.script import KINDS, Script
from bodyscan.errors import ExerciseNotFound, ScriptError

log = logging.getLogger(__name__)

Origin = Literal["bundled", "user", "file"]
SCRIPT_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Exercise:
    id: str
    path: Path
    origin: Origin
    script: Script | None
    problems: tuple[Problem, ...] = ()
    shadows: Path | None = None  # the bundled file this user file hides

    @property
    def broken(self) -> bool:
        return self.script is None

    @property
    def first_error(self) -> Problem | None:
        return next((p for p in self.problems if p.severity == "error"), None)

    @property
    def title(self) -> str:
        return self.script.title if self.script else self.path.name

    @property
    def sort_key(self) -> tuple[int, str]:
        kind_rank = KINDS.index(self.script.kind) if self.script else len(KINDS)
        return kind_rank, self.title.lower()


@dataclass(frozen=True)
class Library:
    bundled_dir: Path
    user_dir: Path
    context: ScriptContext

    def scan(self) -> list[Exercise]:
        bundled = {e.id: e for e in self._read_folder(self.bundled_dir, "bundled")}
        found: dict[str, Exercise] = dict(bundled)
        user_ids: dict[str, Path] = {}
        for exercise in self._read_folder(self.user_dir, "user"):
            if exercise.id in user_ids:
                other = user_ids[exercise.id]
                clash = Problem(
                    1, 1, "error", f"id '{exercise.id}' is already used by {other.name}"
                )
                found[f"{exercise.id}@{exercise.path}"] = Exercise(
                    exercise.id, exercise.path, "user", None, (clash, *exercise.problems)
                )
                continue
            user_ids[exercise.id] = exercise.path
            shadowed = bundled.get(exercise.id)
            found[exercise.id] = replace(exercise, shadows=shadowed.path if shadowed else None)
        return sorted(found.values(), key=lambda e: e.sort_key)

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
        if exercise.script is None:
            error = exercise.first_error
            raise ScriptError(
                f"{exercise.path.name} cannot be used: {error.message if error else 'unreadable'}",
                "\n".join(p.format(str(exercise.path)) for p in exercise.problems),
                exercise.problems,
            )
        return exercise.script

    def usable(self, ids: Iterable[str]) -> dict[str, Script]:
        """The scripts with these ids that load, from one scan (a broken or missing one is
        left out and logged)."""
        wanted = set(ids)
        found = {}
        for exercise in self.scan():
            if exercise.id in wanted and exercise.origin != "file":
                if exercise.script is None:
                    log.warning("%s cannot be used: %s", exercise.id, exercise.first_error)
                else:
                    found[exercise.id] = exercise.script
        return found

    def read(self, path: Path, origin: Origin) -> Exercise:
        result = check_file(path, self.context)
        script_id = result.script.id if result.script else default_id(path)
        return Exercise(script_id, path, origin, result.script, result.problems)

    def _read_folder(self, folder: Path, origin: Origin) -> list[Exercise]:
        try:
            paths = sorted(
                p
                for p in folder.rglob("*")
                if p.suffix.lower() in SCRIPT_SUFFIXES and not _hidden(p, folder)
            )
        except OSError as exc:
            log.warning("cannot read exercises in %s: %s", folder, exc)
            return []
        return [self.read(path, origin) for path in paths]


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)

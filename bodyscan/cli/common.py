"""What several commands share: exit codes, terminal questions, the journal, writing files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bodyscan import provider
from bodyscan.errors import BodyscanError
from bodyscan.files import write_text_atomically
from bodyscan.paths import user_paths
from bodyscan.practice import Choices, Overrides, choices_from
from bodyscan.settings import Settings, SettingsStore

if TYPE_CHECKING:
    from bodyscan.core.script import Script
    from bodyscan.journal.store import Journal
    from bodyscan.narration.narrator import Narrator

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def say_error(error: BodyscanError, suffix: str = "") -> None:
    """An error as the command line says every error: a short line, then what to do."""
    print(f"bodyscan: {error.short}{suffix}", file=sys.stderr)
    if error.detail:
        print(error.detail, file=sys.stderr)


def ask(prompt: str) -> str:
    """One line from the terminal ("" at its end). Not input(): without the readline module it
    writes the prompt to stderr."""
    sys.stdout.write(prompt)
    sys.stdout.flush()
    return sys.stdin.readline().rstrip("\n")


def open_journal() -> Journal | None:
    """The journal, or None (said once) when it cannot be opened: playing never depends on it."""
    try:
        journal = provider.journal()
    except BodyscanError as exc:
        print(f"bodyscan: {exc.short}; this session will not be saved.", file=sys.stderr)
        return None
    if journal.notice:
        print(f"bodyscan: {journal.notice}", file=sys.stderr)
    return journal


def write_text(path: Path, text: str) -> None:
    write_text_atomically(path, text, f"write {path.name}")


def write_json(path: Path, document: object) -> None:
    write_text(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def storage_outcome(narrator: Narrator) -> int:
    """Sound is made even when the narration cache cannot keep it (a full disk), but the
    person is told what failed and what to do, and the command fails."""
    problem = narrator.storage_problem
    if problem is None:
        return EXIT_OK
    say_error(problem)
    return EXIT_FAILURE


def load_settings() -> Settings:
    """The settings chosen in the app (voice, speed, background, bells, left-out areas), which
    the commands honour unless a flag says otherwise."""
    store = SettingsStore(user_paths().settings_file)
    settings = store.load()
    if store.notice:
        print(f"bodyscan: {store.notice}", file=sys.stderr)
    return settings


def choices(args: argparse.Namespace, settings: Settings, script: Script | None = None) -> Choices:
    """The session's choices: the settings (and those last made for the exercise), with the
    flags of `play` and `export` on top."""
    return choices_from(
        settings,
        Overrides(
            minutes=args.minutes,
            ambient=args.ambient,
            no_bell=args.no_bell,
            left_out=args.leave_out or None,
            eyes=args.eyes,
            anchor=args.anchor,
            no_holds=args.no_holds,
        ),
        script,
    )

"""Where edited exercises live: names for new ones, and copies of bundled ones."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from bodyscan.authoring.draft import ExerciseDraft
from bodyscan.files import write_bytes_atomically, write_text_atomically
from bodyscan.paths import private_folder


def slug(title: str) -> str:
    made = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return made[:60].strip("-") or "my-exercise"


def free_path(folder: Path, stem: str) -> Path:
    """`folder/stem.yaml`, or `stem-2.yaml`, ... if that is taken."""
    candidate = folder / f"{stem}.yaml"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}.yaml"
        number += 1
    return candidate


def relative_audio(draft: ExerciseDraft) -> Iterator[str]:
    for step in draft.steps():
        audio = step.get("audio")
        if isinstance(audio, str) and audio:
            yield audio


def copy_for_editing(source: Path, user_folder: Path) -> Path:
    """A bundled exercise copied into the person's own folder (with the recordings it names
    beside it), so that editing never changes the bundled file. A user file is edited where it
    is. Returns the file to edit."""
    if source.resolve().parent == user_folder.resolve():
        return source
    private_folder(user_folder, "make your exercises folder")
    target = free_path(user_folder, source.stem)
    text = source.read_text(encoding="utf-8")
    draft = ExerciseDraft.from_text(text)
    for audio in relative_audio(draft):
        original = (source.parent / audio).resolve()
        copy = (user_folder / audio).resolve()
        if (
            original.is_file()
            and original.is_relative_to(source.parent.resolve())
            and copy.is_relative_to(user_folder.resolve())
            and not copy.exists()
        ):
            private_folder(copy.parent, "make the recordings folder")
            write_bytes_atomically(copy, original.read_bytes(), "copy a recording")
    write_text_atomically(target, text, "copy the exercise for editing")
    return target

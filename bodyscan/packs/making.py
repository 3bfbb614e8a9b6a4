"""Writing a pack: the script as its author wrote it, and every recording it uses.

Only what the script names goes in: `exercise.yaml` at the top and each recording under the
path its `audio:` gives (nothing else from the folder). Entries are stored, not compressed
(recordings hardly compress, and a stored entry can never look like a zip bomb), with one
fixed date so the same exercise always makes the same pack.

A script without an `id:` takes its id from its file name, which a pack does not keep; so
such a script gets one line, `id: <its id>`, before its first key, and keeps its id wherever
it is installed. Nothing else in it changes: description and cautions stay as written.
"""

from __future__ import annotations

import logging
import re
import shutil
import stat
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from bodyscan.core.context import ScriptContext
from bodyscan.core.loader import check_text
from bodyscan.core.script import Script
from bodyscan.core.yamlnodes import MappingPairs, YamlReadError, decode, parse
from bodyscan.errors import PackError
from bodyscan.files import atomic_file
from bodyscan.packs.archive import (
    MAX_ENTRIES,
    MAX_TOTAL_BYTES,
    SCRIPT_NAME,
    name_problem,
    same_on_every_disk,
)
from bodyscan.packs.recordings import audio_values, inner_path

log = logging.getLogger(__name__)

PACK_SUFFIX = ".bodyscan"
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
ENTRY_MODE = (stat.S_IFREG | 0o644) << 16
YAML_LINE_BREAK = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")


@dataclass(frozen=True)
class Packed:
    path: Path
    exercise_id: str
    recordings: tuple[str, ...]
    size: int  # bytes of the pack file


def make_pack(script: Script, target: Path, context: ScriptContext) -> Packed:
    """Write `script` (validated) and its recordings to `target`; raises PackError for what
    cannot be carried and StorageError when the file cannot be written."""
    if script.path is None:
        raise PackError("this exercise has no file to pack")
    source = script.path
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise PackError(f"{source.name} cannot be read: {exc.strerror or exc}") from None
    try:
        text = decode(data)
    except YamlReadError as exc:
        raise PackError(f"{source.name} cannot be packed: {exc.problem.message}") from None
    folder = source.resolve().parent
    recordings = _recordings(source, text)
    if len(recordings) + 1 > MAX_ENTRIES:
        raise PackError(
            f"{script.title} uses {len(recordings):,} recordings; a pack may hold at most "
            f"{MAX_ENTRIES - 1:,}"
        )
    total = len(data)
    for inner in recordings:
        try:
            total += (folder / inner).stat().st_size
        except OSError as exc:
            raise PackError(f"recording '{inner}' cannot be read: {exc.strerror or exc}") from None
    if total > MAX_TOTAL_BYTES:
        raise PackError(
            f"{script.title} and its recordings take {total / 1e6:,.0f} MB; a pack may hold "
            f"at most {MAX_TOTAL_BYTES // 1_000_000} MB",
            "Convert the recordings to a compressed format such as OGG or MP3, then pack again.",
        )
    if not _has_id_key(text):
        data = _with_id(text, script, context).encode("utf-8")
    with (
        atomic_file(target, f"write the pack {target.name}") as out,
        zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive,
    ):
        archive.writestr(_entry(SCRIPT_NAME), data)
        for inner in recordings:
            with (
                (folder / inner).open("rb") as recording,
                archive.open(_entry(inner), "w", force_zip64=True) as entry,
            ):
                shutil.copyfileobj(recording, entry, 1 << 20)
    size = target.stat().st_size
    log.info("packed %s with %d recording(s) into %s", script.id, len(recordings), target)
    return Packed(target, script.id, tuple(recordings), size)


def _recordings(source: Path, text: str) -> list[str]:
    """The inner paths of the recordings the script uses, each once, in file order."""
    found: dict[str, str] = {}
    for node in audio_values(text):
        inner = inner_path(node.value)
        where = f"{source.name}, line {node.line}"
        if inner is None:
            raise PackError(
                f"{where}: recording '{node.value}' is outside the exercise's folder, so it "
                "cannot go in a pack",
                "A pack carries only recordings in the exercise's folder or below it. Copy the "
                "recording there and give `audio:` its path from that folder "
                "(e.g. recordings/feet.wav), then pack again.",
            )
        problem = name_problem(inner)
        if problem is not None:
            raise PackError(
                f"{where}: the recording cannot go in a pack: {problem}",
                "Rename the file (plain letters, digits, '-', '_' and '/' are safest) and "
                "change its `audio:` path, then pack again.",
            )
        key = same_on_every_disk(inner)
        if key in found and found[key] != inner:
            raise PackError(
                f"{where}: recordings '{found[key]}' and '{inner}' differ only in letter "
                "case or accents; many disks would see one file",
                "Rename one of them and change its `audio:` path, then pack again.",
            )
        found[key] = inner
    return list(dict.fromkeys(found.values()))


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, FIXED_DATE)
    info.external_attr = ENTRY_MODE
    info.create_system = 3  # Unix: the mode above says "a plain file"
    info.compress_type = zipfile.ZIP_STORED
    return info


def _has_id_key(text: str) -> bool:
    root = parse(text)
    return isinstance(root.value, MappingPairs) and any(k.value == "id" for k, _ in root.value)


def _with_id(text: str, script: Script, context: ScriptContext) -> str:
    """The script with `id:` added before its first key (block or flow style), checked to
    read back as the same exercise."""
    root = parse(text)
    assert isinstance(root.value, MappingPairs) and root.value  # a validated script
    first = root.value[0][0]
    starts = [0, *(m.end() for m in YAML_LINE_BREAK.finditer(text))]
    offset = starts[first.line - 1] + first.column - 1
    indent = " " * (first.column - 1)
    quick = replace(context, probe=None)  # the recordings were decoded when it was loaded
    for added in (f"id: {script.id}\n{indent}", f"id: {script.id}, "):
        candidate = text[:offset] + added + text[offset:]
        checked = check_text(candidate, script.path or Path(SCRIPT_NAME), quick)
        if checked.script is not None and checked.script.id == script.id:
            return candidate
    raise PackError(
        f"{script.title} has no `id:` and one could not be added to it",
        f"Add the line `id: {script.id}` at the top of the script, then pack again.",
    )

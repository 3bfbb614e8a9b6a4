"""Building packs by hand with zipfile, as another tool (or an attacker) might."""

from __future__ import annotations

import hashlib
import stat
import struct
import zipfile
from pathlib import Path

from tests.conftest import burst

SCRIPT = """\
id: shared-calm
title: Shared calm
kind: grounding
bell: false
author: A. Therapist
description: |
  Written by a therapist for one person.
  Every line of this stays as written.
cautions:
  - Stop whenever you want; opening your eyes is always fine.
  - If you feel far away, press your feet into the floor.
steps:
  - say: Notice your feet, or nothing at all.
    audio: recordings/feet.wav
    pause: 2s
"""


def recording(tmp: Path, seconds: float = 0.5, hz: float = 440) -> bytes:
    path = burst(tmp / f"burst-{hz}-{seconds}.wav", hz, seconds)
    return path.read_bytes()


def plain(name: str, mode: int = stat.S_IFREG | 0o644) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
    info.create_system = 3
    info.external_attr = mode << 16
    return info


def write_pack(
    path: Path,
    entries: list[tuple[str | zipfile.ZipInfo, bytes]],
    compression: int = zipfile.ZIP_STORED,
) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in entries:
            info = plain(name) if isinstance(name, str) else name
            info.compress_type = compression
            archive.writestr(info, data)
    return path


def good_entries(tmp: Path, script: str = SCRIPT) -> list[tuple[str | zipfile.ZipInfo, bytes]]:
    return [("exercise.yaml", script.encode()), ("recordings/feet.wav", recording(tmp))]


def set_declared_sizes(path: Path, name: str, file_size: int, compress_size: int) -> None:
    """Make the central directory claim other sizes for `name` than its data has."""
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + name_length]) == encoded:
            struct.pack_into("<II", data, at + 20, compress_size, file_size)
            path.write_bytes(bytes(data))
            return
        at += 4
    raise AssertionError(f"{name} not in {path}")


def set_flag_bits(path: Path, name: str, bits: int) -> None:
    """Set general-purpose flag bits (e.g. 0x1, encrypted) on `name` in the central directory."""
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + name_length]) == encoded:
            flags = struct.unpack_from("<H", data, at + 8)[0]
            struct.pack_into("<H", data, at + 8, flags | bits)
            path.write_bytes(bytes(data))
            return
        at += 4
    raise AssertionError(f"{name} not in {path}")


def tree(folder: Path) -> dict[str, str]:
    """Every path under `folder` with its content's hash (folders as "dir")."""
    return {
        str(p.relative_to(folder)): (
            "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
        )
        for p in sorted(folder.rglob("*"))
    }

"""What a pack's zip archive may hold, checked before a byte of it is written anywhere.

A pack comes from someone else. Its entries are checked by name and by kind from the zip's
central directory alone: a name that could land outside the folder it is unpacked into
(absolute, `..`, a backslash, a drive letter), a name two file systems could read as one
(the same name twice, names equal but for letter case or Unicode composition, as on macOS and
Windows), an invisible or control character, a symbolic link or a device, an encrypted entry,
too many entries, too much data or an entry that inflates more than any recording does (a zip
bomb). Reading an entry later never gives more bytes than it declared (`read_entry`).
"""

from __future__ import annotations

import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from bodyscan.errors import PackError

SCRIPT_NAME = "exercise.yaml"
MAX_ENTRIES = 1000
MAX_TOTAL_BYTES = 500 * 1000 * 1000
MAX_RATIO = 200
CHUNK = 1 << 16
# The end record (22 bytes) sits in the last 22 bytes + up to 64 KiB of comment.
_END_SEARCH = 22 + 0xFFFF
_INVISIBLE_CATEGORIES = ("Cc", "Cf", "Co", "Cs", "Zl", "Zp")


@dataclass(frozen=True)
class Entries:
    """A pack's files by their inner path (folders left out)."""

    files: dict[str, zipfile.ZipInfo]

    def total_bytes(self) -> int:
        return sum(info.file_size for info in self.files.values())


def refused(pack: Path, reason: str, what_to_do: str = "") -> PackError:
    what_to_do = what_to_do or "Ask whoever made the pack for a new one."
    return PackError(
        f"{pack.name} was not installed: {reason}", f"{what_to_do}\nNothing was installed."
    )


def open_archive(pack: Path) -> zipfile.ZipFile:
    try:
        mode = pack.stat().st_mode
        if stat.S_ISDIR(mode):
            raise refused(pack, "it is a folder, not a pack file", "Choose a .bodyscan file.")
        if not stat.S_ISREG(mode):  # a pipe or a device would be read forever
            raise refused(pack, "it is not a regular file", "Choose a .bodyscan file.")
        declared = declared_entries(pack)
        if declared is not None and declared > MAX_ENTRIES:
            raise too_many(pack, declared)
        return zipfile.ZipFile(pack)
    except FileNotFoundError:
        raise PackError(
            f"{pack} does not exist", "Check the name and the folder of the pack file."
        ) from None
    except PermissionError:
        raise PackError(
            f"{pack.name} cannot be read: permission denied",
            "Check the file's permissions, or copy it somewhere of yours first.",
        ) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise refused(
            pack,
            "it is not a bodyscan pack (not a zip archive, or a damaged one)",
            'A pack is a .bodyscan file made by `bodyscan pack` or "Share…". If it came by '
            "mail or download, fetch it again: it may be incomplete.",
        ) from None
    except OSError as exc:
        raise PackError(
            f"{pack.name} cannot be read: {exc.strerror or exc}",
            "Check the file, or copy it to your own disk first.",
        ) from None


def check_entries(pack: Path, archive: zipfile.ZipFile) -> Entries:
    """Every entry's name, kind and size checked; the files by inner path. Raises PackError."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise too_many(pack, len(infos))
    files: dict[str, zipfile.ZipInfo] = {}
    seen: dict[str, str] = {}
    total = 0
    for info in infos:
        name = info.orig_filename
        _check_name(pack, name)
        key = same_on_every_disk(name.rstrip("/"))
        if key in seen:
            first = seen[key]
            how = "twice" if first == name else f"as '{shown(first)}' and '{shown(name)}'"
            raise refused(
                pack,
                f"it holds '{shown(name)}' {how}; on many disks these are one file, so which "
                "one would be installed is unclear",
            )
        seen[key] = name
        if info.flag_bits & 0x1:
            raise refused(pack, f"'{shown(name)}' is encrypted; a pack cannot be")
        kind = _kind(info)
        if kind == "folder":
            continue
        if kind != "file":
            raise refused(
                pack,
                f"'{shown(name)}' is {kind}; a pack holds only plain files",
                "A pack holds exercise.yaml and its recordings as plain files.",
            )
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise refused(
                pack,
                f"it unpacks to more than {MAX_TOTAL_BYTES // 1_000_000} MB; "
                f"a pack may hold at most {MAX_TOTAL_BYTES // 1_000_000} MB",
            )
        if info.file_size > MAX_RATIO * max(info.compress_size, 1) or (
            info.compress_size == 0 and info.file_size > 0
        ):
            raise refused(
                pack,
                f"'{shown(name)}' would inflate more than {MAX_RATIO} times its packed size, "
                'which no recording or script does (a "zip bomb")',
            )
        files[name] = info
    return Entries(files)


def too_many(pack: Path, count: int) -> PackError:
    return refused(pack, f"it holds {count:,} entries; a pack may hold at most {MAX_ENTRIES:,}")


def declared_entries(pack: Path) -> int | None:
    """How many entries the zip's end record says it has, read before its directory is (a
    directory of millions of entries would take long and much memory); None when there is
    no end record to read (zipfile then says what is wrong)."""
    with pack.open("rb") as handle:
        size = handle.seek(0, 2)
        tail_start = max(0, size - _END_SEARCH)
        handle.seek(tail_start)
        tail = handle.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or at + 22 > len(tail):
            return None
        count: int = struct.unpack_from("<H", tail, at + 10)[0]
        if count != 0xFFFF or at < 20 or tail[at - 20 : at - 16] != b"PK\x06\x07":
            return count
        # Zip64: the locator just before the end record says where the bigger count is.
        (record,) = struct.unpack_from("<Q", tail, at - 20 + 8)
        handle.seek(record)
        zip64_end = handle.read(56)
        if len(zip64_end) < 40 or not zip64_end.startswith(b"PK\x06\x06"):
            return None
        total: int = struct.unpack_from("<Q", zip64_end, 32)[0]
        return total


def read_entry(
    pack: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, out: BinaryIO | None = None
) -> bytes:
    """An entry's bytes (or written to `out`, returning b""), never more than it declared;
    a damaged entry is refused."""
    kept: list[bytes] = []
    written = 0
    try:
        with archive.open(info) as entry:
            for chunk in _chunks(entry):
                written += len(chunk)
                if written > info.file_size:
                    raise refused(pack, f"'{shown(info.filename)}' is larger than it says")
                if out is None:
                    kept.append(chunk)
                else:
                    out.write(chunk)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        raise refused(
            pack,
            f"'{shown(info.filename)}' cannot be unpacked ({_reason(exc)})",
            "The pack may be damaged or incomplete: fetch it again.",
        ) from None
    return b"".join(kept)


def _chunks(entry: IO[bytes]) -> Iterator[bytes]:
    while chunk := entry.read(CHUNK):
        yield chunk


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if "CRC" in text:
        return "its checksum does not match"
    if "compression" in text.lower():
        return "packed with a method bodyscan cannot read"
    return text[:120]


def _check_name(pack: Path, name: str) -> None:
    problem = name_problem(name)
    if problem is not None:
        raise refused(pack, problem)


def name_problem(name: str) -> str | None:
    """Why a path may not be a pack's inner path, or None when it may."""
    quoted = shown(name)
    if not name or name in ("/", "."):
        return "it holds an entry with no name"
    if "\\" in name:
        return f"'{quoted}' has a backslash in its name; inner paths use '/' only"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return f"'{quoted}' is an absolute path; a pack holds only relative paths"
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        return f"'{quoted}' uses '..' to reach outside the pack"
    if any(part in ("", ".") for part in parts):
        return f"'{quoted}' has an empty or '.' part in its path"
    if any(_invisible(ch) for ch in name):
        return f"'{quoted}' has control or invisible characters in its name"
    return None


def _invisible(character: str) -> bool:
    return unicodedata.category(character) in _INVISIBLE_CATEGORIES


def same_on_every_disk(name: str) -> str:
    """The name as case-insensitive, normalising file systems see it."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", name).casefold())


def shown(name: str) -> str:
    """A name safe to print: invisible characters spelt as escapes, at most 120 characters."""
    text = "".join(
        ch if not _invisible(ch) else ch.encode("unicode_escape").decode("ascii") for ch in name
    )
    return text if len(text) <= 120 else text[:117] + "..."


def _kind(info: zipfile.ZipInfo) -> str:
    mode = info.external_attr >> 16
    file_type = stat.S_IFMT(mode)
    if info.filename.endswith("/") or (file_type == 0 and info.external_attr & 0x10):
        return "folder" if file_type in (0, stat.S_IFDIR) else "an odd folder entry"
    if file_type in (0, stat.S_IFREG):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"

"""Read YAML into values that remember where they were written.

Only PyYAML's safe machinery is used, and never on its own to build Python objects from the
whole document: `compose` gives a node graph (cheap even for alias bombs, since aliases share
nodes), and `to_located` walks it with a budget on nodes and depth, so a billion-laughs file or
a recursive alias ends in a clear error instead of eating memory or recursing forever.
"""

from __future__ import annotations

import errno
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor

from bodyscan.core.durations import describe_type
from bodyscan.core.problems import Problem

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 50

Scalar = str | int | float | bool | None | object


@dataclass(frozen=True)
class Located:
    """A YAML value with the 1-based line and column where it starts.

    Mappings are kept as a list of (key, value) pairs so that duplicate and non-text keys can
    be reported with their own positions.
    """

    value: object
    line: int
    column: int

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.value, MappingPairs)

    @property
    def is_sequence(self) -> bool:
        return isinstance(self.value, SequenceItems)

    @property
    def type_name(self) -> str:
        """What kind of value this is, in an author's words."""
        if isinstance(self.value, MappingPairs):
            return "a mapping"
        if isinstance(self.value, SequenceItems):
            return "a list"
        return describe_type(self.value)

    def plain(self) -> object:
        """The value as plain Python data (the last of duplicate keys wins)."""
        if isinstance(self.value, MappingPairs):
            return {_hashable(k.plain()): v.plain() for k, v in self.value}
        if isinstance(self.value, SequenceItems):
            return [item.plain() for item in self.value]
        return self.value


class MappingPairs(list[tuple[Located, Located]]):
    """Key/value pairs of a YAML mapping, in file order."""


class SequenceItems(list[Located]):
    """Items of a YAML sequence, in file order."""


def _hashable(value: object) -> object:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


class YamlReadError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _fail(line: int, column: int, message: str) -> YamlReadError:
    return YamlReadError(Problem(line, column, "error", message))


def read_text(path: Path) -> str:
    """Read a script file as text, refusing what cannot be a script before parsing it."""
    try:
        try:
            path.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise _fail(1, 1, "this is a loop of symbolic links, not a file") from None
            if exc.errno == errno.ENOENT:
                missing = (
                    "a symbolic link to a file that is not there"
                    if path.is_symlink()
                    else "file not found"
                )
                raise _fail(1, 1, missing) from None
            raise
        if path.is_dir():
            raise _fail(1, 1, "this is a folder, not a script file")
        if not path.is_file():
            raise _fail(1, 1, "not a regular file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _fail(1, 1, f"file is {size / 1048576:.1f} MiB; a script may be at most 1 MiB")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise _fail(1, 1, "cannot read the file: permission denied") from None
    except OSError as exc:
        raise _fail(1, 1, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise _fail(1, 1, "file is over 1 MiB; a script may be at most 1 MiB")
    return decode(data)


def decode(data: bytes) -> str:
    if b"\x00" in data:
        line, column = _position_of_byte(data, data.index(b"\x00"))
        raise _fail(line, column, "this looks like a binary file, not a YAML text script")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position_of_byte(data, exc.start)
        raise _fail(line, column, "the file is not UTF-8 text; save it as UTF-8") from None


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, column


def parse(text: str) -> Located:
    """Parse one YAML document into a Located tree, or raise YamlReadError with a position."""
    return parse_checked(text)[0]


def parse_checked(text: str) -> tuple[Located, tuple[Problem, ...]]:
    """Parse, and also return the problems found in single values that do not stop reading:
    numbers YAML 1.1 reads in a surprising way (`010` is 8, `1:30` is 90) and text that is not
    made of characters (a lone surrogate, a control character written as an escape)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and problem.startswith("but "):
            problem = f"{exc.context}, {problem}"
        raise _fail(line, column, f"invalid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:
        line, column = _position_of_char(text, exc.position)
        code = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        )
        raise _fail(
            line, column, f"the file contains a control character (U+{code:04X}); remove it"
        ) from None
    except RecursionError:
        raise _fail(1, 1, f"the YAML is nested too deeply (more than {MAX_DEPTH} levels)") from None
    except Exception as exc:  # PyYAML can fail in odd ways on junk; never let it escape
        log.debug("unexpected YAML failure", exc_info=True)
        raise _fail(1, 1, f"invalid YAML ({type(exc).__name__})") from None
    if node is None:
        raise _fail(1, 1, "the file is empty; an exercise needs at least title, kind and steps")
    converter = _Converter()
    root = converter.convert(node, 0)
    return root, tuple(converter.problems)


def _position_of_char(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


_DEFAULT_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class _Converter:
    def __init__(self) -> None:
        self.nodes = 0
        self.constructor = SafeConstructor()
        self.problems: list[Problem] = []

    def convert(self, node: yaml.Node, depth: int) -> Located:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _fail(
                line,
                column,
                f"the YAML expands to more than {MAX_NODES} values (aliases repeated too often)",
            )
        if depth > MAX_DEPTH:
            raise _fail(
                line, column, f"the YAML is nested too deeply (more than {MAX_DEPTH} levels)"
            )
        if isinstance(node, yaml.ScalarNode):
            value = self._scalar(node, line, column)
            trouble = surprising_number(node) or (
                unreadable_text(value) if isinstance(value, str) else None
            )
            if trouble:
                self.problems.append(Problem(line, column, "error", trouble))
            return Located(value, line, column)
        if node.tag not in _DEFAULT_TAGS:
            raise _fail(line, column, f"YAML tags such as '{node.tag}' are not used in scripts")
        if isinstance(node, yaml.SequenceNode):
            items = SequenceItems(self.convert(child, depth + 1) for child in node.value)
            return Located(items, line, column)
        if isinstance(node, yaml.MappingNode):
            pairs = MappingPairs()
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    kl, kc = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                    raise _fail(kl, kc, "YAML merge keys ('<<') are not supported in scripts")
                pairs.append(
                    (self.convert(key_node, depth + 1), self.convert(value_node, depth + 1))
                )
            return Located(pairs, line, column)
        raise _fail(line, column, "unsupported YAML node")

    def _scalar(self, node: yaml.ScalarNode, line: int, column: int) -> object:
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError:
            raise _fail(
                line, column, f"YAML tags such as '{node.tag}' are not used in scripts"
            ) from None
        except (ValueError, OverflowError):
            digits = sum(char.isdigit() for char in node.value)
            raise _fail(
                line, column, f"cannot read this value (a number of {digits} digits is too long)"
            ) from None


_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+")
_NOT_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def surprising_number(node: yaml.ScalarNode) -> str | None:
    """Words for an unquoted number that YAML 1.1 reads differently from how it looks."""
    if node.style is not None:  # quoted: the author meant text
        return None
    text = node.value
    shown = text if len(text) <= 24 else text[:20] + "…"
    plain = text.lstrip("+-")
    if node.tag not in (_INT_TAG, _FLOAT_TAG):
        return None
    if "_" in text:
        return f"{shown} is read as {text.replace('_', '')} in YAML; write it without '_'"
    if ":" in text:
        value = _sexagesimal(text)
        return (
            f"{shown} is read as {value:g} (minutes:seconds) in YAML; write {value:g}, or a "
            "duration with units such as '1m30s'"
        )
    if node.tag != _INT_TAG:
        return None
    if plain[:2] in ("0x", "0b"):
        base = "hexadecimal" if plain[1] == "x" else "binary"
        value = int(plain[2:], 16 if plain[1] == "x" else 2)
        return f"{shown} is read as {value} in YAML ({base}); write {value}"
    if _LEADING_ZERO.fullmatch(text):
        return (
            f"{shown} is read as {int(plain, 8)} in YAML (a leading 0 means octal); "
            f"write {int(plain)} without the 0"
        )
    return None


def _sexagesimal(text: str) -> float:
    sign = -1 if text.startswith("-") else 1
    total = 0.0
    for part in text.lstrip("+-").split(":"):
        total = total * 60 + float(part)
    return sign * total


def unreadable_text(text: str) -> str | None:
    """Words for text holding something that is not a printable character, or None."""
    found = _NOT_CHARACTERS.search(text)
    if found is None:
        return None
    code = ord(found.group(0))
    if 0xD800 <= code <= 0xDFFF:
        return (
            f"this text contains U+{code:04X}, half of a surrogate pair and not a character "
            "on its own; remove it or write the whole character"
        )
    if code in (0xFFFE, 0xFFFF):
        return f"this text contains U+{code:04X}, which is not a character; remove it"
    return f"this text contains a control character (U+{code:04X}); remove it"

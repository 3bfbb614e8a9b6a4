"""Read YAML into values that remember where they were written.

Only PyYAML's safe machinery is used, and never on its own to build Python objects from the
whole document: `compose` gives a node graph (cheap even for alias bombs, since aliases share
nodes), and `to_located` walks it with a budget on nodes and depth, so a billion-laughs file or
a recursive alias ends in a clear error instead of eating memory or recursing forever.
"""

from __future__ import annotations

import logging
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
        if not path.exists():
            raise _fail(1, 1, "file not found")
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
    return _Converter().convert(node, 0)


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
            return Located(self._scalar(node, line, column), line, column)
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
            raise _fail(line, column, f"cannot read the value {node.value!r}") from None

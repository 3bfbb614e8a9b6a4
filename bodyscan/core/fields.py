"""Typed readers for Located YAML values that report problems instead of raising.

Each reader returns the value, or None after recording an error at the value's position, so
one pass over a file finds every problem in it.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from fractions import Fraction

from bodyscan.core.durations import DurationError, parse_duration, shown
from bodyscan.core.problems import Problems
from bodyscan.core.yamlnodes import Located, MappingPairs, SequenceItems

Fields = dict[str, tuple[Located, Located]]  # key name -> (key, value)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' did you mean 'x'?' for the closest choice, or '' when none is close."""
    options = list(choices)
    lowered = {choice.lower(): choice for choice in options}
    if word.lower() in lowered:
        return f"; did you mean '{lowered[word.lower()]}'?"
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f"; did you mean '{lowered[close[0]]}'?" if close else ""


def closest(word: str, choices: Iterable[str]) -> str | None:
    options = list(choices)
    close = difflib.get_close_matches(word.lower(), [c.lower() for c in options], n=1, cutoff=0.6)
    if word.lower() in (c.lower() for c in options):
        close = [word.lower()]
    for choice in options:
        if close and choice.lower() == close[0]:
            return choice
    return None


def read_mapping(
    node: Located,
    known: Iterable[str],
    problems: Problems,
    what: str,
    *,
    suggest_from: Iterable[str] | None = None,
) -> Fields | None:
    """The mapping's keys by name; unknown, duplicate and non-text keys are errors."""
    if not isinstance(node.value, MappingPairs):
        problems.error(node, f"{what} must be a mapping of keys, not {node.type_name}")
        return None
    known_keys = list(known)
    suggestions = list(suggest_from) if suggest_from is not None else known_keys
    fields: Fields = {}
    for key, value in node.value:
        if not isinstance(key.value, str):
            problems.error(key, f"keys must be text; {key.plain()!r} is {key.type_name}")
            continue
        name = key.value
        if name in fields:
            first = fields[name][0]
            problems.error(key, f"duplicate key '{name}' (first given on line {first.line})")
            continue
        if name not in known_keys:
            problems.error(key, f"unknown key '{name}'{did_you_mean(name, suggestions)}")
            continue
        fields[name] = (key, value)
    return fields


def read_text(
    node: Located, problems: Problems, what: str, *, min_len: int = 1, max_len: int | None = None
) -> str | None:
    value = node.value
    if not isinstance(value, str):
        hint = ""
        if isinstance(value, bool | int | float) or value is None:
            hint = " (put the text in quotes)"
        problems.error(node, f"{what} must be text, not {node.type_name}{hint}")
        return None
    length = len(value.strip()) if min_len else len(value)
    if length < min_len:
        problems.error(node, f"{what} is empty")
        return None
    if max_len is not None and len(value) > max_len:
        problems.error(
            node, f"{what} is {len(value)} characters long; at most {max_len} are allowed"
        )
        return None
    return value


def read_text_list(node: Located, problems: Problems, what: str) -> tuple[str, ...] | None:
    if not isinstance(node.value, SequenceItems):
        problems.error(node, f"{what} must be a list of text, e.g. [one, two]")
        return None
    items = [read_text(item, problems, f"each entry of {what}") for item in node.value]
    return tuple(item for item in items if item is not None)


def read_bool(node: Located, problems: Problems, what: str) -> bool | None:
    if not isinstance(node.value, bool):
        problems.error(node, f"{what} must be true or false, not {node.type_name}")
        return None
    return node.value


def read_duration(node: Located, problems: Problems, what: str) -> Fraction | None:
    if node.is_mapping or node.is_sequence:
        problems.error(
            node,
            f"{what}: expected a duration such as 20, 2.5, '20s' or '1m30s', got {node.type_name}",
        )
        return None
    try:
        return parse_duration(node.value)
    except DurationError as exc:
        problems.error(node, f"{what}: {exc}")
        return None


def read_number(
    node: Located, problems: Problems, what: str, *, low: float, high: float
) -> float | None:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.error(node, f"{what} must be a number, not {node.type_name}")
        return None
    if isinstance(value, float) and not math.isfinite(value):
        spelt = ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
        problems.error(
            node, f"{what} must be a finite number between {low} and {high}, not {spelt}"
        )
        return None
    if not low <= value <= high:
        problems.error(node, f"{what} is {shown(value)}; it must be between {low} and {high}")
        return None
    return float(value)


def read_whole_number(node: Located, problems: Problems, what: str, *, low: int) -> int | None:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int):
        problems.error(node, f"{what} must be a whole number, not {node.type_name}")
        return None
    if value < low:
        problems.error(node, f"{what} is {shown(value)}; it must be at least {low}")
        return None
    return value


def read_choice(node: Located, problems: Problems, what: str, choices: Iterable[str]) -> str | None:
    options = list(choices)
    value = node.value
    if not isinstance(value, str):
        problems.error(node, f"{what} must be one of {', '.join(options)}, not {node.type_name}")
        return None
    if value not in options:
        problems.error(
            node,
            f"unknown {what} '{value}'{did_you_mean(value, options)} (one of {', '.join(options)})",
        )
        return None
    return value

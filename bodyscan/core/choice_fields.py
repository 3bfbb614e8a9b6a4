"""Read and check a script's `choices:` and each step's `when:` (SCRIPT_FORMAT.md, Choices),
reporting every misuse at its own line and column."""

from __future__ import annotations

from collections.abc import Sequence

from bodyscan.core.choices import ANCHOR_FIELD, CHOICE_VALUES, every_pick, plays
from bodyscan.core.fields import did_you_mean, read_mapping
from bodyscan.core.problems import Problems
from bodyscan.core.script import Offered, Step, When
from bodyscan.core.yamlnodes import Located, MappingPairs, SequenceItems

CHOICE_NAMES = tuple(CHOICE_VALUES)
EXAMPLE = "{eyes: [closed, open], anchor: [feet, hands]}"


def read_offered(node: Located, problems: Problems) -> Offered:
    """The top-level `choices:` mapping; what is wrong in it is reported and left out."""
    fields = read_mapping(node, CHOICE_NAMES, problems, f"choices (such as {EXAMPLE})")
    if fields is None:
        return Offered()
    if not fields and isinstance(node.value, MappingPairs) and not node.value:
        problems.error(node, "choices is empty; offer eyes, anchor or both, or remove it")
    offered = {name: _offered_values(name, value, problems) for name, (_, value) in fields.items()}
    return Offered(eyes=offered.get("eyes", ()), anchor=offered.get("anchor", ()))


def _offered_values(name: str, node: Located, problems: Problems) -> tuple[str, ...]:
    known = CHOICE_VALUES[name]
    if not isinstance(node.value, SequenceItems):
        problems.error(
            node,
            f"choices.{name} must be a list such as [{', '.join(known[:2])}], not {node.type_name}",
        )
        return ()
    if not node.value:
        problems.error(
            node,
            f"choices.{name} is empty; list at least one of {', '.join(known)} "
            "(the first is the default)",
        )
        return ()
    values: list[str] = []
    first_line: dict[str, int] = {}
    for item in node.value:
        value = _known_value(name, item, known, problems)
        if value is None:
            continue
        if value in first_line:
            problems.error(
                item,
                f"'{value}' is listed twice in choices.{name} (first on line {first_line[value]})",
            )
            continue
        first_line[value] = item.line
        values.append(value)
    return tuple(values)


def _known_value(name: str, node: Located, known: Sequence[str], problems: Problems) -> str | None:
    value = node.value
    if not isinstance(value, str):
        problems.error(
            node, f"each {name} value must be one of {', '.join(known)}, not {node.type_name}"
        )
        return None
    if value not in known:
        problems.error(
            node,
            f"unknown {name} value '{value}'{did_you_mean(value, known)} "
            f"(one of {', '.join(known)})",
        )
        return None
    return value


def read_when(node: Located, offered: Offered, problems: Problems) -> When:
    """A step's `when:`: each declared choice it names, with the offered values it plays for."""
    fields = read_mapping(node, CHOICE_NAMES, problems, "when (such as {eyes: closed})")
    if fields is None:
        return ()
    if not fields and isinstance(node.value, MappingPairs) and not node.value:
        problems.error(node, "when is empty; name a choice, such as {eyes: closed}")
        return ()
    when: list[tuple[str, tuple[str, ...]]] = []
    for name, (key, value) in fields.items():
        values = offered.eyes if name == "eyes" else offered.anchor
        if not values:
            problems.error(
                key,
                f"when names the choice '{name}', but the script does not offer it; "
                f"add '{name}' under the top-level 'choices:'",
            )
            continue
        items = list(value.value) if isinstance(value.value, SequenceItems) else [value]
        if not items:
            problems.error(value, f"when.{name} is an empty list; give one value or several")
            continue
        chosen: list[str] = []
        for item in items:
            known = _known_value(name, item, CHOICE_VALUES[name], problems)
            if known is None:
                continue
            if known not in values:
                problems.error(
                    item,
                    f"when.{name} is '{known}', which this script does not offer "
                    f"(choices.{name} is {', '.join(values)})",
                )
                continue
            chosen.append(known)
        if chosen:
            when.append((name, tuple(dict.fromkeys(chosen))))
    return tuple(when)


def check_anchor_text(node: Located, offered: Offered, problems: Problems) -> None:
    """`{anchor}` needs an anchor to stand for."""
    if isinstance(node.value, str) and ANCHOR_FIELD in node.value and not offered.anchor:
        problems.error(
            node,
            "{anchor} needs an anchor choice: add 'choices: {anchor: [feet, hands]}' (or the "
            "anchors you mean) at the top, or write the words out",
        )


def check_every_pick(
    offered: Offered, steps: Sequence[Step], where: Located, problems: Problems
) -> None:
    """Every combination of choices must leave something to play."""
    for picked in every_pick(offered):
        if not any(plays(step, picked) for step in steps):
            named = " and ".join(
                f"{name}: {value}"
                for name, value in (("eyes", picked.eyes), ("anchor", picked.anchor))
                if value is not None
            )
            problems.error(
                where,
                f"with {named}, no step plays (every step has a 'when' that leaves it out); "
                "give at least one step for that choice",
            )
            return

"""Where the validator's messages belong: each line:column problem in the written text placed
on the top-level field, or the step and its field, that it is about."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from bodyscan.authoring.draft import round_trip_yaml
from bodyscan.core.problems import Problem

FIRST_KEY_MISSING = re.compile(r"missing required key '([a-z_]+)'")


@dataclass(frozen=True)
class Target:
    """What a validator message is about: a top-level field, or a step and one of its fields."""

    step: int | None  # None: the exercise as a whole
    field: str  # "title", "length.min", "say", "breathe.in", "" for the step as a whole


def _anchors(draft_text: str) -> list[tuple[int, int, Target]]:
    """Every key's and step's 1-based position in the text, with what it is."""
    try:
        document = round_trip_yaml().load(draft_text)
    except YAMLError:
        return []
    if not isinstance(document, CommentedMap):
        return []
    anchors: list[tuple[int, int, Target]] = []

    def mapping_keys(mapping: CommentedMap, step: int | None, prefix: str) -> None:
        for key in mapping:
            line, column = mapping.lc.key(key)
            name = f"{prefix}{key}"
            anchors.append((line + 1, column + 1, Target(step, name)))
            value = mapping[key]
            if isinstance(value, CommentedMap) and key in ("breathe", "length", "choices"):
                mapping_keys(value, step, f"{name}.")

    for key in document:
        line, column = document.lc.key(key)
        anchors.append((line + 1, column + 1, Target(None, str(key))))
        value = document[key]
        if key == "steps" and isinstance(value, CommentedSeq):
            for index, item in enumerate(value):
                line, column = value.lc.item(index)
                anchors.append((line + 1, column + 1, Target(index, "")))
                if isinstance(item, CommentedMap):
                    mapping_keys(item, index, "")
        elif isinstance(value, CommentedMap) and key in ("length", "choices", "voice", "checkin"):
            mapping_keys(value, None, f"{key}.")
    anchors.sort(key=lambda anchor: (anchor[0], anchor[1]))
    return anchors


def place_problems(text: str, problems: tuple[Problem, ...]) -> dict[Target, list[Problem]]:
    """Each validator problem (line:column in `text`) under the field or step it is about: the
    last key written at or before its position."""
    anchors = _anchors(text)
    placed: dict[Target, list[Problem]] = {}
    for problem in problems:
        missing = FIRST_KEY_MISSING.fullmatch(problem.message)
        target = Target(None, missing.group(1)) if missing else Target(None, "")
        if not missing:
            for line, column, candidate in anchors:
                if (line, column) > (problem.line, problem.column):
                    break
                target = candidate
        placed.setdefault(target, []).append(problem)
    return placed

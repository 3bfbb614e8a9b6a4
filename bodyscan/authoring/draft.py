"""An exercise being written: the YAML document itself, edited in place.

The editor changes values through this model and writes the document back with ruamel.yaml's
round-trip mode, so an author's comments, key order and flow/block styles survive an edit. The
player keeps reading with its own safe loader (core.loader); this module only writes text that
the validator then checks. No Qt here: the editor window is a thin view of this model.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from bodyscan.core.loader import TOP_KEYS
from bodyscan.errors import BodyscanError

STEP_KINDS = ("say", "pause", "bell", "breathe")
KIND_WORDS = {"say": "Say", "pause": "Pause", "bell": "Bell", "breathe": "Breathe"}
# Where a key goes when it is added to a mapping that lacks it (existing keys never move):
# the format's own order of the top-level keys.
TOP_ORDER = TOP_KEYS
STEP_ORDER = ("say", "pause", "bell", "breathe", "region", "audio", "stretch", "when")
BREATHE_ORDER = ("in", "hold", "out", "hold_out", "cycles", "duration", "cue")
CHOICE_ORDER = ("eyes", "anchor")
# Keys whose values read best on one line, as SCRIPT_FORMAT.md writes them.
FLOW_KEYS = {"region", "when", "length", "eyes", "anchor"}
NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")

Value = Any  # plain YAML data: str, int, float, bool, list, dict


class DraftError(BodyscanError):
    """The text cannot be edited as an exercise (not YAML, or not a mapping)."""


def round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold an author's long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def scalar_or_number(text: str) -> Value:
    """What a typed duration or number is written as: 20 and 2.5 as numbers, '1m30s' as text,
    nothing (None) for an empty field."""
    text = text.strip()
    if not text:
        return None
    if NUMBER.fullmatch(text):
        return float(text) if "." in text else int(text)
    return text


def words_list(text: str) -> list[str]:
    """'feet, left-hand' -> ['feet', 'left-hand'] (empty parts dropped)."""
    return [part.strip() for part in text.split(",") if part.strip()]


def one_or_list(items: list[str]) -> Value:
    """One value as a scalar, several as a list: `region: feet`, `region: [seat, feet]`."""
    if not items:
        return None
    return items[0] if len(items) == 1 else list(items)


def as_words(value: Value) -> str:
    """The inverse of `one_or_list` + `words_list`, for showing in a text field."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _styled(key: str, value: Value) -> Value:
    """Plain data as ruamel containers, in the style SCRIPT_FORMAT.md writes them."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for inner_key, inner in value.items():
            mapping[inner_key] = _styled(inner_key, inner)
        if key in FLOW_KEYS:
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(_styled(key, item) for item in value)
        if key in FLOW_KEYS or key in ("tags",):
            sequence.fa.set_flow_style()
        return sequence
    return value


def plain(value: Value) -> Value:
    """ruamel containers as plain dicts, lists and scalars (for comparing models)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, str):
        return str(value)  # quoted scalars are str subclasses
    return value


def set_key(mapping: CommentedMap, key: str, value: Value, order: tuple[str, ...]) -> bool:
    """Set, replace or (with None) remove a key; a new key goes where `order` puts it.

    Returns whether anything changed. An unchanged value is left alone, so its quotes, style
    and comments stay exactly as the author wrote them.
    """
    if value is None:
        if key in mapping:
            del mapping[key]
            return True
        return False
    if key in mapping and plain(mapping[key]) == plain(value):
        return False
    styled = _styled(key, value)
    if key in mapping:
        old = mapping[key]
        if isinstance(old, CommentedMap | CommentedSeq) and type(old) is type(styled):
            # Keep the author's flow or block style for a container they already wrote.
            if old.fa.flow_style():
                styled.fa.set_flow_style()
            else:
                styled.fa.set_block_style()
        mapping[key] = styled
        return True
    rank = order.index(key) if key in order else len(order)
    position = len(mapping)
    for index, existing in enumerate(mapping):
        if existing in order and order.index(existing) > rank:
            position = index
            break
    mapping.insert(position, key, styled)
    return True


class StepDraft:
    """One step: its mapping in the document, edited in place."""

    def __init__(self, mapping: CommentedMap) -> None:
        self.mapping = mapping

    @property
    def kind(self) -> str:
        for key in self.mapping:
            if key in ("say", "bell", "breathe"):
                return str(key)
        return "pause" if "pause" in self.mapping else "say"

    def get(self, key: str) -> Value:
        return self.mapping.get(key)

    def set(self, key: str, value: Value) -> bool:
        return set_key(self.mapping, key, value, STEP_ORDER)

    def breathe(self, key: str) -> Value:
        block = self.mapping.get("breathe")
        return block.get(key) if isinstance(block, dict) else None

    def set_breathe(self, key: str, value: Value) -> bool:
        block = self.mapping.get("breathe")
        if not isinstance(block, CommentedMap):
            block = CommentedMap()
            self.mapping["breathe"] = block
        changed = set_key(block, key, value, BREATHE_ORDER)
        if key == "cycles" and value is not None:
            changed |= set_key(block, "duration", None, BREATHE_ORDER)
        if key == "duration" and value is not None:
            changed |= set_key(block, "cycles", None, BREATHE_ORDER)
        return changed

    def when(self, choice: str) -> list[str]:
        when = self.mapping.get("when")
        if not isinstance(when, dict) or choice not in when:
            return []
        value = when[choice]
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    def set_when(self, choice: str, values: list[str]) -> bool:
        """`when: {eyes: closed}` (one value) or `when: {anchor: [feet, hands]}` (several)."""
        when = self.mapping.get("when")
        current = dict(plain(when)) if isinstance(when, dict) else {}
        if values:
            current[choice] = one_or_list(values)
        else:
            current.pop(choice, None)
        ordered = {key: current[key] for key in CHOICE_ORDER if key in current}
        ordered.update({k: v for k, v in current.items() if k not in ordered})
        return self.set("when", ordered or None)

    def summary(self) -> str:
        """A short line for the list of steps."""
        kind = self.kind
        if kind == "say":
            text = " ".join(str(self.get("say") or "").split())
            words = text if len(text) <= 60 else text[:57] + "…"
            return f"Say: {words}" if words else "Say: (no words yet)"
        if kind == "pause":
            return f"Pause {self.get('pause')}"
        if kind == "bell":
            bell = self.get("bell")
            return "Bell" if bell is True else f"Bell: {bell}"
        parts = [f"{key} {self.breathe(key)}" for key in ("in", "hold", "out", "hold_out")]
        shown = ", ".join(p for p in parts if not p.endswith(" None"))
        count = self.breathe("cycles")
        length = f"{count} cycles" if count is not None else f"for {self.breathe('duration')}"
        return f"Breathe: {shown}; {length}"


NEW_STEPS: dict[str, dict[str, Value]] = {
    "say": {"say": "", "pause": "5s"},
    "pause": {"pause": "10s"},
    "bell": {"bell": True},
    "breathe": {"breathe": {"in": 4, "out": 6, "cycles": 4, "cue": "tone"}},
}


class ExerciseDraft:
    """The whole exercise as an editable YAML document."""

    def __init__(self, document: CommentedMap) -> None:
        self.document = document
        if "steps" not in document or document["steps"] is None:
            set_key(document, "steps", None, TOP_ORDER)
            document.insert(len(document), "steps", CommentedSeq())
        elif not isinstance(document["steps"], CommentedSeq):
            raise DraftError(
                "this exercise's steps are not a list, so the editor cannot show them",
                "Fix `steps:` in a text editor first; `bodyscan validate FILE` shows where.",
            )

    @classmethod
    def new(cls) -> ExerciseDraft:
        document = CommentedMap()
        document["title"] = ""
        document["kind"] = "body-scan"
        document["steps"] = CommentedSeq()
        return cls(document)

    @classmethod
    def from_text(cls, text: str) -> ExerciseDraft:
        try:
            document = round_trip_yaml().load(text)
        except YAMLError as exc:
            raise DraftError(
                "this file is not valid YAML, so the editor cannot open it",
                f"Fix it in a text editor first ({exc}); `bodyscan validate FILE` shows where.",
            ) from exc
        if not isinstance(document, CommentedMap):
            raise DraftError(
                "this file is not an exercise (not a YAML mapping)",
                "Open a .yaml exercise script, or start a new exercise.",
            )
        return cls(document)

    @classmethod
    def from_file(cls, path: Path) -> ExerciseDraft:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DraftError(
                f"could not read {path.name}", f"{exc}. Check the file and try again."
            ) from exc
        return cls.from_text(text)

    def to_text(self) -> str:
        out = io.StringIO()
        round_trip_yaml().dump(self.document, out)
        return out.getvalue()

    def plain(self) -> Value:
        return plain(self.document)

    # --- top-level fields ---------------------------------------------------------------

    def get(self, key: str) -> Value:
        return self.document.get(key)

    def set(self, key: str, value: Value) -> bool:
        return set_key(self.document, key, value, TOP_ORDER)

    def length(self, end: str) -> Value:
        length = self.document.get("length")
        return length.get(end) if isinstance(length, dict) else None

    def set_length(self, end: str, value: Value) -> bool:
        length = self.document.get("length")
        current = dict(plain(length)) if isinstance(length, dict) else {}
        if value is None or value == "":
            current.pop(end, None)
        else:
            current[end] = value
        ordered = {key: current[key] for key in ("min", "max") if key in current}
        if isinstance(length, CommentedMap) and ordered:
            changed = set_key(length, end, value, ("min", "max"))
            return changed
        return self.set("length", ordered or None)

    def choice(self, name: str) -> list[str]:
        choices = self.document.get("choices")
        if not isinstance(choices, dict) or not isinstance(choices.get(name), list):
            return []
        return [str(value) for value in choices[name]]

    def set_choice(self, name: str, values: list[str]) -> bool:
        """`choices: {eyes: [closed, open], anchor: [feet, hands, sounds]}` (SCRIPT_FORMAT.md,
        Choices): each a list, the first value the default."""
        choices = self.document.get("choices")
        if not isinstance(choices, CommentedMap):
            if not values:
                return False
            return self.set("choices", {name: list(values)})
        changed = set_key(choices, name, list(values) or None, CHOICE_ORDER)
        if not choices:
            del self.document["choices"]
        return changed

    # --- steps ---------------------------------------------------------------------------

    @property
    def steps_seq(self) -> CommentedSeq:
        steps = self.document["steps"]
        assert isinstance(steps, CommentedSeq)
        return steps

    def steps(self) -> list[StepDraft]:
        return [StepDraft(item) for item in self.steps_seq if isinstance(item, CommentedMap)]

    def step(self, index: int) -> StepDraft:
        return StepDraft(self.steps_seq[index])

    def add_step(self, kind: str, index: int | None = None) -> int:
        """A new step of `kind` after `index` (at the end without one); returns where it is."""
        mapping = CommentedMap()
        for key, value in NEW_STEPS[kind].items():
            mapping[key] = _styled(key, value)
        position = len(self.steps_seq) if index is None else index + 1
        self.steps_seq.insert(position, mapping)
        return position

    def remove_step(self, index: int) -> CommentedMap:
        removed = self.steps_seq[index]
        del self.steps_seq[index]
        assert isinstance(removed, CommentedMap)
        return removed

    def insert_step(self, index: int, mapping: CommentedMap) -> None:
        self.steps_seq.insert(index, mapping)

    def move_step(self, index: int, to: int) -> bool:
        steps = self.steps_seq
        if not (0 <= index < len(steps) and 0 <= to < len(steps)) or index == to:
            return False
        item = steps[index]
        del steps[index]
        steps.insert(to, item)
        return True

"""A JSON Schema (draft 2020-12) of the script format, for editors and the YAML language server.

It checks the shape (keys, types, enums, simple ranges); rules that need the file system or
sound names (recordings, bells, ambient) are left to `bodyscan validate`.
"""

from __future__ import annotations

from typing import Any

from bodyscan.core import regions
from bodyscan.core.choices import CHOICE_VALUES
from bodyscan.core.script import CHECKIN_ASKS, CUES, KINDS

DURATION_PATTERN = r"^(?=\d)(\d+(\.\d+)?h)?(\d+(\.\d+)?m(?!s))?(\d+(\.\d+)?s)?(\d+(\.\d+)?ms)?$"

JsonObject = dict[str, Any]


def _duration(description: str) -> JsonObject:
    return {
        "description": description,
        "oneOf": [
            {"type": "number", "minimum": 0, "maximum": 14400},
            {"type": "string", "pattern": DURATION_PATTERN, "minLength": 1},
        ],
    }


def _text(description: str, max_length: int | None = None) -> JsonObject:
    schema: JsonObject = {"type": "string", "minLength": 1, "description": description}
    if max_length is not None:
        schema["maxLength"] = max_length
    return schema


def _phase(description: str, *, required_positive: bool) -> JsonObject:
    # SCRIPT_FORMAT.md: in and out last 0.5-20 s; a hold is 0 or 0.5-20 s.
    number: JsonObject = {"type": "number", "minimum": 0.5, "maximum": 20}
    choices: list[JsonObject] = [number, {"type": "string", "pattern": DURATION_PATTERN}]
    if not required_positive:
        choices.append({"const": 0})
    return {"description": description, "oneOf": choices}


def _choices() -> JsonObject:
    return {
        "type": "object",
        "description": "wording the person picks before starting; the first value is the default",
        "minProperties": 1,
        "additionalProperties": False,
        "properties": {
            name: {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {"enum": list(values)},
            }
            for name, values in CHOICE_VALUES.items()
        },
    }


def _when() -> JsonObject:
    # Whether a value is one the script offers needs the whole file: `bodyscan validate`.
    return {
        "type": "object",
        "description": "play this step only for these choices",
        "minProperties": 1,
        "additionalProperties": False,
        "properties": {
            name: {
                "oneOf": [
                    {"enum": list(values)},
                    {"type": "array", "minItems": 1, "items": {"enum": list(values)}},
                ]
            }
            for name, values in CHOICE_VALUES.items()
        },
    }


def build_schema() -> JsonObject:
    region_name: JsonObject = {"enum": list(regions.all_region_names())}
    stretch: JsonObject = {"type": "boolean", "description": "may this step's pause be stretched"}
    when = _when()
    pause = _duration("silence after the action")
    say_step: JsonObject = {
        "type": "object",
        "required": ["say"],
        "additionalProperties": False,
        "properties": {
            "say": _text("narration, shown as the caption while it plays", 2000),
            "pause": pause,
            "region": {"oneOf": [region_name, {"type": "array", "items": region_name}]},
            "audio": _text("recording to play instead of synthesised speech, relative path"),
            "stretch": stretch,
            "when": when,
        },
    }
    pause_step: JsonObject = {
        "type": "object",
        "required": ["pause"],
        "additionalProperties": False,
        "properties": {"pause": _duration("silence"), "stretch": stretch, "when": when},
    }
    bell_step: JsonObject = {
        "type": "object",
        "required": ["bell"],
        "additionalProperties": False,
        "properties": {
            "bell": {"oneOf": [{"const": True}, {"type": "string", "minLength": 1}]},
            "pause": pause,
            "stretch": stretch,
            "when": when,
        },
    }
    breathe_step: JsonObject = {
        "type": "object",
        "required": ["breathe"],
        "additionalProperties": False,
        "properties": {
            "breathe": {
                "type": "object",
                "required": ["in", "out"],
                "additionalProperties": False,
                "oneOf": [{"required": ["cycles"]}, {"required": ["duration"]}],
                "properties": {
                    "in": _phase("seconds breathing in", required_positive=True),
                    "hold": _phase("hold after breathing in", required_positive=False),
                    "out": _phase("seconds breathing out", required_positive=True),
                    "hold_out": _phase("hold after breathing out", required_positive=False),
                    "cycles": {"type": "integer", "minimum": 1},
                    "duration": _duration("as many whole cycles as fit"),
                    "cue": {"enum": list(CUES)},
                },
            },
            "when": when,
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://bodyscan.invalid/schema/script-v1.json",
        "title": "bodyscan exercise script, format 1",
        "type": "object",
        "required": ["title", "kind", "steps"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": 1},
            "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
            "title": _text("shown in the library", 80),
            "kind": {"enum": list(KINDS)},
            "summary": _text("one line for the library list", 160),
            "description": _text("longer text shown before starting"),
            "language": {"type": "string", "pattern": "^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"},
            "author": _text("credits"),
            "license": _text("licence of the script"),
            "tags": {"type": "array", "items": _text("tag")},
            "cautions": {"type": "array", "items": _text("shown before starting")},
            "length": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "min": {
                        "description": "shortest length",
                        "oneOf": [
                            {"type": "number", "exclusiveMinimum": 0, "maximum": 14400},
                            {"type": "string", "pattern": DURATION_PATTERN},
                        ],
                    },
                    "max": _duration("longest length"),
                },
            },
            "voice": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "speed": {"type": "number", "minimum": 0.5, "maximum": 2.0},
                    "sentence_gap": _duration("silence between sentences"),
                },
            },
            "ambient": {"type": "string", "minLength": 1},
            "bell": {"oneOf": [{"type": "boolean"}, {"type": "string", "minLength": 1}]},
            "checkin": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "ask": {"type": "array", "items": {"enum": list(CHECKIN_ASKS)}},
                    "prompt": _text("question above the body map", 200),
                },
            },
            "choices": _choices(),
            "steps": {
                "type": "array",
                "minItems": 1,
                "items": {"oneOf": [say_step, pause_step, bell_step, breathe_step]},
            },
        },
    }

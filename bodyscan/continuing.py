"""Continuing a stopped session: what the journal keeps so that the same choices and voice
can be played on with, and the rules for when a session can be continued. Qt-free.

A session stopped after more than two minutes keeps, in its journal entry, the step of the
instruction it stopped in (`SessionRecord.resume_step`) and every one of the person's choices
with the voice and speed it was spoken with (`resume_choices`). Choices are kept field by
field, so choices added to `practice.Choices` later are continued too.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from bodyscan.errors import BodyscanError

if TYPE_CHECKING:
    from bodyscan.core.script import Script
    from bodyscan.journal.model import SessionRecord
    from bodyscan.settings import Settings

CONTINUE_AFTER_SECONDS = 120  # a stopped session longer than this can be continued
ASKED_AFRESH = ("connection_before",)  # choices that are asked again each time


def kept_choices(choices: Any, settings: Settings) -> dict[str, object]:
    """The choices (a dataclass) and the voice, as JSON values for the journal."""
    assert is_dataclass(choices)
    kept: dict[str, object] = {}
    for item in fields(choices):
        if item.name in ASKED_AFRESH:
            continue
        value = getattr(choices, item.name)
        if isinstance(value, Fraction):
            value = {"fraction": str(value)}
        elif isinstance(value, tuple):
            value = list(value)
        kept[item.name] = value
    return {"choices": kept, "voice_model": settings.voice_model, "speed": settings.speed}


def check_can_continue(record: SessionRecord, script: Script) -> None:
    if record.resume_step is None:
        raise BodyscanError(
            f"there is nothing of {record.title} to continue",
            "Only a session stopped after more than two minutes can be continued.",
        )
    if record.resume_step >= len(script.steps):
        raise BodyscanError(
            f"{script.title} has changed since you stopped it, so it cannot be continued",
            "Begin it from the start.",
        )


def saved_choices(record: SessionRecord, defaults: Any) -> dict[str, object]:
    """The kept choices that still fit the fields of `defaults` (a dataclass of choices):
    a value of the wrong kind (a hand-edited or older journal) keeps the default."""
    assert is_dataclass(defaults)
    raw = _saved(record).get("choices")
    raw = raw if isinstance(raw, dict) else {}
    values: dict[str, object] = {}
    for item in fields(defaults):
        if item.name not in raw or item.name in ASKED_AFRESH:
            continue
        value = _value(raw[item.name], getattr(defaults, item.name))
        if value is not _WRONG:
            values[item.name] = value
    return values


def saved_voice(record: SessionRecord, settings: Settings) -> Settings:
    """The settings with the voice and speed the session was spoken with."""
    saved = _saved(record)
    voice, speed = saved.get("voice_model"), saved.get("speed")
    return settings.with_changes(
        voice_model=voice if isinstance(voice, str) else settings.voice_model,
        speed=float(speed)
        if isinstance(speed, int | float) and not isinstance(speed, bool)
        else settings.speed,
    )


_WRONG = object()


def _saved(record: SessionRecord) -> dict[str, Any]:
    saved = record.resume_choices
    return saved if isinstance(saved, dict) else {}


def _value(value: object, default: object) -> object:
    if isinstance(value, dict) and "fraction" in value:
        try:
            return Fraction(str(value["fraction"]))
        except (ValueError, ZeroDivisionError):
            return _WRONG
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    if default is None or value is None:
        return value if value is None or isinstance(value, str | int | float) else _WRONG
    if isinstance(default, bool) or isinstance(value, bool):
        return value if isinstance(value, bool) and isinstance(default, bool) else _WRONG
    if isinstance(default, float) and isinstance(value, int | float):
        return float(value)
    return value if isinstance(value, type(default)) else _WRONG

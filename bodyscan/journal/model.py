"""What the journal keeps: sessions (partial ones too) and their check-ins.

Plain values, no SQL and no Qt. Times are timezone-aware UTC; ids are UUIDs made where the
entry is made, so an export can be imported elsewhere and imported again without duplicates.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bodyscan.core.regions import (
    CHECKIN_ANSWERS,
    MAP_EXTRAS,
    MAX_QUALITIES_PER_REGION,
    QUALITIES,
    REGIONS_BY_ID,
    STRENGTHS,
    TONES,
)
from bodyscan.errors import DataError

ENDINGS = ("completed", "stopped", "ended-after-grounding")
HOW_WAS_THAT = {"too-much": "too much", "about-right": "about right", "shut-down": "shut down"}
SIDES = ("front", "back")


def new_id() -> str:
    return str(uuid.uuid4())


def now() -> datetime:
    return datetime.now(UTC)


def to_text(moment: datetime) -> str:
    """Sortable ISO 8601 in UTC, microseconds always present (so text order is time order).
    The year always has four digits: strftime's %Y writes year 1 as "1", which strptime then
    refuses to read back."""
    utc = moment.astimezone(UTC)
    return f"{utc.year:04d}-{utc.strftime('%m-%dT%H:%M:%S.%f')}Z"


# Also reads the short years an older version wrote for years before 1000.
_MOMENT = re.compile(r"(\d{1,4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{6})Z")


def from_text(text: str) -> datetime:
    found = _MOMENT.fullmatch(text)
    if found is None:
        raise DataError(f"the journal holds a time it cannot read: {text[:40]!r}")
    year, month, day, hour, minute, second, micro = (int(part) for part in found.groups())
    try:
        return datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)
    except ValueError as exc:
        raise DataError(f"the journal holds a time it cannot read: {text[:40]!r}") from exc


@dataclass(frozen=True)
class SessionRecord:
    exercise_id: str
    title: str
    kind: str
    started_at: datetime
    ended_at: datetime
    planned_seconds: float
    played_seconds: float
    ending: str  # one of ENDINGS; partial sessions count
    options: dict[str, Any] = field(default_factory=dict)  # length, ambient, left-out areas
    id: str = field(default_factory=new_id)
    # Stopped after more than two minutes: the step of the instruction it stopped in, where
    # continuing begins (None: nothing to continue).
    resume_step: int | None = None
    resume_choices: dict[str, Any] = field(default_factory=dict)  # and voice, to continue with

    def __post_init__(self) -> None:
        if self.ending not in ENDINGS:
            raise DataError(f"unknown session ending '{self.ending}'")
        if self.resume_step is not None and self.resume_step < 0:
            raise DataError("a session cannot continue before its first step")


@dataclass(frozen=True)
class RegionAnswer:
    region: str  # a region id, "whole-body" or "unplaced"
    qualities: tuple[str, ...] = ()
    other: str = ""  # the words for the quality "other"
    strength: str | None = None
    tone: str | None = None

    def __post_init__(self) -> None:
        if self.region not in REGIONS_BY_ID and self.region not in MAP_EXTRAS:
            raise DataError(f"unknown body region '{self.region}'")
        if len(self.qualities) > MAX_QUALITIES_PER_REGION:
            raise DataError(f"at most {MAX_QUALITIES_PER_REGION} qualities per region")
        for quality in self.qualities:
            if quality not in QUALITIES:
                raise DataError(f"unknown quality '{quality}'")
        if self.strength is not None and self.strength not in STRENGTHS:
            raise DataError(f"unknown strength '{self.strength}'")
        if self.tone is not None and self.tone not in TONES:
            raise DataError(f"unknown tone '{self.tone}'")


@dataclass(frozen=True)
class Stroke:
    """A freehand mark on one silhouette, kept raw: points in 0..1 of the figure's box."""

    side: str
    points: tuple[tuple[float, float], ...]

    def __post_init__(self) -> None:
        if self.side not in SIDES:
            raise DataError(f"unknown body map side '{self.side}'")


@dataclass(frozen=True)
class CheckIn:
    session_id: str
    answer: str  # one of CHECKIN_ANSWERS: every one is a full answer
    regions: tuple[RegionAnswer, ...] = ()
    strokes: tuple[Stroke, ...] = ()
    connection_before: int | None = None
    connection_after: int | None = None
    how_was_that: str | None = None
    note: str = ""
    created_at: datetime = field(default_factory=now)
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if self.answer not in CHECKIN_ANSWERS:
            raise DataError(f"unknown check-in answer '{self.answer}'")
        for value in (self.connection_before, self.connection_after):
            if value is not None and not 0 <= value <= 10:
                raise DataError("connection is a number from 0 to 10")
        if self.how_was_that is not None and self.how_was_that not in HOW_WAS_THAT:
            raise DataError(f"unknown answer '{self.how_was_that}' to 'how was that'")


@dataclass(frozen=True)
class Entry:
    """A session as the history shows it: with its check-ins, oldest first."""

    session: SessionRecord
    checkins: tuple[CheckIn, ...] = ()


def ending_of(finished: bool, ended_by_grounding: bool) -> str:
    if finished:
        return "completed"
    return "ended-after-grounding" if ended_by_grounding else "stopped"


def play_options(
    minutes: float | None, ambient: str | None, bell: bool, left_out: tuple[str, ...] | list[str]
) -> dict[str, Any]:
    """What the person chose before starting, as the journal keeps it."""
    return {"minutes": minutes, "ambient": ambient, "bell": bell, "left_out": list(left_out)}

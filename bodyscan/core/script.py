"""The exercise script model: typed, frozen, already validated.

Durations are `Fraction` seconds (exact); conversion to frames happens in the timeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Literal

Kind = Literal["body-scan", "breathwork", "grounding", "movement"]
KINDS: tuple[Kind, ...] = ("body-scan", "breathwork", "grounding", "movement")
KIND_LABELS: dict[str, str] = {
    "body-scan": "Body scan",
    "breathwork": "Breathwork",
    "grounding": "Grounding",
    "movement": "Movement",
}
Cue = Literal["voice", "tone", "silent"]
CUES: tuple[Cue, ...] = ("voice", "tone", "silent")
CheckinAsk = Literal["body", "connection"]
CHECKIN_ASKS: tuple[CheckinAsk, ...] = ("body", "connection")

# A step's `when:` as written: each declared choice it names, with the values it plays for.
When = tuple[tuple[str, tuple[str, ...]], ...]

# Without `length`, the allowed lengths are those reached with a stretch factor in this range.
DEFAULT_STRETCH_RANGE = (Fraction(1, 2), Fraction(3))


@dataclass(frozen=True)
class Say:
    text: str
    pause: Fraction = Fraction(0)
    regions: tuple[str, ...] = ()  # as written: ids and group names
    region_ids: tuple[str, ...] = ()  # expanded to the 25 region ids
    audio: Path | None = None  # resolved, existing recording
    stretch: bool = True
    when: When = ()
    line: int = 0


@dataclass(frozen=True)
class Pause:
    seconds: Fraction
    stretch: bool = True
    when: When = ()
    line: int = 0


@dataclass(frozen=True)
class Bell:
    name: str
    pause: Fraction = Fraction(0)
    stretch: bool = True
    when: When = ()
    line: int = 0


@dataclass(frozen=True)
class Breathe:
    inhale: Fraction
    exhale: Fraction
    hold: Fraction = Fraction(0)
    hold_out: Fraction = Fraction(0)
    cycles: int = 1
    duration: Fraction | None = None  # as written, when cycles were derived from it
    cue: Cue = "tone"
    when: When = ()
    line: int = 0

    @property
    def has_holds(self) -> bool:
        return bool(self.hold or self.hold_out)

    @property
    def cycle_seconds(self) -> Fraction:
        return self.inhale + self.hold + self.exhale + self.hold_out

    @property
    def seconds(self) -> Fraction:
        return self.cycle_seconds * self.cycles


Step = Say | Pause | Bell | Breathe


@dataclass(frozen=True)
class LengthRange:
    min: Fraction | None = None
    max: Fraction | None = None


@dataclass(frozen=True)
class Voice:
    speed: float = 1.0
    sentence_gap: Fraction = Fraction(4, 5)


@dataclass(frozen=True)
class Checkin:
    ask: tuple[CheckinAsk, ...] = ("body",)
    prompt: str | None = None


@dataclass(frozen=True)
class Offered:
    """The choices a script offers (its `choices:`); the first value of each is the default.
    An empty tuple: the script does not offer that choice."""

    eyes: tuple[str, ...] = ()
    anchor: tuple[str, ...] = ()


@dataclass(frozen=True)
class Script:
    id: str
    title: str
    kind: Kind
    steps: tuple[Step, ...]
    format: int = 1
    summary: str = ""
    description: str = ""
    language: str = "en"
    author: str = ""
    license: str = ""
    tags: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    length: LengthRange | None = None
    voice: Voice = field(default_factory=Voice)
    ambient: str | None = None  # None: no ambient bed
    bell: str | None = None  # None: no opening/closing bell; else the bell's name
    checkin: Checkin = field(default_factory=Checkin)
    choices: Offered = field(default_factory=Offered)
    path: Path | None = None

    @property
    def says(self) -> tuple[Say, ...]:
        return tuple(step for step in self.steps if isinstance(step, Say))

"""Body regions, groups and the sensation vocabulary: the one place they are defined.

Sides are always the user's own ("your left hand"): people confuse sides on body maps, so
every label says whose side it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

View = Literal["front", "back", "both"]


@dataclass(frozen=True)
class Region:
    id: str
    name: str  # "left hand"
    view: View  # where the region is drawn on the body map

    @property
    def label(self) -> str:
        """The UI label, from the user's point of view: 'your left hand'."""
        return f"your {self.name}"


REGIONS: tuple[Region, ...] = (
    Region("head", "head", "both"),
    Region("face", "face", "front"),
    Region("jaw", "jaw", "front"),
    Region("throat", "throat", "front"),
    Region("neck", "neck", "back"),
    Region("chest", "chest", "front"),
    Region("upper-belly", "upper belly", "front"),
    Region("lower-belly", "lower belly", "front"),
    Region("upper-back", "upper back", "back"),
    Region("lower-back", "lower back", "back"),
    Region("seat", "seat", "back"),
    Region("left-shoulder", "left shoulder", "both"),
    Region("right-shoulder", "right shoulder", "both"),
    Region("left-upper-arm", "left upper arm", "both"),
    Region("right-upper-arm", "right upper arm", "both"),
    Region("left-forearm", "left forearm", "both"),
    Region("right-forearm", "right forearm", "both"),
    Region("left-hand", "left hand", "both"),
    Region("right-hand", "right hand", "both"),
    Region("left-thigh", "left thigh", "both"),
    Region("right-thigh", "right thigh", "both"),
    Region("left-lower-leg", "left lower leg", "both"),
    Region("right-lower-leg", "right lower leg", "both"),
    Region("left-foot", "left foot", "both"),
    Region("right-foot", "right foot", "both"),
)

REGION_IDS: tuple[str, ...] = tuple(region.id for region in REGIONS)
REGIONS_BY_ID: dict[str, Region] = {region.id: region for region in REGIONS}


def _pair(*parts: str) -> tuple[str, ...]:
    return tuple(f"{side}-{part}" for part in parts for side in ("left", "right"))


_ARMS = _pair("upper-arm", "forearm", "hand")
_LEGS = _pair("thigh", "lower-leg", "foot")
_BELLY = ("upper-belly", "lower-belly")
_BACK = ("neck", "upper-back", "lower-back")

GROUPS: dict[str, tuple[str, ...]] = {
    "feet": _pair("foot"),
    "hands": _pair("hand"),
    "arms": _ARMS,
    "legs": _LEGS,
    "shoulders": _pair("shoulder"),
    "belly": _BELLY,
    "back": _BACK,
    "torso": ("chest", *_BELLY, *_BACK),
    "whole-body": REGION_IDS,
}

# Answers on the body map that are places but not one of the 25 regions.
WHOLE_BODY = "whole-body"
UNPLACED = "unplaced"
MAP_EXTRAS: dict[str, str] = {
    WHOLE_BODY: "my whole body",
    UNPLACED: "somewhere I can't place",
}
# Every place a check-in can mark, with its label: the 25 regions, then the two extras.
PLACE_LABELS: dict[str, str] = {region.id: region.label for region in REGIONS} | MAP_EXTRAS

# Sensation qualities, at most three per marked region, grouped as DOMAIN.md lists them.
QUALITY_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("temperature", ("warm", "cool", "hot")),
    ("weight and tension", ("pressure", "heavy", "light", "tight", "loose")),
    ("movement", ("tingling", "pulsing", "fluttering", "trembling", "restless")),
    ("skin", ("itchy", "pins-and-needles")),
    ("space", ("open", "knotted", "hollow")),
    ("discomfort", ("aching", "sharp")),
    ("other", ("numb", "ease", "other")),
)
QUALITIES: tuple[str, ...] = tuple(q for _, group in QUALITY_GROUPS for q in group)
MAX_QUALITIES_PER_REGION = 3
STRENGTHS: tuple[str, ...] = ("faint", "clear", "strong")
TONES: tuple[str, ...] = ("pleasant", "neutral", "unpleasant")

# Whole-check-in answers; each is a full, valid result, not a failure.
CHECKIN_ANSWERS: dict[str, str] = {
    "noticed": "I noticed sensations",
    "nothing": "nothing noticed",
    "numb": "numb / far away",
    "not-sure": "not sure",
    "prefer-not": "prefer not to say",
}


def is_region_name(name: str) -> bool:
    """True for a region id or a group name usable in a script's `region`."""
    return name in REGIONS_BY_ID or name in GROUPS


def expand(names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Region ids meant by a list of ids and group names, in body order, without repeats."""
    wanted: set[str] = set()
    for name in names:
        wanted.update(GROUPS.get(name, (name,)))
    return tuple(region_id for region_id in REGION_IDS if region_id in wanted)


def all_region_names() -> tuple[str, ...]:
    return REGION_IDS + tuple(GROUPS)

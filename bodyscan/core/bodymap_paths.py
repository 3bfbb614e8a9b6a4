"""The body map's drawing, as data: the silhouette's outline and the cut lines between regions.

All numbers are in a 100 x 220 box per figure (the box old check-ins' raw strokes were stored
in, as 0..1 of it, so they keep landing on the same places). Proportions follow the usual
eight-heads figure: head 28 units, chin at 30, nipples near 55, navel near 82, crotch at 111,
knees near 151, ankles near 196, soles at 212. The arms hang a little away from the body so
each one can be touched on its own.

The outline is written as anchor points along the figure's right-hand half (as the viewer sees
it), from the top of the head to the crotch; core.bodymap turns them into smooth cubic Béziers
and mirrors them for the other half. A point given as a `Corner` keeps a sharp turn (the
armpit, the crotch).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Corner:
    x: float
    y: float


Anchor = tuple[float, float] | Corner

# Top of the head, down the viewer's right side, round the hand and the foot, up the inside of
# the leg to the crotch.
HALF_OUTLINE: tuple[Anchor, ...] = (
    (50.0, 2.0),  # the crown, on the middle line
    (56.8, 3.6),
    (60.3, 9.0),
    (61.0, 15.5),
    (60.2, 21.0),
    (58.4, 25.4),
    (56.0, 29.0),  # where the jaw meets the neck
    (55.7, 33.0),
    (56.6, 36.8),
    (60.5, 39.6),
    (66.5, 41.6),
    (71.2, 43.6),  # the top of the shoulder
    (74.6, 47.6),
    (75.6, 53.5),
    (75.6, 62.0),
    (76.1, 72.0),
    (76.9, 81.0),  # the elbow, outside
    (78.3, 90.0),
    (79.1, 100.0),
    (79.2, 109.0),  # the wrist, outside
    (80.6, 114.5),
    (81.0, 121.5),
    (79.2, 127.8),
    (76.0, 130.6),  # the fingertips
    (73.0, 128.6),
    (71.6, 122.0),
    (71.8, 115.5),
    (72.0, 110.5),  # the wrist, inside
    (70.7, 100.0),
    (69.3, 90.0),
    (68.4, 81.0),  # the elbow, inside
    (67.6, 70.0),
    (66.9, 61.0),
    Corner(65.6, 56.0),  # the armpit
    (64.4, 62.5),
    (62.7, 70.0),
    (61.8, 78.0),  # the waist
    (62.6, 88.0),
    (64.6, 97.0),
    (65.3, 105.0),  # the hip
    (64.6, 118.0),
    (62.8, 132.0),
    (60.9, 146.0),
    (60.5, 154.0),  # the knee, outside
    (61.9, 166.0),  # the calf
    (61.0, 180.0),
    (58.9, 193.0),  # the ankle, outside
    (60.3, 200.0),
    (62.6, 206.5),
    (61.8, 211.2),
    (57.6, 212.4),  # the toes
    (53.4, 211.2),
    (52.2, 205.0),
    (52.6, 197.0),  # the ankle, inside
    (52.3, 184.0),
    (51.8, 168.0),
    (51.5, 154.0),  # the knee, inside
    (51.3, 138.0),
    (51.0, 122.0),
    Corner(50.0, 111.0),  # the crotch
)

# Regions are the outline cut by convex polygons ("cells"). A figure's regions are listed
# bottom to top: where cells overlap, the later one is drawn on top and wins the click (the
# face on the head, the shoulder over the chest's corner). Limb cells are given for the
# person's left on the front figure (the viewer's right); the other side and the back figure
# mirror them.
Cell = tuple[tuple[float, float], ...]


def _chin_line(y_mid: float, y_side: float, half: float, steps: int = 6) -> Cell:
    """A curve lowest in the middle, from the viewer's right to left (keeps the cell convex)."""
    points = []
    for index in range(steps + 1):
        t = 1 - 2 * index / steps  # 1 .. -1
        points.append((50 + half * t, y_mid - (y_mid - y_side) * t * t))
    return tuple(points)


def _oval(cx: float, cy: float, rx: float, ry: float, steps: int = 32) -> Cell:
    return tuple(
        (cx + rx * math.cos(2 * math.pi * i / steps), cy + ry * math.sin(2 * math.pi * i / steps))
        for i in range(steps)
    )


LEFT_LIMB_CELLS: dict[str, Cell] = {
    # Bottom to top among themselves; the shoulder over the upper arm.
    "upper-arm": ((65.6, 52.0), (95.0, 52.0), (95.0, 81.0), (65.6, 81.0)),
    "forearm": ((66.8, 81.0), (95.0, 81.0), (95.0, 110.0), (66.8, 110.0)),
    "hand": ((67.0, 110.0), (95.0, 110.0), (95.0, 140.0), (67.0, 140.0)),
    "thigh": ((50.0, 110.0), (67.5, 96.5), (67.5, 152.0), (50.0, 152.0)),
    "lower-leg": ((50.0, 152.0), (70.0, 152.0), (70.0, 196.5), (50.0, 196.5)),
    "foot": ((50.0, 196.5), (70.0, 196.5), (70.0, 220.0), (50.0, 220.0)),
    "shoulder": ((57.2, 34.0), (95.0, 34.0), (95.0, 55.5), (66.2, 55.5), (61.2, 45.0)),
}

FRONT_CENTRE_CELLS: dict[str, Cell] = {
    "head": ((35.0, -5.0), (65.0, -5.0), (65.0, 31.0), (35.0, 31.0)),
    "chest": ((34.4, 37.0), (65.6, 37.0), (65.6, 66.0), (34.4, 66.0)),
    "upper-belly": ((34.4, 66.0), (65.6, 66.0), (65.6, 82.0), (34.4, 82.0)),
    "lower-belly": ((34.0, 82.0), (66.0, 82.0), (66.0, 98.5), (50.0, 111.0), (34.0, 98.5)),
    "throat": ((42.0, 28.0), (58.0, 28.0), (57.6, 37.2), (50.0, 39.6), (42.4, 37.2)),
    "jaw": ((40.0, 22.0), (60.0, 22.0), *_chin_line(31.0, 27.0, 10.0)),
    "face": _oval(50.0, 16.4, 8.2, 8.8),
}

BACK_CENTRE_CELLS: dict[str, Cell] = {
    "head": ((35.0, -5.0), (65.0, -5.0), (65.0, 31.0), (35.0, 31.0)),
    "upper-back": ((34.4, 36.0), (65.6, 36.0), (65.6, 72.0), (34.4, 72.0)),
    "lower-back": ((34.0, 72.0), (66.0, 72.0), (66.0, 93.0), (34.0, 93.0)),
    "neck": ((42.0, 28.0), (58.0, 28.0), (58.0, 37.6), (50.0, 40.0), (42.0, 37.6)),
    "seat": ((33.0, 93.0), (67.0, 93.0), (67.0, 109.5), (50.0, 113.5), (33.0, 109.5)),
}

# Drawing order (bottom to top) per figure; "left-"/"right-" parts expand to both sides.
FRONT_ORDER: tuple[str, ...] = (
    "head", "chest", "upper-belly", "lower-belly", "throat", "jaw", "face",
    "thigh", "lower-leg", "foot", "upper-arm", "forearm", "hand", "shoulder",
)  # fmt: skip
BACK_ORDER: tuple[str, ...] = (
    "head", "upper-back", "lower-back", "neck", "thigh", "lower-leg", "foot", "seat",
    "upper-arm", "forearm", "hand", "shoulder",
)  # fmt: skip

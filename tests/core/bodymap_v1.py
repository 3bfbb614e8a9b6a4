"""The body map as it was drawn before the smooth silhouettes (ellipses and quadrilaterals), kept
unchanged for the tests: check-ins saved then stored raw strokes as 0..1 of this same 100 x 220
box, and those strokes must still land on the same places of the body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Side = Literal["front", "back"]
WIDTH, HEIGHT = 100.0, 220.0


@dataclass(frozen=True)
class Ellipse:
    cx: float
    cy: float
    rx: float
    ry: float

    def contains(self, x: float, y: float) -> bool:
        return ((x - self.cx) / self.rx) ** 2 + ((y - self.cy) / self.ry) ** 2 <= 1.0

    def mirrored(self) -> Ellipse:
        return Ellipse(WIDTH - self.cx, self.cy, self.rx, self.ry)


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]

    def contains(self, x: float, y: float) -> bool:
        inside = False
        count = len(self.points)
        for i in range(count):
            (x1, y1), (x2, y2) = self.points[i], self.points[(i + 1) % count]
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
        return inside

    def mirrored(self) -> Polygon:
        return Polygon(tuple((WIDTH - x, y) for x, y in self.points))


Shape = Ellipse | Polygon


def _quad(*points: tuple[float, float]) -> Polygon:
    return Polygon(tuple(points))


# The person's LEFT side as drawn on the FRONT figure (the viewer's right).
_LEFT_FRONT: dict[str, Shape] = {
    "shoulder": Ellipse(66, 45, 9, 6),
    "upper-arm": _quad((64, 50), (72, 48), (75, 80), (67, 81)),
    "forearm": _quad((67, 82), (75, 81), (79, 110), (71, 111)),
    "hand": Ellipse(76, 119, 5, 8),
    "thigh": _quad((51, 104), (63, 104), (61, 150), (52, 150)),
    "lower-leg": _quad((52, 152), (61, 152), (60, 196), (53, 196)),
    "foot": Ellipse(57, 204, 6, 6),
}

_CENTRE_FRONT: dict[str, Shape] = {
    "head": Ellipse(50, 16, 12, 14),
    "face": Ellipse(50, 19, 8, 9),
    "jaw": Ellipse(50, 27.5, 6.5, 3),
    "throat": _quad((45, 31), (55, 31), (55, 38), (45, 38)),
    "chest": _quad((38, 42), (62, 42), (62, 66), (38, 66)),
    "upper-belly": _quad((39, 66), (61, 66), (61, 82), (39, 82)),
    "lower-belly": _quad((39, 82), (61, 82), (62, 100), (38, 100)),
}

_CENTRE_BACK: dict[str, Shape] = {
    "head": Ellipse(50, 16, 12, 14),
    "neck": _quad((44, 29), (56, 29), (56, 39), (44, 39)),
    "upper-back": _quad((37, 40), (63, 40), (62, 72), (38, 72)),
    "lower-back": _quad((38, 72), (62, 72), (62, 94), (38, 94)),
    "seat": _quad((37, 94), (63, 94), (63, 110), (37, 110)),
}


def _build(side: Side) -> tuple[tuple[str, Shape], ...]:
    shapes: list[tuple[str, Shape]] = []
    centre = _CENTRE_FRONT if side == "front" else _CENTRE_BACK
    shapes += list(centre.items())
    for part, shape in _LEFT_FRONT.items():
        left = shape if side == "front" else shape.mirrored()
        shapes.append((f"left-{part}", left))
        shapes.append((f"right-{part}", left.mirrored()))
    # Larger shapes first: smaller ones (the face on the head) are drawn on top and win clicks.
    return tuple(sorted(shapes, key=lambda item: -_area(item[1])))


def _area(shape: Shape) -> float:
    if isinstance(shape, Ellipse):
        return 3.14159 * shape.rx * shape.ry
    points = shape.points
    return abs(
        sum(
            points[i][0] * points[(i + 1) % len(points)][1]
            - points[(i + 1) % len(points)][0] * points[i][1]
            for i in range(len(points))
        )
        / 2
    )


SHAPES: dict[Side, tuple[tuple[str, Shape], ...]] = {
    "front": _build("front"),
    "back": _build("back"),
}


def region_at(side: Side, x: float, y: float) -> str | None:
    """The region under a point of a figure's box (the topmost one), or None."""
    for region, shape in reversed(SHAPES[side]):
        if shape.contains(x, y):
            return region
    return None

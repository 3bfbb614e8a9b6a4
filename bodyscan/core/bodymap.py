"""The body map's shapes: front and back silhouettes, one shape per region, without Qt.

The silhouette is a closed path of cubic Béziers (smooth at any size) built from the anchor
points in core.bodymap_paths; each region is that outline cut by a convex cell, flattened to a
polygon here so the CLI, the journal and tests can hit-test it in pure Python. Everything is in
a 100 x 220 box per figure; raw strokes are stored as 0..1 of that box.

The front figure faces the viewer, so the person's left hand is on the viewer's right; the back
figure is seen from behind, so their left is on the viewer's left. Labels always say whose side
it is ("your left hand").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from bodyscan.core import bodymap_paths as paths
from bodyscan.core.regions import REGIONS_BY_ID

Side = Literal["front", "back"]
WIDTH, HEIGHT = 100.0, 220.0
Point = tuple[float, float]
# One cubic Bézier: start, first control, second control, end.
Cubic = tuple[Point, Point, Point, Point]
# How many straight pieces one Bézier becomes: 1/4 unit at most, so a figure 700 px tall
# shows no corners.
FLATTEN_STEPS = 10


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
    points: tuple[Point, ...]
    bounds: tuple[float, float, float, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        xs = [x for x, _ in self.points] or [0.0]
        ys = [y for _, y in self.points] or [0.0]
        object.__setattr__(self, "bounds", (min(xs), min(ys), max(xs), max(ys)))

    def contains(self, x: float, y: float) -> bool:
        """Even-odd rule; a point exactly on an edge may fall either way."""
        if not self._in_bounds(x, y):
            return False
        inside = False
        count = len(self.points)
        for i in range(count):
            (x1, y1), (x2, y2) = self.points[i], self.points[(i + 1) % count]
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
        return inside

    def _in_bounds(self, x: float, y: float) -> bool:
        left, top, right, bottom = self.bounds
        return left <= x <= right and top <= y <= bottom

    def mirrored(self) -> Polygon:
        return Polygon(tuple((WIDTH - x, y) for x, y in reversed(self.points)))

    def area(self) -> float:
        points = self.points
        count = len(points)
        twice = sum(
            points[i][0] * points[(i + 1) % count][1] - points[(i + 1) % count][0] * points[i][1]
            for i in range(count)
        )
        return abs(twice) / 2


Shape = Ellipse | Polygon


# --- the outline as Béziers --------------------------------------------------------------------


def _anchors() -> tuple[tuple[Point, bool], ...]:
    """The whole outline's anchor points, clockwise, each with whether it is a sharp corner."""
    half = [
        ((a.x, a.y), True) if isinstance(a, paths.Corner) else (a, False)
        for a in paths.HALF_OUTLINE
    ]
    # The mirror half runs back up from the crotch to the crown, without repeating either.
    mirror = [((WIDTH - x, y), corner) for (x, y), corner in reversed(half[1:-1])]
    return tuple(half + mirror)


def _unit(dx: float, dy: float) -> Point:
    length = math.hypot(dx, dy)
    return (0.0, 0.0) if length == 0 else (dx / length, dy / length)


def _smooth(anchors: tuple[tuple[Point, bool], ...]) -> tuple[Cubic, ...]:
    """Cubic Béziers through the anchors: tangents along the neighbours' chord, a third of each
    segment long (smooth and without overshoot); corners keep their turn."""
    count = len(anchors)
    tangents: list[Point] = []
    for index, (_point, corner) in enumerate(anchors):
        before, after = anchors[index - 1][0], anchors[(index + 1) % count][0]
        tangents.append((0.0, 0.0) if corner else _unit(after[0] - before[0], after[1] - before[1]))
    curves: list[Cubic] = []
    for index in range(count):
        (start, _), (end, _) = anchors[index], anchors[(index + 1) % count]
        reach = math.hypot(end[0] - start[0], end[1] - start[1]) / 3
        t1, t2 = tangents[index], tangents[(index + 1) % count]
        curves.append(
            (
                start,
                (start[0] + t1[0] * reach, start[1] + t1[1] * reach),
                (end[0] - t2[0] * reach, end[1] - t2[1] * reach),
                end,
            )
        )
    return tuple(curves)


OUTLINE: tuple[Cubic, ...] = _smooth(_anchors())


def _point_on(curve: Cubic, t: float) -> Point:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    u = 1 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


def flatten(curves: Iterable[Cubic], steps: int = FLATTEN_STEPS) -> tuple[Point, ...]:
    points: list[Point] = []
    for curve in curves:
        points.extend(_point_on(curve, i / steps) for i in range(steps))
    return tuple(points)


def svg_path(curves: Iterable[Cubic] = OUTLINE) -> str:
    """The outline as SVG path data ("M x y C ... Z"), for documents and other tools."""
    parts: list[str] = []
    for index, (start, c1, c2, end) in enumerate(curves):
        if index == 0:
            parts.append(f"M {start[0]:.2f} {start[1]:.2f}")
        parts.append(f"C {c1[0]:.2f} {c1[1]:.2f} {c2[0]:.2f} {c2[1]:.2f} {end[0]:.2f} {end[1]:.2f}")
    return " ".join([*parts, "Z"])


@cache
def silhouette() -> Polygon:
    """The whole outline, flattened."""
    return Polygon(flatten(OUTLINE))


# --- regions: the outline cut by convex cells ----------------------------------------------


def _clip(subject: tuple[Point, ...], cell: tuple[Point, ...]) -> tuple[Point, ...]:
    """Sutherland-Hodgman: the part of `subject` inside the convex `cell` (any winding)."""
    orientation = 1.0 if _signed_area(cell) > 0 else -1.0
    output = list(subject)
    for index in range(len(cell)):
        (ax, ay), (bx, by) = cell[index], cell[(index + 1) % len(cell)]
        ex, ey = (bx - ax) * orientation, (by - ay) * orientation
        source, output = output, []
        if not source:
            break
        px, py = source[-1]
        s_previous = ex * (py - ay) - ey * (px - ax)
        for cx, cy in source:
            s_current = ex * (cy - ay) - ey * (cx - ax)
            if (s_current >= 0) != (s_previous >= 0):
                t = s_previous / (s_previous - s_current)
                output.append((px + (cx - px) * t, py + (cy - py) * t))
            if s_current >= 0:
                output.append((cx, cy))
            px, py, s_previous = cx, cy, s_current
    return tuple(output)


def _signed_area(points: tuple[Point, ...]) -> float:
    count = len(points)
    return (
        sum(
            points[i][0] * points[(i + 1) % count][1] - points[(i + 1) % count][0] * points[i][1]
            for i in range(count)
        )
        / 2
    )


def _mirror_cell(cell: tuple[Point, ...]) -> tuple[Point, ...]:
    return tuple((WIDTH - x, y) for x, y in reversed(cell))


def _cells(side: Side) -> tuple[tuple[str, tuple[Point, ...]], ...]:
    """Every region's cell on a figure, bottom to top."""
    centre = paths.FRONT_CENTRE_CELLS if side == "front" else paths.BACK_CENTRE_CELLS
    order = paths.FRONT_ORDER if side == "front" else paths.BACK_ORDER
    cells: list[tuple[str, tuple[Point, ...]]] = []
    for name in order:
        if name in centre:
            cells.append((name, centre[name]))
            continue
        persons_left = paths.LEFT_LIMB_CELLS[name]  # the viewer's right on the front
        mirrored = _mirror_cell(persons_left)
        left, right = (persons_left, mirrored) if side == "front" else (mirrored, persons_left)
        cells.append((f"left-{name}", left))
        cells.append((f"right-{name}", right))
    return tuple(cells)


def _without_spikes(points: tuple[Point, ...]) -> tuple[Point, ...]:
    """Clipping a concave outline leaves zero-width spikes along the cell's edges where the
    outline left the cell and came back; they hold no area but would be drawn as lines."""
    kept = list(points)
    changed = True
    while changed and len(kept) > 3:
        changed = False
        for index in range(len(kept)):
            a, b, c = kept[index - 2], kept[index - 1], kept[index]
            abx, aby, bcx, bcy = b[0] - a[0], b[1] - a[1], c[0] - b[0], c[1] - b[1]
            cross = abx * bcy - aby * bcx
            if math.hypot(abx, aby) < 1e-9 or (abs(cross) < 1e-7 and abx * bcx + aby * bcy <= 0):
                del kept[index - 1]
                changed = True
                break
    return tuple(kept)


def _build(side: Side) -> tuple[tuple[str, Shape], ...]:
    outline = silhouette().points
    return tuple(
        (region, Polygon(_without_spikes(_clip(outline, cell)))) for region, cell in _cells(side)
    )


class _Shapes(Mapping[Side, tuple[tuple[str, Shape], ...]]):
    """Built on first use (a few hundred milliseconds the window's start-up need not wait)."""

    def __getitem__(self, side: Side) -> tuple[tuple[str, Shape], ...]:
        if side not in ("front", "back"):
            raise KeyError(side)
        return _built(side)

    def __iter__(self) -> Iterator[Side]:
        return iter(("front", "back"))

    def __len__(self) -> int:
        return 2


@cache
def _built(side: Side) -> tuple[tuple[str, Shape], ...]:
    return _build(side)


# Each figure's regions, bottom to top (later ones are drawn over earlier ones and win clicks).
SHAPES: Mapping[Side, tuple[tuple[str, Shape], ...]] = _Shapes()


def region_at(side: Side, x: float, y: float) -> str | None:
    """The region under a point of a figure's box (the topmost one), or None."""
    for region, shape in reversed(SHAPES[side]):
        if shape.contains(x, y):
            return region
    return None


def regions_under(side: Side, points: Iterable[Point]) -> tuple[str, ...]:
    """The regions a raw stroke (points in 0..1 of the box) passes over, most covered first."""
    counts: dict[str, int] = {}
    for x, y in points:
        region = region_at(side, x * WIDTH, y * HEIGHT)
        if region is not None:
            counts[region] = counts.get(region, 0) + 1
    return tuple(sorted(counts, key=lambda region: -counts[region]))


def sides_of(region: str) -> tuple[Side, ...]:
    """The figures a region is drawn on."""
    return tuple(side for side in ("front", "back") if any(r == region for r, _ in SHAPES[side]))


@cache
def centre_of(side: Side, region: str) -> Point:
    """A point well inside the visible part of a region (about the farthest from its edges):
    where a test's click goes."""
    shapes = SHAPES[side]
    index = next(i for i, (name, _) in enumerate(shapes) if name == region)
    shape = shapes[index][1]
    assert isinstance(shape, Polygon)
    left, top, right, bottom = shape.bounds
    above = [
        s
        for _, s in shapes[index + 1 :]
        if isinstance(s, Polygon) and _overlap(s.bounds, shape.bounds)
    ]
    edges = _edges(shape.points) + [e for s in above for e in _edges(s.points)]
    middle = ((left + right) / 2, (top + bottom) / 2)
    coarse = [
        (left + column, top + row)
        for row in range(int(bottom - top) + 1)
        for column in range(int(right - left) + 1)
    ]
    # Middle first: a good answer early lets most candidates stop at their first near edge.
    coarse.sort(key=lambda p: abs(p[0] - middle[0]) + abs(p[1] - middle[1]))
    best, found = _farthest(side, region, coarse, edges, best=-1.0, found=middle)
    fine = [(found[0] + dx / 4, found[1] + dy / 4) for dx in range(-4, 5) for dy in range(-4, 5)]
    return _farthest(side, region, fine, edges, best=best, found=found)[1]


def _farthest(
    side: Side,
    region: str,
    candidates: list[Point],
    edges: list[tuple[Point, Point]],
    *,
    best: float,
    found: Point,
) -> tuple[float, Point]:
    for point in candidates:
        if region_at(side, *point) != region:
            continue
        clearance = math.inf
        for a, b in edges:
            clearance = min(clearance, _distance_to_segment(point, a, b))
            if clearance <= best:
                break
        if clearance > best:
            best, found = clearance, point
    return best, found


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _edges(points: tuple[Point, ...]) -> list[tuple[Point, Point]]:
    return [(points[i], points[(i + 1) % len(points)]) for i in range(len(points))]


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = (
        0.0
        if length == 0
        else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    )
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def check() -> None:
    """Every region is drawn somewhere, and only known regions are drawn."""
    drawn = {region for side in SHAPES.values() for region, _ in side}
    missing = set(REGIONS_BY_ID) - drawn
    unknown = drawn - set(REGIONS_BY_ID)
    if missing or unknown:
        raise AssertionError(f"body map: missing {sorted(missing)}, unknown {sorted(unknown)}")
    empty = [
        region for side in SHAPES.values() for region, shape in side if len(_points(shape)) < 3
    ]
    if empty:
        raise AssertionError(f"body map: regions outside the outline {sorted(empty)}")


def _points(shape: Shape) -> tuple[Point, ...]:
    return shape.points if isinstance(shape, Polygon) else ((shape.cx, shape.cy),) * 3

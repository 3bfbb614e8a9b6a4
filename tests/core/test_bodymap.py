"""The body map's geometry, without Qt: every region can be hit at its centre and only up to its
border, left and right are the person's own on both figures, the outline is a closed smooth
path, and strokes stored against the old map still land on the same places."""

from __future__ import annotations

import math

import pytest

from bodyscan.core import bodymap
from bodyscan.core import bodymap_paths as paths
from bodyscan.core.bodymap import (
    HEIGHT,
    OUTLINE,
    SHAPES,
    WIDTH,
    Ellipse,
    Polygon,
    Side,
    centre_of,
    region_at,
    regions_under,
    silhouette,
    svg_path,
)
from bodyscan.core.regions import REGIONS, REGIONS_BY_ID
from tests.core import bodymap_v1

SIDES: tuple[Side, ...] = ("front", "back")
GRID = [(x + 0.13, y + 0.07) for x in range(int(WIDTH)) for y in range(int(HEIGHT))]
DRAWN = [(side, region) for side in SIDES for region, _ in SHAPES[side]]


def polygon(side: Side, region: str) -> Polygon:
    shape = dict(SHAPES[side])[region]
    assert isinstance(shape, Polygon)
    return shape


def above(side: Side, region: str) -> list[Polygon]:
    """The shapes drawn over a region (they win where they overlap it)."""
    names = [name for name, _ in SHAPES[side]]
    return [polygon(side, name) for name in names[names.index(region) + 1 :]]


def test_every_region_is_drawn_and_only_known_ones() -> None:
    bodymap.check()
    drawn = {region for side in SIDES for region, _ in SHAPES[side]}
    assert drawn == set(REGIONS_BY_ID)
    # Front-only and back-only regions are where REGIONS says they are.
    for region in REGIONS:
        sides = set(bodymap.sides_of(region.id))
        assert sides == ({"front", "back"} if region.view == "both" else {region.view}), region


@pytest.mark.parametrize("side", SIDES)
def test_every_region_drawn_on_a_figure_can_be_clicked(side: Side) -> None:
    hits: dict[str, int] = {}
    for x, y in GRID:
        region = region_at(side, x, y)
        if region is not None:
            hits[region] = hits.get(region, 0) + 1
    assert set(hits) == {region for region, _ in SHAPES[side]}
    assert min(hits.values()) >= 60, "a region too small to touch (under 60 square units)"


@pytest.mark.parametrize(("side", "region"), DRAWN)
def test_a_click_at_a_regions_centre_chooses_it(side: Side, region: str) -> None:
    x, y = centre_of(side, region)
    assert region_at(side, x, y) == region
    # Well inside, not on a sliver: a finger's width around the centre is the same region.
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        assert region_at(side, x + dx, y + dy) == region, (dx, dy)


@pytest.mark.parametrize(("side", "region"), DRAWN)
def test_a_region_reaches_exactly_to_its_border(side: Side, region: str) -> None:
    """Along every visible edge: a point just inside is the region, just outside is not."""
    shape = polygon(side, region)
    covering = above(side, region)
    points = shape.points
    clockwise = (
        sum(
            points[i][0] * points[(i + 1) % len(points)][1]
            - points[(i + 1) % len(points)][0] * points[i][1]
            for i in range(len(points))
        )
        < 0
    )
    checked = 0
    for i in range(len(points)):
        (x1, y1), (x2, y2) = points[i], points[(i + 1) % len(points)]
        length = math.hypot(x2 - x1, y2 - y1)
        if length < 0.3:
            continue
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        # The inward normal: to the left of each edge when the points run anticlockwise.
        nx, ny = -(y2 - y1) / length, (x2 - x1) / length
        if clockwise:
            nx, ny = -nx, -ny
        near = [
            (mx + nx * d + ny * e, my + ny * d - nx * e) for d in (-0.3, 0.3) for e in (-0.3, 0.3)
        ]
        if any(other.contains(*p) for other in covering for p in near):
            continue  # this stretch of edge lies under a region drawn on top
        assert region_at(side, mx + nx * 0.05, my + ny * 0.05) == region, (mx, my)
        assert region_at(side, mx - nx * 0.05, my - ny * 0.05) != region, (mx, my)
        checked += 1
    assert checked >= 4


@pytest.mark.parametrize("side", SIDES)
def test_nothing_outside_the_silhouette(side: Side) -> None:
    outline = silhouette().points
    corners = [(a.x, a.y) for a in paths.HALF_OUTLINE if isinstance(a, paths.Corner)]
    corners += [(WIDTH - x, y) for x, y in corners]
    for i in range(0, len(outline), 3):
        (x1, y1), (x2, y2) = outline[i], outline[(i + 1) % len(outline)]
        length = math.hypot(x2 - x1, y2 - y1)
        if length < 1e-6 or any(math.dist((x1, y1), c) < 0.5 for c in corners):
            continue  # in a sharp inner corner (an armpit), "just outside" is the other side
        # The outline runs clockwise on screen: outside is to the left of each step.
        nx, ny = (y2 - y1) / length, -(x2 - x1) / length
        x, y = (x1 + x2) / 2 + nx * 0.05, (y1 + y2) / 2 + ny * 0.05
        assert region_at(side, x, y) is None, (x, y)
        assert region_at(side, x - 2 * nx * 0.05, y - 2 * ny * 0.05) is not None, (x, y)
    assert region_at(side, 2, 2) is None and region_at(side, 50, 218) is None


@pytest.mark.parametrize("side", SIDES)
def test_every_point_of_the_silhouette_belongs_to_a_region(side: Side) -> None:
    outline = silhouette()
    for x, y in GRID:
        if outline.contains(x, y):
            assert region_at(side, x, y) is not None, (x, y)


@pytest.mark.parametrize(
    ("side", "persons_left_on"), [("front", "viewer's right"), ("back", "viewer's left")]
)
def test_left_and_right_are_the_persons_own(side: Side, persons_left_on: str) -> None:
    for region, _ in SHAPES[side]:
        if not region.startswith(("left-", "right-")):
            continue
        x, _ = centre_of(side, region)
        on_viewers_right = x > WIDTH / 2
        persons_left = region.startswith("left-")
        assert on_viewers_right == (persons_left == (persons_left_on == "viewer's right")), region
    # The person's left hand, seen from the front and from behind.
    assert (
        region_at("front", 77, 120) == "left-hand" and region_at("front", 23, 120) == "right-hand"
    )
    assert region_at("back", 23, 120) == "left-hand" and region_at("back", 77, 120) == "right-hand"
    assert region_at("front", 57, 170) == "left-lower-leg"
    assert region_at("back", 57, 170) == "right-lower-leg"


@pytest.mark.parametrize("side", SIDES)
def test_the_figures_are_mirror_images_left_for_right(side: Side) -> None:
    swap = {"left-": "right-", "right-": "left-"}
    for x, y in GRID[::3]:
        here = region_at(side, x, y)
        there = region_at(side, WIDTH - x, y)
        if here is None or not here.startswith(("left-", "right-")):
            continue
        prefix = here.split("-", 1)[0] + "-"
        assert there == swap[prefix] + here.removeprefix(prefix), (x, y)


def test_front_and_back_show_the_same_limbs_mirrored() -> None:
    for x, y in GRID[::5]:
        front = region_at("front", x, y)
        back = region_at("back", WIDTH - x, y)
        if back == "seat":
            continue  # seen from behind, the seat covers the top of the thighs
        if front is not None and front.startswith(("left-", "right-")):
            assert back == front, (x, y)


def test_regions_on_top_win() -> None:
    assert region_at("front", 50, 17) == "face"  # the face lies on the head
    assert region_at("front", 50, 4) == "head"
    assert region_at("front", 50, 28.5) == "jaw"
    assert region_at("front", 50, 35) == "throat"
    assert region_at("back", 50, 17) == "head"  # no face on the back
    assert region_at("back", 50, 35) == "neck"
    assert region_at("front", 0, 0) is None and region_at("back", WIDTH, HEIGHT) is None


def test_the_outline_is_a_closed_smooth_path_of_beziers() -> None:
    for (_, _, _, end), (start, _, _, _) in zip(OUTLINE, OUTLINE[1:] + OUTLINE[:1], strict=True):
        assert end == start
    corners = 0
    for (_, _, before, joint), (_, after, _, _) in zip(
        OUTLINE, OUTLINE[1:] + OUTLINE[:1], strict=True
    ):
        incoming = (joint[0] - before[0], joint[1] - before[1])
        outgoing = (after[0] - joint[0], after[1] - joint[1])
        if math.hypot(*incoming) < 1e-9 or math.hypot(*outgoing) < 1e-9:
            corners += 1  # a corner on purpose: the armpits and the crotch
            continue
        cross = incoming[0] * outgoing[1] - incoming[1] * outgoing[0]
        assert abs(cross) / (math.hypot(*incoming) * math.hypot(*outgoing)) < 1e-6, joint
    assert corners == 3
    path = svg_path()
    assert path.startswith("M 50.00 2.00 C ") and path.endswith(" Z")
    assert path.count("C ") == len(OUTLINE)


def test_a_stroke_offers_the_regions_it_covers_most_first() -> None:
    def at(side: Side, region: str) -> tuple[float, float]:
        x, y = centre_of(side, region)
        return x / WIDTH, y / HEIGHT

    stroke = [at("front", "left-forearm")] * 3 + [at("front", "left-hand")] + [(0.01, 0.01)]
    assert regions_under("front", stroke) == ("left-forearm", "left-hand")
    assert regions_under("back", [at("back", "seat")]) == ("seat",)
    assert regions_under("front", [(0.0, 0.0)]) == ()


@pytest.mark.parametrize("side", SIDES)
def test_strokes_stored_against_the_old_map_land_on_the_same_places(side: Side) -> None:
    """Raw strokes were stored as 0..1 of the same box; each old region's area still lies
    mostly on the same region, and its middle exactly on it."""
    old: dict[str, list[tuple[float, float]]] = {}
    for point in GRID:
        found = bodymap_v1.region_at(side, *point)
        if found is not None:
            old.setdefault(found, []).append(point)
    assert set(old) == {region for region, _ in bodymap_v1.SHAPES[side]}
    for region, inside in old.items():
        same = sum(1 for p in inside if region_at(side, *p) == region)
        assert same / len(inside) >= 0.55, (region, same / len(inside))
        # The old region's most central point (the farthest inside it) is the same region.
        cells = {(round(x - 0.13), round(y - 0.07)) for x, y in inside}
        middle = max(inside, key=lambda p: _depth(cells, round(p[0] - 0.13), round(p[1] - 0.07)))
        assert region_at(side, *middle) == region, (region, middle)


def _depth(cells: set[tuple[int, int]], x: int, y: int) -> int:
    """How many grid steps a point can move in all four directions and stay in the region."""
    reach = 0
    while all(
        (x + dx * reach, y + dy * reach) in cells for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))
    ):
        reach += 1
    return reach


def test_ellipse_and_polygon_edges() -> None:
    ring = Ellipse(10, 10, 5, 2)
    assert ring.contains(15, 10) and ring.contains(10, 12) and not ring.contains(15.01, 10)
    assert ring.mirrored() == Ellipse(WIDTH - 10, 10, 5, 2)
    square = Polygon(((0, 0), (10, 0), (10, 10), (0, 10)))
    assert square.contains(5, 5) and square.contains(0.01, 9.99)
    assert not square.contains(-0.01, 5) and not square.contains(5, 10.01)
    assert square.mirrored().contains(WIDTH - 5, 5)
    assert square.bounds == (0, 0, 10, 10) and square.area() == 100

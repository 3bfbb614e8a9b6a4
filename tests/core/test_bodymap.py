"""The body map's geometry, without Qt: every region can be hit, and left and right are the
person's own on both figures."""

from __future__ import annotations

import pytest

from bodyscan.core import bodymap
from bodyscan.core.bodymap import HEIGHT, SHAPES, WIDTH, Ellipse, Polygon, Side, region_at
from bodyscan.core.regions import REGIONS_BY_ID

GRID = [(x / 2, y / 2) for x in range(int(WIDTH * 2)) for y in range(int(HEIGHT * 2))]


def hit_map(side: Side) -> dict[str, list[tuple[float, float]]]:
    hits: dict[str, list[tuple[float, float]]] = {}
    for x, y in GRID:
        region = region_at(side, x, y)
        if region is not None:
            hits.setdefault(region, []).append((x, y))
    return hits


def test_every_region_is_drawn_and_only_known_ones() -> None:
    bodymap.check()
    drawn = {region for side in SHAPES.values() for region, _ in side}
    assert drawn == set(REGIONS_BY_ID)


@pytest.mark.parametrize("side", ["front", "back"])
def test_every_region_drawn_on_a_figure_can_be_clicked(side: Side) -> None:
    hits = hit_map(side)
    drawn = {region for region, _ in SHAPES[side]}
    assert set(hits) == drawn
    smallest = min(len(points) for points in hits.values())
    assert smallest >= 20, "a region too small to click (fewer than 5 square units)"


@pytest.mark.parametrize(
    "side, left_on_viewers", [("front", "right"), ("back", "left")]
)
def test_left_and_right_are_the_persons_own(side: Side, left_on_viewers: str) -> None:
    hits = hit_map(side)
    for region, points in hits.items():
        if not region.startswith(("left-", "right-")):
            continue
        mean_x = sum(x for x, _ in points) / len(points)
        on_viewers_right = mean_x > WIDTH / 2
        persons_left = region.startswith("left-")
        assert on_viewers_right == (persons_left == (left_on_viewers == "right")), region


@pytest.mark.parametrize("side", ["front", "back"])
def test_the_figures_are_mirror_images_left_for_right(side: Side) -> None:
    swap = {"left-": "right-", "right-": "left-"}
    # Off the half-unit grid, so no point lies exactly on an edge (edges are half-open).
    for x, y in ((x + 0.13, y + 0.07) for x, y in GRID[::7]):
        here = region_at(side, x, y)
        there = region_at(side, WIDTH - x, y)
        if here is None or not here.startswith(("left-", "right-")):
            continue
        prefix = here.split("-", 1)[0] + "-"
        assert there == swap[prefix] + here.removeprefix(prefix), (x, y)


def test_smaller_shapes_on_top_win() -> None:
    assert region_at("front", 50, 19) == "face"  # the face lies on the head
    assert region_at("front", 50, 4) == "head"
    assert region_at("back", 50, 19) == "head"  # no face on the back
    assert region_at("front", 0, 0) is None and region_at("back", WIDTH, HEIGHT) is None


def test_ellipse_and_polygon_edges() -> None:
    ring = Ellipse(10, 10, 5, 2)
    assert ring.contains(15, 10) and ring.contains(10, 12) and not ring.contains(15.01, 10)
    assert ring.mirrored() == Ellipse(WIDTH - 10, 10, 5, 2)
    square = Polygon(((0, 0), (10, 0), (10, 10), (0, 10)))
    assert square.contains(5, 5) and square.contains(0.01, 9.99)
    assert not square.contains(-0.01, 5) and not square.contains(5, 10.01)
    assert square.mirrored().contains(WIDTH - 5, 5)

"""The body map widget, real and offscreen: a click at every region's centre chooses it on both
figures, hover names the place with its side, the arrow keys and Space work without a mouse,
painted strokes are kept raw, and a check-in saved against the old map shows unchanged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from bodyscan import provider
from bodyscan.core.bodymap import HEIGHT, SHAPES, WIDTH, Side
from bodyscan.journal.model import CheckIn, RegionAnswer, SessionRecord, Stroke, now
from bodyscan.settings import Settings
from bodyscan.ui import theme
from bodyscan.ui.body_map import KEYBOARD_ORDER, BodyMap
from tests.core import bodymap_v1
from tests.ui.test_theme import contrast

SIDES: tuple[Side, ...] = ("front", "back")


@pytest.fixture
def body_map(qtbot: QtBot) -> BodyMap:
    widget = BodyMap()
    qtbot.addWidget(widget)
    widget.resize(620, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize("side", SIDES)
def test_a_click_at_each_regions_centre_chooses_it(
    qtbot: QtBot, body_map: BodyMap, side: Side
) -> None:
    for region, _ in SHAPES[side]:
        centre = body_map.centre_of(region, side)
        assert centre is not None
        with qtbot.waitSignal(body_map.region_clicked) as clicked:
            qtbot.mouseClick(body_map, Qt.MouseButton.LeftButton, pos=centre.toPoint())
        assert clicked.args == [region]
    assert body_map.centre_of("face", "back") is None  # the face is only on the front


def test_hover_names_the_place_and_whose_side(qtbot: QtBot, body_map: BodyMap) -> None:
    # The person's left hand is on the viewer's right at the front, on the left at the back.
    front = body_map.to_screen("front", 77, 120).toPoint()
    back = body_map.to_screen("back", 23, 120).toPoint()
    assert front.x() > body_map.to_screen("front", 50, 120).x()
    assert back.x() < body_map.to_screen("back", 50, 120).x()
    for point in (front, back):
        qtbot.mouseMove(body_map, point)
        qtbot.waitUntil(lambda: body_map.hovered == "left-hand")
        assert body_map.toolTip() == "your left hand"
        qtbot.mouseMove(body_map, QPoint(2, body_map.height() - 2))  # off the figures
        qtbot.waitUntil(lambda: body_map.hovered is None)


def test_the_keyboard_moves_through_every_region_and_marks_one(
    qtbot: QtBot, body_map: BodyMap
) -> None:
    body_map.setFocus()
    qtbot.waitUntil(body_map.hasFocus)
    seen = []
    for _ in KEYBOARD_ORDER:
        qtbot.keyClick(body_map, Qt.Key.Key_Down)
        seen.append(body_map.hovered)
    assert seen == [region for _side, region in KEYBOARD_ORDER]
    assert len(set(seen)) == 25
    qtbot.keyClick(body_map, Qt.Key.Key_Up)  # and back
    assert body_map.hovered == KEYBOARD_ORDER[-2][1]
    assert body_map.accessibleDescription() == "your " + KEYBOARD_ORDER[-2][1].replace("-", " ")
    with qtbot.waitSignal(body_map.region_clicked) as clicked:
        qtbot.keyClick(body_map, Qt.Key.Key_Space)
    assert clicked.args == [KEYBOARD_ORDER[-2][1]]


def test_painted_strokes_are_kept_raw_in_the_figures_box(qtbot: QtBot, body_map: BodyMap) -> None:
    body_map.drawing = True
    start = body_map.to_screen("front", 74, 85)
    end = body_map.to_screen("front", 77, 105)
    with qtbot.waitSignal(body_map.stroke_finished) as finished:
        qtbot.mousePress(body_map, Qt.MouseButton.LeftButton, pos=start.toPoint())
        for step in range(1, 6):
            point = start + (end - start) * (step / 5)
            qtbot.mouseMove(body_map, point.toPoint())
        qtbot.mouseRelease(body_map, Qt.MouseButton.LeftButton, pos=end.toPoint())
    side, points = finished.args
    assert side == "front" and len(points) >= 2
    x, y = points[0]
    assert abs(x - 0.74) < 0.01 and abs(y - 85 / HEIGHT) < 0.01
    assert body_map.strokes == [("front", points)]


def test_an_old_check_in_shows_on_the_new_map_unchanged(qtbot: QtBot, body_map: BodyMap) -> None:
    """A check-in saved with the old map: its regions and raw strokes come back from the journal
    as they were, and every stroke point still lies on the region it was painted on."""
    journal = provider.journal()
    when = now() - timedelta(days=400)
    session = SessionRecord(
        "body-scan-3", "Body scan", "body-scan", when, when, 180, 180, "completed"
    )
    journal.record_session(session)
    # Strokes painted on the old figure: across its chest, down its left forearm (at the back:
    # the viewer's left), over its seat, each point stored as 0..1 of the 100 x 220 box.
    painted = {
        ("front", "chest"): [(44, 50), (50, 54), (56, 58)],
        ("back", "left-forearm"): [(29, 88), (28, 95), (27, 102)],
        ("back", "seat"): [(42, 100), (50, 102), (58, 104)],
        ("front", "right-foot"): [(43, 204), (44, 205)],
    }
    strokes = tuple(
        Stroke(side, tuple((x / WIDTH, y / HEIGHT) for x, y in points))
        for (side, _region), points in painted.items()
    )
    for (side, region), points in painted.items():
        assert all(bodymap_v1.region_at(side, x, y) == region for x, y in points)  # the old map
    regions = (RegionAnswer("chest", ("warm",)), RegionAnswer("left-forearm"), RegionAnswer("seat"))
    journal.save_checkin(CheckIn(session.id, "noticed", regions, strokes, created_at=when))
    [entry] = [e for e in journal.entries() if e.session.id == session.id]
    [saved] = entry.checkins
    assert saved.strokes == strokes  # raw, unchanged

    body_map.show_checkin(
        [answer.region for answer in saved.regions], [(s.side, s.points) for s in saved.strokes]
    )
    assert body_map.marked == {"chest", "left-forearm", "seat"}
    assert body_map.strokes == [(s.side, s.points) for s in strokes]
    for (side, region), stroke in zip(painted, saved.strokes, strict=True):
        box = body_map._box(side)
        for x, y in stroke.points:
            on_screen = QPointF(box.left() + x * box.width(), box.top() + y * box.height())
            assert body_map.region_at(on_screen) == region, (side, region, x, y)
    # And it is drawn: the strokes' soft colour is on the picture where they were painted.
    image = body_map.grab().toImage()
    x, y = painted[("back", "seat")][1]
    pixel = QColor(image.pixel(body_map.to_screen("back", x, y).toPoint()))
    plain = QColor(image.pixel(body_map.to_screen("back", 50, 80).toPoint()))
    assert pixel != plain


def test_heat_shading_and_the_picture_export(body_map: BodyMap) -> None:
    body_map.heat_mode = True
    body_map.heat = {"chest": 1.0, "left-hand": 0.5}
    image = body_map.to_image(400, 500)
    assert (image.width(), image.height()) == (400, 500)
    assert body_map.size().width() == 620  # the widget itself is left as it was
    # The region marked most is shaded darkest.
    hot = QColor(image.pixel(_on_image(body_map, "front", "chest", 400, 500)))
    cold = QColor(image.pixel(_on_image(body_map, "front", "lower-belly", 400, 500)))
    assert hot.lightness() < cold.lightness()


def _on_image(body_map: BodyMap, side: Side, region: str, width: int, height: int) -> QPoint:
    saved = body_map.size()
    body_map.resize(width, height)
    point = body_map.centre_of(region, side)
    body_map.resize(saved)
    assert point is not None
    return point.toPoint()


@pytest.mark.parametrize("name", ["light", "dark"])
def test_marked_places_and_the_outline_stand_out_in_both_looks(
    qtbot: QtBot, body_map: BodyMap, name: str
) -> None:
    """WCAG's 3:1 for graphics: a marked place against a plain one, the outline on the page."""
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    look = theme.apply(qapp, Settings(theme=name))
    try:
        body_map.setPalette(qapp.palette())
        body_map.marked = {"chest"}
        image = body_map.grab().toImage()
        marked = QColor(image.pixel(body_map.centre_of("chest", "front").toPoint()))  # type: ignore[union-attr]
        plain = QColor(image.pixel(body_map.centre_of("upper-belly", "front").toPoint()))  # type: ignore[union-attr]
        assert plain.name() == look.surface
        assert contrast(marked.name(), plain.name()) >= 3.0
        assert contrast(look.faint, look.window) >= 3.0  # the outline's colour
    finally:
        theme.apply(qapp, Settings())

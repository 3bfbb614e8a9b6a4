"""The heat maps' one ramp: a single hue whose lightness moves one way (readable by
colour-blind people and in grey print), in the light look, the dark look and on paper; and the
two maps drawn on one scale."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from pytestqt.qtbot import QtBot

from bodyscan.ui import theme
from bodyscan.ui.insight_pictures import (
    PRINT,
    Colours,
    HeatPanel,
    colours_for,
    heat_layout,
    heat_maps_image,
    region_centre,
)


def ramp(look: theme.Look) -> Colours:
    return colours_for(look.window, look.surface, look.text, look.mid, look.accent)


@pytest.mark.parametrize("colours", [ramp(theme.LIGHT), ramp(theme.DARK), PRINT])
def test_one_hue_with_lightness_one_way(colours: Colours) -> None:
    steps = [colours.shade(i / 10) for i in range(1, 11)]
    lightness = [c.lightnessF() for c in steps]
    rising = lightness[-1] > lightness[0]
    for a, b in itertools.pairwise(lightness):
        assert (b > a) if rising else (b < a)
    hues = {round(c.hslHueF(), 1) for c in steps}
    assert len(hues) == 1, hues
    # The most-marked shade stands clear of "not marked" (WCAG's 3:1 for graphics).
    assert _contrast(colours.shade(1.0), QColor(colours.unmarked)) >= 3.0


def _contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_both_maps_share_one_scale(qtbot: QtBot) -> None:
    panels = [
        HeatPanel("This", {"chest": 2}, 4),
        HeatPanel("Before", {"chest": 4, "left-hand": 2}, 4),
    ]
    image = heat_maps_image(panels, PRINT, 1200, 800, 16)
    font = QFont()
    font.setPixelSize(16)  # as heat_maps_image draws
    line = QFontMetricsF(font).height()
    rect = QRectF(0, 0, 1200, 800)
    assert len(heat_layout(rect, line, 2)) == 2

    def colour(index: int, region: str) -> QColor:
        point = region_centre(rect, line, 2, index=index, region=region, side="front")
        assert point is not None
        return image.pixelColor(point.toPoint())

    # Chest marked 2 times here and 4 before: here it is the half shade, the same shade as the
    # left hand's 2 before, and lighter (on paper) than the chest's 4.
    assert colour(0, "chest") == colour(1, "left-hand")
    assert colour(0, "chest").lightnessF() > colour(1, "chest").lightnessF()
    assert colour(1, "chest") == PRINT.shade(1.0)
    assert colour(0, "left-hand") == QColor(PRINT.unmarked)

"""``chart_raster``: the dpi and size an on-screen chart is painted at, so its words read at
the window's text size, pixel for pixel, at any display scaling."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel

from vpr_desktop.views.common.chart_raster import ChartRaster
from vpr_desktop.views.common.chart_raster import RasterWatch
from vpr_desktop.views.common.chart_raster import font_points
from vpr_desktop.views.common.chart_raster import logical_pixels
from vpr_desktop.views.common.chart_raster import raster_for
from vpr_desktop.views.common.chart_raster import text_dpi


class _Screen(QLabel):
    """A label on a screen of a chosen device pixel ratio (the offscreen screen is 1.0)."""

    def __init__(self, ratio: float) -> None:
        super().__init__()
        self.ratio = ratio

    def devicePixelRatioF(self) -> float:  # Qt override
        return self.ratio


def _label(qtbot: Any, ratio: float = 1.0, points: float = 9.0) -> _Screen:
    picture = _Screen(ratio)
    qtbot.addWidget(picture)
    font = QFont(picture.font())
    font.setPointSizeF(points)
    picture.setFont(font)
    picture.resize(576, 288)
    return picture


def test_text_dpi_makes_chart_points_as_tall_as_the_window_text() -> None:
    # 9 pt window text at 96 dpi is 12 px; 7.5 pt chart text is 12 px at 115.2 dpi.
    assert text_dpi(9.0, 96.0, 1.0, 7.5) == pytest.approx(115.2)
    assert text_dpi(9.0, 96.0, 1.5, 7.5) == pytest.approx(172.8)
    assert text_dpi(9.0, 96.0, 2.0, 7.5) == pytest.approx(230.4)
    assert text_dpi(12.0, 96.0, 1.0, 8.0) == pytest.approx(144.0)  # larger text, larger chart


def test_the_raster_fills_the_label_in_device_pixels(qtbot: Any) -> None:
    picture = _label(qtbot)
    assert picture.logicalDpiY() == 96
    assert font_points(picture) == 9.0
    one = raster_for(picture, 8.0)
    assert one.dpi == pytest.approx(108.0)  # 96 * 9 / 8
    assert one.ratio == 1.0
    assert (one.width_in * one.dpi, one.height_in * one.dpi) == pytest.approx((576, 288))
    two = raster_for(_label(qtbot, ratio=2.0), 8.0)
    assert two.dpi == pytest.approx(216.0)
    assert two.ratio == 2.0
    # The same inches (the same layout), twice the pixels: sharp, not stretched.
    assert (two.width_in, two.height_in) == pytest.approx((one.width_in, one.height_in))
    assert (two.width_in * two.dpi, two.height_in * two.dpi) == pytest.approx((1152, 576))


def test_the_raster_follows_the_widget_font(qtbot: Any) -> None:
    assert raster_for(_label(qtbot, points=12.0), 8.0).dpi == pytest.approx(144.0)
    assert logical_pixels(_label(qtbot, points=12.0), 2.0, 8.0) == 288  # 2 in * 96 * 1.5


def test_close_to_tolerates_small_size_changes_only() -> None:
    drawn = ChartRaster(5.0, 3.0, 108.0, 1.0)
    assert drawn.close_to(ChartRaster(5.2, 3.1, 108.0, 1.0))
    assert not drawn.close_to(ChartRaster(5.5, 3.0, 108.0, 1.0))
    assert not drawn.close_to(ChartRaster(5.0, 3.0, 216.0, 2.0))  # moved to a 200 % screen


def test_the_watch_rescales_at_once_and_redraws_a_stale_raster(qtbot: Any) -> None:
    picture = _label(qtbot)
    picture.show()  # a hidden widget gets its resize events only once shown
    qtbot.waitExposed(picture)
    calls: list[str] = []
    watch = RasterWatch(
        picture, 8.0, lambda: calls.append("redraw"), lambda: calls.append("rescale"), pause_ms=10
    )
    picture.resize(580, 290)
    assert calls == ["rescale"]  # nothing drawn yet: no redraw to wait for
    watch.mark_drawn()
    picture.resize(584, 290)  # under 5 %: the drawing is kept
    qtbot.wait(50)
    assert calls == ["rescale", "rescale"]
    picture.resize(800, 290)
    qtbot.waitUntil(lambda: "redraw" in calls, timeout=2000)
    assert calls == ["rescale", "rescale", "rescale", "redraw"]

"""The Training compliance chart is painted for its picture's size and screen: its words come
out as tall as the window's text (7.5 pt at the dpi that makes it 9 pt's pixels), one image
pixel to one screen pixel, at 100 % and at 200 %."""

from __future__ import annotations

import struct
from typing import Any

import pytest
from PySide6.QtGui import QFont
from PySide6.QtGui import QPixmap

from vpr_desktop.views.training import chart as chart_module
from vpr_desktop.views.training.chart import ComplianceChart
from vpr_desktop.views.training.chart_drawing import TEXT_POINTS
from vpr_desktop.views.training.chart_drawing import render_compliance

WAIT_MS = 20000
BARS = [("Breakaway Techniques", 81.5, 85.0), ("Lone Working", 86.6, 85.0)]


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG's header."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_render_compliance_paints_the_inches_at_the_dpi_asked() -> None:
    png = render_compliance(BARS, 5.0, 2.5, 115.2)
    assert png_size(png) == (576, 288)
    # Too small for its bars: laid out at the 4 inch x (0.25 a bar + 0.55) minimum.
    assert png_size(render_compliance(BARS, 1.0, 0.5, 100.0)) == (400, 140)


def _chart(
    qtbot: Any, ratio: float, monkeypatch: pytest.MonkeyPatch
) -> tuple[Any, list[Any], list[QPixmap]]:
    """A chart on a screen of ``ratio``, drawn; with the (width, height, dpi) it asked for."""
    asked: list[tuple[float, float, float]] = []

    def recording(bars: Any, width_in: float, height_in: float, dpi: float) -> bytes:
        asked.append((width_in, height_in, dpi))
        return render_compliance(bars, width_in, height_in, dpi)

    monkeypatch.setattr(chart_module, "render_compliance", recording)
    chart = ComplianceChart()
    qtbot.addWidget(chart)
    font = QFont(chart.font())
    font.setPointSizeF(9.0)
    chart.setFont(font)
    picture = chart.picture
    picture.devicePixelRatioF = lambda: ratio  # type: ignore[method-assign]  # e.g. 200 %
    # Qt hands back the label's pixmap at its own ratio (1 offscreen): keep the one given.
    given: list[QPixmap] = []
    real_set = picture.setPixmap

    def keep(pixmap: QPixmap) -> None:
        given.append(pixmap)
        real_set(pixmap)

    picture.setPixmap = keep  # type: ignore[method-assign]
    chart.resize(700, 360)
    chart.set_bars(BARS, "Compliance by course against target")
    chart.show()
    qtbot.waitUntil(lambda: chart.png is not None, timeout=WAIT_MS)
    return chart, asked, given


@pytest.mark.parametrize(("ratio", "dpi"), [(1.0, 115.2), (2.0, 230.4)])
def test_the_chart_is_drawn_at_the_window_text_size_for_the_screen(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, ratio: float, dpi: float
) -> None:
    chart, asked, given = _chart(qtbot, ratio, monkeypatch)
    assert chart.picture.logicalDpiY() == 96
    width_in, height_in, asked_dpi = asked[-1]
    assert asked_dpi == pytest.approx(dpi)  # 96 dpi x ratio x 9 pt / 7.5 pt
    assert asked_dpi * TEXT_POINTS / 72 == pytest.approx(12 * ratio)  # 9 pt = 12 px a ratio
    picture = chart.picture
    device = (round(picture.width() * ratio), round(picture.height() * ratio))
    assert (width_in * asked_dpi, height_in * asked_dpi) == pytest.approx(device)
    assert png_size(chart.png) == device
    # Pixel for pixel: the label shows the PNG as painted, marked with the screen's ratio.
    pixmap = given[-1]
    assert (pixmap.width(), pixmap.height()) == device
    assert pixmap.devicePixelRatio() == ratio


def test_the_picture_never_asks_for_more_height_than_the_tab_can_give(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    chart, _asked, _given = _chart(qtbot, 1.0, monkeypatch)
    # Two bars need 1.4 in (the floor) = 162 px at 115.2 dpi: more than the 120 px floor.
    assert chart.picture.minimumHeight() == 120
    chart.set_bars([(f"Course {i}", 90.0, 85.0) for i in range(10)], "Ten courses")
    assert chart.picture.minimumHeight() == 120


def test_in_less_room_than_its_bars_need_the_chart_is_shrunk_whole_not_cut(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    chart, _asked, given = _chart(qtbot, 1.0, monkeypatch)
    chart.resize(440, 150)  # the picture gets less than the 162 px its two bars need
    qtbot.waitUntil(lambda: chart.picture.height() < 162, timeout=WAIT_MS)
    chart._scale()
    shown = given[-1]
    assert shown.height() <= chart.picture.height()
    assert shown.width() <= chart.picture.width()
    assert chart.picture.geometry().bottom() < chart.height()

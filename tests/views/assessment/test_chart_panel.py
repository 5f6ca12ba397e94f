"""The Self-assessment chart panel paints the pack's chart as wide as its label, at the dpi
that makes the chart's 8 pt words the window's 9 pt text, for the screen's pixel ratio."""

from __future__ import annotations

import struct
from typing import Any

import pytest
from PySide6.QtGui import QFont

from vpr_desktop.reports.pack_model import ChartSpec
from vpr_desktop.reports.pack_model import Series
from vpr_desktop.views.assessment import charts as charts_module
from vpr_desktop.views.assessment.charts import ChartPanel
from vpr_desktop.views.assessment.charts import render_png

WAIT_MS = 20000
SPEC = ChartSpec(
    kind="hbar",
    title="Change from 2025/26 to 2026/27",
    categories=("Improved", "Declined", "Unchanged", "New"),
    series=(Series("Indicators", (5.0, 2.0, 30.0, 8.0)),),
    y_label="Indicators",
)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG's header."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_render_png_lays_the_chart_out_at_the_width_asked() -> None:
    # 4 bars: the pack's own 0.36 in a bar + 1.3 in = 2.74 in tall, at 108 dpi.
    assert png_size(render_png(SPEC, 7.0, 108.0)) == (756, 296)
    assert png_size(render_png(SPEC, 2.0, 108.0)) == (540, 296)  # never under 5 in wide


@pytest.mark.parametrize(("ratio", "dpi"), [(1.0, 108.0), (2.0, 216.0)])
def test_the_panel_draws_at_the_window_text_size_for_the_screen(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, ratio: float, dpi: float
) -> None:
    asked: list[tuple[float, float]] = []

    def recording(spec: Any, width_in: float, dpi: float) -> bytes:
        asked.append((width_in, dpi))
        return render_png(spec, width_in, dpi)

    monkeypatch.setattr(charts_module, "render_png", recording)
    panel = ChartPanel("testChart")
    qtbot.addWidget(panel)
    font = QFont(panel.font())
    font.setPointSizeF(9.0)
    panel.setFont(font)
    panel.picture.devicePixelRatioF = lambda: ratio  # type: ignore[method-assign]  # e.g. 200 %
    panel.resize(1000, 500)
    panel.set_chart("k", "Change", ["Improved: 5"], lambda: SPEC)
    panel.show()
    qtbot.waitUntil(lambda: panel.png is not None, timeout=WAIT_MS)
    width_in, asked_dpi = asked[-1]
    assert asked_dpi == pytest.approx(dpi)  # 96 dpi x ratio x 9 pt / 8 pt
    width = round(panel.picture.width() * ratio)
    assert width_in * asked_dpi == pytest.approx(width)
    assert png_size(panel.png) == (width, round(2.74 * dpi))

"""The compliance chart drawn as a picture, and said in words: one bar per course.

Drawn with the packs' own chart helpers (``reports.charts``: reportlab shapes in the bundled
font and the NHS palette, painted as PNG). Why apart from the widget (``training.chart``): the
drawing runs in a background job and imports reportlab when first called, while the widget
only decides when to draw and how to scale the picture to its label.
"""

from __future__ import annotations

from collections.abc import Sequence

from vpr_desktop.views.training.models import BELOW
from vpr_desktop.views.training.models import MEETS
from vpr_desktop.views.training.models import percent_text

#: (course name, compliance %, target %) per bar, top to bottom.
Bars = Sequence[tuple[str, float, float]]


def chart_lines(bars: Bars) -> list[str]:
    """The chart in words: ``Breakaway Techniques: 68% against a target of 85% – Below target``."""
    return [
        f"{name}: {percent_text(pct)} against a target of {percent_text(target)} – "
        f"{BELOW if pct < target else MEETS}"
        for name, pct, target in bars
    ]


def render_compliance(bars: Bars, width_in: float, height_in: float, dpi: float) -> bytes:
    """PNG bytes of the chart, laid out ``width_in`` x ``height_in`` inches (at least what the
    bars need) and painted at ``dpi``: the view picks both (``chart_raster``) so that its
    ``TEXT_POINTS`` words read at the window's text size, pixel for pixel. Imports reportlab
    on first use."""
    from vpr_desktop.reports import chart_parts
    from vpr_desktop.reports.palette import NHS_BLUE
    from vpr_desktop.reports.palette import NHS_TEXT
    from vpr_desktop.reports.palette import NHS_WARM_YELLOW
    from vpr_desktop.reports.palette import WHITE

    width = max(width_in, MIN_WIDTH_IN)
    height = max(height_in, min_height_in(len(bars)))
    d = chart_parts.new_drawing(width, height)
    w, h = float(d.width), float(d.height)
    rows = list(bars)[::-1]
    left = min(0.45, 1.45 / width) * w  # (the title is the Qt heading above the picture)
    plot = chart_parts.Plot(
        left, 0.5 * 72, 0.98 * w - left, h - 0.58 * 72, 0, 127, -0.5, len(rows) - 0.5
    )
    ticks = [0.0, 25.0, 50.0, 75.0, 100.0]
    shapes = plot.grid_x(ticks, [f"{t:.0f}%" for t in ticks], TEXT_POINTS)
    band = plot.height / max(len(rows), 1)
    for i, (name, pct, target) in enumerate(rows):
        y = plot.y(i)
        value = min(max(pct, 0.0), 100.0)
        fill = NHS_WARM_YELLOW if pct < target else NHS_BLUE
        shapes.append(
            chart_parts.rect(
                plot.left, y - 0.31 * band, plot.x(value) - plot.left, 0.62 * band, fill, WHITE
            )
        )
        shapes.append(
            chart_parts.line(
                [(plot.x(target), y - 0.42 * band), (plot.x(target), y + 0.42 * band)],
                NHS_TEXT,
                2.0,
            )
        )
        words = "below" if pct < target else "meets"
        shapes.append(chart_parts.centred_text(plot.x(102), y, f"{percent_text(pct)} {words}", 7))
        shapes.append(
            chart_parts.centred_text(plot.left - 5, y, _wrap(name), TEXT_POINTS, anchor="end")
        )
    middle = (plot.left + plot.right) / 2
    shapes.append(
        chart_parts.text(
            middle, plot.bottom - 24, "Compliant (dark line: target)", TEXT_POINTS, anchor="middle"
        )
    )
    for shape in shapes:
        d.add(shape)
    return chart_parts.png(d, dpi)


#: The point size of the course names and the axis: the view paints the chart at the dpi that
#: makes this size as tall as the window's own text.
TEXT_POINTS = 7.5

#: The narrowest the chart is laid out (inches at ``TEXT_POINTS``): the names' column, the
#: bars and their "89.7% meets" words side by side. A narrower label shows it shrunk.
MIN_WIDTH_IN = 4.0


def min_height_in(count: int) -> float:
    """The height (inches at ``TEXT_POINTS``) ``count`` bars need: a quarter inch a bar and
    the axis below, so the bars never crowd their names."""
    return max(0.25 * count + 0.55, 1.4)


def _wrap(name: str, width: int = 26) -> str:
    """A course name on one line of at most ``width`` characters (the full names are in the
    table beside the chart)."""
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"

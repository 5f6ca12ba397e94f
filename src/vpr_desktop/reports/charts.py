"""Pack charts as reportlab drawings: vector in the PDF, 150 dpi PNG for Word and the window.

Why reportlab.graphics and not a plotting library: the PDF is already reportlab's, so a chart
placed as a ``Drawing`` is vector (crisp at any zoom, its words are searchable text, the file
is smaller) and costs no PNG round trip; the frozen program no longer carries matplotlib and
numpy (about 50 MB of the bundle, issue #21). The same drawing is painted as PNG by
:mod:`reports.raster` where pixels are needed. reportlab is imported inside the functions, so
importing this module (or opening the window) costs nothing.

Charts use the bundled Liberation Sans (as the PDF does) and the NHS palette; every signal is
carried by words and shape as well as colour (legend labels, square and diamond markers, the
"Making Data Count" icons written out beneath the title).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from vpr_desktop.domain.spc import RULE_PRECEDENCE
from vpr_desktop.reports.fonts import register_reportlab
from vpr_desktop.reports.pack_model import ChartSpec, Pack
from vpr_desktop.reports.palette import (
    NHS_BLUE,
    NHS_DARK_BLUE,
    NHS_GREEN,
    NHS_GREY_1,
    NHS_GREY_3,
    NHS_GREY_5,
    NHS_LIGHT_BLUE,
    NHS_ORANGE,
    NHS_TEXT,
)

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing, Group, Shape

DPI = 150
SIZE = (8.0, 4.2)  # inches: 1200 x 630 px at 150 dpi; drawn 17 cm wide in the PDF
SERIES_COLOURS = (NHS_DARK_BLUE, NHS_BLUE, NHS_LIGHT_BLUE, NHS_GREEN, NHS_GREY_3, NHS_ORANGE)
DASHED = (3.7, 1.6)  # matplotlib's "--" at 1 pt, which the packs printed before
DOTTED = (1.4, 2.3)
DASH_DOT = (6.4, 1.6, 1.0, 1.6)
Anchor = Literal["start", "middle", "end"]
#: A glyph in a legend: draws its sample with its centre at (x, y).
Glyph = Callable[[float, float], list["Shape"]]


@cache
def colour(hex_colour: str) -> Any:
    """A reportlab colour from "#RRGGBB" (cached: charts ask for the same few)."""
    from reportlab.lib.colors import HexColor

    return HexColor(hex_colour)


def fonts() -> tuple[str, str]:
    """(regular, bold) names of the bundled font, registered with reportlab."""
    return register_reportlab()


def text(
    x: float,
    y: float,
    words: str,
    size: float = 8,
    bold: bool = False,
    anchor: Anchor = "start",
    fill: str = NHS_TEXT,
) -> Shape:
    """A string whose baseline starts (or is centred, or ends) at (x, y)."""
    from reportlab.graphics.shapes import String

    regular, heavy = fonts()
    return String(
        x,
        y,
        words,
        fontName=heavy if bold else regular,
        fontSize=size,
        fillColor=colour(fill),
        textAnchor=anchor,
    )


def centred_text(x: float, y: float, words: str, size: float = 8, **kw: Any) -> Shape:
    """A string whose middle sits at height ``y`` (cap height of Liberation Sans ~ 0.7)."""
    return text(x, y - 0.35 * size, words, size, **kw)


def width_of(words: str, size: float = 8, bold: bool = False) -> float:
    """Points ``words`` take at ``size`` (the TTF's own metrics, as the PDF lays them)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    regular, heavy = fonts()
    return float(stringWidth(words, heavy if bold else regular, size))


def line(
    points: Sequence[tuple[float, float]],
    stroke: str = NHS_GREY_1,
    width: float = 1.0,
    dash: Sequence[float] = (),
) -> Shape:
    """A polyline through ``points`` (two points: a line)."""
    from reportlab.graphics.shapes import PolyLine

    shape = PolyLine(
        [c for p in points for c in p],
        strokeColor=colour(stroke),
        strokeWidth=width,
        strokeLineJoin=1,
        strokeLineCap=0,
    )
    if dash:
        shape.strokeDashArray = list(dash)
    return shape


def rect(
    x: float, y: float, w: float, h: float, fill: str, edge: str | None = None, width: float = 0.6
) -> Shape:
    """A filled box (with an ``edge`` line of ``width`` points, e.g. white between bars)."""
    from reportlab.graphics.shapes import Rect

    box = Rect(x, y, w, h, fillColor=colour(fill))
    box.strokeColor = colour(edge) if edge else None
    box.strokeWidth = width if edge else 0
    return box


def marker(kind: str, x: float, y: float, size: float, fill: str, edge: str = "") -> Shape:
    """A point marker ``size`` points across: ``o`` circle, ``s`` square, ``D`` diamond."""
    from reportlab.graphics.shapes import Circle, Polygon, Rect

    h = size / 2
    style: dict[str, Any] = {
        "fillColor": colour(fill),
        "strokeColor": colour(edge) if edge else None,
        "strokeWidth": 1.4 if edge else 0,
    }
    if kind == "s":
        return Rect(x - h, y - h, size, size, **style)
    if kind == "D":
        h *= 1.2  # a diamond looks smaller than a square of the same width
        return Polygon([x, y + h, x + h, y, x, y - h, x - h, y], **style)
    return Circle(x, y, h, **style)


def nice_ticks(low: float, high: float, most: int = 8) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten apart) covering low..high."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / most
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def tick_label(value: float, ticks: Sequence[float]) -> str:
    """``value`` with as many decimals as the tick step needs (``1,200``, ``2.5``)."""
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    decimals = 0
    while decimals < 3 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-6:
        decimals += 1
    return f"{value:,.{decimals}f}"


@dataclass(frozen=True)
class Plot:
    """A plot area in a drawing: ``left``/``bottom``/``width``/``height`` in points, and the
    data ranges it shows. Maps data to points and draws the axes' furniture."""

    left: float
    bottom: float
    width: float
    height: float
    x0: float
    x1: float
    y0: float
    y1: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def top(self) -> float:
        return self.bottom + self.height

    def x(self, value: float) -> float:
        return self.left + (value - self.x0) / ((self.x1 - self.x0) or 1.0) * self.width

    def y(self, value: float) -> float:
        return self.bottom + (value - self.y0) / ((self.y1 - self.y0) or 1.0) * self.height

    def at(self, x: float, y: float) -> tuple[float, float]:
        return self.x(x), self.y(y)

    def shows_y(self, value: float) -> bool:
        return self.y0 - 1e-9 <= value <= self.y1 + 1e-9

    def hline(
        self,
        value: float,
        stroke: str,
        width: float = 1.0,
        dash: Sequence[float] = (),
        start: float | None = None,
        end: float | None = None,
    ) -> list[Shape]:
        """A horizontal line across the plot (or from data ``start`` to ``end``); nothing when
        ``value`` is outside the range shown (the axes clip it)."""
        if not self.shows_y(value):
            return []
        left = self.left if start is None else max(self.left, self.x(start))
        right = self.right if end is None else min(self.right, self.x(end))
        return [line([(left, self.y(value)), (right, self.y(value))], stroke, width, dash)]

    def series(self, xs: Sequence[float], ys: Sequence[float]) -> list[list[tuple[float, float]]]:
        """The polyline through (xs, ys) cut where it leaves the y range (so limits that run
        off the axes stop at its edge instead of running along it)."""
        pieces: list[list[tuple[float, float]]] = []
        piece: list[tuple[float, float]] = []
        prev: tuple[float, float] | None = None
        for x, y in zip(xs, ys, strict=True):
            inside = self.shows_y(y)
            if prev is not None and inside != self.shows_y(prev[1]):
                edge = self.y1 if max(y, prev[1]) > self.y1 else self.y0
                t = (edge - prev[1]) / (y - prev[1])
                piece.append(self.at(prev[0] + (x - prev[0]) * t, edge))
                if not inside:
                    pieces.append(piece)
                    piece = []
            if inside:
                piece.append(self.at(x, y))
            prev = (x, y)
        if len(piece) > 1:
            pieces.append(piece)
        return [p for p in pieces if len(p) > 1]

    def grid_y(self, ticks: Sequence[float], size: float = 8, label: str = "") -> list[Shape]:
        """Light horizontal grid lines, the left axis with its tick labels, and ``label``
        written up the left edge."""
        out: list[Shape] = []
        widest = 0.0
        for t in ticks:
            y = self.y(t)
            out.append(line([(self.left, y), (self.right, y)], NHS_GREY_5, 0.8))
            out.append(line([(self.left - 3, y), (self.left, y)], NHS_GREY_3, 0.8))
            words = tick_label(t, ticks)
            widest = max(widest, width_of(words, size))
            out.append(centred_text(self.left - 5, y, words, size, anchor="end"))
        out.append(line([(self.left, self.bottom), (self.left, self.top)], NHS_GREY_3, 0.8))
        if label:
            out.append(up_text(self.left - widest - 9, (self.bottom + self.top) / 2, label, size))
        return out

    def grid_x(
        self, ticks: Sequence[float], labels: Sequence[str], size: float = 8, grid: bool = True
    ) -> list[Shape]:
        """Tick labels at ``ticks`` under the bottom axis (and light vertical grid lines)."""
        out: list[Shape] = []
        for t, words in zip(ticks, labels, strict=True):
            x = self.x(t)
            if grid:
                out.append(line([(x, self.bottom), (x, self.top)], NHS_GREY_5, 0.8))
            out.append(line([(x, self.bottom - 3), (x, self.bottom)], NHS_GREY_3, 0.8))
            out.append(text(x, self.bottom - 5 - size, words, size, anchor="middle"))
        out.append(line([(self.left, self.bottom), (self.right, self.bottom)], NHS_GREY_3, 0.8))
        return out


def up_text(x: float, y: float, words: str, size: float = 8, bold: bool = False) -> Group:
    """``words`` written up the page, centred on (x, y): an axis title on the left."""
    from reportlab.graphics.shapes import Group

    group = Group(text(0, 0, words, size, bold, anchor="middle"))
    group.translate(x, y)
    group.rotate(90)
    return group


def line_glyph(
    stroke: str, width: float = 1.0, dash: Sequence[float] = (), mark: str = "", mark_fill: str = ""
) -> Glyph:
    """A legend sample: a short line (and a marker on it)."""

    def draw(x: float, y: float) -> list[Shape]:
        shapes = [line([(x - 9, y), (x + 9, y)], stroke, width, dash)]
        if mark:
            shapes.append(marker(mark, x, y, 3.5, mark_fill or stroke))
        return shapes

    return draw


def marker_glyph(kind: str, fill: str, size: float = 6.5, edge: str = "") -> Glyph:
    """A legend sample: a marker alone."""
    return lambda x, y: [marker(kind, x, y, size, fill, edge)]


def swatch_glyph(fill: str) -> Glyph:
    """A legend sample: a small filled box (bars)."""
    return lambda x, y: [rect(x - 7, y - 3.5, 14, 7, fill)]


def legend(
    entries: Sequence[tuple[str, Glyph]], centre: float, top: float, columns: int, size: float = 7.5
) -> list[Shape]:
    """Entries in rows of ``columns``, centred on ``centre``, first row's middle at ``top``
    (each column as wide as its widest entry, so nothing overlaps)."""
    if not entries:
        return []
    columns = max(1, min(columns, len(entries)))
    widths = [0.0] * columns
    for i, (words, _glyph) in enumerate(entries):
        widths[i % columns] = max(widths[i % columns], 24 + width_of(words, size))
    gap = 14.0
    x = centre - (sum(widths) + gap * (columns - 1)) / 2
    starts = []
    for w in widths:
        starts.append(x)
        x += w + gap
    out: list[Shape] = []
    for i, (words, glyph) in enumerate(entries):
        x, y = starts[i % columns], top - (i // columns) * (size + 4.5)
        out += glyph(x + 9, y)
        out.append(centred_text(x + 22, y, words, size))
    return out


def new_drawing(width_in: float, height_in: float) -> Drawing:
    """An empty drawing ``width_in`` x ``height_in`` inches with a white background."""
    from reportlab.graphics.shapes import Drawing

    # The initial font: else the PDF renderer starts the drawing in (unembedded) Helvetica.
    drawing = Drawing(width_in * 72, height_in * 72, initialFontName=fonts()[0])
    drawing.add(rect(0, 0, drawing.width, drawing.height, "#FFFFFF"))
    return drawing


def png(drawing: Drawing, dpi: float = DPI) -> bytes:
    """The drawing as PNG bytes (Word paper, window)."""
    from vpr_desktop.reports.raster import png as paint

    return paint(drawing, dpi)


def _add(drawing: Drawing, shapes: Iterable[Shape]) -> None:
    for shape in shapes:
        drawing.add(shape)


def draw_spc(spec: ChartSpec) -> Drawing:
    """XmR chart: the data, mean, process limits, special-cause points marked by colour *and*
    marker shape, and the variation/assurance icons written out beneath the title."""
    chart = spec.spc
    assert chart is not None
    d = new_drawing(*SIZE)
    w, h = float(d.width), float(d.height)
    ceiling = 100.0 if spec.unit == "%" else None  # a percentage's limit stops at 100
    # Counts start at zero unless that would squash the variation into a flat line.
    top = chart.ucl or 0.0
    target = [] if chart.target is None else [chart.target]  # the target line stays in view
    high = max([*chart.values, *target, top if ceiling is None else min(top, ceiling), 1.0])
    floor = chart.lcl_floor_zero
    low = min([*chart.values, *target, floor if chart.limits_shown and floor is not None else high])
    bottom = 0.0 if low < 0.45 * high else max(0.0, low - 0.2 * (high - low))
    if high - bottom <= 0:  # one flat value (or none): start at zero
        bottom = 0.0
    ticks = nice_ticks(bottom, high + 0.12 * (high - bottom), 9)
    if len(ticks) > 1 and ticks[0] > bottom:  # the axis starts on a tick at or below the data
        ticks.insert(0, round(ticks[0] - (ticks[1] - ticks[0]), 10))
    y_top = max(ticks[-1], high + 0.12 * (high - bottom))
    widest = max(width_of(tick_label(t, ticks), 8) for t in ticks)
    n = len(chart.values)
    left = max(0.08 * w, widest + 26)
    y_bottom = min(ticks[0], bottom)
    plot = Plot(left, 0.22 * h, 0.98 * w - left, 0.61 * h, -0.6, max(n, 1) - 0.4, y_bottom, y_top)
    _add(d, plot.grid_y(ticks, 8, spec.y_label))
    x = list(range(n))
    shown = x[::3] if n > 12 else x
    _add(d, plot.grid_x(shown, [spec.categories[i] for i in shown], 7, grid=False))
    entries: list[tuple[str, Glyph]] = []
    if chart.segments:
        entries += _rebased_lines(d, plot, spec, ceiling)
    else:
        if chart.mean is not None:
            _add(d, plot.hline(chart.mean, NHS_TEXT))
            entries.append((f"Mean {chart.mean:.1f}", line_glyph(NHS_TEXT)))
        if chart.limits_shown:
            assert chart.ucl is not None
            lcl = chart.lcl_floor_zero or 0.0
            ucl = chart.ucl if ceiling is None else min(chart.ucl, ceiling)
            _add(d, plot.hline(ucl, NHS_GREY_1, dash=DASHED))
            _add(d, plot.hline(lcl, NHS_GREY_1, dash=DASHED))
            entries.append(
                (f"Process limits {lcl:.1f} to {ucl:.1f}", line_glyph(NHS_GREY_1, dash=DASHED))
            )
    if chart.target is not None:  # the assurance icon judges the limits against this line
        _add(d, plot.hline(chart.target, NHS_DARK_BLUE, dash=DASH_DOT))
        entries.append(
            (
                f"Target {chart.target:g}{'%' if spec.unit == '%' else ''}",
                line_glyph(NHS_DARK_BLUE, dash=DASH_DOT),
            )
        )
    points = [plot.at(i, v) for i, v in enumerate(chart.values)]
    if len(points) > 1:
        d.add(line(points, NHS_GREY_1, 1.2))
    _add(d, (marker("o", px, py, 4.5, NHS_GREY_1) for px, py in points))
    entries.insert(0, ("Monthly value (common cause)", line_glyph(NHS_GREY_1, 1.2, mark="o")))
    if chart.limits_shown or chart.signals:  # a rebased chart's earlier part has its own
        good_low = chart.direction.value == "lower"
        concern = [i for i in chart.flagged() if _concerning(chart, i, good_low)]
        better = [i for i in chart.flagged() if i not in concern]
        for found, kind, fill, words in (
            (concern, "s", NHS_ORANGE, "Special cause: concern"),
            (better, "D", NHS_BLUE, "Special cause: improvement"),
        ):
            _add(d, (marker(kind, *points[i], 6.8, fill) for i in found))
            if found:
                entries.append((words, marker_glyph(kind, fill)))
    if not chart.values:
        d.add(
            centred_text(
                (plot.left + plot.right) / 2,
                (plot.bottom + plot.top) / 2,
                "No incidents are recorded yet: the series starts with the first month of data.",
                anchor="middle",
            )
        )
    d.add(text(0.08 * w, 0.955 * h - 8, spec.title, 10, bold=True))
    icons = f"Variation: {chart.variation.label}.   Assurance: {chart.assurance.label}."
    room = _corner_icons(d, chart) - 0.08 * w - 6  # the words stop short of the icons
    size = max(6.5, min(7.5, 7.5 * room / width_of(icons, 7.5)))
    d.add(text(0.08 * w, 0.895 * h - 6, icons, size))
    _add(d, legend(entries, w / 2, plot.bottom - 27, 3))
    return d


def _rebased_lines(
    d: Drawing, plot: Plot, spec: ChartSpec, ceiling: float | None
) -> list[tuple[str, Glyph]]:
    """Each part's mean and limits over its own points, and a marked line where the limits
    were recalculated (labelled in words in the legend, not by the line alone)."""
    chart = spec.spc
    assert chart is not None and chart.rebase_at is not None
    entries: list[tuple[str, Glyph]] = []
    for n, seg in enumerate(chart.segments):
        left, right = seg.start - 0.5, seg.end - 0.5
        if seg.mean is not None:
            _add(d, plot.hline(seg.mean, NHS_TEXT, start=left, end=right))
            words = f"Mean {seg.mean:.1f}" + (" (latest)" if n else " (before)")
            entries.append((words, line_glyph(NHS_TEXT)))
        if seg.ucl is not None and seg.lcl is not None:
            ucl = seg.ucl if ceiling is None else min(seg.ucl, ceiling)
            lcl = max(seg.lcl, 0.0)
            for value in (ucl, lcl):
                _add(d, plot.hline(value, NHS_GREY_1, dash=DASHED, start=left, end=right))
            if n:
                words = f"Process limits {lcl:.1f} to {ucl:.1f}"
                entries.append((words, line_glyph(NHS_GREY_1, dash=DASHED)))
    at = plot.x(chart.rebase_at - 0.5)
    d.add(line([(at, plot.bottom), (at, plot.top)], NHS_DARK_BLUE, 1.4, DOTTED))
    words = f"Limits recalculated from {spec.categories[chart.rebase_at]}"
    entries.append((words, line_glyph(NHS_DARK_BLUE, 1.4, DOTTED)))
    return entries


def _corner_icons(d: Drawing, chart: Any) -> float:
    """The variation and assurance icons in the chart's top right corner, as shapes (words
    stay in the line beneath the title, so the icons never carry the meaning alone); returns
    where the leftmost icon starts."""
    from vpr_desktop.reports import mdc_icons

    keys = [f"variation/{chart.variation.value}", f"assurance/{chart.assurance.value}"]
    side = mdc_icons.ICON_PT
    x = 0.98 * float(d.width)
    for key in reversed([k for k in keys if mdc_icons.drawable(k)]):
        x -= side
        icon = mdc_icons.icon_group(key, side)
        icon.translate(x, float(d.height) - side - 0.08 * 72)
        d.add(icon)
        x -= 0.06 * 72
    return x


def _concerning(chart: Any, index: int, good_low: bool) -> bool:
    high = min(chart.signals_at(index), key=lambda s: RULE_PRECEDENCE.index(s.rule)).high
    if chart.direction.value == "neutral":
        return True
    return bool(high if good_low else not high)


def fit(words: str, room: float, size: float = 8) -> str:
    """``words`` cut with an ellipsis to fit ``room`` points (full text is in the table)."""
    if width_of(words, size) <= room:
        return words
    while words and width_of(words + "…", size) > room:
        words = words[:-1]
    return words.rstrip() + "…"


def draw_bars(spec: ChartSpec) -> Drawing:
    """Horizontal bars (stacked when there are several series): category names read easily."""
    height = max(2.4, 0.36 * len(spec.categories) + 1.3)
    d = new_drawing(8.0, height)
    w, h = float(d.width), float(d.height)
    cats = list(spec.categories)[::-1]
    widest = max((width_of(c) for c in cats), default=0.0)
    left = min(max(0.22 * w, widest + 16), 0.42 * w)
    totals = [sum(s.values[i] for s in spec.series) for i in range(len(spec.categories))]
    most = max([*totals, 0.0]) or 1.0
    ticks = nice_ticks(0.0, most * 1.05, 8)
    x_top = max(ticks[-1], most * 1.05)
    plot = Plot(left, 72.0, 0.98 * w - left, h - 0.35 * 72 - 72, 0.0, x_top, -0.5, len(cats) - 0.5)
    _add(d, plot.grid_x(ticks, [tick_label(t, ticks) for t in ticks], 8))
    d.add(text((plot.left + plot.right) / 2, plot.bottom - 30, spec.y_label, 8, anchor="middle"))
    band = plot.height / max(len(cats), 1)
    for i, name in enumerate(cats):
        d.add(centred_text(plot.left - 6, plot.y(i), fit(name, left - 8), anchor="end"))
    palette = spec.series_colours or SERIES_COLOURS
    threshold = max(1.0, 0.04 * max((sum(s.values) for s in spec.series), default=0) or 1)
    start = [0.0] * len(cats)
    for k, series in enumerate(spec.series):
        values = list(series.values)[::-1]
        fill = palette[k % len(palette)]
        dark = _luminance(fill) < 0.35
        for i, v in enumerate(values):
            x0, x1 = plot.x(start[i]), plot.x(start[i] + v)
            if v > 0:
                d.add(rect(x0, plot.y(i) - 0.31 * band, x1 - x0, 0.62 * band, fill, "#FFFFFF"))
            words = f"{v:.0f}"
            if v >= threshold and width_of(words, 7) + 4 <= x1 - x0:
                white = "#FFFFFF" if dark else NHS_TEXT
                d.add(centred_text((x0 + x1) / 2, plot.y(i), words, 7, anchor="middle", fill=white))
        start = [a + b for a, b in zip(start, values, strict=True)]
    d.add(text(plot.left, plot.top + 6, spec.title, 10, bold=True))
    if len(spec.series) > 1:
        entries = [
            (s.name, swatch_glyph(palette[k % len(palette)])) for k, s in enumerate(spec.series)
        ]
        _add(d, legend(entries, 0.45 * w, plot.bottom - 48, 5))
    return d


def draw_heatmap(spec: ChartSpec) -> Drawing:
    """The 5x5 matrix: band colour per cell with the count (and band) written in it."""
    d = new_drawing(7.0, 4.6)
    w, h = float(d.width), float(d.height)
    n_rows, n_cols = len(spec.grid), len(spec.categories)
    plot = Plot(0.2 * w, 0.17 * h, 0.78 * w, 0.73 * h, 0, n_cols or 1, 0, n_rows or 1)
    for r, row in enumerate(spec.grid):
        for c, count in enumerate(row):
            y = n_rows - 1 - r
            x0, y0 = plot.at(c, y)
            x1, y1 = plot.at(c + 1, y + 1)
            d.add(rect(x0, y0, x1 - x0, y1 - y0, spec.grid_colours[r][c], "#FFFFFF", 2))
            fill = spec.grid_text_colours[r][c]
            d.add(
                centred_text(
                    (x0 + x1) / 2,
                    (y0 + y1) / 2,
                    f"{count:,}",
                    11,
                    bold=True,
                    anchor="middle",
                    fill=fill,
                )
            )
    for c, name in enumerate(spec.categories):
        for k, part in enumerate(_wrap(name).split("\n")):
            d.add(text(plot.x(c + 0.5), plot.bottom - 12 - 9 * k, part, 7.5, anchor="middle"))
    widest = 0.0
    for r, name in enumerate(spec.row_labels):
        widest = max(widest, width_of(name, 7.5))
        d.add(centred_text(plot.left - 6, plot.y(n_rows - 1 - r + 0.5), name, 7.5, anchor="end"))
    middle = (plot.left + plot.right) / 2
    d.add(text(middle, plot.bottom - 38, spec.x_label, 8.5, bold=True, anchor="middle"))
    d.add(
        up_text(plot.left - widest - 16, (plot.bottom + plot.top) / 2, spec.y_label, 8.5, bold=True)
    )
    d.add(text(plot.left, plot.top + 6, spec.title, 10, bold=True))
    return d


def _luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG) of "#RRGGBB": labels on dark bars are white, else dark."""
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _wrap(text: str) -> str:
    head, _, tail = text.partition(" ")
    return f"{head}\n{tail}" if tail else head


DRAWERS: dict[str, Callable[[ChartSpec], Drawing]] = {
    "spc": draw_spc,
    "bar": draw_bars,
    "hbar": draw_bars,
    "stacked": draw_bars,
    "heatmap": draw_heatmap,
}


def drawing(spec: ChartSpec) -> Drawing:
    """The chart as a reportlab drawing (placed as vector in the PDF)."""
    return DRAWERS[spec.kind](spec)


def render(spec: ChartSpec) -> bytes:
    """The chart as 150 dpi PNG bytes (Word paper, window)."""
    return png(drawing(spec))


def drawings_all(pack: Pack | Iterable[Any]) -> dict[str, Drawing]:
    """A drawing for every figure of the pack, by figure id (a figure shared by two sections
    is drawn once)."""
    figures = pack.figures if isinstance(pack, Pack) else list(pack)
    out: dict[str, Drawing] = {}
    for fig in figures:
        if fig.id not in out:
            out[fig.id] = drawing(fig.chart)
    return out


def pngs(drawings: dict[str, Drawing]) -> dict[str, bytes]:
    """Each drawing painted as PNG, by the same keys (for the Word paper)."""
    return {key: png(d) for key, d in drawings.items()}


def render_all(pack: Pack | Iterable[Any]) -> dict[str, bytes]:
    """PNG bytes for every figure of the pack, by figure id (drawn once each)."""
    return pngs(drawings_all(pack))

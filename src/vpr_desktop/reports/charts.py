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

from collections.abc import Callable
from collections.abc import Iterable
from typing import TYPE_CHECKING
from typing import Any

from vpr_desktop.domain.spc import RULE_PRECEDENCE
from vpr_desktop.reports.chart_parts import DASH_DOT
from vpr_desktop.reports.chart_parts import DASHED
from vpr_desktop.reports.chart_parts import DOTTED
from vpr_desktop.reports.chart_parts import DPI
from vpr_desktop.reports.chart_parts import SERIES_COLOURS
from vpr_desktop.reports.chart_parts import SIZE
from vpr_desktop.reports.chart_parts import Glyph
from vpr_desktop.reports.chart_parts import Plot
from vpr_desktop.reports.chart_parts import add_all
from vpr_desktop.reports.chart_parts import centred_text
from vpr_desktop.reports.chart_parts import fit
from vpr_desktop.reports.chart_parts import legend
from vpr_desktop.reports.chart_parts import line
from vpr_desktop.reports.chart_parts import line_glyph
from vpr_desktop.reports.chart_parts import marker
from vpr_desktop.reports.chart_parts import marker_glyph
from vpr_desktop.reports.chart_parts import new_drawing
from vpr_desktop.reports.chart_parts import nice_ticks
from vpr_desktop.reports.chart_parts import png
from vpr_desktop.reports.chart_parts import rect
from vpr_desktop.reports.chart_parts import swatch_glyph
from vpr_desktop.reports.chart_parts import text
from vpr_desktop.reports.chart_parts import tick_label
from vpr_desktop.reports.chart_parts import up_text
from vpr_desktop.reports.chart_parts import width_of
from vpr_desktop.reports.pack_model import ChartSpec
from vpr_desktop.reports.pack_model import Pack
from vpr_desktop.reports.palette import NHS_BLUE
from vpr_desktop.reports.palette import NHS_DARK_BLUE
from vpr_desktop.reports.palette import NHS_GREY_1
from vpr_desktop.reports.palette import NHS_ORANGE
from vpr_desktop.reports.palette import NHS_TEXT

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing


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
    add_all(d, plot.grid_y(ticks, 8, spec.y_label))
    x = list(range(n))
    shown = x[::3] if n > 12 else x
    add_all(d, plot.grid_x(shown, [spec.categories[i] for i in shown], 7, grid=False))
    entries: list[tuple[str, Glyph]] = []
    if chart.segments:
        entries += _rebased_lines(d, plot, spec, ceiling)
    else:
        if chart.mean is not None:
            add_all(d, plot.hline(chart.mean, NHS_TEXT))
            entries.append((f"Mean {chart.mean:.1f}", line_glyph(NHS_TEXT)))
        if chart.limits_shown:
            assert chart.ucl is not None
            lcl = chart.lcl_floor_zero or 0.0
            ucl = chart.ucl if ceiling is None else min(chart.ucl, ceiling)
            add_all(d, plot.hline(ucl, NHS_GREY_1, dash=DASHED))
            add_all(d, plot.hline(lcl, NHS_GREY_1, dash=DASHED))
            entries.append(
                (f"Process limits {lcl:.1f} to {ucl:.1f}", line_glyph(NHS_GREY_1, dash=DASHED))
            )
    if chart.target is not None:  # the assurance icon judges the limits against this line
        add_all(d, plot.hline(chart.target, NHS_DARK_BLUE, dash=DASH_DOT))
        entries.append(
            (
                f"Target {chart.target:g}{'%' if spec.unit == '%' else ''}",
                line_glyph(NHS_DARK_BLUE, dash=DASH_DOT),
            )
        )
    points = [plot.at(i, v) for i, v in enumerate(chart.values)]
    if len(points) > 1:
        d.add(line(points, NHS_GREY_1, 1.2))
    add_all(d, (marker("o", px, py, 4.5, NHS_GREY_1) for px, py in points))
    entries.insert(0, ("Monthly value (common cause)", line_glyph(NHS_GREY_1, 1.2, mark="o")))
    if chart.limits_shown or chart.signals:  # a rebased chart's earlier part has its own
        good_low = chart.direction.value == "lower"
        concern = [i for i in chart.flagged() if _concerning(chart, i, good_low)]
        better = [i for i in chart.flagged() if i not in concern]
        for found, kind, fill, words in (
            (concern, "s", NHS_ORANGE, "Special cause: concern"),
            (better, "D", NHS_BLUE, "Special cause: improvement"),
        ):
            add_all(d, (marker(kind, *points[i], 6.8, fill) for i in found))
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
    add_all(d, legend(entries, w / 2, plot.bottom - 27, 3))
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
            add_all(d, plot.hline(seg.mean, NHS_TEXT, start=left, end=right))
            words = f"Mean {seg.mean:.1f}" + (" (latest)" if n else " (before)")
            entries.append((words, line_glyph(NHS_TEXT)))
        if seg.ucl is not None and seg.lcl is not None:
            ucl = seg.ucl if ceiling is None else min(seg.ucl, ceiling)
            lcl = max(seg.lcl, 0.0)
            for value in (ucl, lcl):
                add_all(d, plot.hline(value, NHS_GREY_1, dash=DASHED, start=left, end=right))
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


def draw_bars(spec: ChartSpec, width_in: float = SIZE[0]) -> Drawing:
    """Horizontal bars (stacked when there are several series): category names read easily.

    ``width_in``: the packs' 8 inches, or the window's label width (``drawing``)."""
    height = max(2.4, 0.36 * len(spec.categories) + 1.3)
    d = new_drawing(width_in, height)
    w, h = float(d.width), float(d.height)
    cats = list(spec.categories)[::-1]
    widest = max((width_of(c) for c in cats), default=0.0)
    left = min(max(0.22 * w, widest + 16), 0.42 * w)
    totals = [sum(s.values[i] for s in spec.series) for i in range(len(spec.categories))]
    most = max([*totals, 0.0]) or 1.0
    ticks = nice_ticks(0.0, most * 1.05, 8)
    x_top = max(ticks[-1], most * 1.05)
    plot = Plot(left, 72.0, 0.98 * w - left, h - 0.35 * 72 - 72, 0.0, x_top, -0.5, len(cats) - 0.5)
    add_all(d, plot.grid_x(ticks, [tick_label(t, ticks) for t in ticks], 8))
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
        add_all(d, legend(entries, 0.45 * w, plot.bottom - 48, 5))
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


#: The kinds whose drawing can be laid out at another width than the packs' (``drawing``).
WIDE_KINDS = frozenset({"bar", "hbar", "stacked"})


def drawing(spec: ChartSpec, width_in: float | None = None) -> Drawing:
    """The chart as a reportlab drawing (placed as vector in the PDF).

    ``width_in`` lays a bar chart out that wide instead of the packs' 8 inches: the window
    fits it to its label with its words at the window's text size. The packs never pass it,
    so their charts stay as they are; other kinds keep their own size."""
    if width_in is not None and spec.kind in WIDE_KINDS:
        return draw_bars(spec, width_in)
    return DRAWERS[spec.kind](spec)


def render(spec: ChartSpec, dpi: float = DPI, width_in: float | None = None) -> bytes:
    """The chart as PNG bytes: at the packs' 150 dpi (Word paper), or at the ``dpi`` and
    ``width_in`` the window asks for (``drawing``)."""
    return png(drawing(spec, width_in), dpi)


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

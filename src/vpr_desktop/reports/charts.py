"""Pack charts as 150 dpi PNG bytes, rendered once and shared by the PDF and Excel renderers.

matplotlib through its object-oriented API only (``Figure`` + ``FigureCanvasAgg``), never
pyplot: no global state, safe in a worker process, and no GUI backend is ever touched. It is
imported inside the functions, so importing this module (or opening the window) costs nothing;
the first chart pays matplotlib's import once per process.

Charts use the bundled Liberation Sans (as the PDF does) and the NHS palette; every signal is
carried by words as well as colour (legend labels, the "Making Data Count" icons written out).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from vpr_desktop.domain.spc import RULE_PRECEDENCE
from vpr_desktop.reports.fonts import font_path
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

DPI = 150
SIZE = (8.0, 4.2)  # inches: 1200 x 630 px at 150 dpi; drawn 17 cm wide in the PDF
SERIES_COLOURS = (NHS_DARK_BLUE, NHS_BLUE, NHS_LIGHT_BLUE, NHS_GREEN, NHS_GREY_3, NHS_ORANGE)


@cache
def _setup() -> str:
    """Register the bundled font with matplotlib once per process; returns its family name."""
    from matplotlib import font_manager

    for style in ("regular", "bold"):
        font_manager.fontManager.addfont(str(font_path(style)))
    return font_manager.FontProperties(fname=str(font_path("regular"))).get_name()


def font_family() -> str:
    """The bundled font's family name, registered with matplotlib (icons draw with it too)."""
    return _setup()


def _figure(size: tuple[float, float] = SIZE) -> tuple[Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    family = _setup()
    fig = Figure(figsize=size, dpi=DPI)
    FigureCanvasAgg(fig)
    fig.set_facecolor("white")
    ax = fig.add_subplot(1, 1, 1)
    ax.set_facecolor("white")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(NHS_GREY_3)
    ax.tick_params(colors=NHS_TEXT, labelsize=8)
    fig.__dict__["_vpr_family"] = family
    return fig, ax


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(
        buf, format="png", dpi=DPI, facecolor="white", metadata={"Software": None}
    )  # no version stamp: same data, same bytes
    return buf.getvalue()


def _text_kw(fig: Any, size: float = 8, bold: bool = False) -> dict[str, Any]:
    return {
        "fontfamily": fig.__dict__["_vpr_family"],
        "fontsize": size,
        "fontweight": "bold" if bold else "normal",
        "color": NHS_TEXT,
    }


def render_spc(spec: ChartSpec) -> bytes:
    """XmR chart: the data, mean, process limits, special-cause points marked by colour *and*
    marker shape, and the variation/assurance icons written out beneath the title."""
    chart = spec.spc
    assert chart is not None
    fig, ax = _figure()
    kw = _text_kw(fig)
    x = list(range(len(chart.values)))
    ax.plot(
        x,
        chart.values,
        color=NHS_GREY_1,
        linewidth=1.2,
        marker="o",
        markersize=3.5,
        markerfacecolor=NHS_GREY_1,
        label="Monthly value (common cause)",
        zorder=3,
    )
    ceiling = 100.0 if spec.unit == "%" else None  # a percentage's limit stops at 100
    if chart.segments:
        _rebased_lines(ax, spec, ceiling)
    else:
        if chart.mean is not None:
            ax.axhline(chart.mean, color=NHS_TEXT, linewidth=1.0, label=f"Mean {chart.mean:.1f}")
        if chart.limits_shown:
            assert chart.ucl is not None
            lcl = chart.lcl_floor_zero or 0.0
            ucl = chart.ucl if ceiling is None else min(chart.ucl, ceiling)
            ax.axhline(
                ucl,
                color=NHS_GREY_1,
                linewidth=1.0,
                linestyle="--",
                label=f"Process limits {lcl:.1f} to {ucl:.1f}",
            )
            ax.axhline(lcl, color=NHS_GREY_1, linewidth=1.0, linestyle="--")
    if chart.target is not None:  # the assurance icon judges the limits against this line
        ax.axhline(
            chart.target,
            color=NHS_DARK_BLUE,
            linewidth=1.0,
            linestyle="-.",
            label=f"Target {chart.target:g}{'%' if spec.unit == '%' else ''}",
        )
    if chart.limits_shown or chart.signals:  # a rebased chart's earlier part has its own
        good_low = chart.direction.value == "lower"
        concern = [i for i in chart.flagged() if _concerning(chart, i, good_low)]
        better = [i for i in chart.flagged() if i not in concern]
        if concern:
            ax.scatter(
                concern,
                [chart.values[i] for i in concern],
                s=46,
                marker="s",
                color=NHS_ORANGE,
                zorder=4,
                label="Special cause: concern",
            )
        if better:
            ax.scatter(
                better,
                [chart.values[i] for i in better],
                s=46,
                marker="D",
                color=NHS_BLUE,
                zorder=4,
                label="Special cause: improvement",
            )
    ax.set_xticks(x[::3] if len(x) > 12 else x)
    ax.set_xticklabels(
        [spec.categories[i] for i in (x[::3] if len(x) > 12 else x)], rotation=0, **_text_kw(fig, 7)
    )
    ax.set_ylabel(spec.y_label, **kw)
    # Counts start at zero unless that would squash the variation into a flat line.
    top = chart.ucl or 0.0
    target = [] if chart.target is None else [chart.target]  # the target line stays in view
    high = max([*chart.values, *target, top if ceiling is None else min(top, ceiling), 1.0])
    floor = chart.lcl_floor_zero
    low = min([*chart.values, *target, floor if chart.limits_shown and floor is not None else high])
    bottom = 0.0 if low < 0.45 * high else max(0.0, low - 0.2 * (high - low))
    if high - bottom <= 0:  # one flat value (or none): start at zero
        bottom = 0.0
    ax.set_ylim(bottom, high + 0.12 * (high - bottom))
    if not chart.values:
        ax.text(
            0.5,
            0.5,
            "No incidents are recorded yet: the series starts with the first month of data.",
            ha="center",
            va="center",
            transform=ax.transAxes,
            **kw,
        )
    ax.grid(axis="y", color=NHS_GREY_5, linewidth=0.8)
    fig.text(0.08, 0.955, spec.title, va="top", ha="left", **_text_kw(fig, 10, bold=True))
    icons = f"Variation: {chart.variation.label}.   Assurance: {chart.assurance.label}."
    fig.text(0.08, 0.895, icons, va="top", ha="left", **_text_kw(fig, 7.5))
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.1),
        ncol=3,
        frameon=False,
        prop={"family": fig.__dict__["_vpr_family"], "size": 7.5},
    )
    fig.subplots_adjust(left=0.08, right=0.98, top=0.83, bottom=0.22)
    _corner_icons(fig, chart)
    return _png(fig)


def _rebased_lines(ax: Any, spec: ChartSpec, ceiling: float | None) -> None:
    """Each part's mean and limits over its own points, and a marked line where the limits
    were recalculated (labelled in words in the legend, not by the line alone)."""
    chart = spec.spc
    assert chart is not None and chart.rebase_at is not None
    for n, seg in enumerate(chart.segments):
        left, right = seg.start - 0.5, seg.end - 0.5
        if seg.mean is not None:
            ax.hlines(
                seg.mean,
                left,
                right,
                color=NHS_TEXT,
                linewidth=1.0,
                label=f"Mean {seg.mean:.1f}" + (" (latest)" if n else " (before)"),
            )
        if seg.ucl is not None and seg.lcl is not None:
            ucl = seg.ucl if ceiling is None else min(seg.ucl, ceiling)
            lcl = max(seg.lcl, 0.0)
            ax.hlines(
                [ucl, lcl],
                left,
                right,
                color=NHS_GREY_1,
                linewidth=1.0,
                linestyles="--",
                label=f"Process limits {lcl:.1f} to {ucl:.1f}" if n else None,
            )
    at = chart.rebase_at - 0.5
    ax.axvline(
        at,
        color=NHS_DARK_BLUE,
        linewidth=1.4,
        linestyle=":",
        label=f"Limits recalculated from {spec.categories[chart.rebase_at]}",
    )


def _corner_icons(fig: Any, chart: Any) -> None:
    """The variation and assurance icons in the chart's top right corner (words stay in the
    line beneath the title, so the icons never carry the meaning alone).

    Each icon is the one PNG drawn once per process (:func:`mdc_icons.icon_png`, the same
    picture the PDF's key and the workbook show), placed as pixels: drawing it again into two
    extra axes on every chart cost about a sixth of a board pack's chart time."""
    from vpr_desktop.reports import mdc_icons

    keys = [f"variation/{chart.variation.value}", f"assurance/{chart.assurance.value}"]
    width, height = fig.get_size_inches()
    side = mdc_icons.ICON_INCHES
    x = 0.98
    for key in reversed([k for k in keys if mdc_icons.drawable(k)]):
        x -= side / width
        fig.figimage(
            _icon_pixels(key),
            xo=round(x * width * DPI),
            yo=round((height - side - 0.08) * DPI),
            origin="upper",
            zorder=5,
        )
        x -= 0.06 / width


@cache
def _icon_pixels(key: str) -> Any:
    """The icon's PNG as an RGBA array (decoded once per process)."""
    from matplotlib.image import imread

    from vpr_desktop.reports import mdc_icons

    png = mdc_icons.icon_png(key)
    assert png is not None
    return imread(io.BytesIO(png), format="png")


def _concerning(chart: Any, index: int, good_low: bool) -> bool:
    high = min(chart.signals_at(index), key=lambda s: RULE_PRECEDENCE.index(s.rule)).high
    if chart.direction.value == "neutral":
        return True
    return high if good_low else not high


def render_bars(spec: ChartSpec) -> bytes:
    """Horizontal bars (stacked when there are several series): category names read easily."""
    height = max(2.4, 0.36 * len(spec.categories) + 1.3)
    fig, ax = _figure((8.0, height))
    kw = _text_kw(fig)
    cats = list(spec.categories)[::-1]
    y = list(range(len(cats)))
    left = [0.0] * len(cats)
    palette = spec.series_colours or SERIES_COLOURS
    for i, series in enumerate(spec.series):
        values = list(series.values)[::-1]
        colour = palette[i % len(palette)]
        bars = ax.barh(
            y,
            values,
            left=left,
            color=colour,
            label=series.name,
            height=0.62,
            edgecolor="white",
            linewidth=0.6,
        )
        dark = _luminance(colour) < 0.35
        for bar, v in zip(bars, values, strict=True):
            if v >= max(1.0, 0.04 * max(sum(s.values) for s in spec.series) or 1):
                ax.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_y() + bar.get_height() / 2,
                    f"{v:.0f}",
                    ha="center",
                    va="center",
                    **{**_text_kw(fig, 7), "color": "white" if dark else NHS_TEXT},
                )
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(y)
    ax.set_yticklabels(cats, **kw)
    ax.set_xlabel(spec.y_label, **kw)
    ax.grid(axis="x", color=NHS_GREY_5, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_title(spec.title, loc="left", **_text_kw(fig, 10, bold=True))
    if len(spec.series) > 1:
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.45, -0.55 / height),
            ncol=min(5, len(spec.series)),
            frameon=False,
            prop={"family": fig.__dict__["_vpr_family"], "size": 7.5},
        )
    fig.subplots_adjust(left=0.22, right=0.98, top=1 - 0.35 / height, bottom=1.0 / height)
    return _png(fig)


def render_heatmap(spec: ChartSpec) -> bytes:
    """The 5x5 matrix: band colour per cell with the count (and band) written in it."""
    from matplotlib.patches import Rectangle

    fig, ax = _figure((7.0, 4.6))
    n_rows, n_cols = len(spec.grid), len(spec.categories)
    for r, row in enumerate(spec.grid):
        for c, count in enumerate(row):
            y = n_rows - 1 - r
            ax.add_patch(
                Rectangle(
                    (c, y), 1, 1, facecolor=spec.grid_colours[r][c], edgecolor="white", linewidth=2
                )
            )
            ax.text(
                c + 0.5,
                y + 0.5,
                f"{count:,}",
                ha="center",
                va="center",
                **{**_text_kw(fig, 11, bold=True), "color": spec.grid_text_colours[r][c]},
            )
    ax.set_xlim(0, n_cols)
    ax.set_ylim(0, n_rows)
    ax.set_xticks([c + 0.5 for c in range(n_cols)])
    ax.set_xticklabels([_wrap(t) for t in spec.categories], **_text_kw(fig, 7.5))
    ax.set_yticks([n_rows - 1 - r + 0.5 for r in range(n_rows)])
    ax.set_yticklabels(list(spec.row_labels), **_text_kw(fig, 7.5))
    ax.set_xlabel(spec.x_label, **_text_kw(fig, 8.5, bold=True))
    ax.set_ylabel(spec.y_label, **_text_kw(fig, 8.5, bold=True))
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(spec.title, loc="left", **_text_kw(fig, 10, bold=True))
    fig.subplots_adjust(left=0.2, right=0.98, top=0.9, bottom=0.17)
    return _png(fig)


def _luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG) of "#RRGGBB": labels on dark bars are white, else dark."""
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _wrap(text: str) -> str:
    head, _, tail = text.partition(" ")
    return f"{head}\n{tail}" if tail else head


RENDERERS: dict[str, Callable[[ChartSpec], bytes]] = {
    "spc": render_spc,
    "bar": render_bars,
    "hbar": render_bars,
    "stacked": render_bars,
    "heatmap": render_heatmap,
}


def render(spec: ChartSpec) -> bytes:
    return RENDERERS[spec.kind](spec)


def render_all(pack: Pack | Iterable[Any]) -> dict[str, bytes]:
    """PNG bytes for every figure of the pack, by figure id (a figure shared by two sections
    is drawn once)."""
    figures = pack.figures if isinstance(pack, Pack) else list(pack)
    out: dict[str, bytes] = {}
    for fig in figures:
        if fig.id not in out:
            out[fig.id] = render(fig.chart)
    return out

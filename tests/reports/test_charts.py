"""Pack charts: every kind renders to a 1200 × 630 PNG at 150 dpi, the same data gives the same
bytes (no version or time stamp, so an archived pack can be made again), a figure shared by two
sections is drawn once, and label colours follow the WCAG contrast the palette notes promise."""

from __future__ import annotations

import struct
from typing import Any

import pytest

from vpr_desktop.domain.spc import xmr
from vpr_desktop.reports import charts
from vpr_desktop.reports.charts import DPI, SIZE, _luminance, _wrap, render, render_all
from vpr_desktop.reports.pack_model import Column, Figure, Series, Table
from vpr_desktop.reports.palette import (
    NHS_BLUE,
    NHS_DARK_BLUE,
    NHS_GREEN,
    NHS_LIGHT_BLUE,
    NHS_ORANGE,
    NHS_RED,
    NHS_TEXT,
    NHS_WARM_YELLOW,
)
from vpr_desktop.services.packs.model import ChartSpec

MONTHS = [f"{m} 2025" for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun")] + [
    f"{m} 2025" for m in ("Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
]
COUNTS = [41, 38, 45, 40, 39, 44, 42, 37, 43, 61, 40, 39]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def spc_spec() -> ChartSpec:
    return ChartSpec(
        kind="spc",
        title="Incidents by month",
        categories=tuple(MONTHS),
        spc=xmr([float(c) for c in COUNTS], MONTHS),
        y_label="Incidents per month",
        unit="incidents",
    )


def bar_spec(kind: str) -> ChartSpec:
    return ChartSpec(
        kind=kind,  # type: ignore[arg-type]
        title="Incidents by type",
        categories=("Physical assault", "Verbal abuse", "Sexual harassment"),
        series=(Series("This year", (120.0, 340.0, 12.0)), Series("Last year", (98.0, 310, 9))),
        y_label="Incidents",
    )


def heat_spec() -> ChartSpec:
    colours = ("#007F3B", "#FFB81C", "#ED8B00", "#D5281B", "#D5281B")
    return ChartSpec(
        kind="heatmap",
        title="Live risks by current score",
        categories=("1 Negligible", "2 Minor", "3 Moderate", "4 Major", "5 Catastrophic"),
        row_labels=("5 Almost certain", "4 Likely", "3 Possible", "2 Unlikely", "1 Rare"),
        grid=tuple(tuple((r * 5 + c) % 7 for c in range(5)) for r in range(5)),
        grid_colours=tuple(colours for _ in range(5)),
        grid_text_colours=tuple(("#FFFFFF",) * 5 for _ in range(5)),
    )


SPECS = {
    "spc": spc_spec,
    "bar": lambda: bar_spec("bar"),
    "hbar": lambda: bar_spec("hbar"),
    "stacked": lambda: bar_spec("stacked"),
    "heatmap": heat_spec,
}


@pytest.mark.parametrize(
    ("kind", "size"),
    [
        ("spc", (round(SIZE[0] * DPI), round(SIZE[1] * DPI))),  # 8 x 4.2 in
        ("bar", (1200, 360)),  # 8 in wide, at least 2.4 in tall
        ("hbar", (1200, 360)),
        ("stacked", (1200, 360)),
        ("heatmap", (1050, 690)),  # 7 x 4.6 in
    ],
)
def test_each_kind_renders_a_png_of_the_printed_size(kind: str, size: tuple[int, int]) -> None:
    assert png_size(render(SPECS[kind]())) == size


def test_bars_grow_with_their_categories() -> None:
    """0.36 in a category plus 1.3 in for the title and axis: names never overlap."""
    names = tuple(f"Location {i}" for i in range(15))
    spec = ChartSpec(
        kind="hbar",
        title="Incidents by location",
        categories=names,
        series=(Series("Incidents", tuple(float(i) for i in range(15))),),
    )
    assert png_size(render(spec)) == (1200, round((0.36 * 15 + 1.3) * DPI))


@pytest.mark.parametrize("kind", ["spc", "hbar", "heatmap"])
def test_the_same_data_gives_the_same_bytes(kind: str) -> None:
    first, second = render(SPECS[kind]()), render(SPECS[kind]())
    assert first == second
    assert b"matplotlib" not in first.lower()  # no software stamp in the file


def test_different_data_gives_a_different_picture() -> None:
    base = bar_spec("bar")
    other = ChartSpec(
        kind="bar",
        title=base.title,
        categories=base.categories,
        series=(Series("This year", (1.0, 2.0, 3.0)),),
    )
    assert render(base) != render(other)


def figure(fig_id: str, spec: ChartSpec) -> Figure:
    data = Table(f"{fig_id}_data", "Data", (Column("Value", "int"),), ((1,),))
    return Figure(fig_id, spec, "Caption.", data)


def test_render_all_draws_a_shared_figure_once(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []
    real = charts.RENDERERS["hbar"]

    def counting(spec: ChartSpec) -> bytes:
        drawn.append(spec.title)
        return real(spec)

    monkeypatch.setitem(charts.RENDERERS, "hbar", counting)
    shared = figure("types", bar_spec("hbar"))
    out = render_all([shared, figure("types", bar_spec("hbar")), figure("other", bar_spec("hbar"))])
    assert list(out) == ["types", "other"]
    assert drawn == ["Incidents by type", "Incidents by type"]
    assert all(png_size(png) == (1200, 360) for png in out.values())


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_luminance_ends_of_the_scale() -> None:
    assert _luminance("#FFFFFF") == pytest.approx(1.0)
    assert _luminance("#000000") == pytest.approx(0.0)
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21.0)


@pytest.mark.parametrize("fill", [NHS_BLUE, NHS_DARK_BLUE, NHS_GREEN, NHS_RED])
def test_white_text_passes_aa_on_the_dark_nhs_colours(fill: str) -> None:
    assert contrast("#FFFFFF", fill) >= 4.5


@pytest.mark.parametrize("fill", [NHS_WARM_YELLOW, NHS_LIGHT_BLUE, NHS_ORANGE])
def test_light_nhs_colours_need_the_dark_text(fill: str) -> None:
    assert contrast("#FFFFFF", fill) < 4.5
    assert contrast(NHS_TEXT, fill) >= 4.5


def test_long_labels_wrap_after_the_first_word() -> None:
    assert _wrap("Physical assault") == "Physical\nassault"
    assert _wrap("Sexual harassment at work") == "Sexual\nharassment at work"
    assert _wrap("Other") == "Other"


def test_a_rebased_chart_marks_the_month_and_draws_each_parts_limits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = [10, 12, 11, 13, 10, 12, 11, 13, 10, 12, 11, 13, 10, 12, 11]
    values = [*before, *(v + 10 for v in before)]
    labels = [f"M{i}" for i in range(30)]
    spec = ChartSpec(
        kind="spc",
        title="Rebased",
        categories=tuple(labels),
        spc=xmr(values, labels, rebase_at=15),
        y_label="Incidents",
    )
    seen: list[Any] = []
    real = charts._png

    def keep(fig: Any) -> bytes:
        seen.append(fig)
        return real(fig)

    monkeypatch.setattr(charts, "_png", keep)
    assert render(spec)[:8] == b"\x89PNG\r\n\x1a\n"
    ax = seen[0].axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Limits recalculated from M15" in legend
    assert any(t.startswith("Mean 11.4 (before)") for t in legend)
    assert any(t.startswith("Mean 21.4 (latest)") for t in legend)
    rebase_lines = [ln for ln in ax.get_lines() if list(ln.get_xdata()) == [14.5, 14.5]]
    assert rebase_lines  # the vertical line between the parts

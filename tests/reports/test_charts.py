"""Pack charts: every kind renders to a 1200 × 630 PNG at 150 dpi, the same data gives the same
bytes (no version or time stamp, so an archived pack can be made again), a figure shared by two
sections is drawn once, label colours follow the WCAG contrast the palette notes promise, the
PDF carries the charts as vector drawings whose words are text, and making a pack imports
neither matplotlib nor numpy."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from vpr_desktop.domain.spc import xmr
from vpr_desktop.reports import chart_parts
from vpr_desktop.reports import charts
from vpr_desktop.reports.chart_parts import DOTTED
from vpr_desktop.reports.chart_parts import DPI
from vpr_desktop.reports.chart_parts import SIZE
from vpr_desktop.reports.chart_parts import nice_ticks
from vpr_desktop.reports.charts import _luminance
from vpr_desktop.reports.charts import _wrap
from vpr_desktop.reports.charts import drawing
from vpr_desktop.reports.charts import drawings_all
from vpr_desktop.reports.charts import render
from vpr_desktop.reports.charts import render_all
from vpr_desktop.reports.mdc_icons import icon_png
from vpr_desktop.reports.pack_model import Column
from vpr_desktop.reports.pack_model import Figure
from vpr_desktop.reports.pack_model import Series
from vpr_desktop.reports.pack_model import Table
from vpr_desktop.reports.palette import NHS_BLUE
from vpr_desktop.reports.palette import NHS_DARK_BLUE
from vpr_desktop.reports.palette import NHS_GREEN
from vpr_desktop.reports.palette import NHS_LIGHT_BLUE
from vpr_desktop.reports.palette import NHS_ORANGE
from vpr_desktop.reports.palette import NHS_RED
from vpr_desktop.reports.palette import NHS_TEXT
from vpr_desktop.reports.palette import NHS_WARM_YELLOW
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
    assert b"tEXt" not in first and b"tIME" not in first  # no software or time stamp


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
    real = charts.DRAWERS["hbar"]

    def counting(spec: ChartSpec) -> Any:
        drawn.append(spec.title)
        return real(spec)

    monkeypatch.setitem(charts.DRAWERS, "hbar", counting)
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
    d = drawing(spec)
    legend = strings(d)
    assert "Limits recalculated from M15" in legend
    assert "Mean 11.4 (before)" in legend
    assert "Mean 21.4 (latest)" in legend
    # The dotted vertical line between the parts, from the plot's bottom to its top.
    rebase = [
        sh
        for sh in shapes(d)
        if type(sh).__name__ == "PolyLine"
        and sh.strokeDashArray == list(DOTTED)
        and sh.points[0] == sh.points[2]
        and sh.points[1] != sh.points[3]
    ]
    assert len(rebase) == 1


def shapes(node: Any) -> list[Any]:
    """Every shape in a drawing, groups opened (icon groups included)."""
    out: list[Any] = []
    for child in node.contents:
        out += shapes(child) if hasattr(child, "contents") else [child]
    return out


def strings(node: Any) -> list[str]:
    return [sh.text for sh in shapes(node) if type(sh).__name__ == "String"]


def test_the_spc_drawing_carries_limits_markers_and_icons_in_words_and_shapes() -> None:
    months = [m.replace("2025", year) for year in ("2024", "2025") for m in MONTHS]
    values = [float(c) for c in COUNTS * 2]
    values[21] = 80.0  # Oct 2025: beyond the upper limit
    spec = ChartSpec(
        kind="spc",
        title="Incidents by month",
        categories=tuple(months),
        spc=xmr(values, months),
        y_label="Incidents per month",
    )
    chart = spec.spc
    assert chart is not None and chart.flagged() == [21]
    d = drawing(spec)
    words = strings(d)
    assert spec.title in words and spec.y_label in words
    assert [w for w in words if w[-4:] in ("2024", "2025")] == months[::3]  # every third
    assert f"Process limits {chart.lcl_floor_zero:.1f} to {chart.ucl:.1f}" in words
    assert f"Mean {chart.mean:.1f}" in words
    assert "Special cause: concern" in words  # no direction given: a signal is a concern
    # Not by colour alone: the special cause is a square, the common-cause points circles.
    kinds = [type(sh).__name__ for sh in shapes(d)]
    assert kinds.count("Rect") >= 2  # the background, and the square (plus its legend key)
    assert kinds.count("Circle") >= len(COUNTS)
    icons = f"Variation: {chart.variation.label}.   Assurance: {chart.assurance.label}."
    assert icons in words


def test_every_point_is_inside_the_plotted_range() -> None:
    """A last month below the lowest round tick still shows: the axis starts a tick lower."""
    months = ["Jun 2026", "Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026", "Nov 2026"]
    values = [68.3, 60.2, 58.1, 55.9, 58.4, 49.2]
    spec = ChartSpec(
        kind="spc",
        title="Support steps on time",
        categories=tuple(months),
        spc=xmr(values, months),
        y_label="% on time",
        unit="%",
    )
    d = drawing(spec)
    bottom = 0.22 * d.height  # the plot's bottom edge
    points = [sh for sh in shapes(d) if type(sh).__name__ == "Circle" and sh.r == 2.25]
    assert len(points) == len(values)
    assert min(p.cy for p in points) > bottom
    assert "45" in strings(d) and "70" in strings(d)  # ticks 45 .. 70


def test_nice_ticks_are_round_and_cover_the_range() -> None:
    assert nice_ticks(0, 86, 9) == [0, 10, 20, 30, 40, 50, 60, 70, 80]
    assert nice_ticks(33.9, 70.4, 8) == [35, 40, 45, 50, 55, 60, 65, 70]
    assert nice_ticks(0, 1.2, 6) == [0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2]
    assert nice_ticks(5, 5) == [5]


def test_icons_are_small_transparent_pngs_that_differ() -> None:
    keys = ["variation/common_cause", "variation/concern_high", "assurance/pass", "assurance/fail"]
    pictures = [icon_png(k) for k in keys]
    assert all(p is not None and png_size(p) == (75, 75) for p in pictures)
    assert all(p is not None and p[25] == 6 for p in pictures)  # colour type 6: RGBA
    assert len(set(pictures)) == len(keys)
    assert icon_png("variation/not_enough_data") is None  # words only


def test_the_pdf_draws_charts_as_vector_with_their_words_as_text(tmp_path: Path) -> None:
    from reportlab.platypus import SimpleDocTemplate

    target = tmp_path / "charts.pdf"
    doc = SimpleDocTemplate(str(target), initialFontName=chart_parts.fonts()[0])
    story = list(drawings_all([figure("spc", spc_spec()), figure("heat", heat_spec())]).values())
    for d in story:
        d.renderScale = 0.75  # 8 inches wide: fit the frame, as the packs do
    doc.build(story)
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Incidents by month" in text and "Incidents per month" in text
    assert "Jan 2025" in text and "Dec 2025" in text
    assert "Mean 42.4" in text and "Live risks by current score" in text
    assert "Almost certain" in text and "Catastrophic" in text
    images = subprocess.run(
        ["pdfimages", "-list", str(target)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert images == []  # vector: no picture of the chart
    fonts = subprocess.run(
        ["pdffonts", str(target)], capture_output=True, text=True, check=True
    ).stdout
    assert "LiberationSans" in fonts and "Helvetica" not in fonts


def test_making_a_pack_imports_neither_matplotlib_nor_numpy(
    demo_copy: Path, tmp_path: Path
) -> None:
    """A board pack in every format (charts, PDF, workbook, Word paper) from the CLI in a
    fresh interpreter: the frozen program excludes both (issue #21), so nothing may import
    them on the way."""
    out = tmp_path / "out"
    out.mkdir()
    args = ["pack", "board", "--db", str(demo_copy), "--from", "2025-07-01", "--to", "2026-06-30"]
    args += ["--format", "all", "--out", str(out)]
    # Both are made unimportable, as in the bundle: an app import fails the pack, while a
    # library that only tries them (openpyxl probes numpy) carries on, as it does there.
    code = (
        "import sys\n"
        "sys.modules.update({'matplotlib': None, 'numpy': None})\n"
        "from vpr_desktop.__main__ import main\n"
        f"code = main({args!r})\n"
        "print('HEAVY', sorted(m for m in ('matplotlib', 'numpy') if sys.modules.get(m)))\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "HEAVY []"
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".pdf", ".xlsx"]


def test_the_window_can_ask_for_a_bar_chart_at_its_own_width_and_dpi() -> None:
    spec = bar_spec("hbar")
    # The packs' call is unchanged: 8 in at 150 dpi, the same bytes as before.
    assert render(spec) == chart_parts.png(charts.draw_bars(spec)) == render(spec, DPI, None)
    assert png_size(render(spec)) == (1200, 360)
    # The window's: 6 in wide at 216 dpi (9 pt text at 200 %); the height is the bars' own.
    assert png_size(render(spec, dpi=216.0, width_in=6.0)) == (1296, 518)
    assert drawing(spec, width_in=6.0).width == 6.0 * 72
    # A kind laid out at its own size keeps it (only the dpi changes).
    assert drawing(heat_spec(), width_in=6.0).width == 7.0 * 72

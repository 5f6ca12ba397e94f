"""The pack's risk heat map figure: its grid and data table are the register's own heat map
(the one the window shows), drawn likelihood 5 first, with the band colours of the trust's
matrix and a caption whose figures add up."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.reports.test_pack_pdf import open_demo
from vpr_desktop.services.packs.model import Badge
from vpr_desktop.services.packs.risk_blocks import badge
from vpr_desktop.services.packs.risk_blocks import heat_figure
from vpr_desktop.services.packs.wording import plural


@pytest.fixture
def heat(demo_copy: Path) -> Iterator[Any]:
    from vpr_desktop.services.risks.service import RiskRegisterService

    db, actor = open_demo(demo_copy)
    try:
        yield RiskRegisterService(db, actor).heat_map()
    finally:
        db.close()


def test_grid_and_table_are_the_heat_map_top_row_first(heat: Any) -> None:
    figure = heat_figure(heat, "risk_heat")
    assert figure.id == "risk_heat" and figure.data.id == "risk_heat_data"
    grid = figure.chart.grid
    assert len(grid) == 5 and all(len(row) == 5 for row in grid)
    for r, likelihood in enumerate(range(5, 0, -1)):
        for c, consequence in enumerate(range(1, 6)):
            assert grid[r][c] == heat.count(likelihood, consequence)
        row = figure.data.rows[r]
        assert row[0] == heat.matrix.likelihood_label(likelihood)
        assert list(row[1:]) == list(grid[r])
    assert sum(sum(row) for row in grid) == heat.total > 0


def test_axis_labels_and_colours_come_from_the_matrix(heat: Any) -> None:
    matrix = heat.matrix
    chart = heat_figure(heat, "h").chart
    assert chart.kind == "heatmap"
    assert chart.categories == tuple(matrix.consequence_label(c) for c in range(1, 6))
    assert chart.row_labels == tuple(matrix.likelihood_label(lk) for lk in range(5, 0, -1))
    assert chart.grid_colours[0][4] == matrix.cell(5, 5).colour
    assert chart.grid_colours[4][0] == matrix.cell(1, 1).colour
    assert chart.grid_text_colours[2][2] == matrix.cell(3, 3).text_colour
    columns = [c.title for c in heat_figure(heat, "h").data.columns]
    assert columns == ["Likelihood", *chart.categories]


def test_the_caption_figures_add_up(heat: Any) -> None:
    figure = heat_figure(heat, "h")
    caption = figure.caption
    assert caption.startswith(plural(heat.total, "live risk") + " on the register; ")
    totals = heat.band_totals()
    for band in heat.matrix.bands:
        assert f"{band.label} {totals[band.key]:,}" in caption
    assert sum(totals.values()) == heat.total
    count, likelihood, consequence = max(
        (heat.count(lk, c), lk, c) for lk in range(1, 6) for c in range(1, 6)
    )
    assert (
        f"The most common position is likelihood {likelihood} x consequence {consequence} "
        f"({count:,} risks)." in caption
    )
    top = heat.matrix.top_band
    match = re.search(rf"([\d,]+) scored {top.label} \({top.min_score} or more\)", caption)
    assert match is not None and int(match.group(1).replace(",", "")) == totals[top.key]


def test_badge_and_plural_words(heat: Any) -> None:
    cell = heat.matrix.cell(4, 5)
    assert badge(cell) == Badge(cell.label, cell.colour, cell.text_colour)
    assert str(badge(cell)) == cell.label
    assert plural(1, "risk") == "1 risk"
    assert plural(0, "risk") == "0 risks"
    assert plural(1200, "action") == "1,200 actions"
    assert plural(2, "review", "reviews overdue") == "2 reviews overdue"

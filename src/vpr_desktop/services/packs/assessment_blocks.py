"""The self-assessment's blocks in a pack: ratings by domain as a stacked bar in the rating
colours with its table, and the table of indicators whose rating changed.

Ratings are shown as their label *and* colour (never colour alone). The figure is also the
Self-assessment page's chart, so the page and the pack show one picture of the same summary.
"""

from __future__ import annotations

from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.standard_library import Change
from vpr_desktop.services.assessment.records import CycleSummary
from vpr_desktop.services.packs.model import Badge
from vpr_desktop.services.packs.model import CellValue
from vpr_desktop.services.packs.model import ChartSpec
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Figure
from vpr_desktop.services.packs.model import Series
from vpr_desktop.services.packs.model import Table

RAGS = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_RATED)


def _badge(summary: CycleSummary, rag: Rag | None) -> Badge | str:
    if rag is None:
        return "Not in the previous cycle"
    level = summary.level(rag)
    return Badge(level.label, level.colour, level.text_colour)


def rag_figure(summary: CycleSummary) -> Figure:
    """RAG counts per domain: a stacked bar in the rating colours, with its table."""
    labels = {r: summary.level(r).label for r in RAGS}
    rows: tuple[tuple[CellValue, ...], ...] = tuple(
        (f"{d.code}. {d.title}", *(d.counts.of(r) for r in RAGS), d.counts.percent_rated)
        for d in summary.domains
    )
    o = summary.overall
    data = Table(
        "assessment_rag",
        "Ratings by domain",
        (
            Column("Domain", "text", 3.0),
            *(Column(labels[r], "int", 0.8) for r in RAGS),
            Column("Rated", "percent", 0.8),
        ),
        (*rows, ("All domains", *(o.of(r) for r in RAGS), o.percent_rated)),
    )
    chart = ChartSpec(
        kind="stacked",
        title="Self-assessment ratings by domain",
        categories=tuple(f"{d.code}. {d.title}" for d in summary.domains),
        series=tuple(
            Series(labels[r], tuple(float(d.counts.of(r)) for d in summary.domains)) for r in RAGS
        ),
        series_colours=tuple(summary.level(r).colour for r in RAGS),
        y_label="Indicators",
    )
    caption = (
        f"{summary.cycle.name}: {o.rated:,} of {o.total:,} indicators rated "
        f"({o.percent_rated:.0f}%): {o.red:,} {labels[Rag.RED].lower()}, "
        f"{o.amber:,} {labels[Rag.AMBER].lower()}, {o.green:,} "
        f"{labels[Rag.GREEN].lower()}."
    )
    return Figure(
        "assessment_rag_chart",
        chart,
        caption,
        data,
        alt_text="Stacked bars of indicator ratings per domain.",
    )


def change_table(summary: CycleSummary) -> Table:
    """The indicators rated higher or lower than in the previous cycle, each rating as a
    badge in the scale's label and colours."""
    changed = [c for c in summary.changes if c.change in (Change.DECLINED, Change.IMPROVED)]
    change_rows: tuple[tuple[CellValue, ...], ...] = tuple(
        (c.code, c.text, _badge(summary, c.previous), _badge(summary, c.current), c.change.label)
        for c in changed
    )
    return Table(
        "assessment_changes",
        "Indicators whose rating changed",
        (
            Column("Indicator", "text", 0.8),
            Column("Text", "text", 4.0),
            Column("Was", "text", 1.1),
            Column("Now", "text", 1.1),
            Column("Change", "text", 0.9),
        ),
        change_rows,
        empty_text="No indicator changed rating.",
    )

"""The committee's incident breakdowns: a count-and-share table for any split (type, harm,
intent, location, staff group) and the incidents-by-type figure.

Counts by type, location and staff group are counts of *incidents*, not of people, and are
shown exactly. Kept apart from the section (:mod:`vpr_desktop.services.packs.sections_incidents`)
so a breakdown reads the same wherever it is printed.
"""

from __future__ import annotations

from collections.abc import Sequence

from vpr_desktop.services.incidents.figures import Split
from vpr_desktop.services.packs.model import ChartSpec
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Figure
from vpr_desktop.services.packs.model import Series
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.months import words


def split_table(
    table_id: str, title: str, what: str, split: Split, footnotes: tuple[str, ...] = ()
) -> Table:
    """Each category's incidents and share, then the total (the shares need not add to 100%
    when an incident counts in several categories)."""
    rows = tuple((words(k), n, split.percent(k)) for k, n in split.counts)
    return Table(
        table_id,
        title,
        (
            Column(what, "text", 2.2),
            Column("Incidents", "int", 1.0),
            Column("Share", "percent", 0.8),
        ),
        (*rows, ("All incidents", split.total, None)),
        footnotes=footnotes,
    )


def type_figure(split: Split) -> Figure:
    """Incidents by type as bars, most common first, with the type table as its data."""
    data = split_table(
        "incident_types",
        "Incidents by type",
        "Type",
        split,
        ("An incident with several types counts once for each.",),
    )
    ranked = sorted(split.counts, key=lambda kv: -kv[1])
    chart = ChartSpec(
        kind="hbar",
        title="Incidents by type",
        categories=tuple(words(k) for k, _ in ranked),
        series=(Series("Incidents", tuple(float(n) for _, n in ranked)),),
        y_label="Incidents",
    )
    top = ranked[0] if ranked and ranked[0][1] else None
    caption = f"{split.total:,} incidents in the period" + (
        f"; the most common type was {words(top[0]).lower()} "
        f"({split.percent(top[0]):.0f}% of incidents)."
        if top
        else "."
    )
    return Figure(
        "incident_types_chart", chart, caption, data, alt_text="Bars of incidents per type."
    )


def top_series(series: Sequence[object], limit: int) -> tuple[list[tuple[str, int]], int]:
    """The ``limit`` largest series by total (label, total), and the sum of the rest, so a
    long list of locations ends in one "all other locations" row."""
    ranked = sorted(
        ((s.label, s.total) for s in series if s.total),  # type: ignore[attr-defined]
        key=lambda kv: (-kv[1], kv[0]),
    )
    return ranked[:limit], sum(n for _, n in ranked[limit:])

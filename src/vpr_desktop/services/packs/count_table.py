"""Two-column count tables (a label and how many) and the "top locations" rows they often hold.

Why one piece: the incidents, cost and RIDDOR sections each print short tables of a label and a
count -- incidents or days lost by location or staff group, RIDDOR and police outcomes -- and
the two that list locations cut the list at the busiest :data:`TOP_LOCATIONS` and add up the
rest, with the counts through the pack's disclosure rule. Written once here, those tables
share one layout, and the location lists are cut and protected in one way.
"""

from __future__ import annotations

from collections.abc import Sequence

from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import CellValue
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Table

#: How many locations a breakdown lists before one "All other locations" row.
TOP_LOCATIONS = 15


def count_table(
    table_id: str,
    title: str,
    label: str,
    unit: str,
    rows: Sequence[tuple[CellValue, CellValue]],
    *,
    footnotes: tuple[str, ...] = (),
    empty_text: str = "None.",
) -> Table:
    """A table of ``label`` (wide text) and ``unit`` (a whole-number count) per row."""
    return Table(
        table_id,
        title,
        (Column(label, "text", 3.0), Column(unit, "int", 1.0)),
        tuple(rows),
        footnotes=footnotes,
        empty_text=empty_text,
    )


def location_rows(
    ctx: PackContext, top: Sequence[tuple[str, int]], rest: int
) -> tuple[tuple[CellValue, CellValue], ...]:
    """The ``top`` locations, then "All other locations" with ``rest`` (only when non-zero).
    The rows add up to a total printed elsewhere in the section, so the counts go through
    :meth:`PackContext.breakdown` with the total shown (secondary suppression applies)."""
    names = [name for name, _ in top] + (["All other locations"] if rest else [])
    counts = ctx.breakdown([n for _, n in top] + ([rest] if rest else []), total_shown=True)
    return tuple(zip(names, counts, strict=True))

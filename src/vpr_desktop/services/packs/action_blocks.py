"""The joint action log's blocks in a pack: a table of actions (owners only where names may
appear) and the figure of actions by source, stacked by status, with its pivot as data.

Kept apart from :mod:`vpr_desktop.services.packs.sections_actions` (which chooses the actions
and words each section) because the committee and board sections, and the changes section,
show actions the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from vpr_desktop.domain.action_rules import PRIORITY_LABELS
from vpr_desktop.domain.action_rules import SOURCE_LABELS
from vpr_desktop.domain.action_rules import STATUS_LABELS
from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.services.actions.records import ActionBrief
from vpr_desktop.services.actions.records import StatusSourceCount
from vpr_desktop.services.packs.model import CellValue
from vpr_desktop.services.packs.model import ChartSpec
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Figure
from vpr_desktop.services.packs.model import Series
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.register_table import RegisterColumns
from vpr_desktop.services.packs.register_table import register_table
from vpr_desktop.services.packs.wording import plural

STATUSES = (
    ActionStatus.OPEN,
    ActionStatus.IN_PROGRESS,
    ActionStatus.AWAITING_SIGN_OFF,
    ActionStatus.CLOSED,
    ActionStatus.CANCELLED,
)


def action_table(
    table_id: str,
    title: str,
    rows: Sequence[ActionBrief],
    *,
    names: bool,
    as_at: dt.date | None = None,
    empty: str = "None.",
    closed: bool = False,
    pdf_rows: int | None = None,
) -> Table:
    """Actions as a pack table; owners are columns only when ``names`` (a board pack holds
    no staff names), days overdue only with ``as_at``, the closing date instead of the due
    date when ``closed``."""
    return register_table(
        table_id,
        title,
        rows,
        _layout(closed),
        names=names,
        as_at=as_at,
        empty=empty,
        pdf_rows=pdf_rows,
    )


def _layout(closed: bool) -> RegisterColumns[ActionBrief]:
    """An action's columns: the closing date instead of the due date when ``closed``; days
    overdue always count from the due date."""

    def cells(a: ActionBrief) -> tuple[CellValue, ...]:
        when = (a.closed_at.date() if a.closed_at else None) if closed else a.due_date
        return (a.reference, a.title, SOURCE_LABELS[a.source], PRIORITY_LABELS[a.priority], when)

    return RegisterColumns(
        (
            Column("Ref", "text", 0.9),
            Column("Action", "text", 3.6),
            Column("Source", "text", 1.3),
            Column("Priority", "text", 0.8),
            Column("Closed", "date", 1.0) if closed else Column("Due", "date", 1.0),
        ),
        cells,
        lambda a: a.due_date,
        (Column("Management owner", "text", 1.4), Column("Staff-side owner", "text", 1.4)),
        lambda a: (a.management_owner, a.staff_side_owner),
    )


def status_figure(counts: Sequence[StatusSourceCount]) -> Figure:
    """Actions by source, stacked by status, with the pivot as its data table."""
    sources = [s for s in ActionSource if any(c.source is s for c in counts)]
    cell = {(c.status, c.source): c.count for c in counts}
    series = tuple(
        Series(STATUS_LABELS[st], tuple(float(cell.get((st, so), 0)) for so in sources))
        for st in STATUSES
    )
    rows: list[tuple[CellValue, ...]] = []
    for so in sources:
        values = [cell.get((st, so), 0) for st in STATUSES]
        rows.append((SOURCE_LABELS[so], *values, sum(values)))
    totals = [sum(cell.get((st, so), 0) for so in sources) for st in STATUSES]
    rows.append(("All sources", *totals, sum(totals)))
    live = sum(totals[:3])
    biggest = max(
        sources, key=lambda so: sum(cell.get((st, so), 0) for st in STATUSES[:3]), default=None
    )
    caption = (
        f"{plural(live, 'action')} live (open, in progress or awaiting sign-off), "
        f"{totals[3]:,} closed."
        + (
            f" Most live actions come from {SOURCE_LABELS[biggest].lower()}."
            if biggest is not None and live
            else ""
        )
    )
    data = Table(
        "actions_by_status_data",
        "Actions by source and status",
        (
            Column("Source", "text", 1.6),
            *(Column(STATUS_LABELS[st], "int", 1.0) for st in STATUSES),
            Column("Total", "int", 0.8),
        ),
        tuple(rows),
    )
    chart = ChartSpec(
        kind="stacked",
        title="Actions by source and status",
        categories=tuple(SOURCE_LABELS[s] for s in sources),
        series=series,
        y_label="Actions",
    )
    return Figure(
        "actions_by_status",
        chart,
        caption,
        data,
        alt_text="Stacked bars of actions per source, split by status.",
    )

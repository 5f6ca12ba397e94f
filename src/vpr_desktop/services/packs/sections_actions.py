"""Joint action log sections: status by source, overdue list, awaiting sign-off (committee) and
the board's overdue actions. Owner names appear only in a committee pack."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from vpr_desktop.domain.action_rules import (
    PRIORITY_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
)
from vpr_desktop.domain.enums import ActionSource, ActionStatus, Side
from vpr_desktop.services.actions.records import ActionBrief, StatusSourceCount
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import (
    Bullets,
    CellValue,
    ChartSpec,
    Column,
    Figure,
    Paragraph,
    Section,
    Series,
    Table,
)
from vpr_desktop.services.packs.sections_risks import PDF_LIST
from vpr_desktop.services.packs.wording import plural

STATUSES = (
    ActionStatus.OPEN,
    ActionStatus.IN_PROGRESS,
    ActionStatus.AWAITING_SIGN_OFF,
    ActionStatus.CLOSED,
    ActionStatus.CANCELLED,
)
BOARD_LIST = 25  # a board sees the oldest overdue actions; the committee pack has them all


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
    cols = [
        Column("Ref", "text", 0.9),
        Column("Action", "text", 3.6),
        Column("Source", "text", 1.3),
        Column("Priority", "text", 0.8),
    ]
    cols.append(Column("Closed", "date", 1.0) if closed else Column("Due", "date", 1.0))
    if as_at is not None:
        cols.append(Column("Days overdue", "int", 0.8))
    if names:
        cols += [Column("Management owner", "text", 1.4), Column("Staff-side owner", "text", 1.4)]
    out = []
    for a in rows:
        row: list[object] = [
            a.reference,
            a.title,
            SOURCE_LABELS[a.source],
            PRIORITY_LABELS[a.priority],
        ]
        if closed:
            row.append(a.closed_at.date() if a.closed_at else None)
        else:
            row.append(a.due_date)
        if as_at is not None:
            row.append((as_at - a.due_date).days if a.due_date else None)
        if names:
            row += [a.management_owner, a.staff_side_owner]
        out.append(tuple(row))
    return Table(
        table_id,
        title,
        tuple(cols),
        tuple(out),  # type: ignore[arg-type]
        empty_text=empty,
        pdf_rows=pdf_rows,
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


def actions_section(ctx: PackContext) -> Section:
    svc = ctx.actions()
    counts = svc.counts_by_status_and_source()
    n_overdue, overdue = svc.overdue(ctx.as_at)
    awaiting = svc.awaiting_sign_off_by_side()
    ctx.summary.append(
        f"Joint action log: {plural(n_overdue, 'action')} overdue; "
        f"{len(awaiting[Side.MANAGEMENT]):,} awaiting management sign-off and "
        f"{len(awaiting[Side.STAFF_SIDE]):,} awaiting staff-side sign-off."
    )
    both = {a.reference for a in awaiting[Side.MANAGEMENT]} & {
        a.reference for a in awaiting[Side.STAFF_SIDE]
    }
    rows = []
    seen: set[str] = set()
    for side in (Side.MANAGEMENT, Side.STAFF_SIDE):
        for a in awaiting[side]:
            if a.reference in seen:
                continue
            seen.add(a.reference)
            waiting = (
                "Both sides"
                if a.reference in both
                else "Management"
                if side is Side.MANAGEMENT
                else "Staff side"
            )
            rows.append((a.reference, a.title, SOURCE_LABELS[a.source], a.due_date, waiting))
    awaiting_table = Table(
        "awaiting_sign_off",
        "Done, awaiting joint sign-off",
        (
            Column("Ref", "text", 0.9),
            Column("Action", "text", 3.8),
            Column("Source", "text", 1.3),
            Column("Due", "date", 1.0),
            Column("Awaiting", "text", 1.2),
        ),
        tuple(rows),
        footnotes=(
            "An action closes only when both the management and the staff side have signed it off.",
        ),
        empty_text="No action is awaiting sign-off.",
    )
    return Section(
        "actions",
        "Joint action log",
        (
            Paragraph(
                "The joint management and staff-side action log: where actions come from, "
                "where they stand, and which are overdue or waiting for a signature."
            ),
            status_figure(counts),
            action_table(
                "overdue_actions",
                f"Overdue actions at {ctx.as_at:%d %b %Y} (oldest first)",
                overdue,
                names=ctx.names,
                as_at=ctx.as_at,
                empty="No action is overdue.",
                pdf_rows=PDF_LIST,
            ),
            awaiting_table,
        ),
        sheet_name="Actions",
    )


def board_actions_section(ctx: PackContext) -> Section:
    svc = ctx.actions()
    n_overdue, overdue = svc.overdue(ctx.as_at)
    counts = svc.counts_by_status_and_source()
    high = [a for a in overdue if a.priority.value == "high"]
    ctx.summary.append(
        f"{plural(n_overdue, 'action')} overdue on the joint action log "
        f"({len(high):,} high priority)."
    )
    if high:
        ctx.decisions.append(
            f"Note the {plural(len(high), 'high-priority action')} overdue "
            "and the recovery dates the committee has agreed."
        )
    return Section(
        "actions",
        "Overdue actions",
        (
            Bullets(
                (
                    f"{plural(n_overdue, 'action')} overdue at {ctx.as_at:%d %b %Y}, "
                    f"{len(high):,} of them high priority.",
                )
            ),
            status_figure(counts),
            _shortened(
                action_table(
                    "overdue_actions",
                    "Overdue actions (oldest first)",
                    overdue[:BOARD_LIST],
                    names=False,
                    as_at=ctx.as_at,
                    empty="No action is overdue.",
                ),
                n_overdue,
            ),
        ),
        sheet_name="Actions",
    )


def _shortened(table: Table, total: int) -> Table:
    if total <= len(table.rows):
        return table
    return Table(
        table.id,
        table.title,
        table.columns,
        table.rows,
        (
            *table.footnotes,
            f"The {len(table.rows)} oldest of {total:,} overdue actions; "
            "the committee pack lists them all.",
        ),
        table.empty_text,
    )

"""Joint action log sections: status by source, overdue list, awaiting sign-off (committee) and
the board's overdue actions. Owner names appear only in a committee pack."""

from __future__ import annotations

from vpr_desktop.domain.action_rules import SOURCE_LABELS
from vpr_desktop.domain.enums import Side
from vpr_desktop.services.packs.action_blocks import action_table
from vpr_desktop.services.packs.action_blocks import status_figure
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import Bullets
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Paragraph
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.sections_risks import PDF_LIST
from vpr_desktop.services.packs.wording import plural

BOARD_LIST = 25  # a board sees the oldest overdue actions; the committee pack has them all


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

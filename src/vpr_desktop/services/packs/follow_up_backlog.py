"""The backlog of what follows an incident: RIDDOR reports past the legal deadline and support
steps past their due time, for the period's incidents beside all incidents.

Why both: the period column alone would hide every statutory report still unsubmitted from an
earlier period; the all-incidents column is the Home page's figure (``ctx.backlog()``). The
performance summary, the support section and the RIDDOR section say it in the same words.
"""

from __future__ import annotations

import datetime as dt

from vpr_desktop.services.incidents.follow_up_figures import RiddorOnTime
from vpr_desktop.services.incidents.follow_up_figures import SupportOnTime
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.model import period_label
from vpr_desktop.services.packs.wording import plural


def support_overdue(support: SupportOnTime) -> int:
    """Open support steps past their due time, of the period's incidents."""
    return sum(s.overdue for s in support.by_step)


def backlog_table(ctx: PackContext, riddor: RiddorOnTime, support: SupportOnTime) -> Table:
    """Overdue for the period's incidents beside overdue now for all incidents (the backlog).

    The period column alone would hide every statutory report still unsubmitted from an
    earlier period; the backlog column is the Home page's figure (``ctx.backlog()``)."""
    b = ctx.backlog()
    return Table(
        "backlog",
        f"Overdue now: the period's incidents and all incidents, at {b.as_at:%d %b %Y}",
        (
            Column("Overdue", "text", 3.2),
            Column("Period's incidents", "int", 1.1),
            Column(f"All incidents, at {b.as_at:%d %b %Y}", "int", 1.3),
        ),
        (
            (
                "RIDDOR reports past the legal deadline, not submitted",
                riddor.overdue,
                b.riddor_overdue,
            ),
            (
                "Post-incident support steps past their due time, not done",
                support_overdue(support),
                b.support_overdue,
            ),
        ),
        footnotes=(
            "Period's incidents: only incidents that occurred from "
            f"{period_label(ctx.request.period_from, ctx.request.period_to)}. All incidents: "
            "the backlog whenever the incident occurred, as the Home page counts it.",
        ),
    )


def riddor_backlog_line(ctx: PackContext, riddor: RiddorOnTime) -> str:
    """The RIDDOR backlog in words, beside the period's share of it."""
    b = ctx.backlog()
    return backlog_line(
        b.riddor_overdue,
        "RIDDOR report",
        "past the legal deadline and not submitted",
        b.as_at,
        riddor.overdue,
    )


def support_backlog_line(ctx: PackContext, support: SupportOnTime) -> str:
    """The support-step backlog in words, beside the period's share of it."""
    b = ctx.backlog()
    return backlog_line(
        b.support_overdue,
        "post-incident support step",
        "overdue",
        b.as_at,
        support_overdue(support),
    )


def backlog_line(backlog: int, noun: str, state: str, as_at: dt.date, in_period: int) -> str:
    """A backlog in one sentence: how many ``noun`` are in ``state`` at ``as_at`` whenever the
    incident occurred, then how many of them belong to the period's incidents. The RIDDOR and
    the support lines say it in these same words, so a reader compares like with like."""
    return (
        f"{plural(backlog, noun)} {state} at {as_at:%d %b %Y}, whenever the incident occurred "
        f"({in_period:,} of them for incidents in the period)."
    )

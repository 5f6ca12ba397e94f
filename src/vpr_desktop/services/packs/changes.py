""" "Changes since the last pack": what a committee needs first -- what moved since it last met.

The baseline is the previous archived pack of the same kind (its period's end); the first pack
in the history compares with the start of its own period and says so. Movements shown:

* actions closed since, and actions that became overdue since (due on or after the baseline,
  still live and past due at the pack's "as at" date);
* risks that moved band: from the position the first review in the window *found* to what the
  last review in the window *agreed* (``RiskReview`` snapshots, written by the register's
  ``record_review``), so a risk raised and lowered again in the window shows no movement;
* "you said, we did": incident-learning actions closed since the baseline.

Indicators that moved (the self-assessment) wait for the assessment services.
"""

from __future__ import annotations

from vpr_desktop.services.packs.action_blocks import action_table
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import Bullets
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Paragraph
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.risk_band_moves import band_moves
from vpr_desktop.services.packs.risk_blocks import badge
from vpr_desktop.services.packs.wording import plural


def changes_section(ctx: PackContext) -> Section:
    """The "Changes since the last pack" section: actions closed or overdue, risk moves, you said
    we did.
    """
    since, end = ctx.since, ctx.request.period_to
    actions = ctx.actions()
    closed = actions.closed_between(since, end)
    _n, overdue = actions.overdue(ctx.as_at)
    newly = [a for a in overdue if a.due_date is not None and a.due_date >= since]
    ysd = actions.you_said_we_did(since, end)
    moves = band_moves(ctx, ctx.risks().matrix(), since, end)
    worse = sum(m.worse for m in moves)
    if ctx.previous is not None and ctx.previous.period_to < end:
        baseline = (
            f"Since the last {ctx.kind} pack (period ending "
            f"{ctx.previous.period_to:%d %b %Y}, generated "
            f"{ctx.previous.generated_at:%d %b %Y}): changes from {since:%d %b %Y}."
        )
    else:
        baseline = (
            f"This is the first {ctx.kind} pack in the pack history, so changes are "
            f"shown from the start of its period, {since:%d %b %Y}."
        )
    ctx.summary.insert(
        0,
        f"Since the last pack: {plural(len(closed), 'action')} closed, "
        f"{len(newly):,} newly overdue; {plural(len(moves), 'risk')} moved "
        f"band ({worse:,} up, {len(moves) - worse:,} down).",
    )
    move_rows = tuple(
        (
            m.reference,
            m.title,
            m.location or "Trust-wide",
            badge(m.found),
            badge(m.agreed),
            "Up" if m.worse else "Down",
            m.reviewed_on,
        )
        for m in moves
    )
    ysd_rows = tuple((y.reference, y.title, y.description or "", y.closed_on) for y in ysd)
    return Section(
        "changes",
        "Changes since the last pack",
        (
            Paragraph(baseline, "lead"),
            Bullets(
                (
                    f"{plural(len(closed), 'action')} closed.",
                    f"{plural(len(newly), 'action')} became overdue.",
                    f"{plural(len(moves), 'risk')} moved band at review: {worse:,} up, "
                    f"{len(moves) - worse:,} down.",
                    f"{plural(len(ysd), 'action')} closed from incident learning "
                    "(you said, we did).",
                )
            ),
            Table(
                "risk_band_moves",
                "Risks that moved band at review",
                (
                    Column("Ref", "text", 1.0),
                    Column("Risk", "text", 2.8),
                    Column("Location", "text", 1.7),
                    Column("Was", "text", 1.1),
                    Column("Now", "text", 1.1),
                    Column("Move", "text", 0.7),
                    Column("Reviewed", "date", 1.0),
                ),
                move_rows,
                footnotes=(
                    "From the position the first review in the window found to what the "
                    "last review agreed.",
                ),
                empty_text="No risk moved band.",
            ),
            action_table(
                "closed_since",
                "Actions closed",
                closed,
                names=ctx.names,
                closed=True,
                empty="No action was closed.",
            ),
            action_table(
                "newly_overdue",
                "Actions that became overdue",
                newly,
                names=ctx.names,
                as_at=ctx.as_at,
                empty="No action became overdue.",
            ),
            Table(
                "you_said_we_did",
                "You said, we did",
                (
                    Column("Ref", "text", 0.9),
                    Column("You said (the learning)", "text", 2.6),
                    Column("We did", "text", 3.4),
                    Column("Closed", "date", 1.0),
                ),
                ysd_rows,
                footnotes=("Actions raised from incident learning and closed by both sides.",),
                empty_text="No incident-learning action was closed.",
            ),
        ),
        sheet_name="Changes",
    )

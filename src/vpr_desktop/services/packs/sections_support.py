"""The committee's post-incident support section: support steps done on time and feedback
given to the reporter, for the period's incidents. The sections on what follows an incident
beside it: RIDDOR, police and CPS (:mod:`vpr_desktop.services.packs.sections_riddor_police`)
and equality (:mod:`vpr_desktop.services.packs.sections_equality`), which counts staff rather
than incidents.
"""

from __future__ import annotations

from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.follow_up_backlog import support_backlog_line
from vpr_desktop.services.packs.follow_up_backlog import support_overdue
from vpr_desktop.services.packs.model import Bullets
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Paragraph
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.months import period_of
from vpr_desktop.services.packs.months import stats
from vpr_desktop.services.packs.on_time import on_time_figure
from vpr_desktop.services.packs.on_time_months import on_time_series
from vpr_desktop.services.packs.on_time_months import period_support
from vpr_desktop.services.packs.wording import percent_of_due
from vpr_desktop.services.packs.wording import plural


def support_section(ctx: PackContext) -> Section:
    st, period = stats(ctx), period_of(ctx)
    support, feedback = period_support(ctx), st.feedback_given(period)
    backlog = ctx.backlog()
    ctx.summary.append(
        f"Post-incident support: {percent_of_due(support.percent)} of steps due were done "
        f"on time; feedback given on {percent_of_due(feedback.percent)} of incidents. "
        f"{plural(backlog.support_overdue, 'step')} overdue at {backlog.as_at:%d %b %Y} "
        f"for all incidents ({support_overdue(support):,} for the period's incidents)."
    )
    rows = tuple(
        (s.label, s.on_time, s.late_done, s.overdue, s.pending, s.not_needed, s.percent)
        for s in support.by_step
    )
    total = (
        "All steps",
        support.on_time,
        sum(s.late_done for s in support.by_step),
        sum(s.overdue for s in support.by_step),
        support.pending,
        support.not_needed,
        support.percent,
    )
    return Section(
        "support",
        "Post-incident support",
        (
            Paragraph(
                "The trust's post-incident support pathway for staff affected by the "
                "period's incidents: each step counts as on time when it was done by its due "
                f"time. Position at {support.as_of:%d %b %Y}."
            ),
            Table(
                "support_steps",
                "Support steps by type",
                (
                    Column("Step", "text", 2.4),
                    Column("On time", "int", 0.8),
                    Column("Done late", "int", 0.8),
                    Column("Overdue", "int", 0.8),
                    Column("Not yet due", "int", 0.8),
                    Column("Declined", "int", 0.8),
                    Column("On time", "percent", 0.8),
                ),
                (*rows, total),
                footnotes=(
                    "The percentage counts steps done on time against all steps that "
                    "were due (done late and overdue included); steps not yet due and "
                    "steps the person declined are left out.",
                ),
                empty_text="No support step for the period's incidents.",
            ),
            Bullets(
                (
                    support_backlog_line(ctx, support),
                    f"Feedback given to the reporter on {feedback.given:,} of "
                    f"{plural(feedback.incidents, 'incident')} "
                    f"({percent_of_due(feedback.percent)}).",
                )
            ),
            on_time_figure(on_time_series(ctx, "support"), "support_on_time_spc"),
        ),
        sheet_name="Support",
    )

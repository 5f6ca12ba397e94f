"""The committee's RIDDOR, police and CPS section: RIDDOR reports made on time for the
period's incidents (with the backlog across all incidents), and the police and CPS outcomes.

Apart from :mod:`vpr_desktop.services.packs.sections_support` (what the trust does for the
member of staff) because this is what is reported to others: the HSE, the police and the CPS.
"""

from __future__ import annotations

from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.count_table import count_table
from vpr_desktop.services.packs.follow_up_backlog import riddor_backlog_line
from vpr_desktop.services.packs.model import Bullets
from vpr_desktop.services.packs.model import Paragraph
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.months import period_of
from vpr_desktop.services.packs.months import stats
from vpr_desktop.services.packs.months import words
from vpr_desktop.services.packs.on_time import on_time_figure
from vpr_desktop.services.packs.on_time_months import on_time_series
from vpr_desktop.services.packs.on_time_months import period_riddor
from vpr_desktop.services.packs.wording import percent_of_due
from vpr_desktop.services.packs.wording import plural


def riddor_police_section(ctx: PackContext) -> Section:
    """RIDDOR reports on time with the backlog, then police and CPS outcomes of the period."""
    st, period = stats(ctx), period_of(ctx)
    riddor, police = period_riddor(ctx), st.police_outcomes(period)
    backlog = ctx.backlog()
    ctx.summary.append(
        f"RIDDOR: {riddor.reportable:,} reportable in the period, "
        f"{percent_of_due(riddor.percent)} on time, {riddor.overdue:,} overdue; "
        f"{plural(backlog.riddor_overdue, 'report')} "
        f"overdue at {backlog.as_at:%d %b %Y} for all incidents. Police informed of "
        f"{police.police_informed:,} incidents; {police.charged:,} charged."
    )
    if backlog.riddor_overdue:
        ctx.decisions.append(
            f"Submit the {plural(backlog.riddor_overdue, 'RIDDOR report')} past the deadline "
            f"({riddor.overdue:,} of them for incidents in the period)."
        )
    riddor_rows = (
        ("Reportable", riddor.reportable),
        ("Reported on time", riddor.on_time),
        ("Reported late", riddor.late),
        ("Overdue (deadline passed)", riddor.overdue),
        ("Due (deadline not yet passed)", riddor.due),
        ("Over-3-day injury, recorded only", riddor.record_only),
        ("Judgement needed", riddor.judgement_needed),
        ("Not yet assessed", riddor.not_assessed),
    )
    police_rows = tuple((words(o.value), n) for o, n in police.police)
    cps_rows = tuple((words(o.value), n) for o, n in police.cps)
    return Section(
        "riddor_police",
        "RIDDOR, police and CPS",
        (
            Paragraph(
                f"RIDDOR position at {riddor.as_of:%d %b %Y} for the period's incidents "
                "(specified injuries are reported without delay and within 10 days, "
                "over-7-day injuries within 15 days)."
            ),
            on_time_figure(on_time_series(ctx, "riddor"), "riddor_on_time_spc"),
            count_table(
                "riddor",
                "RIDDOR reporting",
                "RIDDOR",
                "Incidents",
                riddor_rows,
                footnotes=(f"On time: {percent_of_due(riddor.percent)} of reports due.",),
            ),
            Bullets((riddor_backlog_line(ctx, riddor),)),
            count_table(
                "police_outcomes",
                "Police outcomes (incidents reported to the police)",
                "Outcome",
                "Incidents",
                (*police_rows, ("Police informed (all outcomes)", police.police_informed)),
                footnotes=(
                    f"Assaults on Emergency Workers Act sanctions: {police.aewa_sanctions:,}.",
                ),
            ),
            count_table(
                "cps_outcomes",
                "CPS outcomes (charged incidents)",
                "Outcome",
                "Incidents",
                cps_rows,
            ),
        ),
        sheet_name="RIDDOR and police",
    )

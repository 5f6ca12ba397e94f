"""The board's performance summary in the "Making Data Count" style: each measure's latest
value, mean, limits and icons (drawn, with their words and a key), the backlog, and the
incidents and on-time charts.

Kept apart from the committee's incident section
(:mod:`vpr_desktop.services.packs.sections_incidents`): a board reads one table of measures
and their icons, not the breakdowns.
"""

from __future__ import annotations

from vpr_desktop.domain.spc import Rule
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.follow_up_backlog import backlog_table
from vpr_desktop.services.packs.follow_up_backlog import riddor_backlog_line
from vpr_desktop.services.packs.follow_up_backlog import support_backlog_line
from vpr_desktop.services.packs.incident_spc import NO_RATE_NOTE
from vpr_desktop.services.packs.incident_spc import RATE_NOTE
from vpr_desktop.services.packs.incident_spc import spc_series
from vpr_desktop.services.packs.incident_spc import spc_series_figure
from vpr_desktop.services.packs.mdc import assurance_icon
from vpr_desktop.services.packs.mdc import key_table
from vpr_desktop.services.packs.mdc import summary_table
from vpr_desktop.services.packs.mdc import variation_icon
from vpr_desktop.services.packs.model import Bullets
from vpr_desktop.services.packs.model import CellValue
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.months import period_of
from vpr_desktop.services.packs.months import stats
from vpr_desktop.services.packs.more_spc import more_rows
from vpr_desktop.services.packs.on_time import on_time_figure
from vpr_desktop.services.packs.on_time import on_time_row
from vpr_desktop.services.packs.on_time_months import on_time_series
from vpr_desktop.services.packs.on_time_months import period_riddor
from vpr_desktop.services.packs.on_time_months import period_support
from vpr_desktop.services.packs.wording import plural
from vpr_desktop.services.packs.wording import sentence


def board_spc_section(ctx: PackContext) -> Section:
    """The board's performance summary in the "Making Data Count" style: icons drawn, with
    their words and a key."""
    st, period = stats(ctx), period_of(ctx)
    series = spc_series(ctx)
    months, chart = series.months, series.chart
    fig = spc_series_figure(series, "incidents_spc", "Incidents per month (XmR chart)")
    support, riddor = period_support(ctx), period_riddor(ctx)
    feedback = st.feedback_given(period)
    ctx.summary.insert(0, f"Incidents: {chart.variation.label.lower()}.")
    if chart.variation.name.startswith("CONCERN"):
        ctx.decisions.append(
            "Ask the committee for the reasons behind the change in incidents "
            "and the actions it has agreed."
        )
    backlog = ctx.backlog()
    if backlog.riddor_overdue:
        ctx.decisions.append(
            f"Note the {plural(backlog.riddor_overdue, 'RIDDOR report')} past the "
            f"legal deadline and not yet submitted at {backlog.as_at:%d %b %Y}, whenever "
            f"the incident occurred ({riddor.overdue:,} of them for incidents in the period)."
        )
    ctx.summary += [riddor_backlog_line(ctx, riddor), support_backlog_line(ctx, support)]
    last = int(chart.values[-1]) if chart.values else None
    latest = chart.labels[-1] if chart.labels else "No data"

    def one(x: float | None) -> float | None:
        return None if x is None else round(x, 1)

    rows: list[tuple[CellValue, ...]] = [
        (
            "Incidents reported per month (lower is better)",
            latest,
            last,
            one(chart.mean),
            one(chart.lcl_floor_zero),
            one(chart.ucl),
            variation_icon(chart),
            assurance_icon(chart),
        ),
    ]
    if series.latest_rate is not None:
        rows.append(
            (
                "Incidents per 1,000 staff in post, latest month",
                latest,
                series.latest_rate,
                None,
                None,
                None,
                "Rate beside the count; not charted",
                "",
            )
        )
    support_series, riddor_series = on_time_series(ctx, "support"), on_time_series(ctx, "riddor")
    rows += [on_time_row(support_series), on_time_row(riddor_series)]
    rows += more_rows(ctx)
    rows += [
        _period_row(
            "Post-incident support steps done on time, % of steps due",
            one(support.percent),
            "Period figure; charted by month below",
        ),
        _period_row("Feedback given to the reporter, % of incidents", one(feedback.percent)),
        _period_row(
            "RIDDOR reports made on time, % of reportable incidents",
            one(riddor.percent),
            "Period figure; charted by month below",
        ),
    ]
    summary = summary_table(rows, RATE_NOTE if series.staff is not None else NO_RATE_NOTE)
    rules = sorted({s.rule for s in chart.signals}, key=list(Rule).index)
    return Section(
        "performance",
        "Performance: incidents",
        (
            summary,
            key_table(),
            backlog_table(ctx, riddor, support),
            fig,
            Bullets(
                tuple(f"Signal in the last {len(months)} months: {r.label}." for r in rules)
                or (
                    (
                        "No special-cause signal in the last "
                        f"{len(months)} months: the variation is common cause.",
                    )
                    if chart.limits_shown
                    else (sentence(chart.too_few("months")),)
                )
            ),
            on_time_figure(support_series, "support_on_time_spc"),
            on_time_figure(riddor_series, "riddor_on_time_spc"),
        ),
        sheet_name="Performance",
    )


def _period_row(
    measure: str, value: float | None, note: str = "Period figure, not charted"
) -> tuple[CellValue, ...]:
    """A measure with only a period figure: no mean, limits or icons, and a note in the
    variation column saying why."""
    return (measure, "Period", value, None, None, None, note, "")

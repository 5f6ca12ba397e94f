"""Incident sections: the SPC chart of monthly incidents, the breakdowns a committee reads
(type, harm, clinically related or deliberate, near misses, location, staff group) and the
board's "Making Data Count" performance summary.

Every figure comes from :class:`~vpr_desktop.services.incidents.stats.IncidentStats` (SQL
``GROUP BY`` on the stored month), read through the pack's reader (a board pack's reader holds
only the board-pack permission). Incident counts by type, location and staff group are counts
of *incidents*, not of people, and are shown exactly; counts of *staff* by protected
characteristic are disclosure-controlled (``sections_equality.equality_section``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vpr_desktop.domain.spc import Rule, XmR, xmr
from vpr_desktop.services.incidents.figures import Period, Split
from vpr_desktop.services.incidents.follow_up_figures import RiddorOnTime, SupportOnTime
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.mdc import assurance_icon, key_table, variation_icon
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
    period_label,
)
from vpr_desktop.services.packs.months import (
    month_label,
    month_start,
    period_of,
    spc_months,
    stats,
    words,
)
from vpr_desktop.services.packs.more_spc import more_rows
from vpr_desktop.services.packs.on_time import (
    limit_cells,
    on_time_figure,
    on_time_row,
)
from vpr_desktop.services.packs.on_time_months import (
    on_time_series,
    period_riddor,
    period_support,
)
from vpr_desktop.services.packs.rates import headcounts, per_thousand
from vpr_desktop.services.packs.rebase import author_xmr, limits_note, rebase_notes
from vpr_desktop.services.packs.wording import plural

TOP_LOCATIONS = 15


@dataclass(frozen=True)
class SpcSeries:
    """The incidents chart with its months and, where staff records can be read, the staff
    in post at each month's end (the denominator of the rate per 1,000 staff)."""

    months: list[str]
    chart: XmR
    staff: dict[str, int] | None
    notes: tuple[str, ...] = ()  # the rebase, when the author chose one

    def rate(self, i: int) -> float | None:
        """Month ``i``'s incidents per 1,000 staff in post."""
        if self.staff is None:
            return None
        return per_thousand(self.chart.values[i], self.staff.get(self.months[i]))

    @property
    def latest_rate(self) -> float | None:
        """The latest month's rate per 1,000 staff (None without data or staff records)."""
        return self.rate(len(self.months) - 1) if self.months else None


def spc_chart(ctx: PackContext) -> tuple[list[str], XmR]:
    series = spc_series(ctx)
    return series.months, series.chart


def spc_series(ctx: PackContext) -> SpcSeries:
    months = spc_months(ctx)
    if not months:
        return SpcSeries([], xmr([], []), None)
    counts = stats(ctx).monthly_counts(Period.months(months[0], months[-1]))
    chart = author_xmr(ctx, list(counts.total), months)
    return SpcSeries(months, chart, headcounts(ctx.db, months), rebase_notes(ctx, chart))


RATE_NOTE = (
    "Per 1,000 staff: the month's incidents for every 1,000 people in post at the month's "
    "end (headcount from the staff records: people with an assignment in post)."
)
NO_RATE_NOTE = (
    "Rates per 1,000 staff are not shown: this login may not read the staff records "
    "they are worked out from."
)


def spc_figure(months: list[str], chart: XmR, fig_id: str, title: str) -> Figure:
    return spc_series_figure(SpcSeries(months, chart, None), fig_id, title, rates=False)


def spc_series_figure(series: SpcSeries, fig_id: str, title: str, rates: bool = True) -> Figure:
    months, chart = series.months, series.chart
    with_rates = rates and series.staff is not None
    rows: list[tuple[CellValue, ...]] = []
    for i, ym in enumerate(months):
        rules = "; ".join(s.rule.label for s in chart.signals_at(i))
        staff: tuple[CellValue, ...] = (
            ((series.staff or {}).get(ym), series.rate(i)) if with_rates else ()
        )
        rows.append((month_start(ym), int(chart.values[i]), *staff, *limit_cells(chart, i), rules))
    rate_columns = (
        (Column("Staff in post", "int", 0.9), Column("Per 1,000 staff", "float", 0.9))
        if with_rates
        else ()
    )
    notes: tuple[str, ...] = (
        "All incidents reported, near misses included, by month of occurrence (London "
        "time), from the month recording began (Settings) or else the first month with "
        "any incident.",
        limits_note(series.chart),
    )
    if rates:
        notes += (RATE_NOTE if with_rates else NO_RATE_NOTE,)
    notes += series.notes
    data = Table(
        f"{fig_id}_data",
        "Incidents by month",
        (
            Column("Month", "month", 1.0),
            Column("Incidents", "int", 0.9),
            *rate_columns,
            Column("Mean", "float", 0.8),
            Column("Upper limit", "float", 0.9),
            Column("Lower limit", "float", 0.9),
            Column("Special cause", "text", 3.0),
        ),
        tuple(rows),
        footnotes=notes,
    )
    spec = ChartSpec(
        kind="spc",
        title=title,
        categories=tuple(month_label(m) for m in months),
        spc=chart,
        y_label="Incidents per month",
        unit="incidents",
    )
    span = f" from {month_label(months[0])} to {month_label(months[-1])}" if months else ""
    return Figure(
        fig_id,
        spec,
        chart.finding("incidents"),
        data,
        alt_text=(
            f"Statistical process control chart of incidents per month{span}, with the "
            f"mean and process limits. Variation icon: {chart.variation.label}. "
            f"Assurance icon: {chart.assurance.label}."
        ),
    )


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
    return (
        f"{plural(b.riddor_overdue, 'RIDDOR report')} past the legal deadline and not "
        f"submitted at {b.as_at:%d %b %Y}, whenever the incident occurred "
        f"({riddor.overdue:,} of them for incidents in the period)."
    )


def support_backlog_line(ctx: PackContext, support: SupportOnTime) -> str:
    """The support-step backlog in words, beside the period's share of it."""
    b = ctx.backlog()
    return (
        f"{plural(b.support_overdue, 'post-incident support step')} overdue at "
        f"{b.as_at:%d %b %Y}, whenever the incident occurred "
        f"({support_overdue(support):,} of them for incidents in the period)."
    )


def split_table(
    table_id: str, title: str, what: str, split: Split, footnotes: tuple[str, ...] = ()
) -> Table:
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
    ranked = sorted(
        ((s.label, s.total) for s in series if s.total),  # type: ignore[attr-defined]
        key=lambda kv: (-kv[1], kv[0]),
    )
    return ranked[:limit], sum(n for _, n in ranked[limit:])


def incidents_section(ctx: PackContext) -> Section:
    st, period = stats(ctx), period_of(ctx)
    series = spc_series(ctx)
    months, chart = series.months, series.chart
    fig = spc_series_figure(series, "incidents_spc", "Incidents per month (XmR chart)")
    types = st.type_split(period)
    harm, intent = st.splits(period, "harm", "intent")  # one pass over the period for both
    near = st.near_miss_ratio(period)
    locations, other = top_series(st.monthly_counts(period, by="location").series, TOP_LOCATIONS)
    groups, _ = top_series(st.monthly_counts(period, by="staff_group").series, 100)
    ctx.summary.append(
        f"Incidents: {near.incidents:,} in the period ({near.near_misses:,} near "
        f"misses). {chart.variation.label}."
    )
    serious = sum(n for k, n in harm.counts if k in ("severe", "death"))
    loc_names = [name for name, _ in locations] + (["All other locations"] if other else [])
    # The rows add up to the period's total, printed above: secondary suppression applies.
    loc_counts = ctx.breakdown(
        [n for _, n in locations] + ([other] if other else []), total_shown=True
    )
    # An incident counts once per staff group it affected: no total to work a cell out from.
    group_counts = ctx.breakdown([n for _, n in groups], total_shown=False)
    return Section(
        "incidents",
        "Incidents",
        (
            Paragraph(
                "How many incidents were reported each month over the last "
                f"{len(months)} months, as a statistical process control (XmR) chart: "
                "points outside the limits, or runs and trends, are signals; the rest is "
                "the month-to-month noise the process produces on its own. The icons in the "
                "chart's corner are explained in the key below it."
            ),
            fig,
            key_table(),
            fig.data,
            Bullets(
                (
                    f"{near.incidents:,} incidents in the period, {near.near_misses:,} of them "
                    "near misses"
                    + (f" ({near.percent:.0f}%)." if near.percent is not None else "."),
                    *rate_line(series),
                    f"{plural(serious, 'incident')} caused severe harm or death.",
                    f"Clinically related {intent.percent('clinically_related') or 0:.0f}%, "
                    f"deliberate {intent.percent('deliberate') or 0:.0f}%, not known "
                    f"{intent.percent('unknown') or 0:.0f}%.",
                )
            ),
            type_figure(types),
            split_table("incident_harm", "Harm", "Harm", harm),
            split_table(
                "incident_intent",
                "Clinically related or deliberate",
                "Intent",
                intent,
                (
                    "Clinically related: the behaviour arose from the person's clinical "
                    "condition; deliberate: it did not.",
                ),
            ),
            Table(
                "incident_locations",
                f"Locations with the most incidents (top {TOP_LOCATIONS})",
                (Column("Location", "text", 3.0), Column("Incidents", "int", 1.0)),
                tuple(zip(loc_names, loc_counts, strict=True)),
                footnotes=ctx.disclosure_footnote(),
            ),
            Table(
                "incident_staff_groups",
                "Incidents by staff group affected",
                (Column("Staff group", "text", 3.0), Column("Incidents", "int", 1.0)),
                tuple(zip([name for name, _ in groups], group_counts, strict=True)),
                footnotes=(
                    "An incident counts once for each staff group it affected.",
                    *ctx.disclosure_footnote(),
                ),
            ),
        ),
        sheet_name="Incidents",
    )


def sentence(text: str) -> str:
    """``text`` with a capital first letter (a clause used on its own)."""
    return text[:1].upper() + text[1:]


def rate_line(series: SpcSeries) -> tuple[str, ...]:
    """The latest month's incidents per 1,000 staff in words (none without staff records)."""
    rate = series.latest_rate
    if rate is None or series.staff is None:
        return ()
    latest = series.months[-1]
    return (
        f"{month_label(latest)}: {rate:,.2f} incidents per 1,000 staff "
        f"({int(series.chart.values[-1]):,} incidents, {series.staff[latest]:,} staff in post).",
    )


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

    def pct(x: float | None) -> float | None:
        return None if x is None else round(x, 1)

    period_only = "Period figure, not charted"
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
        (
            "Post-incident support steps done on time, % of steps due",
            "Period",
            pct(support.percent),
            None,
            None,
            None,
            "Period figure; charted by month below",
            "",
        ),
        (
            "Feedback given to the reporter, % of incidents",
            "Period",
            pct(feedback.percent),
            None,
            None,
            None,
            period_only,
            "",
        ),
        (
            "RIDDOR reports made on time, % of reportable incidents",
            "Period",
            pct(riddor.percent),
            None,
            None,
            None,
            "Period figure; charted by month below",
            "",
        ),
    ]
    summary = Table(
        "mdc_summary",
        "Performance summary (Making Data Count)",
        (
            Column("Measure", "text", 2.3),
            Column("Latest", "text", 0.9),
            Column("Value", "float", 0.7),
            Column("Mean", "float", 0.6),
            Column("Lower limit", "float", 0.7),
            Column("Upper limit", "float", 0.7),
            Column("Variation", "text", 2.0),
            Column("Assurance", "text", 1.4),
        ),
        tuple(rows),
        footnotes=(
            "Variation: what the latest month shows (common cause, or a special cause "
            "of concern or of improvement). Assurance: whether the process limits lie "
            "on the right side of a target; incidents have no target. The key below "
            "explains each icon.",
            "Days lost and training compliance are charted in the cost and training "
            "sections; each course's compliance against its target is in the training section.",
            RATE_NOTE if series.staff is not None else NO_RATE_NOTE,
        ),
    )
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

"""The committee's incident section: the SPC chart of monthly incidents and the breakdowns a
committee reads (type, harm, clinically related or deliberate, near misses, location, staff
group). The chart is :mod:`.incident_spc`, the breakdown tables :mod:`.incident_breakdowns`,
and the board's "Making Data Count" performance summary :mod:`.performance_summary`.

Every figure comes from :class:`~vpr_desktop.services.incidents.stats.IncidentStats` (SQL
``GROUP BY`` on the stored month), read through the pack's reader (a board pack's reader holds
only the board-pack permission). Incident counts by type, location and staff group are counts
of *incidents*, not of people, and are shown exactly; counts of *staff* by protected
characteristic are disclosure-controlled (``sections_equality.equality_section``).
"""

from __future__ import annotations

from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.count_table import TOP_LOCATIONS
from vpr_desktop.services.packs.count_table import count_table
from vpr_desktop.services.packs.count_table import location_rows
from vpr_desktop.services.packs.incident_breakdowns import split_table
from vpr_desktop.services.packs.incident_breakdowns import top_series
from vpr_desktop.services.packs.incident_breakdowns import type_figure
from vpr_desktop.services.packs.incident_spc import rate_line
from vpr_desktop.services.packs.incident_spc import spc_series
from vpr_desktop.services.packs.incident_spc import spc_series_figure
from vpr_desktop.services.packs.mdc import key_table
from vpr_desktop.services.packs.model import Bullets
from vpr_desktop.services.packs.model import Paragraph
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.months import period_of
from vpr_desktop.services.packs.months import stats
from vpr_desktop.services.packs.wording import plural


def incidents_section(ctx: PackContext) -> Section:
    """The committee's incidents: the chart, then each breakdown with its share, so a change
    in the count can be traced to where and what kind of incident it was."""
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
            count_table(
                "incident_locations",
                f"Locations with the most incidents (top {TOP_LOCATIONS})",
                "Location",
                "Incidents",
                # The rows add up to the period's total, printed above.
                location_rows(ctx, locations, other),
                footnotes=ctx.disclosure_footnote(),
            ),
            count_table(
                "incident_staff_groups",
                "Incidents by staff group affected",
                "Staff group",
                "Incidents",
                tuple(zip([name for name, _ in groups], group_counts, strict=True)),
                footnotes=(
                    "An incident counts once for each staff group it affected.",
                    *ctx.disclosure_footnote(),
                ),
            ),
        ),
        sheet_name="Incidents",
    )

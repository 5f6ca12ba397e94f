"""The incidents chart: monthly incidents as an XmR chart with, where staff records can be
read, the staff in post at each month's end and the rate per 1,000 staff beside each count.

Kept apart from the sections (:mod:`vpr_desktop.services.packs.sections_incidents`, the
board's :mod:`vpr_desktop.services.packs.performance_summary`) because both sections, and the
system view's pack, draw this one chart the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from vpr_desktop.domain.spc import XmR
from vpr_desktop.domain.spc import xmr
from vpr_desktop.services.incidents.figures import Period
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import CellValue
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Figure
from vpr_desktop.services.packs.months import month_label
from vpr_desktop.services.packs.months import spc_months
from vpr_desktop.services.packs.months import stats
from vpr_desktop.services.packs.rates import headcounts
from vpr_desktop.services.packs.rates import per_thousand
from vpr_desktop.services.packs.rebase import author_xmr
from vpr_desktop.services.packs.rebase import limits_note
from vpr_desktop.services.packs.rebase import rebase_notes
from vpr_desktop.services.packs.spc_table import month_span
from vpr_desktop.services.packs.spc_table import spc_alt_text
from vpr_desktop.services.packs.spc_table import spc_chart
from vpr_desktop.services.packs.spc_table import spc_data_table


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


def spc_series(ctx: PackContext) -> SpcSeries:
    """Incidents per month over the chart's months, with the staff in post where readable."""
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
    """An incidents chart from counts alone (no staff records, so no rates): the system pack."""
    return spc_series_figure(SpcSeries(months, chart, None), fig_id, title, rates=False)


def spc_series_figure(series: SpcSeries, fig_id: str, title: str, rates: bool = True) -> Figure:
    """The chart with its month-by-month table (and rates per 1,000 staff when ``rates`` and
    the staff records could be read), so every value the picture shows is also in words."""
    months, chart = series.months, series.chart
    with_rates = rates and series.staff is not None

    def cells(i: int) -> tuple[CellValue, ...]:
        staff = ((series.staff or {}).get(months[i]), series.rate(i)) if with_rates else ()
        return (int(chart.values[i]), *staff)

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
    data = spc_data_table(
        f"{fig_id}_data",
        "Incidents by month",
        chart,
        months,
        (Column("Incidents", "int", 0.9), *rate_columns),
        cells,
        footnotes=notes,
        widths=(0.8, 0.9, 3.0),
    )
    return Figure(
        fig_id,
        spc_chart(title, months, chart, "Incidents per month", "incidents"),
        chart.finding("incidents"),
        data,
        alt_text=spc_alt_text(f"incidents per month{month_span(months)}", chart),
    )


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

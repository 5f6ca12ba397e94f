"""Post-incident support steps and RIDDOR reports done on time, by month, as Making Data
Count charts and summary rows (the board's performance summary, the committee's sections)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vpr_desktop.domain.spc import Direction, XmR
from vpr_desktop.services.incidents.figures import Period, RiddorOnTime, SupportOnTime
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.mdc import assurance_icon, variation_icon
from vpr_desktop.services.packs.model import CellValue, ChartSpec, Column, Figure, Table
from vpr_desktop.services.packs.months import (
    month_label,
    month_start,
    period_of,
    spc_months,
    stats,
)
from vpr_desktop.services.packs.rebase import author_xmr, limits_note, rebase_notes

# ------------------------------------------------------------------ on-time measures by month


@dataclass(frozen=True)
class OnTimeSeries:
    """A monthly percentage done on time (higher is better) as an XmR chart, with each
    month's counts. Months with nothing due are left out (a percentage of nothing is not 0%
    or 100%), and the series starts at the first month with incidents, like the count."""

    what: str  # "RIDDOR reports made on time"
    unit: str  # "reportable incidents"
    months: list[str]
    on_time: list[int]
    counted: list[int]
    chart: XmR
    notes: tuple[str, ...] = ()  # the rebase, when the author chose one

    @property
    def phrase(self) -> str:
        """``what`` inside a sentence (an acronym keeps its capitals)."""
        head = self.what.split()[0]
        return self.what if head.isupper() else self.what[:1].lower() + self.what[1:]


def _by_month(ctx: PackContext, measure: str) -> dict[str, Any]:
    """``measure``'s figures for each month of the chart and of the pack's period, read in one
    scan of the incidents, with the period's total under ``""`` when the period is whole
    months (the period figure and the chart then share that scan: at a million incidents each
    scan of the support steps cost 0.3-0.7 s). Worked out once per pack."""
    key = f"on_time_by_month:{measure}"
    if key not in ctx.cache:
        period = period_of(ctx)
        in_period = period.month_list() if period.whole_months else ()
        months = sorted({*spc_months(ctx), *in_period})
        got: dict[str, Any] = {}
        if months:
            st, whole = stats(ctx), Period.months(months[0], months[-1])
            # Every month in one pass, not one query per month.
            if measure == "riddor":
                got = dict(st.riddor_on_time_by_month(whole, total_of=in_period))
            else:
                got = dict(st.support_on_time_by_month(whole, total_of=in_period))
        ctx.cache[key] = got
    by_month: dict[str, Any] = ctx.cache[key]
    return by_month


def period_support(ctx: PackContext) -> SupportOnTime:
    """Support steps of the period's incidents done on time (from the monthly pass when it
    holds the period's total)."""
    got = _by_month(ctx, "support").get("")
    return got if isinstance(got, SupportOnTime) else stats(ctx).support_on_time(period_of(ctx))


def period_riddor(ctx: PackContext) -> RiddorOnTime:
    """RIDDOR reports of the period's incidents made on time (as :func:`period_support`)."""
    got = _by_month(ctx, "riddor").get("")
    return got if isinstance(got, RiddorOnTime) else stats(ctx).riddor_on_time(period_of(ctx))


def on_time_series(ctx: PackContext, measure: str) -> OnTimeSeries:
    """``measure``: ``riddor`` (reports made by the legal deadline, of reportable incidents
    whose deadline has passed or that were submitted) or ``support`` (post-incident support
    steps done by their due time, of the steps due), by month of the incident."""
    charted = spc_months(ctx)
    riddor = _by_month(ctx, "riddor") if measure == "riddor" else {}
    support = _by_month(ctx, "support") if measure != "riddor" else {}
    months, on_time, counted = [], [], []
    for ym in charted:
        if measure == "riddor":
            r = riddor[ym]
            n, ok = r.on_time + r.late + r.overdue, r.on_time
        else:
            s = support[ym]
            n, ok = sum(x.counted for x in s.by_step), s.on_time
        if n:
            months.append(ym)
            on_time.append(ok)
            counted.append(n)
    values = [round(100.0 * ok / n, 1) for ok, n in zip(on_time, counted, strict=True)]
    chart = author_xmr(ctx, values, months, direction=Direction.HIGHER_IS_BETTER)
    notes = rebase_notes(ctx, chart)
    if measure == "riddor":
        return OnTimeSeries(
            "RIDDOR reports made on time",
            "reportable incidents",
            months,
            on_time,
            counted,
            chart,
            notes,
        )
    return OnTimeSeries(
        "Post-incident support steps done on time",
        "steps due",
        months,
        on_time,
        counted,
        chart,
        notes,
    )


def on_time_figure(series: OnTimeSeries, fig_id: str) -> Figure:
    chart = series.chart

    def num(x: float | None) -> float | None:
        return None if x is None else round(x, 1)

    rows = tuple(
        (
            month_start(ym),
            series.on_time[i],
            series.counted[i],
            chart.values[i],
            *limit_cells(chart, i, 100.0),
            "; ".join(s.rule.label for s in chart.signals_at(i)),
        )
        for i, ym in enumerate(series.months)
    )
    data = Table(
        f"{fig_id}_data",
        f"{series.what}, by month",
        (
            Column("Month", "month", 1.0),
            Column("On time", "int", 0.8),
            Column(series.unit.capitalize(), "int", 1.0),
            Column("% on time", "float", 0.8),
            Column("Mean", "float", 0.7),
            Column("Upper limit", "float", 0.8),
            Column("Lower limit", "float", 0.8),
            Column("Special cause", "text", 2.6),
        ),
        rows,
        footnotes=(
            f"By month of the incident; months with no {series.unit} are left out. Higher "
            "is better.",
            limits_note(series.chart, "limits shown between 0 and 100%"),
            *series.notes,
        ),
    )
    spec = ChartSpec(
        kind="spc",
        title=f"{series.what}, % by month (XmR chart)",
        categories=tuple(month_label(m) for m in series.months),
        spc=chart,
        y_label="% on time",
        unit="%",
    )
    return Figure(
        fig_id,
        spec,
        percent_finding(series),
        data,
        alt_text=(
            f"Statistical process control chart of the percentage of {series.phrase} "
            f"each month, with the mean and process limits. Variation icon: "
            f"{chart.variation.label}. Assurance icon: {chart.assurance.label}."
        ),
    )


def limit_cells(
    chart: XmR, index: int, ceiling: float | None = None
) -> tuple[float | None, float | None, float | None]:
    """(mean, upper, lower) for point ``index`` as a data table prints them: one decimal, the
    lower limit at least 0 and the upper at most ``ceiling`` (its part's, on a rebased chart)."""
    mean, ucl, lcl = chart.limits_at(index)

    def one(x: float | None) -> float | None:
        return None if x is None else round(x, 1)

    top = ucl if ucl is None or ceiling is None else min(ucl, ceiling)
    return one(mean), one(top), one(None if lcl is None else max(lcl, 0.0))


def percent_finding(series: OnTimeSeries) -> str:
    """The on-time chart's finding in one sentence (the count chart's wording, in %)."""
    chart = series.chart
    if not chart.values:
        return f"{series.what}: nothing was due in the months charted."
    latest = f"{series.what}: {chart.values[-1]:.1f}% in {chart.labels[-1]}"
    if not chart.limits_shown or chart.mean is None or chart.ucl is None:
        return f"{latest}; {chart.too_few(f'months with {series.unit}')}"
    low, high = max(chart.lcl or 0.0, 0.0), min(chart.ucl, 100.0)
    return (
        f"{latest}; average {chart.mean:.1f}%, expected between {low:.1f}% and {high:.1f}%. "
        f"{chart.variation.label}."
    )


def on_time_row(series: OnTimeSeries) -> tuple[CellValue, ...]:
    """The performance summary's row for a charted on-time measure, with its icons."""
    chart = series.chart

    def one(x: float | None) -> float | None:
        return None if x is None else round(x, 1)

    return (
        f"{series.what}, % by month (higher is better)",
        chart.labels[-1] if chart.labels else "No data",
        chart.values[-1] if chart.values else None,
        one(chart.mean),
        one(chart.lcl_floor_zero),
        one(None if chart.ucl is None else min(chart.ucl, 100.0)),
        variation_icon(chart),
        assurance_icon(chart),
    )

"""Post-incident support steps and RIDDOR reports done on time, by month, as Making Data
Count charts and summary rows (the board's performance summary, the committee's sections).
The series they are drawn from are read in :mod:`vpr_desktop.services.packs.on_time_months`."""

from __future__ import annotations

from vpr_desktop.domain.spc import XmR
from vpr_desktop.services.packs.mdc import assurance_icon, variation_icon
from vpr_desktop.services.packs.model import CellValue, ChartSpec, Column, Figure, Table
from vpr_desktop.services.packs.months import (
    month_label,
    month_start,
)
from vpr_desktop.services.packs.on_time_months import OnTimeSeries
from vpr_desktop.services.packs.rebase import limits_note


def on_time_figure(series: OnTimeSeries, fig_id: str) -> Figure:
    """The on-time chart with its month-by-month table, so a reader without the picture (or
    with a screen reader) has every value the chart shows."""
    chart = series.chart
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

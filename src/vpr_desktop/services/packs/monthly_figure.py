"""A monthly series as a Making Data Count figure: the XmR chart, its month-by-month table
(values, mean, limits, special causes) and the finding in one sentence.

Kept apart from :mod:`vpr_desktop.services.packs.more_spc` (which says what each measure is)
because days lost and training compliance are drawn and judged by this one function, like the
incident chart (``domain.spc``, the Making Data Count icons, the author's rebase).
"""

from __future__ import annotations

from vpr_desktop.domain.spc import XmR
from vpr_desktop.services.packs.model import ChartSpec, Column, Figure, Table
from vpr_desktop.services.packs.monthly_series import MonthlySeries
from vpr_desktop.services.packs.months import month_label, month_start
from vpr_desktop.services.packs.on_time import limit_cells
from vpr_desktop.services.packs.rebase import limits_note


def monthly_figure(
    series: MonthlySeries,
    fig_id: str,
    title: str,
    value: Column,
    extra: tuple[Column, ...],
    notes: tuple[str, ...],
    what: str,
    unit: str,
) -> Figure:
    """The chart and its data table (month, ``extra`` columns, value, mean, limits, rules)."""
    chart = series.chart
    ceiling = 100.0 if unit == "%" else None
    rows = tuple(
        (
            month_start(ym),
            *series.extra[i],
            chart.values[i] if value.type != "int" else int(chart.values[i]),
            *limit_cells(chart, i, ceiling),
            "; ".join(s.rule.label for s in chart.signals_at(i)),
        )
        for i, ym in enumerate(series.months)
    )
    data = Table(
        f"{fig_id}_data",
        f"{title}, by month",
        (
            Column("Month", "month", 1.0),
            *extra,
            value,
            Column("Mean", "float", 0.7),
            Column("Upper limit", "float", 0.8),
            Column("Lower limit", "float", 0.8),
            Column("Special cause", "text", 2.6),
        ),
        rows,
        footnotes=(*notes, limits_note(series.chart), *series.notes),
        empty_text=f"No {what} to chart yet: the series starts with the first month of data.",
    )
    spec = ChartSpec(
        kind="spc",
        title=f"{title} (XmR chart)",
        categories=tuple(month_label(m) for m in series.months),
        spc=chart,
        y_label=value.title,
        unit=unit,
    )
    span = (
        f" from {month_label(series.months[0])} to {month_label(series.months[-1])}"
        if series.months
        else ""
    )
    finding = chart.finding(what, "a month") if unit != "%" else _percent_finding(chart, what)
    return Figure(
        fig_id,
        spec,
        finding,
        data,
        alt_text=(
            f"Statistical process control chart of {what} each month{span}, with the mean "
            f"and process limits. Variation icon: {chart.variation.label}. Assurance icon: "
            f"{chart.assurance.label}."
        ),
    )


def _percent_finding(chart: XmR, what: str) -> str:
    if not chart.values:
        return f"No {what} to chart yet."
    latest = f"{what[:1].upper()}{what[1:]}: {chart.values[-1]:.1f}% in {chart.labels[-1]}"
    if not chart.limits_shown or chart.mean is None or chart.ucl is None:
        return f"{latest}; {chart.too_few('months')}"
    low, high = max(chart.lcl or 0.0, 0.0), min(chart.ucl, 100.0)
    text = (
        f"{latest}; average {chart.mean:.1f}%, expected between {low:.1f}% and {high:.1f}%. "
        f"{chart.variation.label}."
    )
    if chart.target is not None:
        text += f" Target {chart.target:g}%: {chart.assurance.label}."
    return text

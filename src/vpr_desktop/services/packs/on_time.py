"""Post-incident support steps and RIDDOR reports done on time, by month, as Making Data
Count charts and summary rows (the board's performance summary, the committee's sections).
The series they are drawn from are read in :mod:`vpr_desktop.services.packs.on_time_months`."""

from __future__ import annotations

from vpr_desktop.services.packs.mdc import assurance_icon
from vpr_desktop.services.packs.mdc import variation_icon
from vpr_desktop.services.packs.model import CellValue
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Figure
from vpr_desktop.services.packs.on_time_months import OnTimeSeries
from vpr_desktop.services.packs.rebase import limits_note
from vpr_desktop.services.packs.spc_table import percent_finding
from vpr_desktop.services.packs.spc_table import spc_alt_text
from vpr_desktop.services.packs.spc_table import spc_chart
from vpr_desktop.services.packs.spc_table import spc_data_table


def on_time_figure(series: OnTimeSeries, fig_id: str) -> Figure:
    """The on-time chart with its month-by-month table, so a reader without the picture (or
    with a screen reader) has every value the chart shows."""
    chart = series.chart
    data = spc_data_table(
        f"{fig_id}_data",
        f"{series.what}, by month",
        chart,
        series.months,
        (
            Column("On time", "int", 0.8),
            Column(series.unit.capitalize(), "int", 1.0),
            Column("% on time", "float", 0.8),
        ),
        lambda i: (series.on_time[i], series.counted[i], chart.values[i]),
        ceiling=100.0,
        footnotes=(
            f"By month of the incident; months with no {series.unit} are left out. Higher "
            "is better.",
            limits_note(series.chart, "limits shown between 0 and 100%"),
            *series.notes,
        ),
    )
    return Figure(
        fig_id,
        spc_chart(f"{series.what}, % by month (XmR chart)", series.months, chart, "% on time", "%"),
        percent_finding(
            chart,
            series.what,
            f"{series.what}: nothing was due in the months charted.",
            f"months with {series.unit}",
        ),
        data,
        alt_text=spc_alt_text(f"the percentage of {series.phrase} each month", chart),
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

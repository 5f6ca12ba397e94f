"""A monthly series as a Making Data Count figure: the XmR chart, its month-by-month table
(values, mean, limits, special causes) and the finding in one sentence.

Kept apart from :mod:`vpr_desktop.services.packs.more_spc` (which says what each measure is)
because days lost and training compliance are drawn and judged by this one function, like the
incident chart (``domain.spc``, the Making Data Count icons, the author's rebase).
"""

from __future__ import annotations

from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Figure
from vpr_desktop.services.packs.monthly_series import MonthlySeries
from vpr_desktop.services.packs.rebase import limits_note
from vpr_desktop.services.packs.spc_table import month_span
from vpr_desktop.services.packs.spc_table import percent_finding
from vpr_desktop.services.packs.spc_table import spc_alt_text
from vpr_desktop.services.packs.spc_table import spc_chart
from vpr_desktop.services.packs.spc_table import spc_data_table


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
    data = spc_data_table(
        f"{fig_id}_data",
        f"{title}, by month",
        chart,
        series.months,
        (*extra, value),
        lambda i: (
            *series.extra[i],
            chart.values[i] if value.type != "int" else int(chart.values[i]),
        ),
        ceiling=100.0 if unit == "%" else None,
        footnotes=(*notes, limits_note(series.chart), *series.notes),
        empty_text=f"No {what} to chart yet: the series starts with the first month of data.",
    )
    finding = (
        chart.finding(what, "a month")
        if unit != "%"
        else percent_finding(
            chart,
            f"{what[:1].upper()}{what[1:]}",
            f"No {what} to chart yet.",
            "months",
            target=True,
        )
    )
    return Figure(
        fig_id,
        spc_chart(f"{title} (XmR chart)", series.months, chart, value.title, unit),
        finding,
        data,
        alt_text=spc_alt_text(f"{what} each month{month_span(series.months)}", chart),
    )

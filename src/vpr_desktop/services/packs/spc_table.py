"""The parts every Making Data Count figure in a pack shares: the month-by-month data table
under the chart (month, the measure's own columns, mean, limits, special causes), the chart
spec and the words a screen reader gets in place of the picture.

Why one piece: the incidents chart, the on-time charts (support, RIDDOR) and the other monthly
series (days lost, training) each printed that table, spec and alt text by hand. Here once, a
reader finds the limits, the special causes and the icons worded the same under every chart.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence

from vpr_desktop.domain.spc import XmR
from vpr_desktop.services.packs.model import CellValue
from vpr_desktop.services.packs.model import ChartSpec
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.months import month_label
from vpr_desktop.services.packs.months import month_start

#: The widths of the mean, each limit and the special-cause columns.
LIMIT_WIDTHS = (0.7, 0.8, 2.6)


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


def spc_data_table(
    table_id: str,
    title: str,
    chart: XmR,
    months: Sequence[str],
    columns: tuple[Column, ...],
    cells: Callable[[int], tuple[CellValue, ...]],
    *,
    footnotes: tuple[str, ...],
    ceiling: float | None = None,
    widths: tuple[float, float, float] = LIMIT_WIDTHS,
    empty_text: str = "None.",
) -> Table:
    """A chart's data: per month (``"YYYY-MM"``), the month, ``cells(i)`` under ``columns``,
    then the mean and limits (:func:`limit_cells`, up to ``ceiling``) and the special-cause
    rules met at that point; ``widths`` are the mean's, each limit's and the rules' widths."""
    mean_w, limit_w, cause_w = widths
    rows = tuple(
        (
            month_start(ym),
            *cells(i),
            *limit_cells(chart, i, ceiling),
            "; ".join(s.rule.label for s in chart.signals_at(i)),
        )
        for i, ym in enumerate(months)
    )
    return Table(
        table_id,
        title,
        (
            Column("Month", "month", 1.0),
            *columns,
            Column("Mean", "float", mean_w),
            Column("Upper limit", "float", limit_w),
            Column("Lower limit", "float", limit_w),
            Column("Special cause", "text", cause_w),
        ),
        rows,
        footnotes=footnotes,
        empty_text=empty_text,
    )


def percent_finding(
    chart: XmR, name: str, nothing: str, counted: str, *, target: bool = False
) -> str:
    """A percentage chart's finding in one sentence, as the count charts word theirs: the
    latest month (``name``: its value in which month), then the mean, the limits kept within
    0-100% and what the variation shows, or else why there are no limits yet (too few
    ``counted``); ``nothing`` when no month has a value. With ``target``, a chart with limits
    adds its target and the assurance icon's words."""
    if not chart.values:
        return nothing
    latest = f"{name}: {chart.values[-1]:.1f}% in {chart.labels[-1]}"
    if not chart.limits_shown or chart.mean is None or chart.ucl is None:
        return f"{latest}; {chart.too_few(counted)}"
    low, high = max(chart.lcl or 0.0, 0.0), min(chart.ucl, 100.0)
    text = (
        f"{latest}; average {chart.mean:.1f}%, expected between {low:.1f}% and {high:.1f}%. "
        f"{chart.variation.label}."
    )
    if target and chart.target is not None:
        text += f" Target {chart.target:g}%: {chart.assurance.label}."
    return text


def spc_chart(title: str, months: Sequence[str], chart: XmR, y_label: str, unit: str) -> ChartSpec:
    """The XmR chart spec with one category per month, labelled as the table labels them."""
    return ChartSpec(
        kind="spc",
        title=title,
        categories=tuple(month_label(m) for m in months),
        spc=chart,
        y_label=y_label,
        unit=unit,
    )


def month_span(months: Sequence[str]) -> str:
    """The months charted as a phrase (' from Jun 2026 to Nov 2026'; empty with none)."""
    return f" from {month_label(months[0])} to {month_label(months[-1])}" if months else ""


def spc_alt_text(subject: str, chart: XmR) -> str:
    """What a screen reader says in place of the chart of ``subject``, with both icons."""
    return (
        f"Statistical process control chart of {subject}, with the mean and process limits. "
        f"Variation icon: {chart.variation.label}. Assurance icon: {chart.assurance.label}."
    )

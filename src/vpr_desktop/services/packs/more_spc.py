"""Monthly SPC beyond incidents: calendar days lost and training compliance (a snapshot at each
month's end), drawn and judged like the incident chart (``domain.spc``, the Making Data Count
icons, the author's rebase).

Why these two: days lost is the cost of violence the board can watch month by month, and
training compliance is the control the standard asks for; a single "this month" figure of
either tells a board nothing about whether it is changing. Both series start where their data
starts -- days lost at the first month of incident recording (as the incident chart), training
at the first month in which anyone held a required course -- never with invented zeros.
"""

from __future__ import annotations

from dataclasses import dataclass

from vpr_desktop.domain.spc import Direction, XmR, xmr
from vpr_desktop.services.incidents.days_lost import days_lost
from vpr_desktop.services.incidents.figures import Period
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.mdc import assurance_icon, variation_icon
from vpr_desktop.services.packs.model import CellValue, ChartSpec, Column, Figure, Table
from vpr_desktop.services.packs.months import month_label, month_start, months_ending, spc_months
from vpr_desktop.services.packs.on_time import limit_cells
from vpr_desktop.services.packs.rates import month_end
from vpr_desktop.services.packs.rebase import author_xmr, limits_note, rebase_notes


@dataclass(frozen=True)
class MonthlySeries:
    """One monthly measure as an XmR chart, with the columns each month adds to its data."""

    months: list[str]
    chart: XmR
    extra: list[tuple[CellValue, ...]]  # per month, before the value (e.g. required, compliant)
    notes: tuple[str, ...]


def days_lost_series(ctx: PackContext) -> MonthlySeries:
    """Calendar days lost per month over the chart's months (lower is better); worked out
    once per pack (the performance summary and the cost section share it)."""
    if "days_lost" not in ctx.cache:
        ctx.cache["days_lost"] = _days_lost_series(ctx)
    series: MonthlySeries = ctx.cache["days_lost"]
    return series


def _days_lost_series(ctx: PackContext) -> MonthlySeries:
    months = spc_months(ctx)
    if not months:
        return MonthlySeries([], xmr([], []), [], ())
    days = days_lost(ctx.db, ctx.reader, Period.months(months[0], months[-1]), breakdowns=False)
    values = [n for _m, n in days.by_month]
    chart = author_xmr(ctx, values, months)
    return MonthlySeries(months, chart, [() for _ in months], rebase_notes(ctx, chart))


def training_series(ctx: PackContext) -> MonthlySeries:
    """Compliance (% of required course places held in date) at each month's end, from the
    first month in which anyone held a required course (higher is better; the trust's default
    training target is the target line); worked out once per pack."""
    if "training" not in ctx.cache:
        ctx.cache["training"] = _training_series(ctx)
    series: MonthlySeries = ctx.cache["training"]
    return series


def _training_series(ctx: PackContext) -> MonthlySeries:
    """See :func:`training_series`."""
    from vpr_desktop.services.training.service import TrainingService

    charted = months_ending(ctx.request.period_to, ctx.request.spc_months)
    by_day = TrainingService(ctx.db, ctx.reader).compliance_at_month_ends(
        [month_end(ym) for ym in charted]
    )  # one set-based query for every month, not one per month
    months: list[str] = []
    counts: list[tuple[int, int]] = []
    for ym in charted:
        rows = by_day[month_end(ym)].values()
        required = sum(n for n, _ok in rows)
        compliant = sum(ok for _n, ok in rows)
        if required and (compliant or months):  # the series starts with the first holder
            months.append(ym)
            counts.append((required, compliant))
    values = [round(100.0 * ok / n, 1) for n, ok in counts]
    target = ctx.settings.training_target_percent if ctx.settings is not None else None
    chart = author_xmr(ctx, values, months, direction=Direction.HIGHER_IS_BETTER, target=target)
    extra: list[tuple[CellValue, ...]] = list(counts)
    return MonthlySeries(months, chart, extra, rebase_notes(ctx, chart))


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


def summary_row(measure: str, chart: XmR, ceiling: float | None = None) -> tuple[CellValue, ...]:
    """The performance summary's row for a charted measure: latest value, mean, limits and
    the Making Data Count icons (as the incident and on-time rows)."""
    mean, ucl, lcl = (
        limit_cells(chart, len(chart.values) - 1, ceiling)
        if chart.values
        else (
            None,
            None,
            None,
        )
    )
    return (
        measure,
        chart.labels[-1] if chart.labels else "No data",
        chart.values[-1] if chart.values else None,
        mean,
        lcl,
        ucl,
        variation_icon(chart),
        assurance_icon(chart),
    )


def more_rows(ctx: PackContext) -> list[tuple[CellValue, ...]]:
    """The board summary's rows for days lost and training compliance."""
    return [
        summary_row("Calendar days lost per month (lower is better)", days_lost_series(ctx).chart),
        summary_row(
            "Training compliance at the month's end, % (higher is better)",
            training_series(ctx).chart,
            100.0,
        ),
    ]


def figure_blocks(fig: Figure) -> tuple[Figure, Table]:
    """A chart and, after it, its data table (as the incident chart is printed)."""
    return fig, fig.data


def days_lost_figure(ctx: PackContext) -> Figure:
    """Days lost per month as an XmR chart (lower is better)."""
    return monthly_figure(
        days_lost_series(ctx),
        "days_lost_spc",
        "Calendar days lost per month",
        Column("Days lost", "int", 0.9),
        (),
        (
            "Calendar days lost on incidents that occurred in the month, from the month "
            "recording began (Settings) or the first month with an incident. Lower is better.",
        ),
        "days lost",
        "days",
    )


def training_figure(ctx: PackContext) -> Figure:
    """Training compliance at each month's end as an XmR chart (higher is better)."""
    target = ctx.settings.training_target_percent if ctx.settings is not None else None
    return monthly_figure(
        training_series(ctx),
        "training_spc",
        "Training compliance at each month's end",
        Column("Compliance %", "float", 0.9),
        (Column("Required", "int", 0.8), Column("Compliant", "int", 0.8)),
        (
            "Course places the training-needs analysis requires (per ESR assignment in post "
            "at the month's end) and those held in date that day, from completion and expiry "
            "dates; from the first month in which anyone held a required course. Higher is "
            "better."
            + (f" Target line: the trust's default target, {target:g}%." if target else ""),
        ),
        "training compliance",
        "%",
    )

"""Monthly SPC beyond incidents: calendar days lost and training compliance (a snapshot at each
month's end), drawn and judged like the incident chart (``domain.spc``, the Making Data Count
icons, the author's rebase), and their rows in the performance summary.

Why these two: days lost is the cost of violence the board can watch month by month, and
training compliance is the control the standard asks for; a single "this month" figure of
either tells a board nothing about whether it is changing. The series are read in
:mod:`vpr_desktop.services.packs.monthly_series` and drawn by
:mod:`vpr_desktop.services.packs.monthly_figure`; this module says what each measure is.
"""

from __future__ import annotations

from vpr_desktop.domain.spc import XmR
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.mdc import assurance_icon
from vpr_desktop.services.packs.mdc import variation_icon
from vpr_desktop.services.packs.model import CellValue
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Figure
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.monthly_figure import monthly_figure
from vpr_desktop.services.packs.monthly_series import days_lost_series
from vpr_desktop.services.packs.monthly_series import training_series
from vpr_desktop.services.packs.spc_table import limit_cells


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

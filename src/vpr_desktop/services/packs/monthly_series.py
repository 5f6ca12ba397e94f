"""Days lost and training compliance by month: the series the packs chart beyond incidents.

Both series start where their data starts -- days lost at the first month of incident
recording (as the incident chart), training at the first month in which anyone held a
required course -- never with invented zeros. Each is read once per pack and kept in the
pack's cache, since the performance summary and a section chart the same series.
"""

from __future__ import annotations

from dataclasses import dataclass

from vpr_desktop.domain.spc import Direction
from vpr_desktop.domain.spc import XmR
from vpr_desktop.domain.spc import xmr
from vpr_desktop.services.incidents.days_lost import days_lost
from vpr_desktop.services.incidents.figures import Period
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import CellValue
from vpr_desktop.services.packs.months import months_ending
from vpr_desktop.services.packs.months import spc_months
from vpr_desktop.services.packs.rates import month_end
from vpr_desktop.services.packs.rebase import author_xmr
from vpr_desktop.services.packs.rebase import rebase_notes


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

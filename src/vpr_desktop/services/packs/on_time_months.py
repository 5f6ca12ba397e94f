"""Post-incident support steps and RIDDOR reports done on time, read by month: the series a
Making Data Count chart is drawn from, and the period's figures read in that one scan.

Kept apart from :mod:`vpr_desktop.services.packs.on_time` (the chart, its finding and the
summary row) because this is where the incident figures are read, once per pack; the
wording and the table are built from what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vpr_desktop.domain.spc import Direction
from vpr_desktop.domain.spc import XmR
from vpr_desktop.services.incidents.figures import Period
from vpr_desktop.services.incidents.follow_up_figures import RiddorOnTime
from vpr_desktop.services.incidents.follow_up_figures import SupportOnTime
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.months import period_of
from vpr_desktop.services.packs.months import spc_months
from vpr_desktop.services.packs.months import stats
from vpr_desktop.services.packs.rebase import author_xmr
from vpr_desktop.services.packs.rebase import rebase_notes


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

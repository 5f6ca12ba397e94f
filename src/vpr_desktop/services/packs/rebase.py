"""The author's SPC choices for a pack's charts: rebasing and outlier screening.

Rebasing: the author may choose a month from which the process limits
are recalculated (``PackRequest.rebase_from``), after a sustained shift they accept as the new
process -- a new reporting system, a new ward, a change that worked.

Why the author's choice and never the app's: recalculating limits after a shift declares the
shift permanent; that is a judgement about the service, not arithmetic. The chart marks the
month, each part keeps its own mean and limits (``domain.spc.xmr(rebase_at=...)``) and the
data table says so, so a reader sees both processes rather than one that hides the change.

Screening (``PackRequest.screen_outliers``): whether a month-to-month jump of 3.267 × the mean
moving range or more is left out of the limits (NHSRplotthedots) or kept (NHS England's Excel
tool, the default). Either is defensible; a reader must be told which, so every chart's
footnote says it (:func:`limits_note`).
"""

from __future__ import annotations

from collections.abc import Sequence

from vpr_desktop.domain.spc import Direction
from vpr_desktop.domain.spc import XmR
from vpr_desktop.domain.spc import xmr
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.months import month_label


def author_xmr(
    ctx: PackContext,
    values: Sequence[float],
    months: list[str],
    *,
    direction: Direction = Direction.LOWER_IS_BETTER,
    target: float | None = None,
) -> XmR:
    """The XmR chart of a monthly series with the author's rebase and screening applied."""
    return xmr(
        values,
        [month_label(m) for m in months],
        direction=direction,
        target=target,
        rebase_at=rebase_index(ctx, months),
        screen_outliers=ctx.request.screen_outliers,
    )


def limits_note(chart: XmR, lower: str = "the lower limit shown at 0 when below it") -> str:
    """How ``chart``'s limits were calculated, screening included, for its footnote."""
    if chart.screened:
        ranges = (
            "moving ranges of 3.267 × their mean or more left out (outlier screening, as the "
            "NHS-R plot-the-dots package)"
        )
    else:
        ranges = "every moving range kept (no outlier screening, as NHS England's Excel tool)"
    return f"Limits: mean ± 2.66 × mean moving range, {ranges}; {lower}."


def rebase_index(ctx: PackContext, months: list[str]) -> int | None:
    """Where the chosen month falls in ``months`` (a chart's months), or None when no month
    was chosen or the chart does not reach past it on both sides."""
    chosen = ctx.request.rebase_from
    if not chosen or chosen not in months:
        return None
    at = months.index(chosen)
    return at if 0 < at < len(months) else None


def rebase_notes(ctx: PackContext, chart: XmR) -> tuple[str, ...]:
    """The data table's footnote on a rebase: applied from which month, or why not."""
    chosen = ctx.request.rebase_from
    if not chosen:
        return ()
    if chart.rebase_at is None:
        return (
            f"Limits were to be recalculated from {month_label(chosen)}; this chart has no "
            "months on both sides of it, so its limits are calculated from all its months.",
        )
    return (
        f"Limits recalculated from {chart.labels[chart.rebase_at]} (the author's choice, "
        "after a sustained shift): the months before and from then each have their own mean "
        "and limits, and the special-cause rules are applied within each part.",
    )

"""Months and the pack's incident figures reader, shared by the incident sections and the
on-time measures (``sections_incidents``, ``on_time``)."""

from __future__ import annotations

import datetime as dt

from vpr_desktop.services.incidents.figures import Period
from vpr_desktop.services.incidents.stats import IncidentStats
from vpr_desktop.services.packs.context import PackContext


def stats(ctx: PackContext) -> IncidentStats:
    return IncidentStats(ctx.db, ctx.reader, today=ctx.as_at)


def period_of(ctx: PackContext) -> Period:
    return Period(ctx.request.period_from, ctx.request.period_to)


def words(value: str) -> str:
    text = value.replace("_", " ")
    return text[:1].upper() + text[1:]


def months_ending(end: dt.date, n: int) -> list[str]:
    """``n`` whole months ending with ``end``'s month when ``end`` is its last day, else with
    the month before (a part month would look like a fall in incidents)."""
    nxt = end + dt.timedelta(days=1)
    year, month = (
        (end.year, end.month)
        if nxt.month != end.month
        else ((end.year, end.month - 1) if end.month > 1 else (end.year - 1, 12))
    )
    out = []
    for _ in range(n):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def month_start(ym: str) -> dt.date:
    return dt.date(int(ym[:4]), int(ym[5:7]), 1)


def month_label(ym: str) -> str:
    return month_start(ym).strftime("%b %Y")


def spc_months(ctx: PackContext) -> list[str]:
    """The chart's months: the last ``spc_months`` whole months, starting no earlier than the
    month recording began (Settings) or, when none is set, the first month with an incident.
    Months before records began are not months with no incidents: counted as 0 they would
    drag the mean and the limits down and show as a "special cause of improvement" that
    never happened."""
    months = months_ending(ctx.request.period_to, ctx.request.spc_months)
    start = ctx.settings.recording_start if ctx.settings is not None else ""
    first = start or stats(ctx).first_month()
    return [] if first is None else [m for m in months if m >= first]

"""Staff in post by month, for rates per 1,000 staff beside counts.

Why a rate: a trust that grows by a fifth reports more incidents with nothing getting worse; a
board comparing this year with last needs the count *and* the count per 1,000 staff. The
denominator is the headcount from the staff records: the distinct people with an assignment
in post on the last day of the month (ESR: one person, several assignments, counted once).

On PostgreSQL a board secretary's login may not read staff records at all (revision 0005), so
there the count comes from revision 0009's function (counts only); a login without even that
gets "rates are not shown" rather than a guessed denominator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy import union_all

from vpr_desktop.domain.models import Assignment
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents.figures import Period
from vpr_desktop.services.incidents.stats import IncidentStats
from vpr_desktop.services.training.month_ends import _last_month_end_on_or_before
from vpr_desktop.services.training.month_ends import _month_of
from vpr_desktop.services.training.month_ends import month_number

if TYPE_CHECKING:
    from vpr_desktop.services.packs.context import PackContext
    from vpr_desktop.store.database import Database

PER = 1000


def month_end(ym: str) -> dt.date:
    """The last day of ``YYYY-MM``."""
    year, month = int(ym[:4]), int(ym[5:7])
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def headcounts(db: Database, months: Sequence[str]) -> dict[str, int] | None:
    """Staff in post at the end of each month (distinct people), or None when this login may
    not read staff records."""
    out: dict[str, int] = {}
    with reading(db) as s:
        if db.kind == "postgresql":  # counted by 0009's function: counts only, any pack role
            if not s.scalar(
                text("SELECT has_function_privilege('vpr_staff_in_post(date[])', 'EXECUTE')")
            ):
                return None
            days = {month_end(ym): ym for ym in months}
            rows = s.execute(
                text("SELECT day, people FROM vpr_staff_in_post(:days)"), {"days": list(days)}
            )
            return {days[day]: int(people or 0) for day, people in rows}
        if not months:
            return out
        numbers = [month_number(ym) for ym in months]
        first, last = min(numbers), max(numbers)
        changes = dict(s.execute(_posts_events(first, last)).all())
        running, in_post = 0, {}
        for k in range(first, last + 1):
            running += int(changes.get(k, 0))
            in_post[k] = running
        for ym, k in zip(months, numbers, strict=True):
            out[ym] = in_post[k]
    return out


def _posts_events(first: int, last: int) -> Any:
    """(month count, change in people in post) for the month ends ``first``..``last``.

    Why not every month end joined to every post (the obvious query): that is months x posts
    comparisons and a COUNT(DISTINCT) per month (130 ms for 24 months at 15k posts). Here each
    post covers the month ends from its start to its end (``month_ends``' month counts); a
    person's posts, in order of start, each add only the month ends past those their earlier
    posts already cover (a running maximum), so a person with two posts at once is counted
    once, as COUNT(DISTINCT person) does; the additions become +1/-1 events summed per month.
    """
    a = Assignment
    posts = (
        select(
            a.person_id.label("pid"),
            func.max(func.coalesce(_month_of(a.start_date), first), first).label("lo"),
            func.min(func.coalesce(_last_month_end_on_or_before(a.end_date), last), last).label(
                "hi"
            ),
        )
    ).subquery("posts")
    earlier = (
        func.max(posts.c.hi)
        .over(partition_by=posts.c.pid, order_by=(posts.c.lo, posts.c.hi), rows=(None, -1))
        .label("covered")
    )
    ranked = select(posts.c.lo, posts.c.hi, earlier).where(posts.c.lo <= posts.c.hi).subquery()
    spans = select(
        func.max(ranked.c.lo, func.coalesce(ranked.c.covered + 1, ranked.c.lo)).label("lo"),
        ranked.c.hi,
    ).cte("spans")
    starts = select(spans.c.lo.label("k"), func.count().label("n")).where(spans.c.lo <= spans.c.hi)
    ends = select((spans.c.hi + 1).label("k"), (-func.count()).label("n")).where(
        spans.c.lo <= spans.c.hi
    )
    events = union_all(starts.group_by(spans.c.lo), ends.group_by(spans.c.hi + 1)).subquery(
        "events"
    )
    return select(events.c.k, func.sum(events.c.n)).group_by(events.c.k)


def per_thousand(count: float, staff: int | None) -> float | None:
    """``count`` per 1,000 staff to two decimal places, or None without a headcount."""
    if not staff:
        return None
    return round(PER * count / staff, 2)


def incident_rates(ctx: PackContext, years: list[int]) -> dict[int, float | None]:
    """Incidents per 1,000 staff in post (December) for each calendar year the
    trust recorded incidents in; years before recording started are left out."""
    stats = IncidentStats(ctx.db, ctx.reader, today=ctx.as_at)
    first = stats.first_month()
    out: dict[int, float | None] = {}
    staff = headcounts(ctx.db, [f"{y}-12" for y in years]) or {}
    for y in years:
        if first is None or first > f"{y}-12":
            continue
        end = min(dt.date(y, 12, 31), ctx.as_at)
        if end < dt.date(y, 1, 1):
            continue
        total = sum(stats.monthly_counts(Period(dt.date(y, 1, 1), end)).total)
        out[y] = per_thousand(total, staff.get(f"{y}-12"))
    return out

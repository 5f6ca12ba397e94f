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

from sqlalchemy import Date, and_, func, literal, or_, select, text, union_all

from vpr_desktop.domain.models import Assignment
from vpr_desktop.services.common.unit_of_work import reading

if TYPE_CHECKING:
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
        # Every month end in one query: a list of the days joined to the posts held on each.
        ends = union_all(*(select(literal(month_end(ym), Date).label("day")) for ym in months)).cte(
            "month_ends"
        )
        held = s.execute(
            select(ends.c.day, func.count(func.distinct(Assignment.person_id)))
            .select_from(ends)
            .join(
                Assignment,
                and_(
                    or_(Assignment.start_date.is_(None), Assignment.start_date <= ends.c.day),
                    or_(Assignment.end_date.is_(None), Assignment.end_date >= ends.c.day),
                ),
                isouter=True,
            )
            .group_by(ends.c.day)
        )
        counts = {str(day)[:10]: int(people or 0) for day, people in held}
        for ym in months:
            out[ym] = counts.get(month_end(ym).isoformat(), 0)
    return out


def per_thousand(count: float, staff: int | None) -> float | None:
    """``count`` per 1,000 staff to two decimal places, or None without a headcount."""
    if not staff:
        return None
    return round(PER * count / staff, 2)

"""Training compliance at many month ends in one set-based query (the packs' monthly chart).

Why not :meth:`TrainingService.compliance_by_course` once per month: each call builds the
required pairings again and probes the training records once per pairing (a correlated
EXISTS), so a 24-month chart cost 24 such queries, most of a board pack's time on a large
trust. Here every required pairing and every training record is read once:

* A pairing (assignment x course, :func:`requirements._required_pairs`) is *required* at the
  month ends between its assignment's start and end dates.
* Its records, in completion order, each *add* the days from their completion to their
  expiry that the records before them do not already hold: those start after the latest
  expiry among the earlier records (a running maximum over the preceding rows, blank expiry =
  never), since the record holding that expiry was completed no later and so holds every day
  from this completion up to it. The added ranges never overlap and together make the days
  on which some record completed by then has not yet expired: the test of
  :func:`requirements._required_held`, with no day counted twice. (One window function per
  record; the earlier form, each record owning the days up to the next completion, needed
  two.)

Each range becomes a pair of +1/-1 events at month indexes; one GROUP BY adds them up and a
running sum gives every month's required and compliant counts. The figures equal
``compliance_by_course(month_end)`` for each month (the pack tests check this).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Integer
from sqlalchemy import case
from sqlalchemy import cast
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy import union_all
from sqlalchemy.orm import Session

from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import TrainingRecord
from vpr_desktop.services.training.requirements import _NEVER
from vpr_desktop.services.training.requirements import _required_pairs

#: course id -> (required, compliant) assignments, per month end
MonthEndCounts = dict[dt.date, dict[int, tuple[int, int]]]


def month_number(year_month: str) -> int:
    """``YYYY-MM`` (or a date) as a month count, so consecutive months differ by one."""
    return int(year_month[:4]) * 12 + int(year_month[5:7])


def _month_of(day: Any) -> Any:
    """SQL: the month count of an ISO date (as :func:`month_number`), NULL for NULL."""
    return cast(func.substr(day, 1, 4), Integer) * 12 + cast(func.substr(day, 6, 2), Integer)


#: "MM-DD" of every month's last day but February's (29 February always is, 28 February in
#: a common year only).
_MONTH_LAST_DAYS = tuple(
    f"{m:02d}-{d}"
    for m, d in zip(range(1, 13), (31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), strict=True)
    if d
)


def _last_month_end_on_or_before(day: Any) -> Any:
    """SQL: the month count of the last month end on or before ``day``: its own month when it
    is its month's last day, else the month before; NULL for NULL or the last day of 9999
    (no month end follows it).

    Why from the day's "MM-DD" text: this runs on every training record and post a pack
    counts (tens of thousands of rows), and a lookup in a constant list is one comparison
    where ``date(day, '+1 day')`` parses the date again and month lengths from cast digits
    cost a dozen calls per row; the leap-year sum runs for 28 February only."""
    month_day = func.substr(day, 6, 5)
    year = cast(func.substr(day, 1, 4), Integer)
    common_year = (year % 4 != 0) | ((year % 100 == 0) & (year % 400 != 0))
    before_last = case(
        (month_day.in_(_MONTH_LAST_DAYS), 0),
        (month_day == "02-29", 0),
        (month_day == "02-28", case((common_year, 0), else_=1)),
        else_=1,
    )
    return case((day < _NEVER.isoformat(), _month_of(day) - before_last), else_=None)


def month_end_counts(s: Session, kind: str, days: Sequence[dt.date]) -> MonthEndCounts:
    """Required and compliant assignments per course at each of ``days`` (month ends)."""
    if not days:
        return {}
    if any((day + dt.timedelta(days=1)).day != 1 for day in days):
        raise ValueError("month_end_counts counts at month ends only")
    if kind == "postgresql":  # 0006's function per day, in one statement (see the module)
        rows = s.execute(
            text(
                "SELECT d.day, f.course_id, f.required, f.compliant "
                "FROM unnest(CAST(:days AS date[])) AS d(day) "
                "CROSS JOIN LATERAL vpr_training_compliance_by_course(d.day, NULL, NULL) AS f"
            ),
            {"days": list(days)},
        )
        out: MonthEndCounts = {day: {} for day in days}
        for day, cid, required, compliant in rows:
            out[day][int(cid)] = (int(required), int(compliant or 0))
        return out
    by_month = {month_number(day.isoformat()): day for day in days}
    first, last = min(by_month), max(by_month)
    events = _events(first, last, min(days), max(days))
    counts = {(cid, k): (n, ok) for cid, k, n, ok in s.execute(events)}
    out = {}
    for cid in sorted({cid for cid, _k in counts}):
        required = compliant = 0
        for k in range(first, last + 1):
            n, ok = counts.get((cid, k), (0, 0))
            required, compliant = required + n, compliant + ok
            if k in by_month and required:
                out.setdefault(by_month[k], {})[cid] = (required, compliant)
    return {day: out.get(day, {}) for day in days}


def _events(first: int, last: int, first_day: dt.date, last_day: dt.date) -> Any:
    """(course, month count, change in required, change in compliant), summed per month.

    Records that cannot matter are left out before the running maximum: one that expired
    before the first day never raises the maximum to a counted day, and one completed after
    the last day only owns days that are not counted (the record before it then owns them)."""
    a, t = Assignment, TrainingRecord
    pairs = _required_pairs(
        func.max(func.coalesce(_month_of(a.start_date), first), first).label("lo"),
        func.min(func.coalesce(_last_month_end_on_or_before(a.end_date), last), last).label("hi"),
    ).cte("pairs")
    # A record holds the month ends from its completion to its expiry (blank: to the last);
    # it adds those past the latest expiry among the records before it (a running maximum,
    # taken over month counts: the month end on or before a date never decreases with it,
    # and clamping to the last month changes no range, as one past it counts nothing).
    upto = func.min(func.coalesce(_last_month_end_on_or_before(t.expires_on), last), last)
    records = (
        select(
            t.assignment_id.label("aid"),
            t.course_id.label("cid"),
            _month_of(t.completed_on).label("done"),
            upto.label("upto"),
            func.max(upto)
            .over(
                partition_by=(t.assignment_id, t.course_id),
                order_by=t.completed_on,
                rows=(None, -1),
            )
            .label("held"),
        )
        .where(t.completed_on <= last_day, t.expires_on.is_(None) | (t.expires_on >= first_day))
        .cte("records")
    )
    held = (
        select(
            pairs.c.cid,
            func.max(records.c.done, func.coalesce(records.c.held + 1, first), pairs.c.lo).label(
                "lo"
            ),
            func.min(records.c.upto, pairs.c.hi).label("hi"),
        )
        .join(records, (records.c.aid == pairs.c.aid) & (records.c.cid == pairs.c.cid))
        .cte("held")
    )
    # Each range starts counting at ``lo`` and stops after ``hi``; every branch is summed per
    # course and month first, so the union holds a few hundred rows, not one per range.
    branches = []
    for r, n, ok in ((pairs, 1, 0), (held, 0, 1)):
        for k, sign in ((r.c.lo, 1), (r.c.hi + 1, -1)):
            branches.append(
                select(
                    r.c.cid,
                    k.label("k"),
                    (func.count() * sign * n).label("n"),
                    (func.count() * sign * ok).label("ok"),
                )
                .where(r.c.lo <= r.c.hi)
                .group_by(r.c.cid, k)
            )
    events = union_all(*branches).subquery("events")
    return select(events.c.cid, events.c.k, func.sum(events.c.n), func.sum(events.c.ok)).group_by(
        events.c.cid, events.c.k
    )

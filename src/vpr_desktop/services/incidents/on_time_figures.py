"""Support steps on time: the period's "done in time?" figure for the support pathway, per
month in one pass, for :class:`~vpr_desktop.services.incidents.stats.IncidentStats`.

Kept apart from the other incident figures because it carries its own clock (steps against
``now``; RIDDOR's deadlines against ``today`` are :mod:`.riddor_deadlines`) and, on PostgreSQL,
its own path: a board secretary's login may not read support steps, only the counts a
SECURITY DEFINER function returns (revision 0006).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import and_
from sqlalchemy import literal
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session

from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import SupportStep
from vpr_desktop.services.common.conditional_count import count_if
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents.figures import Period
from vpr_desktop.services.incidents.follow_up_figures import StepTypeOnTime
from vpr_desktop.services.incidents.follow_up_figures import SupportOnTime
from vpr_desktop.services.incidents.queries import load_pathway
from vpr_desktop.services.incidents.records import day_start_utc

if TYPE_CHECKING:
    from vpr_desktop.services.incidents.stats import OnTimeAsk


def support_on_time(ask: OnTimeAsk) -> dict[str, SupportOnTime]:
    """Support steps on time per step type, keyed by month (see :class:`OnTimeAsk`), as of
    the clock's ``now()``; ``ask.where`` filters the incidents on SQLite; PostgreSQL asks the
    counting function."""
    db, now, period, by_month = ask.clock.db, ask.clock.now(), ask.period, ask.by_month
    open_ = and_(SupportStep.done_at.is_(None), SupportStep.declined.is_(False))
    done = and_(SupportStep.done_at.is_not(None), SupportStep.declined.is_(False))
    cols = (
        count_if(done & (SupportStep.done_at <= SupportStep.due_by)),
        count_if(done & (SupportStep.done_at > SupportStep.due_by)),
        count_if(open_ & (SupportStep.due_by < now)),
        count_if(open_ & (SupportStep.due_by >= now)),
        count_if(SupportStep.declined.is_(True)),
    )
    month = Incident.month if by_month else literal("")
    with reading(db) as s:
        pathway, _ = load_pathway(s)
        rows: Sequence[Any]
        if db.kind == "postgresql":
            rows = _pg_support_on_time(s, period, now, ask.location_ids, by_month)
        else:
            rows = s.execute(
                select(month, SupportStep.step_type, *cols)
                .join(Incident, Incident.id == SupportStep.incident_id)
                .where(*ask.where)
                .group_by(month, SupportStep.step_type)
            ).all()
    order = {k: i for i, k in enumerate(pathway.keys)}
    by_step: dict[str, list[StepTypeOnTime]] = {
        m: [] for m in (period.month_list() if by_month else ("",))
    }
    summed = set(ask.total_of)
    # step type -> (label, counts) over the summed months, in the order rows are sorted
    totals: dict[str, tuple[str, list[int]]] = {}
    for ym, kind, *n in sorted(rows, key=lambda r: (order.get(r[1], len(order)), r[1])):
        spec = pathway.step(kind)
        counts = [int(x or 0) for x in n]
        label = spec.label if spec else kind.replace("_", " ")
        by_step[ym].append(StepTypeOnTime(kind, label, *counts))
        if ym in summed:
            acc = totals.setdefault(kind, (label, [0] * len(counts)))[1]
            acc[:] = [a + b for a, b in zip(acc, counts, strict=True)]
    out = {m: SupportOnTime(now, tuple(steps)) for m, steps in by_step.items()}
    if summed:
        out[""] = SupportOnTime(
            now, tuple(StepTypeOnTime(k, label, *n) for k, (label, n) in totals.items())
        )
    return out


def _pg_support_on_time(
    s: Session,
    period: Period,
    now: dt.datetime,
    location_ids: Sequence[int] | None,
    by_month: bool = False,
) -> list[Any]:
    """(month, step type, counts...) from revision 0006's SECURITY DEFINER function: on
    PostgreSQL a board secretary's login may not read support steps (they are about one
    member of staff), only these counts. Same filters as ``IncidentStats._where`` (months,
    part-month bounds, locations) and the same counts as :func:`support_on_time`;
    ``by_month``: the function for each month of a whole-months period, in one statement
    (month ``""``: the whole period)."""
    part = not period.whole_months
    params: dict[str, Any] = {
        "first": period.first_month,
        "last": period.last_month,
        "since": day_start_utc(period.start) if part else None,
        "before": day_start_utc(period.end + dt.timedelta(days=1)) if part else None,
        "now": now,
        "locations": list(location_ids) if location_ids else None,
    }
    counts = "f.step_type, f.on_time, f.late, f.overdue, f.not_yet_due, f.declined"
    if by_month:
        sql = (
            f"SELECT m.ym, {counts} FROM unnest(CAST(:months AS text[])) AS m(ym) "
            "CROSS JOIN LATERAL vpr_support_on_time(m.ym, m.ym, NULL, NULL, :now, :locations) f"
        )
        params["months"] = list(period.month_list())
    else:
        sql = (
            f"SELECT '', {counts} FROM "
            "vpr_support_on_time(:first, :last, :since, :before, :now, :locations) f"
        )
    return list(s.execute(text(sql), params).all())

"""RIDDOR reports on time: the period's reportable incidents and whether each was submitted by
its deadline, per month in one pass, for
:class:`~vpr_desktop.services.incidents.stats.IncidentStats`.

Kept apart from the support steps' figure (:mod:`~vpr_desktop.services.incidents.on_time_figures`)
because it has its own clock: RIDDOR deadlines are dates, counted against ``today``, and every
login that may read the figures may read these columns, so there is no PostgreSQL-only path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.models import Incident
from vpr_desktop.services.common.conditional_count import count_if
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents.follow_up_figures import RiddorOnTime

if TYPE_CHECKING:
    from vpr_desktop.services.incidents.stats import OnTimeAsk


def riddor_on_time(ask: OnTimeAsk) -> dict[str, RiddorOnTime]:
    """RIDDOR reports on time, keyed by month (see :class:`OnTimeAsk`), as of the clock's
    ``today()``; ``ask.where`` holds every filter, locations included (whoever may read the
    figures may read these columns)."""
    db, today, where, total_of = ask.clock.db, ask.clock.today(), ask.where, ask.total_of
    rep = Incident.riddor_status == RiddorStatus.REPORTABLE
    sub = Incident.riddor_submitted_on
    cols = (
        count_if(rep),
        count_if(rep & sub.is_not(None) & (sub <= Incident.riddor_deadline)),
        count_if(rep & sub.is_not(None) & (sub > Incident.riddor_deadline)),
        count_if(rep & sub.is_(None) & (Incident.riddor_deadline < today)),
        count_if(rep & sub.is_(None) & (Incident.riddor_deadline >= today)),
        count_if(Incident.riddor_status == RiddorStatus.RECORD_ONLY),
        count_if(Incident.riddor_status == RiddorStatus.JUDGEMENT_NEEDED),
        count_if(Incident.riddor_status == RiddorStatus.NOT_ASSESSED),
    )
    with reading(db) as s:
        if not ask.by_month:
            row = s.execute(select(*cols).where(*where)).one()
            return {"": RiddorOnTime(today, *(int(x or 0) for x in row))}
        stmt = select(Incident.month, *cols).where(*where).group_by(Incident.month)
        rows = {ym: n for ym, *n in s.execute(stmt)}
    zero = [0] * len(cols)
    out = {
        ym: RiddorOnTime(today, *(int(x or 0) for x in rows.get(ym, zero)))
        for ym in ask.period.month_list()
    }
    if total_of:
        sums = [
            sum(int(rows.get(ym, zero)[i] or 0) for ym in set(total_of)) for i in range(len(cols))
        ]
        out[""] = RiddorOnTime(today, *sums)
    return out

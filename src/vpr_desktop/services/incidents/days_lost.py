"""Calendar days lost to violence: summed by month, location and staff group.

Where the days come from: each incident's ``days_lost`` (calendar days; by default the sum of
the days each member of staff involved was absent, or the figure imported from Datix), for the
month and location breakdowns; each member of staff's ``days_absent`` on the incident for the
staff-group breakdown (a staff group is a person's, not an incident's). Days on an incident
with no member of staff recorded -- imports often carry the total only -- are shown as "staff
group not recorded", so every breakdown adds up to the same total.

On PostgreSQL a login that may not read person-level rows (a board secretary, a staff-side
rep) reads the staff-group days from 0005's ``vpr_incident_staff_count`` view (sums per
incident and staff group, no person), so the figure is the same whoever makes the pack.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import column
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import table
from sqlalchemy import text

from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import IncidentStaff
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents.figures import Period
from vpr_desktop.services.incidents.stats import _READERS

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

NOT_RECORDED = "Not recorded"
GROUP_NOT_RECORDED = "Staff group not recorded"


@dataclass(frozen=True)
class DaysLost:
    """Days lost in a period: in total, per month, per location and per staff group."""

    period: Period
    total: int
    by_month: tuple[tuple[str, int], ...]  # every month of the period, zeros included
    by_location: tuple[tuple[str, int], ...]  # most days first; locations with days only
    by_staff_group: tuple[tuple[str, int], ...]  # most days first; adds up to ``total``


def _staff_days(s: Any, db: Database) -> Any:
    """Per incident and staff group, the days absent: the table, or 0005's view for a login
    that may not read person-level rows."""
    if db.kind == "postgresql" and not s.scalar(
        text("SELECT has_table_privilege('incident_staff', 'SELECT')")
    ):
        return table(
            "vpr_incident_staff_count",
            column("incident_id"),
            column("staff_group_id"),
            column("days_absent"),
        )
    return select(
        IncidentStaff.incident_id.label("incident_id"),
        IncidentStaff.staff_group_id.label("staff_group_id"),
        IncidentStaff.days_absent.label("days_absent"),
    ).subquery()


def days_lost(db: Database, actor: Actor, period: Period, *, breakdowns: bool = True) -> DaysLost:
    """The period's calendar days lost (see the module for the sources).

    One pass over the period's incidents gives the months and the locations (GROUP BY both),
    a second the staff groups. ``breakdowns=False``: the months only (a monthly chart), with
    ``by_location`` and ``by_staff_group`` left empty and the staff-group pass not made."""
    if not any(actor.can(p) for p in _READERS):
        raise PermissionDeniedError(
            f"{actor.display_name} ({actor.roles_label}) may not see incident figures.",
            "Ask the VPR lead if you need to.",
        )
    where = period.clauses()
    days = func.coalesce(func.sum(Incident.days_lost), 0)
    months: dict[str, int] = {}
    places: dict[str, int] = {}
    with reading(db) as s:
        if breakdowns:
            for month, place, n in s.execute(
                select(Incident.month, func.coalesce(Location.name, NOT_RECORDED), days)
                .select_from(Incident)
                .outerjoin(Location, Location.id == Incident.location_id)
                .where(*where)
                .group_by(Incident.month, Location.name)
            ):
                months[month] = months.get(month, 0) + int(n)
                places[str(place)] = places.get(str(place), 0) + int(n)
        else:
            months = {
                m: int(n)
                for m, n in s.execute(
                    select(Incident.month, days).where(*where).group_by(Incident.month)
                )
            }
            return DaysLost(
                period,
                sum(months.values()),
                tuple((m, months.get(m, 0)) for m in period.month_list()),
                (),
                (),
            )
        staff = _staff_days(s, db)
        groups = s.execute(
            select(
                func.coalesce(StaffGroup.name, GROUP_NOT_RECORDED),
                func.coalesce(func.sum(staff.c.days_absent), 0),
            )
            .select_from(Incident)
            .join(staff, staff.c.incident_id == Incident.id)
            .outerjoin(StaffGroup, StaffGroup.id == staff.c.staff_group_id)
            .where(*where)
            .group_by(StaffGroup.name)
        ).all()
    total = sum(int(n) for n in months.values())
    by_group: dict[str, int] = {}
    for name, n in groups:
        by_group[str(name)] = by_group.get(str(name), 0) + int(n)
    unassigned = total - sum(by_group.values())
    if unassigned > 0:
        by_group[GROUP_NOT_RECORDED] = by_group.get(GROUP_NOT_RECORDED, 0) + unassigned

    def ranked(pairs: dict[str, int]) -> tuple[tuple[str, int], ...]:
        return tuple(
            sorted(((k, v) for k, v in pairs.items() if v), key=lambda kv: (-kv[1], kv[0]))
        )

    return DaysLost(
        period,
        total,
        tuple((m, int(months.get(m, 0))) for m in period.month_list()),
        ranked(places),
        ranked(by_group),
    )

"""The incident list (row level: only roles allowed to read incidents).

Each row holds the column values in ``columns`` order, then the incident's ``id`` and
``version`` (not shown; for opening it with ``IncidentService.get``): ``row[ID_INDEX]``,
``row[VERSION_INDEX]``.

Filters (``PageRequest.filters``; all optional, combined with AND):

* ``location_id`` -- one id or a list;
* ``from`` / ``to`` -- a date (London day, both inclusive) or a datetime (``to`` exclusive);
* ``type`` -- one :class:`IncidentType` or a list: incidents having *any* of them among their
  types; ``primary_type`` likewise on the primary type only;
* ``harm`` -- one or a list; ``intent`` -- one or a list (``clinically_related``…);
* ``clinically_related`` -- True/False (shorthand for ``intent``);
* ``near_miss``, ``police_informed``, ``injury`` -- True/False;
* ``riddor_status`` -- one or a list; ``riddor_overdue`` -- True: reportable, not submitted,
  deadline before ``as_of`` (default today);
* ``riddor`` -- one of :data:`RIDDOR_STATES` (``overdue``, ``due_soon``, ``unsubmitted``,
  ``judgement``, ``not_assessed``, ``late``), as of ``as_of``: the same clauses the Home card
  counts with (:func:`riddor_state_clauses`), so its figure is the rows this filter shows;
* ``month`` -- ``"YYYY-MM"`` or a ``(first, last)`` pair (the stored month column).

Every filter is on an indexed column or a short EXISTS on the type links, so "one location"
is an index range (``ix_incident_loc_occurred``) whatever the size of the table.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import Intent
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import IncidentTypeLink
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.riddor import DUE_SOON_DAYS
from vpr_desktop.domain.riddor import RIDDOR_STATES
from vpr_desktop.services.common.filter_values import is_many
from vpr_desktop.services.common.filter_values import many
from vpr_desktop.services.common.locations import location_label
from vpr_desktop.services.common.paging import AnySelect
from vpr_desktop.services.common.paging import ListSource
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.common.paging import SqlColumn
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents.columns import ID_INDEX
from vpr_desktop.services.incidents.columns import INCIDENT_COLUMNS
from vpr_desktop.services.incidents.columns import VERSION_INDEX
from vpr_desktop.services.incidents.records import day_start_utc
from vpr_desktop.services.incidents.records import to_utc

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


def riddor_state_clauses(state: str, today: dt.date) -> list[ColumnElement[bool]]:
    """The WHERE clauses of one RIDDOR state (see :data:`RIDDOR_STATES`) as of ``today``.

    "Overdue" is reportable, not submitted and the deadline before today (the deadline day
    itself is still on time); "due within 7 days" is the deadline from today to today + 7.
    """
    if state not in RIDDOR_STATES:
        raise ValueError(f"unknown RIDDOR state {state!r}")
    reportable = Incident.riddor_status == RiddorStatus.REPORTABLE
    unsubmitted = Incident.riddor_submitted_on.is_(None)
    if state == "overdue":
        return [reportable, unsubmitted, Incident.riddor_deadline < today]
    if state == "due_soon":
        soon = today + dt.timedelta(days=DUE_SOON_DAYS)
        return [reportable, unsubmitted, Incident.riddor_deadline.between(today, soon)]
    if state == "unsubmitted":
        return [reportable, unsubmitted]
    if state == "judgement":
        return [Incident.riddor_status == RiddorStatus.JUDGEMENT_NEEDED]
    if state == "late":
        return [
            reportable,
            Incident.riddor_submitted_on.is_not(None),
            Incident.riddor_submitted_on > Incident.riddor_deadline,
        ]
    return [Incident.riddor_status == RiddorStatus.NOT_ASSESSED]


def count_riddor_state(session: Session, state: str, today: dt.date) -> int:
    """How many incidents are in one RIDDOR state: the Home card's figure."""
    stmt = select(func.count()).select_from(Incident).where(*riddor_state_clauses(state, today))
    return int(session.scalar(stmt) or 0)


class IncidentListSource(ListSource):
    """The incident register as a paged list: the sort, search and filters run in SQL so a large
    register opens as fast as a small one."""

    columns = INCIDENT_COLUMNS
    ID_INDEX = ID_INDEX
    VERSION_INDEX = VERSION_INDEX
    default_sort = "occurred_at"
    default_descending = True

    def __init__(self, db: Database, actor: Actor, today: dt.date | None = None) -> None:
        actor.require(Permission.READ_INCIDENTS, "see individual incidents")
        super().__init__(db)
        self.search_columns = (Incident.reference, Incident.external_ref, Location.name)
        self._today = today

    def base_query(self) -> AnySelect:
        """The columns shown, then id and version (for opening the incident); location is an outer
        join so an incident without one still lists."""
        return (
            select(
                Incident.reference,
                Incident.occurred_at,
                location_label(),
                Incident.primary_type,
                Incident.harm,
                Incident.days_lost,
                Incident.near_miss,
                Incident.riddor_status,
                Incident.external_ref,
                Incident.id,
                Incident.version,
            )
            .select_from(Incident)
            .outerjoin(Location, Location.id == Incident.location_id)
        )

    def sort_expressions(self) -> dict[str, SqlColumn[Any]]:
        # Non-null expressions only: keyset comparison with NULL would drop rows.
        """Allow-listed sort keys, so a column header can never put user text into SQL."""
        return {
            "reference": Incident.reference,
            "occurred_at": Incident.occurred_at,
            "location": func.coalesce(Location.name, ""),
            "primary_type": Incident.primary_type,
            "harm": Incident.harm,
            "days_lost": Incident.days_lost,
            "near_miss": Incident.near_miss,
            "riddor_status": Incident.riddor_status,
            "external_ref": func.coalesce(Incident.external_ref, ""),
        }

    def id_column(self) -> SqlColumn[int]:
        """The keyset tie-breaker: incident ids are unique, so equal sort values still page in a
        stable order."""
        return Incident.id

    def count(self, request: PageRequest) -> int:
        """Without search text every filter is on ``incident`` itself, so the count skips the
        location join (a 60,000-row count is then an index scan, not a join)."""
        if request.search.strip():
            return super().count(request)
        stmt = select(func.count()).select_from(Incident)
        where = self.filter_clauses(request)
        if where:
            stmt = stmt.where(*where)
        with reading(self.db) as session:
            return int(session.scalar(stmt) or 0)

    def filter_clauses(self, request: PageRequest) -> list[ColumnElement[bool]]:
        """The ``PageRequest.filters`` described in the module docstring, as SQL clauses combined
        with AND."""
        f = request.filters
        clauses: list[ColumnElement[bool]] = []
        if (loc := f.get("location_id")) is not None:
            clauses.append(
                Incident.location_id.in_(many(loc)) if is_many(loc) else Incident.location_id == loc
            )
        if start := f.get("from"):
            clauses.append(Incident.occurred_at >= _bound(start, inclusive_end=False))
        if end := f.get("to"):
            clauses.append(Incident.occurred_at < _bound(end, inclusive_end=True))
        if (month := f.get("month")) is not None:
            if isinstance(month, str):
                clauses.append(Incident.month == month)
            else:
                first, last = month
                clauses.append(Incident.month.between(first, last))
        if (kinds := f.get("type")) is not None:
            wanted = [IncidentType(k) for k in many(kinds)]
            clauses.append(
                exists().where(
                    IncidentTypeLink.incident_id == Incident.id,
                    IncidentTypeLink.incident_type.in_(wanted),
                )
            )
        if (kinds := f.get("primary_type")) is not None:
            clauses.append(Incident.primary_type.in_([IncidentType(k) for k in many(kinds)]))
        if (harm := f.get("harm")) is not None:
            clauses.append(Incident.harm.in_([Harm(h) for h in many(harm)]))
        if (intent := f.get("intent")) is not None:
            clauses.append(Incident.intent.in_([Intent(i) for i in many(intent)]))
        if (clinical := f.get("clinically_related")) is not None:
            clauses.append(
                Incident.intent == Intent.CLINICALLY_RELATED
                if clinical
                else Incident.intent != Intent.CLINICALLY_RELATED
            )
        for key in ("near_miss", "police_informed", "injury"):
            if (flag := f.get(key)) is not None:
                clauses.append(getattr(Incident, key).is_(bool(flag)))
        if (status := f.get("riddor_status")) is not None:
            clauses.append(Incident.riddor_status.in_([RiddorStatus(s) for s in many(status)]))
        as_of = f.get("as_of") or self._today or dt.date.today()
        if f.get("riddor_overdue"):
            clauses += riddor_state_clauses("overdue", as_of)
        if (state := f.get("riddor")) is not None:
            clauses += riddor_state_clauses(str(state), as_of)
        return clauses


def _bound(value: Any, inclusive_end: bool) -> dt.datetime:
    """A filter bound as UTC: a date is a London day (``to`` includes that whole day)."""
    if isinstance(value, dt.datetime):
        return to_utc(value)
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return day_start_utc(day + dt.timedelta(days=1) if inclusive_end else day)

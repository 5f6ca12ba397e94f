"""The action log as a lazy list: filters, sorts and keyset pages in SQL.

The same filters serve the screen, the Excel export and the packs, so "overdue, staff-side owner
X" means one thing everywhere. Filters (``PageRequest.filters``):

``status``        an :class:`ActionStatus` (or its value), or several
``source``        an :class:`ActionSource` (or its value), or several
``management_owner_id`` / ``staff_side_owner_id``   a Person id (owner on that side)
``owner_id``      a Person id, owner on either side
``overdue``       True: due before today and still open, in progress or awaiting sign-off
``due_within_days``  n: live and due between today and today + n days
``mine``          True: the signed-in user's linked person owns it on either side
``attention``     True: overdue or awaiting sign-off (the sidebar badge: each action once)
``waiting_for``   a :class:`Side` (or its value), or several: proposals the other side raised
                  that this side has still to accept (:func:`waiting_clause`)

``PageRequest.search`` matches the reference or the title.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import Boolean
from sqlalchemy import ColumnElement
from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import false
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import type_coerce
from sqlalchemy.sql.selectable import NamedFromClause

from vpr_desktop.domain.action_rules import LIVE_STATUSES
from vpr_desktop.domain.action_rules import PRIORITY_ORDER
from vpr_desktop.domain.action_rules import STATUS_ORDER
from vpr_desktop.domain.action_rules import other_side
from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import Side
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Action
from vpr_desktop.domain.models import User
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.filter_values import enum_values
from vpr_desktop.services.common.named_people import NAMED_PERSON
from vpr_desktop.services.common.paging import AnySelect
from vpr_desktop.services.common.paging import Column
from vpr_desktop.services.common.paging import ListSource
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.common.paging import SqlColumn

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


#: The two owners, joined under their own names so both can appear in one row.
MANAGEMENT_OWNER = NAMED_PERSON.alias("management_owner")
STAFF_SIDE_OWNER = NAMED_PERSON.alias("staff_side_owner")
FAR_FUTURE = dt.date(9999, 12, 31)
#: The status column's value for an action the staff side proposed and management has not
#: yet accepted (``proposed_by``), and for one management proposed, waiting for the staff side.
PROPOSED = "proposed"
PROPOSED_BY_MANAGEMENT = "proposed_by_management"
#: The status column's words for a proposal, saying whose move it is.
PROPOSAL_WORDS = {
    PROPOSED: "Proposed – waiting for management",
    PROPOSED_BY_MANAGEMENT: "Proposed – waiting for the staff side",
}

FILTER_KEYS = frozenset(
    {
        "status",
        "source",
        "management_owner_id",
        "staff_side_owner_id",
        "owner_id",
        "overdue",
        "due_within_days",
        "mine",
        "attention",
        "waiting_for",
    }
)


def person_name(owner: NamedFromClause) -> ColumnElement[str]:
    """'First Last' of an owner in SQL (NULL when the action has none on that side)."""
    first: ColumnElement[str] = owner.c.first_name
    last: ColumnElement[str] = owner.c.last_name
    return first + literal(" ") + last


def overdue_clause(today: dt.date) -> ColumnElement[bool]:
    """Live (open, in progress or awaiting sign-off) and due before ``today``."""
    return and_(
        Action.status.in_(LIVE_STATUSES), Action.due_date.is_not(None), Action.due_date < today
    )


def sign_off_clause() -> ColumnElement[bool]:
    """Done and waiting for both sides to sign it off (the Home card)."""
    return Action.status == ActionStatus.AWAITING_SIGN_OFF


def attention_clause(today: dt.date) -> ColumnElement[bool]:
    """Overdue or awaiting sign-off: the sidebar badge's rows, an action in both counted once."""
    return or_(overdue_clause(today), sign_off_clause())


def waiting_clause(sides: Iterable[Side]) -> ColumnElement[bool]:
    """Proposals waiting for one of ``sides`` to accept them: raised by the other side, not
    cancelled. The "waiting for me" count and its filter both use this, so they agree."""
    proposers = [other_side(side) for side in sides]
    return and_(Action.proposed_by.in_(proposers), Action.status != ActionStatus.CANCELLED)


def ordered(column: SqlColumn[Any], order: dict[Any, int]) -> ColumnElement[int]:
    """A CASE giving each stored enum value its display order (text order would be wrong)."""
    return case({key.value: rank for key, rank in order.items()}, value=column, else_=99)


def action_filters(
    filters: dict[str, Any], *, today: dt.date, user_id: int | None
) -> list[ColumnElement[bool]]:
    """WHERE clauses on ``Action`` for the documented filters; unknown keys are refused so a
    misspelt filter never silently shows everything."""
    unknown = sorted(set(filters) - FILTER_KEYS)
    if unknown:
        raise ValidationError(f"Unknown action filter: {', '.join(unknown)}.")
    clauses: list[ColumnElement[bool]] = []
    if (status := filters.get("status")) not in (None, [], ()):
        clauses.append(Action.status.in_(enum_values(status, ActionStatus, "action status")))
    if (source := filters.get("source")) not in (None, [], ()):
        clauses.append(Action.source.in_(enum_values(source, ActionSource, "action source")))
    if (pid := filters.get("management_owner_id")) is not None:
        clauses.append(Action.management_owner_id == int(pid))
    if (pid := filters.get("staff_side_owner_id")) is not None:
        clauses.append(Action.staff_side_owner_id == int(pid))
    if (pid := filters.get("owner_id")) is not None:
        clauses.append(
            or_(Action.management_owner_id == int(pid), Action.staff_side_owner_id == int(pid))
        )
    if filters.get("overdue"):
        clauses.append(overdue_clause(today))
    if (days := filters.get("due_within_days")) is not None:
        clauses.append(
            and_(
                Action.status.in_(LIVE_STATUSES),
                Action.due_date >= today,
                Action.due_date <= today + dt.timedelta(days=int(days)),
            )
        )
    if filters.get("attention"):
        clauses.append(attention_clause(today))
    if (waiting := filters.get("waiting_for")) not in (None, [], ()):
        clauses.append(waiting_clause(enum_values(waiting, Side, "side")))
    if filters.get("mine"):
        if user_id is None:
            clauses.append(false())
        else:
            me = select(User.person_id).where(User.id == user_id).scalar_subquery()
            clauses.append(or_(Action.management_owner_id == me, Action.staff_side_owner_id == me))
    return clauses


class ActionListSource(ListSource):
    """The action log table. Rows: reference, title, source, status (an ``ActionStatus`` value,
    or :data:`PROPOSED`), priority, due date, management owner name, staff-side owner name,
    overdue (bool). Open an action from its
    row with ``ActionLogService.get_by_reference(row[0])``."""

    columns = (
        Column("reference", "Reference", width=90),
        Column("title", "Title", width=320),
        Column("source", "Source", "enum", width=130),
        Column("status", "Status", "enum", width=150),
        Column("priority", "Priority", "enum", width=80),
        Column("due_date", "Due", "date", width=100),
        Column("management_owner", "Management owner", width=170),
        Column("staff_side_owner", "Staff-side owner", width=170),
        Column("overdue", "Overdue", "bool", width=80),
    )
    default_sort = "due_date"
    default_descending = False

    def __init__(self, db: Database, actor: Actor, today: dt.date | None = None) -> None:
        actor.require(Permission.READ_ACTIONS, "see the action log")
        super().__init__(db)
        self.actor = actor
        self._today = today
        self.search_columns = (Action.reference, Action.title)

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def _overdue_flag(self) -> ColumnElement[bool]:
        return type_coerce(case((overdue_clause(self.today), True), else_=False), Boolean)

    def base_query(self) -> AnySelect:
        return (
            select(
                Action.reference,
                Action.title,
                Action.source,
                # A proposal reads "proposed" until the other side accepts it.
                case(
                    (Action.proposed_by == Side.STAFF_SIDE, literal(PROPOSED)),
                    (Action.proposed_by == Side.MANAGEMENT, literal(PROPOSED_BY_MANAGEMENT)),
                    else_=Action.status,
                ).label("status"),
                Action.priority,
                Action.due_date,
                person_name(MANAGEMENT_OWNER).label("management_owner"),
                person_name(STAFF_SIDE_OWNER).label("staff_side_owner"),
                self._overdue_flag().label("overdue"),
            )
            .select_from(Action)
            .outerjoin(MANAGEMENT_OWNER, MANAGEMENT_OWNER.c.id == Action.management_owner_id)
            .outerjoin(STAFF_SIDE_OWNER, STAFF_SIDE_OWNER.c.id == Action.staff_side_owner_id)
        )

    def sort_expressions(self) -> dict[str, SqlColumn[Any]]:
        # Non-null expressions only: keyset comparison with NULL would drop rows.
        return {
            "reference": Action.reference,
            "title": Action.title,
            "source": Action.source,
            "status": ordered(Action.status, dict(STATUS_ORDER)),
            "priority": ordered(Action.priority, dict(PRIORITY_ORDER)),
            "due_date": func.coalesce(Action.due_date, FAR_FUTURE),
            "management_owner": func.coalesce(person_name(MANAGEMENT_OWNER), ""),
            "staff_side_owner": func.coalesce(person_name(STAFF_SIDE_OWNER), ""),
            "overdue": case((overdue_clause(self.today), 1), else_=0),
        }

    def id_column(self) -> SqlColumn[int]:
        return Action.id

    def filter_clauses(self, request: PageRequest) -> list[ColumnElement[bool]]:
        return action_filters(request.filters, today=self.today, user_id=self.actor.user_id)

    # -- for the export, which must list exactly what the screen lists
    def where(self, request: PageRequest) -> list[ColumnElement[bool]]:
        """Filter and search clauses of ``request`` (on ``Action`` and the owner aliases)."""
        return self._where(request)

    def order_by(self, request: PageRequest) -> list[ColumnElement[Any]]:
        expr, desc = self._sort(request)
        return [expr.desc(), Action.id.desc()] if desc else [expr.asc(), Action.id.asc()]

"""Read side of the action log: committee agenda and meetings, the packs' figures, export rows.

Aggregates are counted in SQL (GROUP BY), never by loading every action. The packs may call the
figures with only a pack permission: then owners' names are left out (board packs hold no staff
names), and the service, not the renderer, makes sure of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import Any
from typing import TypeVar

from sqlalchemy import Select
from sqlalchemy import and_
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import null
from sqlalchemy import select
from sqlalchemy import true
from sqlalchemy.orm import Session

from vpr_desktop.domain import action_rules as rules
from vpr_desktop.domain.base import aware
from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import ActionUpdateKind
from vpr_desktop.domain.enums import Priority
from vpr_desktop.domain.enums import Side
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.models import Action
from vpr_desktop.domain.models import ActionSignOff
from vpr_desktop.domain.models import ActionUpdate
from vpr_desktop.domain.models import CommitteeMeeting
from vpr_desktop.domain.models import MeetingActionReview
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import User
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.trust_time import trust_date
from vpr_desktop.services.actions.listing import FAR_FUTURE
from vpr_desktop.services.actions.listing import MANAGEMENT_OWNER
from vpr_desktop.services.actions.listing import STAFF_SIDE_OWNER
from vpr_desktop.services.actions.listing import ActionListSource
from vpr_desktop.services.actions.listing import action_filters
from vpr_desktop.services.actions.listing import overdue_clause
from vpr_desktop.services.actions.listing import person_name
from vpr_desktop.services.actions.listing import waiting_clause
from vpr_desktop.services.actions.records import ActionBrief
from vpr_desktop.services.actions.records import ActionExport
from vpr_desktop.services.actions.records import AgendaItem
from vpr_desktop.services.actions.records import ExportAction
from vpr_desktop.services.actions.records import ExportEntry
from vpr_desktop.services.actions.records import Meeting
from vpr_desktop.services.actions.records import MeetingDetail
from vpr_desktop.services.actions.records import ReviewedAction
from vpr_desktop.services.actions.records import StatusSourceCount
from vpr_desktop.services.actions.records import YouSaidWeDid
from vpr_desktop.services.actions.records import status_or_none
from vpr_desktop.services.common.dated import DatedService
from vpr_desktop.services.common.filter_values import enum_values
from vpr_desktop.services.common.paging import AnySelect
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.common.periods import on_trust_days
from vpr_desktop.services.common.same_named import from_same_named
from vpr_desktop.services.common.unit_of_work import reading

_E = TypeVar("_E", bound=StrEnum)
PACK_PERMISSIONS = frozenset(
    {Permission.READ_ACTIONS, Permission.GENERATE_BOARD_PACK, Permission.GENERATE_COMMITTEE_PACK}
)


class ActionQueries(DatedService):
    """Reads shared by the action-log service; see ``ActionLogService`` for the writes."""

    # ------------------------------------------------------------------ pack figures
    def _pack_names_allowed(self) -> bool:
        """Pack figures need READ_ACTIONS or a pack permission; names need READ_ACTIONS."""
        perms = self.actor.permissions
        if not perms & PACK_PERMISSIONS:
            self.actor.require(Permission.READ_ACTIONS, "see action log figures")
        return Permission.READ_ACTIONS in perms

    @staticmethod
    def _brief_query(names: bool = True) -> AnySelect:
        """Without ``names`` no person row is read (a board secretary's login may not)."""
        owners = (
            (person_name(MANAGEMENT_OWNER), person_name(STAFF_SIDE_OWNER))
            if names
            else (null(), null())
        )
        stmt = select(
            Action.id,
            Action.reference,
            Action.title,
            Action.source,
            Action.status,
            Action.priority,
            Action.due_date,
            *owners,
            Action.closed_at,
        ).select_from(Action)
        if not names:
            return stmt
        return stmt.outerjoin(
            MANAGEMENT_OWNER, MANAGEMENT_OWNER.c.id == Action.management_owner_id
        ).outerjoin(STAFF_SIDE_OWNER, STAFF_SIDE_OWNER.c.id == Action.staff_side_owner_id)

    @staticmethod
    def _briefs(session: Session, stmt: Select[Any], names: bool) -> list[ActionBrief]:
        return [
            ActionBrief(
                id=r[0],
                reference=r[1],
                title=r[2],
                source=ActionSource(r[3]),
                status=ActionStatus(r[4]),
                priority=Priority(r[5]),
                due_date=r[6],
                management_owner=r[7] if names else None,
                staff_side_owner=r[8] if names else None,
                closed_at=aware(r[9]),
            )
            for r in session.execute(stmt).all()
        ]

    def briefs(
        self, filters: dict[str, Any] | None = None, today: dt.date | None = None
    ) -> list[ActionBrief]:
        """Actions matching the list filters (e.g. ``{"status": [...], "source": "risk"}``),
        due date first: "actions by status and source" for a pack's table."""
        names = self._pack_names_allowed()
        clauses = action_filters(
            filters or {}, today=today or self.today, user_id=self.actor.user_id
        )
        stmt = (
            self._brief_query(names)
            .where(true(), *clauses)
            .order_by(func.coalesce(Action.due_date, FAR_FUTURE), Action.reference)
        )
        with reading(self.db) as session:
            return self._briefs(session, stmt, names)

    def counts_by_status_and_source(self) -> list[StatusSourceCount]:
        """How many actions of each source are in each status (only non-zero cells)."""
        self._pack_names_allowed()
        stmt = select(Action.status, Action.source, func.count()).group_by(
            Action.status, Action.source
        )
        with reading(self.db) as session:
            rows = session.execute(stmt).all()
        out = [StatusSourceCount(ActionStatus(s), ActionSource(src), int(n)) for s, src, n in rows]
        return sorted(out, key=lambda c: (rules.STATUS_ORDER[c.status], c.source.value))

    def waiting_counts(self) -> dict[Side, int]:
        """For each side this user acts for, how many proposals from the other side wait for
        it to accept them ("waiting for me"); counted with the list's ``waiting_for`` filter
        clause, so each count is the row count of the filter it opens."""
        self.actor.require(Permission.READ_ACTIONS, "see the action log")
        out: dict[Side, int] = {}
        with reading(self.db) as session:
            for side in sorted(rules.editing_sides(self.actor.permissions)):
                stmt = select(func.count()).select_from(Action).where(waiting_clause([side]))
                out[side] = int(session.scalar(stmt) or 0)
        return out

    def overdue(self, today: dt.date | None = None) -> tuple[int, list[ActionBrief]]:
        """Live actions due before ``today``: the count (SQL) and the rows, oldest due first."""
        names = self._pack_names_allowed()
        clause = overdue_clause(today or self.today)
        with reading(self.db) as session:
            count = int(session.scalar(select(func.count()).select_from(Action).where(clause)) or 0)
            rows = self._briefs(
                session,
                self._brief_query(names).where(clause).order_by(Action.due_date, Action.reference),
                names,
            )
        return count, rows

    def closed_between(self, start: dt.date, end: dt.date) -> list[ActionBrief]:
        """Actions closed (and still closed) on trust calendar days ``start``..``end``."""
        names = self._pack_names_allowed()
        stmt = (
            self._brief_query(names)
            .where(
                Action.status == ActionStatus.CLOSED,
                *on_trust_days(Action.closed_at, start, end),
            )
            .order_by(Action.closed_at, Action.reference)
        )
        with reading(self.db) as session:
            return self._briefs(session, stmt, names)

    def awaiting_sign_off_by_side(self) -> dict[Side, list[ActionBrief]]:
        """Actions awaiting sign-off that still lack each side's signature."""
        names = self._pack_names_allowed()
        out: dict[Side, list[ActionBrief]] = {}
        with reading(self.db) as session:
            for side in (Side.MANAGEMENT, Side.STAFF_SIDE):
                signed = exists().where(
                    ActionSignOff.action_id == Action.id, ActionSignOff.side == side
                )
                stmt = (
                    self._brief_query(names)
                    .where(
                        Action.status == ActionStatus.AWAITING_SIGN_OFF,
                        ~signed,
                    )
                    .order_by(func.coalesce(Action.due_date, FAR_FUTURE), Action.reference)
                )
                out[side] = self._briefs(session, stmt, names)
        return out

    def you_said_we_did(self, start: dt.date, end: dt.date) -> list[YouSaidWeDid]:
        """Incident-learning actions closed in the period: "you said, we did" for the packs."""
        self._pack_names_allowed()
        stmt = (
            select(
                Action.reference,
                Action.title,
                Action.description,
                Action.closed_at,
                Action.source_entity,
                Action.source_id,
            )
            .where(
                Action.source == ActionSource.INCIDENT_LEARNING,
                Action.status == ActionStatus.CLOSED,
                *on_trust_days(Action.closed_at, start, end),
            )
            .order_by(Action.closed_at, Action.reference)
        )
        with reading(self.db) as session:
            return [
                YouSaidWeDid(ref, title, desc, trust_date(closed), entity, sid)
                for ref, title, desc, closed, entity, sid in session.execute(stmt).all()
            ]

    # ------------------------------------------------------------------ meetings
    def meetings(self) -> list[Meeting]:
        """Committee meetings, newest first, with how many actions each reviewed."""
        self.actor.require(Permission.READ_ACTIONS, "see committee meetings")
        reviewed = (
            select(MeetingActionReview.meeting_id, func.count().label("n"))
            .group_by(MeetingActionReview.meeting_id)
            .subquery()
        )
        stmt = (
            select(CommitteeMeeting, func.coalesce(reviewed.c.n, 0))
            .outerjoin(reviewed, reviewed.c.meeting_id == CommitteeMeeting.id)
            .order_by(CommitteeMeeting.meeting_date.desc(), CommitteeMeeting.id.desc())
        )
        with reading(self.db) as session:
            return [_meeting(m, int(n)) for m, n in session.execute(stmt).all()]

    def meeting(self, meeting_id: int) -> MeetingDetail:
        self.actor.require(Permission.READ_ACTIONS, "see committee meetings")
        with reading(self.db) as session:
            m = session.get(CommitteeMeeting, meeting_id)
            if m is None:
                raise NotFoundError(f"Committee meeting {meeting_id} no longer exists.")
            rows = session.execute(
                select(
                    MeetingActionReview.action_id,
                    Action.reference,
                    Action.title,
                    Action.status,
                    MeetingActionReview.decision,
                )
                .join(Action, Action.id == MeetingActionReview.action_id)
                .where(MeetingActionReview.meeting_id == meeting_id)
                .order_by(Action.reference)
            ).all()
        reviews = tuple(ReviewedAction(a, ref, t, ActionStatus(s), d) for a, ref, t, s, d in rows)
        return MeetingDetail(_meeting(m, len(reviews)), reviews)

    def agenda(self, for_date: dt.date, due_soon_days: int = 28) -> list[AgendaItem]:
        """For the meeting on ``for_date``: live actions overdue, then those due within
        ``due_soon_days``, each with its last review at an earlier meeting."""
        self.actor.require(Permission.READ_ACTIONS, "see the committee agenda")
        horizon = for_date + dt.timedelta(days=due_soon_days)
        stmt = (
            self._brief_query()
            .where(
                Action.status.in_(rules.LIVE_STATUSES),
                Action.due_date.is_not(None),
                Action.due_date <= horizon,
            )
            .order_by(Action.due_date, Action.reference)
        )
        with reading(self.db) as session:
            briefs = self._briefs(session, stmt, names=True)
            last: dict[int, tuple[dt.date, str | None]] = {}
            if briefs:
                for aid, day, decision in session.execute(
                    select(
                        MeetingActionReview.action_id,
                        CommitteeMeeting.meeting_date,
                        MeetingActionReview.decision,
                    )
                    .join(CommitteeMeeting, CommitteeMeeting.id == MeetingActionReview.meeting_id)
                    .where(
                        MeetingActionReview.action_id.in_([b.id for b in briefs]),
                        CommitteeMeeting.meeting_date < for_date,
                    )
                    .order_by(CommitteeMeeting.meeting_date, CommitteeMeeting.id)
                ).all():
                    last[aid] = (day, decision)
        items = []
        for b in briefs:
            assert b.due_date is not None
            reviewed_on, decision = last.get(b.id, (None, None))
            items.append(
                AgendaItem(
                    category="overdue" if b.due_date < for_date else "due_soon",
                    action=b,
                    days_to_due=(b.due_date - for_date).days,
                    last_reviewed=reviewed_on,
                    last_decision=decision,
                )
            )
        return items  # due date order puts every overdue item before the due-soon ones

    # ------------------------------------------------------------------ export rows
    def export_rows(self, request: PageRequest | None = None) -> ActionExport:
        """The actions a list request shows (same filters, search and order) with their
        sign-offs and timeline, for the Excel export."""
        source = ActionListSource(self.db, self.actor, today=self.today)
        req = request or PageRequest()
        where = source.where(req)
        ids = select(Action.id).select_from(Action).where(and_(true(), *where))
        stmt = (
            select(Action, person_name(MANAGEMENT_OWNER), person_name(STAFF_SIDE_OWNER))
            .select_from(Action)
            .outerjoin(MANAGEMENT_OWNER, MANAGEMENT_OWNER.c.id == Action.management_owner_id)
            .outerjoin(STAFF_SIDE_OWNER, STAFF_SIDE_OWNER.c.id == Action.staff_side_owner_id)
            .where(and_(true(), *where))
            .order_by(*source.order_by(req))
        )
        with reading(self.db) as session:
            found = session.execute(stmt).all()
            signed: dict[tuple[int, Side], dt.datetime | None] = {
                (aid, Side(side)): aware(at)
                for aid, side, at in session.execute(
                    select(
                        ActionSignOff.action_id, ActionSignOff.side, ActionSignOff.signed_at
                    ).where(ActionSignOff.action_id.in_(ids))
                ).all()
            }
            entries = session.execute(
                select(ActionUpdate, User.display_name)
                .outerjoin(User, User.username == ActionUpdate.by_user)
                .where(ActionUpdate.action_id.in_(ids))
                .order_by(ActionUpdate.at, ActionUpdate.id)
            ).all()
            description = self._describe(session, req)
        position = {a.id: i for i, (a, _m, _s) in enumerate(found)}
        reference = {a.id: a.reference for a, _m, _s in found}
        actions = tuple(
            from_same_named(
                ExportAction,
                a,
                source=ActionSource(a.source),
                status=ActionStatus(a.status),
                priority=Priority(a.priority),
                overdue=rules.is_overdue(ActionStatus(a.status), a.due_date, self.today),
                management_owner=m,
                staff_side_owner=s,
                management_signed_at=signed.get((a.id, Side.MANAGEMENT)),
                staff_side_signed_at=signed.get((a.id, Side.STAFF_SIDE)),
                created_at=aware(a.created_at),
                closed_at=aware(a.closed_at),
            )
            for a, m, s in found
        )
        ordered = sorted(entries, key=lambda e: position[e[0].action_id])  # stable: keeps time
        timeline = tuple(
            ExportEntry(
                reference=reference[u.action_id],
                at=aware(u.at),
                by_name=name or u.by_user,
                side=Side(u.side) if u.side else None,
                kind=ActionUpdateKind(u.kind),
                text=u.text,
                old_status=status_or_none(u.old_status),
                new_status=status_or_none(u.new_status),
            )
            for u, name in ordered
        )
        return ActionExport(actions, timeline, description, self.today)

    def _describe(self, session: Session, req: PageRequest) -> str:
        """The request in words ("overdue; staff-side owner: Ann Lee"), for audit and sheet."""
        f = req.filters
        parts: list[str] = []
        parts += _labelled(f, "status", ActionStatus, rules.STATUS_LABELS)
        parts += _labelled(f, "source", ActionSource, rules.SOURCE_LABELS)
        for key, label in (
            ("management_owner_id", "management owner"),
            ("staff_side_owner_id", "staff-side owner"),
            ("owner_id", "owner"),
        ):
            if f.get(key) is not None:
                person = session.get(Person, int(f[key]))
                parts.append(f"{label}: {person.display_name if person else f[key]}")
        if f.get("overdue"):
            parts.append("overdue")
        if f.get("due_within_days") is not None:
            parts.append(f"due within {int(f['due_within_days'])} days")
        if f.get("mine"):
            parts.append("mine")
        if req.search.strip():
            parts.append(f"search '{req.search.strip()}'")
        return "; ".join(parts) or "all actions"


def _labelled(
    filters: Mapping[str, Any], key: str, enum: type[_E], labels: Mapping[_E, str]
) -> list[str]:
    """An enum filter in words for the export's description, ``["status: Open, In progress"]``,
    or nothing when the filter is not set: the status and the source filters said one way."""
    if filters.get(key) in (None, [], ()):
        return []
    members = enum_values(filters[key], enum, f"action {key}")
    return [f"{key}: " + ", ".join(labels[m] for m in members)]


def _meeting(m: CommitteeMeeting, reviewed: int) -> Meeting:
    return Meeting(
        id=m.id,
        committee=m.committee,
        meeting_date=m.meeting_date,
        notes=m.notes,
        reviewed=reviewed,
    )

"""One action read back whole, and what the signed-in actor may do with it.

The detail is what the action screen shows and every write returns, so a screen always redraws
from the state it just saved; :meth:`ActionDetails.capabilities` answers from
:mod:`vpr_desktop.domain.action_rules` so buttons show only what the rules allow.
:class:`~vpr_desktop.services.actions.service.ActionLogService` inherits it and adds the writes.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import ColumnElement
from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.orm import Session

from vpr_desktop.domain import action_rules as rules
from vpr_desktop.domain.action_rules import TransitionKind
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
from vpr_desktop.services.actions.queries import ActionQueries
from vpr_desktop.services.actions.records import ActionDetail
from vpr_desktop.services.actions.records import Capabilities
from vpr_desktop.services.actions.records import MeetingReview
from vpr_desktop.services.actions.records import SignOffState
from vpr_desktop.services.actions.records import TimelineEntry
from vpr_desktop.services.actions.records import status_or_none
from vpr_desktop.services.common.same_named import from_same_named
from vpr_desktop.services.common.unit_of_work import reading


class ActionDetails(ActionQueries):
    """One action read back whole (fields, owners, timeline, sign-off state) and what the actor may
    do with it."""

    # ------------------------------------------------------------------------------ reading
    def get(self, action_id: int) -> ActionDetail:
        """One action with its owners' names, timeline, sign-off state and meeting reviews."""
        self.actor.require(Permission.READ_ACTIONS, "see the action log")
        with reading(self.db) as session:
            action = session.get(Action, action_id)
            if action is None:
                raise NotFoundError(
                    f"Action {action_id} no longer exists.", "Refresh the list (F5)."
                )
            return self._detail(session, action)

    def get_by_reference(self, reference: str) -> ActionDetail:
        self.actor.require(Permission.READ_ACTIONS, "see the action log")
        with reading(self.db) as session:
            action = session.scalar(select(Action).where(Action.reference == reference.strip()))
            if action is None:
                raise NotFoundError(f"There is no action {reference}.", "Check the reference.")
            return self._detail(session, action)

    def _detail(self, session: Session, a: Action) -> ActionDetail:
        names = owner_names(session, [a.management_owner_id, a.staff_side_owner_id])
        entries = session.execute(
            select(ActionUpdate, User.display_name)
            .outerjoin(User, User.username == ActionUpdate.by_user)
            .where(ActionUpdate.action_id == a.id)
            .order_by(ActionUpdate.at, ActionUpdate.id)
        ).all()
        timeline = tuple(
            TimelineEntry(
                id=u.id,
                at=aware(u.at),
                kind=ActionUpdateKind(u.kind),
                text=u.text,
                by_user=u.by_user,
                by_name=name or u.by_user,
                side=Side(u.side) if u.side else None,
                old_status=status_or_none(u.old_status),
                new_status=status_or_none(u.new_status),
            )
            for u, name in entries
        )
        signed = {
            s.side: (s.signed_by, name, aware(s.signed_at))
            for s, name in session.execute(
                select(ActionSignOff, User.display_name)
                .outerjoin(User, User.username == ActionSignOff.signed_by)
                .where(ActionSignOff.action_id == a.id)
            ).all()
        }
        management, staff_side = (
            SignOffState(side, *(signed.get(side) or (None, None, None)))
            for side in (Side.MANAGEMENT, Side.STAFF_SIDE)
        )
        sign_offs = (management, staff_side)
        reviews = tuple(
            MeetingReview(
                meeting_id=m.id,
                committee=m.committee,
                meeting_date=m.meeting_date,
                decision=r.decision,
            )
            for r, m in session.execute(
                select(MeetingActionReview, CommitteeMeeting)
                .join(CommitteeMeeting, CommitteeMeeting.id == MeetingActionReview.meeting_id)
                .where(MeetingActionReview.action_id == a.id)
                .order_by(CommitteeMeeting.meeting_date, CommitteeMeeting.id)
            ).all()
        )
        status = ActionStatus(a.status)
        return from_same_named(
            ActionDetail,
            a,
            source=ActionSource(a.source),
            management_owner_name=names.get(a.management_owner_id),
            staff_side_owner_name=names.get(a.staff_side_owner_id),
            priority=Priority(a.priority),
            status=status,
            closed_at=aware(a.closed_at),
            created_at=aware(a.created_at),
            updated_at=aware(a.updated_at),
            overdue=rules.is_overdue(status, a.due_date, self.today),
            timeline=timeline,
            sign_offs=sign_offs,
            reviews=reviews,
            proposed_by=Side(a.proposed_by) if a.proposed_by is not None else None,
        )

    def capabilities(self, detail: ActionDetail) -> Capabilities:
        """What this user may do to ``detail`` now, from the same rules the writes enforce."""
        roles, perms = self.actor.roles, self.actor.permissions
        editing = rules.editing_sides(perms)
        signed = detail.signed_sides
        fields = (
            frozenset(f for f, side in rules.FIELD_SIDE.items() if side in editing)
            if detail.status in rules.EDITABLE_STATUSES
            else frozenset()
        )
        sign_as = frozenset(
            side
            for side in rules.signing_sides(roles, perms) - signed
            if detail.status is ActionStatus.AWAITING_SIGN_OFF  # marked done (check_sign_off)
            and detail.sign_off_for(
                Side.STAFF_SIDE if side is Side.MANAGEMENT else Side.MANAGEMENT
            ).signed_by
            != self.actor.username
        )
        targets = rules.targets_for(detail.status, roles, perms, signed)
        proposed = detail.proposed_by is not None
        if proposed:  # nothing moves until it is accepted, but management may cancel it
            targets = tuple(t for t in targets if t is ActionStatus.CANCELLED)
        kinds = {rules.TRANSITIONS[(detail.status, t)].kind for t in targets}
        return Capabilities(
            editable_fields=fields,
            can_add_update=bool(editing) and detail.status in rules.UPDATE_STATUSES,
            can_comment=bool(editing | rules.signing_sides(roles, perms)),
            sign_as=sign_as,
            status_targets=targets,
            can_reopen=TransitionKind.REOPEN in kinds,
            can_cancel=TransitionKind.CANCEL in kinds,
            can_accept=detail.proposed_by is not None
            and rules.other_side(detail.proposed_by) in editing,
        )


def person_names(session: Session, ids: list[int | None]) -> dict[int | None, str]:
    """Display names for the given person ids, in one query (None and unknown ids are left out)."""
    return _names(session, Person.id, Person.first_name, Person.last_name, ids)


def owner_names(session: Session, ids: list[int | None]) -> dict[int | None, str]:
    """Display names of action owners, read through ``vpr_named_person`` (migration 0007) so
    every role that sees the joint log sees who owns each action."""
    from vpr_desktop.services.common.named_people import NAMED_PERSON

    owner = NAMED_PERSON.c
    return _names(session, owner.id, owner.first_name, owner.last_name, ids)


_T = TypeVar("_T")
#: A person table's column: the ORM model's or the ``vpr_named_person`` view's.
_Column = ColumnElement[_T] | InstrumentedAttribute[_T]


def _names(
    session: Session,
    id_col: _Column[int],
    first_col: _Column[str],
    last_col: _Column[str],
    ids: list[int | None],
) -> dict[int | None, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {
        pid: f"{first} {last}"
        for pid, first, last in session.execute(
            select(id_col, first_col, last_col).where(id_col.in_(wanted))
        )
    }

"""The joint management / staff-side action log: create, edit, timeline, joint sign-off.

Every write is one :class:`UnitOfWork` (so its audit rows are written with it), checks the
caller's permission and side here rather than in a screen, and asks the pure rules in
:mod:`vpr_desktop.domain.action_rules` what is allowed. Results are frozen dataclasses
(:mod:`~vpr_desktop.services.actions.records`), never ORM objects. The reads for the agenda, the
packs and the export are inherited from
:class:`~vpr_desktop.services.actions.queries.ActionQueries`; the list is
:class:`~vpr_desktop.services.actions.listing.ActionListSource`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpr_desktop.domain import action_rules as rules
from vpr_desktop.domain.action_rules import FIELD_LABELS
from vpr_desktop.domain.action_rules import SIDE_NAMES
from vpr_desktop.domain.action_rules import STATUS_LABELS
from vpr_desktop.domain.action_rules import TransitionKind
from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import ActionUpdateKind
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import Side
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Action
from vpr_desktop.domain.models import ActionSignOff
from vpr_desktop.domain.models import ActionUpdate
from vpr_desktop.domain.models import CommitteeMeeting
from vpr_desktop.domain.models import MeetingActionReview
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.actions.details import ActionDetails
from vpr_desktop.services.actions.fields import check_link
from vpr_desktop.services.actions.fields import clean_fields
from vpr_desktop.services.actions.fields import describe_changes
from vpr_desktop.services.actions.fields import enum_value
from vpr_desktop.services.actions.records import ActionDetail
from vpr_desktop.services.actions.records import ActionDraft
from vpr_desktop.services.actions.records import Meeting
from vpr_desktop.services.actions.records import MeetingDetail
from vpr_desktop.services.common.numbered_insert import insert_numbered
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import audited_export

REFERENCE_PREFIX = "ACT-"


class ActionLogService(ActionDetails):
    """``ActionLogService(db, actor, today=None)``; ``today`` fixes "today" for overdue flags
    (tests and packs); left None it is the PC's date at each call."""

    # ------------------------------------------------------------------------------ writing
    def create(self, draft: ActionDraft) -> ActionDetail:
        """A new open action with a reference ``ACT-nnnn``. The log is joint, so either side
        raises actions (management, or the staff side); the raising side may name both owners
        agreed at the meeting, and afterwards each side changes only its own fields.

        An action one side raises is *proposed* (``proposed_by``) until the other side accepts
        it and names its owner (:meth:`accept`), both ways: each side answers for its half of
        the work, so nothing becomes live on a side's behalf without it, and both owners are
        named before it is live. Only someone acting for both sides who names both owners
        raises a live action (:func:`~vpr_desktop.domain.action_rules.proposing_side`)."""
        sides = rules.editing_sides(self.actor.permissions)
        if not sides:
            self.actor.require(Permission.EDIT_ACTIONS_MANAGEMENT, "raise actions")
        values = {
            "title": draft.title,
            "description": draft.description,
            "source": draft.source,
            "source_entity": draft.source_entity,
            "source_id": draft.source_id,
            "management_owner_id": draft.management_owner_id,
            "staff_side_owner_id": draft.staff_side_owner_id,
            "due_date": draft.due_date,
            "priority": draft.priority,
        }
        proposer = rules.proposing_side(
            sides,
            {
                Side.MANAGEMENT: draft.management_owner_id,
                Side.STAFF_SIDE: draft.staff_side_owner_id,
            },
        )
        raised_by = proposer or Side.MANAGEMENT
        with UnitOfWork(self.db, self.actor) as uow:
            clean = clean_fields(uow.session, values)
            check_link(uow.session, clean["source_entity"], clean["source_id"])
            clean["proposed_by"] = proposer
            action = self._insert_with_reference(uow.session, clean)
            self._entry(
                uow.session,
                action,
                ActionUpdateKind.STATUS_CHANGE,
                _proposed_text(proposer) if proposer is not None else "Action created.",
                raised_by,
                new=ActionStatus.OPEN,
            )
            action_id = action.id
        return self.get(action_id)

    def accept(self, action_id: int, expected_version: int, owner_id: int | None) -> ActionDetail:
        """The other side accepts an action one side proposed, naming its own owner
        (``owner_id``, required): management accepts the staff side's proposals, the staff
        side management's. The action is then live like any other -- once both owners are
        named, so a proposal whose raising side left its own owner out waits for that too.
        Refused for anyone who may not act for the accepting side (the proposing side cannot
        accept its own proposal), for an action not proposed, or without an owner."""
        if not rules.editing_sides(self.actor.permissions):
            self.actor.require(Permission.EDIT_ACTIONS_MANAGEMENT, "accept proposed actions")
        with UnitOfWork(self.db, self.actor) as uow:
            action = uow.get(Action, action_id, expected_version=expected_version)
            if action.proposed_by is None:
                raise ValidationError(f"{action.reference} is not waiting to be accepted.")
            proposer = Side(action.proposed_by)
            side = rules.other_side(proposer)
            self.actor.require(
                rules.EDIT_PERMISSION[side], f"accept actions for the {SIDE_NAMES[side]}"
            )
            field = rules.OWNER_FIELD[side]
            if owner_id is None:
                raise ValidationError(
                    f"Name the {FIELD_LABELS[field]} to accept this action.",
                    f"Choose who answers for it on the {SIDE_NAMES[side]}, then accept it.",
                )
            if getattr(action, rules.OWNER_FIELD[proposer]) is None:
                raise ValidationError(
                    f"Both owners are needed before {action.reference} is live, and the "
                    f"{SIDE_NAMES[proposer]} has not named its owner yet.",
                    f"Ask the {SIDE_NAMES[proposer]} to name its owner, then accept it.",
                )
            clean = clean_fields(uow.session, {field: owner_id})
            setattr(action, field, clean[field])
            action.proposed_by = None
            person = uow.session.get(Person, clean[field])
            who = f"{person.first_name} {person.last_name}" if person is not None else ""
            self._entry(
                uow.session,
                action,
                ActionUpdateKind.UPDATE,
                f"Accepted by {ACCEPTED_BY[side]}; {FIELD_LABELS[field]} {who}.",
                side,
            )
        return self.get(action_id)

    def update_fields(
        self, action_id: int, expected_version: int, changes: dict[str, Any]
    ) -> ActionDetail:
        """Change fields of one side (see ``action_rules.FIELD_SIDE``); the other side's fields
        are refused here whatever the screen allows. Writes one timeline entry naming them."""
        self.actor.require(Permission.READ_ACTIONS, "edit actions")
        sides = rules.editing_sides(self.actor.permissions)
        if not sides:
            raise PermissionDeniedError(f"{self.actor.display_name} may not edit actions.")
        with UnitOfWork(self.db, self.actor) as uow:
            action = uow.get(Action, action_id, expected_version=expected_version)
            rules.check_field_changes(changes, sides, ActionStatus(action.status))
            clean = clean_fields(uow.session, changes)
            changed = {k: v for k, v in clean.items() if getattr(action, k) != v}
            if changed:  # nothing changed: nothing written, no new version
                check_link(
                    uow.session,
                    changed.get("source_entity", action.source_entity),
                    changed.get("source_id", action.source_id),
                )
                text = describe_changes(uow.session, action, changed)
                for key, value in changed.items():
                    setattr(action, key, value)
                owners = {rules.FIELD_SIDE[k] for k in changed}
                side = next(iter(owners)) if len(owners) == 1 else None
                self._entry(uow.session, action, ActionUpdateKind.UPDATE, text, side)
        return self.get(action_id)

    def add_update(self, action_id: int, text: str, side: Side | None = None) -> ActionDetail:
        """A dated progress note by an owner of either side (live actions only)."""
        sides = rules.editing_sides(self.actor.permissions)
        chosen = rules.choose_side(sides, side, "add updates to actions")
        return self._note(action_id, ActionUpdateKind.UPDATE, text, chosen)

    def add_comment(self, action_id: int, text: str, side: Side | None = None) -> ActionDetail:
        """A comment; whoever edits or signs off actions may comment, at any status."""
        perms = self.actor.permissions
        sides = rules.editing_sides(perms) | rules.signing_sides(self.actor.roles, perms)
        chosen = rules.choose_side(sides, side, "comment on actions")
        return self._note(action_id, ActionUpdateKind.COMMENT, text, chosen)

    def _note(self, action_id: int, kind: ActionUpdateKind, text: str, side: Side) -> ActionDetail:
        body = (text or "").strip()
        if not body:
            raise ValidationError(f"Write the {kind.value} first; it is empty.")
        with UnitOfWork(self.db, self.actor) as uow:
            action = uow.get(Action, action_id)
            status = ActionStatus(action.status)
            if kind is ActionUpdateKind.UPDATE and status not in rules.UPDATE_STATUSES:
                raise ValidationError(
                    f"This action is {STATUS_LABELS[status].lower()}; add a comment instead, "
                    "or reopen it if work is needed."
                )
            self._entry(uow.session, action, kind, body, side)
        return self.get(action_id)

    def set_status(
        self,
        action_id: int,
        expected_version: int,
        new_status: ActionStatus | str,
        reason: str | None = None,
        side: Side | None = None,
    ) -> ActionDetail:
        """Move along ``action_rules.TRANSITIONS``; writes a status-change (or reopen) entry.
        Closing is refused until both sides have signed (``sign_off`` closes by itself)."""
        self.actor.require(Permission.READ_ACTIONS, "change actions")
        target = _status(new_status)
        with UnitOfWork(self.db, self.actor) as uow:
            action = uow.get(Action, action_id, expected_version=expected_version)
            self._transition(uow, action, target, reason, side)
        return self.get(action_id)

    def cancel(self, action_id: int, expected_version: int, reason: str) -> ActionDetail:
        """Management cancels with a reason (kept on the action and in the timeline)."""
        return self.set_status(
            action_id, expected_version, ActionStatus.CANCELLED, reason, Side.MANAGEMENT
        )

    def reopen(
        self,
        action_id: int,
        reason: str,
        side: Side | None = None,
        expected_version: int | None = None,
    ) -> ActionDetail:
        """Either side reopens an action awaiting sign-off or closed (management also a
        cancelled one): signatures are cleared and it goes back to in progress."""
        self.actor.require(Permission.READ_ACTIONS, "reopen actions")
        with UnitOfWork(self.db, self.actor) as uow:
            action = uow.get(Action, action_id, expected_version=expected_version)
            old = ActionStatus(action.status)
            t = rules.TRANSITIONS.get((old, ActionStatus.IN_PROGRESS))
            if t is None or t.kind is not TransitionKind.REOPEN:
                raise ValidationError(
                    f"This action is {STATUS_LABELS[old].lower()}; there is nothing to reopen."
                )
            self._transition(uow, action, ActionStatus.IN_PROGRESS, reason, side)
        return self.get(action_id)

    def sign_off(
        self,
        action_id: int,
        side: Side | None = None,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> ActionDetail:
        """Sign for the side the user's role gives (VPR lead or committee chair: management;
        staff-side rep: staff side). The first signature marks the action awaiting sign-off;
        the second, by someone else, closes it with ``closed_at`` and a timeline entry."""
        signing = rules.signing_sides(self.actor.roles, self.actor.permissions)
        chosen = rules.choose_side(signing, side, "sign off actions")
        with UnitOfWork(self.db, self.actor) as uow:
            action = uow.get(Action, action_id, expected_version=expected_version)
            signed_by = {
                s: by
                for s, by in uow.session.execute(
                    select(ActionSignOff.side, ActionSignOff.signed_by).where(
                        ActionSignOff.action_id == action.id
                    )
                ).all()
            }
            old = ActionStatus(action.status)
            new = rules.check_sign_off(old, chosen, signed_by, self.actor.username)
            now = utcnow()
            uow.session.add(
                ActionSignOff(
                    action_id=action.id, side=chosen, signed_by=self.actor.username, signed_at=now
                )
            )
            self._entry(
                uow.session,
                action,
                ActionUpdateKind.SIGN_OFF,
                (note or "").strip() or f"Signed off ({SIDE_NAMES[chosen]}).",
                chosen,
                at=now,
            )
            if new is not old:
                text = (
                    "Closed: signed off by both sides."
                    if new is ActionStatus.CLOSED
                    else "Awaiting the other side's sign-off."
                )
                self._entry(
                    uow.session,
                    action,
                    ActionUpdateKind.STATUS_CHANGE,
                    text,
                    chosen,
                    old=old,
                    new=new,
                    at=now,
                )
                action.status = new
                if new is ActionStatus.CLOSED:
                    action.closed_at = now
            action.updated_at = now  # bumps the version: concurrent signatures conflict
            uow.audit(
                AuditAction.SIGN_OFF,
                "action",
                action.id,
                detail=f"{action.reference} signed off by the {SIDE_NAMES[chosen]}",
            )
        return self.get(action_id)

    # ------------------------------------------------------------------------------ meetings
    def create_meeting(
        self, committee: str, meeting_date: dt.date, notes: str | None = None
    ) -> Meeting:
        """Record a committee meeting (management keeps the log, so management records it)."""
        self.actor.require(Permission.EDIT_ACTIONS_MANAGEMENT, "record committee meetings")
        name = (committee or "").strip()
        if not name or len(name) > 255:
            raise ValidationError("Name the committee that met (up to 255 characters).")
        day: object = meeting_date  # checked at run time too: the CLI passes what it parsed
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise ValidationError("The meeting date must be a date (YYYY-MM-DD).")
        with UnitOfWork(self.db, self.actor) as uow:
            meeting = CommitteeMeeting(
                committee=name, meeting_date=meeting_date, notes=(notes or "").strip() or None
            )
            uow.session.add(meeting)
            uow.session.flush()
            result = Meeting(meeting.id, meeting.committee, meeting.meeting_date, meeting.notes, 0)
        return result

    def record_review(self, meeting_id: int, action_id: int, decision: str | None) -> MeetingDetail:
        """Note that a meeting reviewed an action and what it decided (again: replaces the
        decision); the action's timeline gets the decision too, so its story reads whole."""
        self.actor.require(Permission.EDIT_ACTIONS_MANAGEMENT, "record committee reviews")
        text = (decision or "").strip() or None
        with UnitOfWork(self.db, self.actor) as uow:
            meeting = uow.get(CommitteeMeeting, meeting_id)
            action = uow.get(Action, action_id)
            review = uow.session.scalar(
                select(MeetingActionReview).where(
                    MeetingActionReview.meeting_id == meeting_id,
                    MeetingActionReview.action_id == action_id,
                )
            )
            if review is None:
                uow.session.add(
                    MeetingActionReview(meeting_id=meeting_id, action_id=action_id, decision=text)
                )
            else:
                review.decision = text
            self._entry(
                uow.session,
                action,
                ActionUpdateKind.UPDATE,
                f"Reviewed at {meeting.committee} on {meeting.meeting_date.isoformat()}"
                + (f": {text}" if text else "."),
                Side.MANAGEMENT,
            )
        return self.meeting(meeting_id)

    # ------------------------------------------------------------------------------ helpers
    def _transition(
        self,
        uow: UnitOfWork,
        action: Action,
        target: ActionStatus,
        reason: str | None,
        side: Side | None,
    ) -> None:
        old = ActionStatus(action.status)
        if action.proposed_by is not None and target is not ActionStatus.CANCELLED:
            proposer = Side(action.proposed_by)
            accepter = rules.other_side(proposer)
            raise ValidationError(
                f"{action.reference} is proposed by the {SIDE_NAMES[proposer]} and not yet "
                "accepted.",
                f"The {SIDE_NAMES[accepter]} accepts it and names its owner first "
                "(or management cancels it, saying why).",
            )
        signed = frozenset(
            Side(s)
            for s in uow.session.scalars(
                select(ActionSignOff.side).where(ActionSignOff.action_id == action.id)
            )
        )
        known = rules.TRANSITIONS.get((old, target))
        kind = known.kind if known else TransitionKind.PROGRESS
        sides = rules.sides_for(kind, self.actor.roles, self.actor.permissions)
        t = rules.check_transition(old, target, sides=sides, signed=signed, reason=reason)
        chosen = rules.choose_side(sides & t.sides, side, f"{t.kind.value} actions")
        why = (reason or "").strip() or None
        now = utcnow()
        if t.kind in (TransitionKind.CANCEL, TransitionKind.REOPEN):
            # ORM deletes (not a bulk DELETE) so each withdrawn signature is audited.
            for sign_off in uow.session.scalars(
                select(ActionSignOff)
                .where(ActionSignOff.action_id == action.id)
                .order_by(ActionSignOff.id)
            ):
                uow.session.delete(sign_off)
        if t.kind is TransitionKind.CANCEL:
            action.cancel_reason = why
        if t.kind is TransitionKind.REOPEN:
            action.cancel_reason = None
            action.closed_at = None
        if t.kind is TransitionKind.CLOSE:
            action.closed_at = now
        action.status = target
        action.updated_at = now
        kind_entry = (
            ActionUpdateKind.REOPEN
            if t.kind is TransitionKind.REOPEN
            else ActionUpdateKind.STATUS_CHANGE
        )
        self._entry(uow.session, action, kind_entry, why, chosen, old=old, new=target, at=now)

    def _entry(
        self,
        session: Session,
        action: Action,
        kind: ActionUpdateKind,
        text: str | None,
        side: Side | None,
        *,
        old: ActionStatus | None = None,
        new: ActionStatus | None = None,
        at: dt.datetime | None = None,
    ) -> None:
        session.add(
            ActionUpdate(
                action_id=action.id,
                kind=kind,
                text=text,
                by_user=self.actor.username,
                side=side,
                at=at or utcnow(),
                old_status=old.value if old else None,
                new_status=new.value if new else None,
            )
        )

    def _insert_with_reference(self, session: Session, values: dict[str, Any]) -> Action:
        """Insert with the next ``ACT-nnnn``; a clash with a concurrent writer tries the next."""

        def build(_attempt: int) -> Action:
            refs = session.scalars(
                select(Action.reference).where(Action.reference.like(REFERENCE_PREFIX + "%"))
            ).all()
            numbers = [
                int(r[len(REFERENCE_PREFIX) :])
                for r in refs
                if r[len(REFERENCE_PREFIX) :].isdigit()
            ]
            reference = f"{REFERENCE_PREFIX}{max(numbers, default=0) + 1:04d}"
            return Action(reference=reference, status=ActionStatus.OPEN, **values)

        return insert_numbered(session, build, "action")

    @contextmanager
    def recording_export(self, file_name: str, detail: str) -> Iterator[None]:
        """Audit an export in one transaction around the step that publishes the file, so a
        file that failed to appear is not audited (the reports layer moves the file inside)."""
        self.actor.require(Permission.READ_ACTIONS, "export the action log")
        with audited_export(self.db, self.actor, "action", f"{file_name}: {detail}"):
            yield


#: Who accepted, as the timeline says it ("Accepted by the staff side; …").
ACCEPTED_BY = {Side.MANAGEMENT: "management", Side.STAFF_SIDE: "the staff side"}


def _proposed_text(proposer: Side) -> str:
    """The timeline's first entry for a proposal: who proposed it and who accepts it."""
    accepter = rules.other_side(proposer)
    return (
        f"Action proposed by the {SIDE_NAMES[proposer]}; "
        f"{ACCEPTED_BY[accepter]} accepts it and names its owner."
    )


def _status(value: ActionStatus | str) -> ActionStatus:
    return enum_value(value, ActionStatus, "status")

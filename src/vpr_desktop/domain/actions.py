"""Joint management / staff-side action log, committee meetings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from vpr_desktop.domain.base import Entity
from vpr_desktop.domain.base import enum_column
from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import ActionUpdateKind
from vpr_desktop.domain.enums import Priority
from vpr_desktop.domain.enums import Side


class Action(Entity):
    """An improvement action owned jointly by a management and a staff-side owner."""

    __tablename__ = "action"
    __table_args__ = (
        Index("ix_action_status_due", "status", "due_date"),
        Index("ix_action_source", "source", "source_entity", "source_id"),
    )

    reference: Mapped[str] = mapped_column(String(30), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    source: Mapped[ActionSource] = enum_column(ActionSource)
    source_entity: Mapped[str | None] = mapped_column(String(60))
    source_id: Mapped[int | None]
    management_owner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    staff_side_owner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    due_date: Mapped[dt.date | None]
    priority: Mapped[Priority] = enum_column(Priority, default=Priority.MEDIUM)
    status: Mapped[ActionStatus] = enum_column(ActionStatus, default=ActionStatus.OPEN)
    #: The side that proposed the action, while it waits for the other side to accept it and
    #: name its owner (None: agreed, live). Its status stays open meanwhile, but it cannot
    #: move on until accepted (``ActionLogService.accept``).
    proposed_by: Mapped[Side | None] = enum_column(Side, nullable=True)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[dt.datetime | None]

    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action", order_by="ActionUpdate.at"
    )
    sign_offs: Mapped[list[ActionSignOff]] = relationship(back_populates="action")


class ActionUpdate(Entity):
    """The action's timeline: updates, comments, status changes, sign-offs, reopenings."""

    __tablename__ = "action_update"

    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    kind: Mapped[ActionUpdateKind] = enum_column(ActionUpdateKind)
    text: Mapped[str | None] = mapped_column(Text)
    by_user: Mapped[str] = mapped_column(String(120))
    side: Mapped[Side | None] = enum_column(Side, nullable=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    old_status: Mapped[str | None] = mapped_column(String(40))
    new_status: Mapped[str | None] = mapped_column(String(40))

    action: Mapped[Action] = relationship(back_populates="updates")


class ActionSignOff(Entity):
    """One per side; an action closes only when both sides hold a current sign-off."""

    __tablename__ = "action_sign_off"
    __table_args__ = (UniqueConstraint("action_id", "side"),)

    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"))
    side: Mapped[Side] = enum_column(Side)
    signed_by: Mapped[str] = mapped_column(String(120))
    signed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    action: Mapped[Action] = relationship(back_populates="sign_offs")


class CommitteeMeeting(Entity):
    """A committee meeting at which actions were reviewed."""

    __tablename__ = "committee_meeting"

    committee: Mapped[str]
    meeting_date: Mapped[dt.date] = mapped_column(index=True)
    notes: Mapped[str | None] = mapped_column(Text)


class MeetingActionReview(Entity):
    """One action reviewed at one meeting, with the decision recorded."""

    __tablename__ = "meeting_action_review"
    __table_args__ = (UniqueConstraint("meeting_id", "action_id"),)

    meeting_id: Mapped[int] = mapped_column(ForeignKey("committee_meeting.id"))
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    decision: Mapped[str | None] = mapped_column(Text)

"""Plain, frozen results of the action-log service: what screens, packs and exports receive.

No ORM object leaves the service: a detached ORM row would lazy-load on a closed session in a
screen, and a mutable one could be edited without a unit of work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# ``aware`` is read from here by other capabilities' code; it lives with ``utcnow``.
from vpr_desktop.domain.base import aware as aware
from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import ActionUpdateKind
from vpr_desktop.domain.enums import Priority
from vpr_desktop.domain.enums import Side


def status_or_none(value: str | None) -> ActionStatus | None:
    """A stored status as the enum, or None when blank or unknown to this version."""
    try:
        return ActionStatus(value) if value else None
    except ValueError:  # a value from an older version: shown as no status rather than failing
        return None


@dataclass(frozen=True)
class ActionDraft:
    """What ``ActionLogService.create`` needs; owners are Person ids."""

    title: str
    source: ActionSource
    description: str | None = None
    source_entity: str | None = None  # a table name from action_rules.SOURCE_ENTITIES
    source_id: int | None = None
    management_owner_id: int | None = None
    staff_side_owner_id: int | None = None
    due_date: dt.date | None = None
    priority: Priority = Priority.MEDIUM


@dataclass(frozen=True)
class TimelineEntry:
    """One dated entry of an action's timeline: an update, comment, status change or sign-off."""

    id: int
    at: dt.datetime
    kind: ActionUpdateKind
    text: str | None
    by_user: str  # login name
    by_name: str  # display name (the login name when the account is gone)
    side: Side | None
    old_status: ActionStatus | None
    new_status: ActionStatus | None


@dataclass(frozen=True)
class SignOffState:
    """One side's sign-off of an action: who signed and when, or not yet."""

    side: Side
    signed_by: str | None
    signed_by_name: str | None
    signed_at: dt.datetime | None

    @property
    def signed(self) -> bool:
        """Whether this side has signed."""
        return self.signed_by is not None


@dataclass(frozen=True)
class MeetingReview:
    """A committee's review of an action at one meeting, with its decision."""

    meeting_id: int
    committee: str
    meeting_date: dt.date
    decision: str | None


@dataclass(frozen=True)
class ActionDetail:
    """One action in full, for its panel: fields, timeline, sign-offs and reviews."""

    id: int
    reference: str
    title: str
    description: str | None
    source: ActionSource
    source_entity: str | None
    source_id: int | None
    management_owner_id: int | None
    management_owner_name: str | None
    staff_side_owner_id: int | None
    staff_side_owner_name: str | None
    due_date: dt.date | None
    priority: Priority
    status: ActionStatus
    cancel_reason: str | None
    closed_at: dt.datetime | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    version: int  # pass back as expected_version when saving
    overdue: bool
    timeline: tuple[TimelineEntry, ...]  # oldest first
    sign_offs: tuple[SignOffState, SignOffState]  # (management, staff side)
    reviews: tuple[MeetingReview, ...]  # committee reviews, oldest first
    #: The side that proposed it, while the other side has not accepted it (None: agreed).
    proposed_by: Side | None = None

    @property
    def signed_sides(self) -> frozenset[Side]:
        """The sides that have signed off."""
        return frozenset(s.side for s in self.sign_offs if s.signed)

    @property
    def awaiting_sides(self) -> frozenset[Side]:
        """Sides whose signature is still missing."""
        return frozenset(s.side for s in self.sign_offs if not s.signed)

    def sign_off_for(self, side: Side) -> SignOffState:
        """The sign-off state of ``side``."""
        return self.sign_offs[0] if side is Side.MANAGEMENT else self.sign_offs[1]


@dataclass(frozen=True)
class Capabilities:
    """What the current user may do to one action now (to enable buttons and fields)."""

    editable_fields: frozenset[str]
    can_add_update: bool
    can_comment: bool
    sign_as: frozenset[Side]  # sides this user could sign for now
    status_targets: tuple[ActionStatus, ...]  # for set_status (reopen ones need a reason)
    can_reopen: bool
    can_cancel: bool
    #: A proposal from the other side this user may accept, naming their side's owner.
    can_accept: bool = False


@dataclass(frozen=True)
class ActionBrief:
    """A short row for packs and agendas. Owner names are None for a caller who may not see
    the log itself (a board pack: no staff names)."""

    id: int
    reference: str
    title: str
    source: ActionSource
    status: ActionStatus
    priority: Priority
    due_date: dt.date | None
    management_owner: str | None
    staff_side_owner: str | None
    closed_at: dt.datetime | None = None


@dataclass(frozen=True)
class StatusSourceCount:
    """How many actions have one status and source (for pack tables)."""

    status: ActionStatus
    source: ActionSource
    count: int


@dataclass(frozen=True)
class YouSaidWeDid:
    """An incident-learning action closed in the period: what was raised and what was done."""

    reference: str
    title: str
    description: str | None
    closed_on: dt.date
    source_entity: str | None
    source_id: int | None


@dataclass(frozen=True)
class Meeting:
    """A committee meeting and how many actions it reviewed."""

    id: int
    committee: str
    meeting_date: dt.date
    notes: str | None
    reviewed: int  # how many actions it reviewed


@dataclass(frozen=True)
class ReviewedAction:
    """An action as reviewed at a meeting, with the decision."""

    action_id: int
    reference: str
    title: str
    status: ActionStatus
    decision: str | None


@dataclass(frozen=True)
class MeetingDetail:
    """A meeting with the actions it reviewed."""

    meeting: Meeting
    reviews: tuple[ReviewedAction, ...]


@dataclass(frozen=True)
class AgendaItem:
    """An action for a meeting's agenda: overdue or due soon, with its last review."""

    category: str  # "overdue" | "due_soon"
    action: ActionBrief
    days_to_due: int  # negative when overdue
    last_reviewed: dt.date | None
    last_decision: str | None


@dataclass(frozen=True)
class ExportAction:
    """One action as a row of the action log export."""

    reference: str
    title: str
    description: str | None
    source: ActionSource
    source_entity: str | None
    source_id: int | None
    status: ActionStatus
    priority: Priority
    due_date: dt.date | None
    overdue: bool
    management_owner: str | None
    staff_side_owner: str | None
    management_signed_at: dt.datetime | None
    staff_side_signed_at: dt.datetime | None
    cancel_reason: str | None
    created_at: dt.datetime | None
    closed_at: dt.datetime | None


@dataclass(frozen=True)
class ExportEntry:
    """One timeline entry as a row of the action log export."""

    reference: str
    at: dt.datetime
    by_name: str
    side: Side | None
    kind: ActionUpdateKind
    text: str | None
    old_status: ActionStatus | None
    new_status: ActionStatus | None


@dataclass(frozen=True)
class ActionExport:
    """Everything an export of the log (or a filtered view of it) writes."""

    actions: tuple[ExportAction, ...]
    timeline: tuple[ExportEntry, ...]
    description: str  # which filters, in words, for the audit trail and the sheet
    today: dt.date

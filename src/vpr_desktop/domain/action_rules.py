"""Rules of the joint action log as pure tables, so the service, the screens and the tests agree.

Management and the staff side (trade unions) co-own every action. Each editable field belongs to
one side; a status change is allowed only along :data:`TRANSITIONS`; an action closes only when
both sides have signed it off, and two different people must sign. Nothing here touches the
database: the service loads the facts, asks these functions, and writes the outcome.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import ActionUpdateKind
from vpr_desktop.domain.enums import Priority
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import Side
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.permissions import Permission

St = ActionStatus
M, S = Side.MANAGEMENT, Side.STAFF_SIDE
BOTH = frozenset({M, S})

#: Statuses of an action that still needs work or a signature (counted as overdue when late).
LIVE_STATUSES = frozenset({St.OPEN, St.IN_PROGRESS, St.AWAITING_SIGN_OFF})
#: Fields may change only while work is going on: a signature is given for fixed content, so
#: an action awaiting sign-off, closed or cancelled must be reopened before it is edited.
EDITABLE_STATUSES = frozenset({St.OPEN, St.IN_PROGRESS})
#: Progress notes make sense only on a live action; comments are welcome at any time.
UPDATE_STATUSES = LIVE_STATUSES

#: Which side owns each field people edit (``update_fields``). Cancelling is management's too,
#: but it is a status change with a reason, so it lives in :data:`TRANSITIONS`.
FIELD_SIDE: Mapping[str, Side] = MappingProxyType(
    {
        "title": M,
        "description": M,
        "source": M,
        "source_entity": M,
        "source_id": M,
        "management_owner_id": M,
        "due_date": M,
        "priority": M,
        "staff_side_owner_id": S,
    }
)
EDITABLE_FIELDS = frozenset(FIELD_SIDE)

#: The permission that lets a user edit one side's fields.
EDIT_PERMISSION: Mapping[Side, Permission] = MappingProxyType(
    {
        M: Permission.EDIT_ACTIONS_MANAGEMENT,
        S: Permission.EDIT_ACTIONS_STAFF_SIDE,
    }
)

#: Whose signature a role gives (with the SIGN_OFF_ACTIONS permission).
SIGN_OFF_SIDE_BY_ROLE: Mapping[Role, Side] = MappingProxyType(
    {
        Role.VPR_LEAD: M,
        Role.COMMITTEE_CHAIR: M,
        Role.STAFF_SIDE_REP: S,
    }
)

#: Records an action may link back to (``source_entity`` is the table name).
SOURCE_ENTITIES: Mapping[str, str] = MappingProxyType(
    {
        "rating": "Assessment rating",
        "indicator": "Standard indicator",
        "assessment_cycle": "Assessment cycle",
        "risk_assessment": "Risk assessment",
        "risk_control": "Risk control",
        "incident": "Incident",
        "committee_meeting": "Committee meeting",
    }
)

STATUS_LABELS: Mapping[ActionStatus, str] = MappingProxyType(
    {
        St.OPEN: "Open",
        St.IN_PROGRESS: "In progress",
        St.AWAITING_SIGN_OFF: "Done — awaiting sign-off",
        St.CLOSED: "Closed",
        St.CANCELLED: "Cancelled",
    }
)
SOURCE_LABELS: Mapping[ActionSource, str] = MappingProxyType(
    {
        ActionSource.ASSESSMENT_GAP: "Assessment gap",
        ActionSource.RISK: "Risk",
        ActionSource.INCIDENT_LEARNING: "Incident learning",
        ActionSource.COMMITTEE: "Committee",
        ActionSource.HSE_CQC_FINDING: "HSE or CQC finding",
        ActionSource.OTHER: "Other",
    }
)
PRIORITY_LABELS: Mapping[Priority, str] = MappingProxyType(
    {Priority.LOW: "Low", Priority.MEDIUM: "Medium", Priority.HIGH: "High"}
)
SIDE_LABELS: Mapping[Side, str] = MappingProxyType({M: "Management", S: "Staff side"})
#: A side named in a sentence ("for the management side").
SIDE_NAMES: Mapping[Side, str] = MappingProxyType({M: "management side", S: "staff side"})
KIND_LABELS: Mapping[ActionUpdateKind, str] = MappingProxyType(
    {
        ActionUpdateKind.UPDATE: "Update",
        ActionUpdateKind.COMMENT: "Comment",
        ActionUpdateKind.STATUS_CHANGE: "Status change",
        ActionUpdateKind.SIGN_OFF: "Sign-off",
        ActionUpdateKind.REOPEN: "Reopened",
    }
)
FIELD_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "title": "title",
        "description": "description",
        "source": "source",
        "source_entity": "source record",
        "source_id": "source record",
        "management_owner_id": "management owner",
        "staff_side_owner_id": "staff-side owner",
        "due_date": "due date",
        "priority": "priority",
    }
)
#: Sort order for the status and priority columns (their stored text sorts wrongly).
STATUS_ORDER: Mapping[ActionStatus, int] = MappingProxyType(
    {s: i for i, s in enumerate(STATUS_LABELS)}
)
PRIORITY_ORDER: Mapping[Priority, int] = MappingProxyType(
    {Priority.HIGH: 0, Priority.MEDIUM: 1, Priority.LOW: 2}
)


class TransitionKind(StrEnum):
    """The kind of status change, which decides who may make it and what it needs."""

    PROGRESS = "progress"  # work moves on (open, in progress, done)
    CLOSE = "close"  # only when both sides have signed
    CANCEL = "cancel"  # management, with a reason
    REOPEN = "reopen"  # either side, with a reason; clears the signatures


@dataclass(frozen=True)
class Transition:
    """One allowed status change: from, to, its kind, which sides may make it, whether a reason
    is needed.
    """

    old: ActionStatus
    new: ActionStatus
    kind: TransitionKind
    sides: frozenset[Side]  # which side may make it
    needs_reason: bool = False


def _t(
    old: St, new: St, kind: TransitionKind, sides: frozenset[Side], reason: bool = False
) -> tuple[tuple[St, St], Transition]:
    return (old, new), Transition(old, new, kind, sides, reason)


K = TransitionKind
TRANSITIONS: Mapping[tuple[ActionStatus, ActionStatus], Transition] = MappingProxyType(
    dict(
        [
            _t(St.OPEN, St.IN_PROGRESS, K.PROGRESS, BOTH),
            _t(St.IN_PROGRESS, St.OPEN, K.PROGRESS, BOTH),
            _t(St.OPEN, St.AWAITING_SIGN_OFF, K.PROGRESS, BOTH),
            _t(St.IN_PROGRESS, St.AWAITING_SIGN_OFF, K.PROGRESS, BOTH),
            _t(St.AWAITING_SIGN_OFF, St.CLOSED, K.CLOSE, BOTH),
            _t(St.OPEN, St.CANCELLED, K.CANCEL, frozenset({M}), reason=True),
            _t(St.IN_PROGRESS, St.CANCELLED, K.CANCEL, frozenset({M}), reason=True),
            _t(St.AWAITING_SIGN_OFF, St.CANCELLED, K.CANCEL, frozenset({M}), reason=True),
            _t(St.AWAITING_SIGN_OFF, St.IN_PROGRESS, K.REOPEN, BOTH, reason=True),
            _t(St.CLOSED, St.IN_PROGRESS, K.REOPEN, BOTH, reason=True),
            _t(St.CANCELLED, St.IN_PROGRESS, K.REOPEN, frozenset({M}), reason=True),
        ]
    )
)

REASON_PROMPTS: Mapping[TransitionKind, str] = MappingProxyType(
    {
        K.CANCEL: "Give a reason for cancelling",
        K.REOPEN: "Give a reason for reopening",
        K.PROGRESS: "Give a reason",
        K.CLOSE: "Give a reason",
    }
)


# ----------------------------------------------------------------------------- who acts as what


def editing_sides(permissions: Iterable[Permission]) -> frozenset[Side]:
    """The sides whose fields (and progress) a user may change."""
    perms = frozenset(permissions)
    return frozenset(side for side, perm in EDIT_PERMISSION.items() if perm in perms)


#: The owner field each side names (accepting a proposal names the accepting side's owner).
OWNER_FIELD: Mapping[Side, str] = MappingProxyType(
    {M: "management_owner_id", S: "staff_side_owner_id"}
)


def other_side(side: Side) -> Side:
    """The side across the table."""
    return S if side is M else M


def proposing_side(editing: Iterable[Side], owners: Mapping[Side, int | None]) -> Side | None:
    """Who an action just raised is proposed by, or None when it is live at once.

    Both sides own every action, so one raised by one side is only *proposed* until the other
    side accepts it and names its owner -- both ways. Only someone who may act for both sides
    and names both owners raises a live action (both sides agreed, both owners known). Someone
    holding both permissions who leaves an owner out proposes it as management.
    """
    sides = frozenset(editing)
    if sides >= BOTH and all(owners.get(side) is not None for side in BOTH):
        return None
    return M if M in sides else S


def signing_sides(roles: Iterable[Role], permissions: Iterable[Permission]) -> frozenset[Side]:
    """The sides a user may sign for: from their role, and only with SIGN_OFF_ACTIONS."""
    if Permission.SIGN_OFF_ACTIONS not in frozenset(permissions):
        return frozenset()
    return frozenset(SIGN_OFF_SIDE_BY_ROLE[r] for r in roles if r in SIGN_OFF_SIDE_BY_ROLE)


def sides_for(
    kind: TransitionKind, roles: Iterable[Role], permissions: Iterable[Permission]
) -> frozenset[Side]:
    """Sides a user may act for in a status change: whoever may sign may also reopen."""
    perms = frozenset(permissions)
    sides = editing_sides(perms)
    if kind is TransitionKind.REOPEN:
        sides |= signing_sides(roles, perms)
    return sides


def choose_side(available: frozenset[Side], requested: Side | None, doing: str) -> Side:
    """The one side a user acts for; asks which when they could act for both."""
    if requested is not None:
        if requested not in available:
            raise PermissionDeniedError(
                f"You may not {doing} for the {SIDE_NAMES[requested]}.",
                "Ask someone from that side to do it.",
            )
        return requested
    if not available:
        raise PermissionDeniedError(
            f"You may not {doing}.", "Ask the VPR lead or a staff-side rep to do it."
        )
    if len(available) > 1:
        raise ValidationError(
            f"Say which side you {doing} for.",
            "You hold roles on both sides; choose management or staff side.",
        )
    return next(iter(available))


# ----------------------------------------------------------------------------------- fields


def refused_fields(fields: Iterable[str], sides: frozenset[Side]) -> frozenset[str]:
    """Fields among ``fields`` that belong to a side the user does not edit for."""
    return frozenset(f for f in fields if f in FIELD_SIDE and FIELD_SIDE[f] not in sides)


def check_field_changes(
    fields: Iterable[str], sides: frozenset[Side], status: ActionStatus
) -> None:
    """Refuse unknown fields, the other side's fields, and edits to a finished action."""
    names = frozenset(fields)
    unknown = sorted(names - EDITABLE_FIELDS)
    if unknown:
        hint = " Use the status buttons to change the status." if "status" in unknown else ""
        raise ValidationError(
            f"These fields cannot be edited here: {', '.join(unknown)}.", hint.strip()
        )
    refused = refused_fields(names, sides)
    if refused:
        owners = {FIELD_SIDE[f] for f in refused}
        who = " and ".join(SIDE_NAMES[s] for s in sorted(owners))
        what = ", ".join(sorted({FIELD_LABELS[f] for f in refused}))
        raise PermissionDeniedError(
            f"The {what} of an action belong{'s' if len(refused) == 1 else ''} to the {who}; "
            "you may not change it.",
            "Add a comment asking the owner to change it.",
        )
    if names and status not in EDITABLE_STATUSES:
        raise ValidationError(
            f"This action is {STATUS_LABELS[status].lower()}, so its details are fixed.",
            "Reopen it (with a reason) to change it.",
        )


# ------------------------------------------------------------------------------- transitions


def check_transition(
    old: ActionStatus,
    new: ActionStatus,
    *,
    sides: frozenset[Side],
    signed: frozenset[Side],
    reason: str | None,
) -> Transition:
    """The transition ``old → new`` if this user may make it now; otherwise a plain refusal."""
    if old == new:
        raise ValidationError(f"The action is already {STATUS_LABELS[old].lower()}.")
    if new is St.CLOSED and old in LIVE_STATUSES:
        missing = BOTH - signed
        if missing:
            names = " and ".join(SIDE_NAMES[s] for s in sorted(missing))
            raise ValidationError(
                "An action closes only when management and the staff side have both signed "
                f"it off; still waiting for the {names}.",
                "Ask the other side to sign it off; it closes by itself once both have.",
            )
    transition = TRANSITIONS.get((old, new))
    if transition is None:
        raise ValidationError(
            f"An action cannot go from {STATUS_LABELS[old].lower()} to "
            f"{STATUS_LABELS[new].lower()}."
        )
    if not transition.sides & sides:
        who = " or ".join(SIDE_NAMES[s] for s in sorted(transition.sides))
        raise PermissionDeniedError(
            f"Only the {who} may {transition.kind.value} an action "
            f"({STATUS_LABELS[old].lower()} to {STATUS_LABELS[new].lower()})."
        )
    if transition.needs_reason and not (reason or "").strip():
        raise ValidationError(
            f"{REASON_PROMPTS[transition.kind]}.", "The reason is kept in the action's timeline."
        )
    return transition


def allowed_targets(
    old: ActionStatus, sides: frozenset[Side], signed: frozenset[Side]
) -> tuple[ActionStatus, ...]:
    """Statuses this user could move the action to now (for enabling buttons)."""
    out = []
    for (a, b), t in TRANSITIONS.items():
        if a != old or not (t.sides & sides):
            continue
        if t.kind is TransitionKind.CLOSE and signed != BOTH:
            continue
        out.append(b)
    return tuple(out)


def targets_for(
    old: ActionStatus,
    roles: Iterable[Role],
    permissions: Iterable[Permission],
    signed: frozenset[Side],
) -> tuple[ActionStatus, ...]:
    """Statuses a user (by role and permissions) could move the action to now: each
    transition is judged with the sides that user acts for in that kind of change."""
    roles, perms = frozenset(roles), frozenset(permissions)
    out = []
    for (a, b), t in TRANSITIONS.items():
        if (
            a == old
            and t.sides & sides_for(t.kind, roles, perms)
            and (t.kind is not TransitionKind.CLOSE or signed == BOTH)
        ):
            out.append(b)
    return tuple(out)


def check_sign_off(
    status: ActionStatus, side: Side, signed_by: Mapping[Side, str], username: str
) -> ActionStatus:
    """Refuse a sign-off that cannot count; return the status the action moves to.

    A side signs off work that is done: an action still open or in progress is refused (mark
    it done, ready for sign-off, first), so a signature never closes unfinished work."""
    if status not in LIVE_STATUSES:
        raise ValidationError(
            f"This action is {STATUS_LABELS[status].lower()}; there is nothing to sign off.",
            "Reopen it first if work is needed.",
        )
    if status is not St.AWAITING_SIGN_OFF:
        raise ValidationError(
            f"This action is still {STATUS_LABELS[status].lower()}; only an action marked "
            "done can be signed off.",
            "Mark it done (ready for sign-off) when the work is finished, then sign it off.",
        )
    if side in signed_by:
        raise ValidationError(
            f"The {SIDE_NAMES[side]} has already signed this action off ({signed_by[side]})."
        )
    other = S if side is M else M
    if signed_by.get(other) == username:
        raise ValidationError(
            "You have already signed this action off for the other side; a joint sign-off "
            "needs two people.",
            "Ask a colleague on this side to sign it off.",
        )
    return St.CLOSED if other in signed_by else St.AWAITING_SIGN_OFF


def is_overdue(status: ActionStatus, due_date: dt.date | None, today: dt.date) -> bool:
    """An action is overdue when still live and its due date has passed."""
    return status in LIVE_STATUSES and due_date is not None and due_date < today

"""The action log's pure rules: who owns which field, which status changes are allowed."""

from __future__ import annotations

import datetime as dt

import pytest

from vpr_desktop.domain import action_rules as rules
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import Side
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.permissions import permissions_for

St = ActionStatus
M, S = Side.MANAGEMENT, Side.STAFF_SIDE
BOTH = frozenset({M, S})


def perms(*roles: Role) -> frozenset[Permission]:
    return permissions_for(roles)


def test_field_table_gives_management_the_content_and_staff_side_its_owner() -> None:
    assert {f for f, s in rules.FIELD_SIDE.items() if s is M} == {
        "title",
        "description",
        "source",
        "source_entity",
        "source_id",
        "management_owner_id",
        "due_date",
        "priority",
    }
    assert {f for f, s in rules.FIELD_SIDE.items() if s is S} == {"staff_side_owner_id"}
    # Cancelling is management's, as a status change with a reason.
    cancels = [t for t in rules.TRANSITIONS.values() if t.new is St.CANCELLED]
    assert cancels and all(t.sides == {M} and t.needs_reason for t in cancels)


@pytest.mark.parametrize(
    ("roles", "editing", "signing"),
    [
        ((Role.VPR_LEAD,), {M}, {M}),
        ((Role.COMMITTEE_CHAIR,), set(), {M}),
        ((Role.STAFF_SIDE_REP,), {S}, {S}),
        ((Role.BOARD_SECRETARY,), set(), set()),
        ((Role.ADMINISTRATOR,), set(), set()),
    ],
)
def test_sides_come_from_roles(
    roles: tuple[Role, ...], editing: set[Side], signing: set[Side]
) -> None:
    assert rules.editing_sides(perms(*roles)) == editing
    assert rules.signing_sides(roles, perms(*roles)) == signing


def test_a_role_without_the_sign_off_permission_signs_for_nobody() -> None:
    assert rules.signing_sides([Role.STAFF_SIDE_REP], frozenset()) == frozenset()


def test_staff_side_may_not_change_management_fields() -> None:
    with pytest.raises(PermissionDeniedError, match=r"due date.*management side"):
        rules.check_field_changes(["due_date"], frozenset({S}), St.OPEN)
    rules.check_field_changes(["staff_side_owner_id"], frozenset({S}), St.OPEN)
    with pytest.raises(PermissionDeniedError, match=r"staff-side owner.*staff side"):
        rules.check_field_changes(["staff_side_owner_id"], frozenset({M}), St.IN_PROGRESS)
    assert rules.refused_fields(["title", "staff_side_owner_id"], frozenset({M})) == {
        "staff_side_owner_id"
    }


def test_unknown_fields_and_finished_actions_are_refused() -> None:
    with pytest.raises(ValidationError, match="status"):
        rules.check_field_changes(["status"], BOTH, St.OPEN)
    for status in (St.AWAITING_SIGN_OFF, St.CLOSED, St.CANCELLED):
        with pytest.raises(ValidationError, match="Reopen it"):
            rules.check_field_changes(["title"], frozenset({M}), status)


def test_closing_needs_both_signatures() -> None:
    with pytest.raises(ValidationError, match="waiting for the staff side"):
        rules.check_transition(
            St.AWAITING_SIGN_OFF, St.CLOSED, sides=BOTH, signed=frozenset({M}), reason=None
        )
    with pytest.raises(ValidationError, match="management side and staff side"):
        rules.check_transition(
            St.IN_PROGRESS, St.CLOSED, sides=BOTH, signed=frozenset(), reason=None
        )
    t = rules.check_transition(
        St.AWAITING_SIGN_OFF, St.CLOSED, sides=frozenset({M}), signed=BOTH, reason=None
    )
    assert t.kind is rules.TransitionKind.CLOSE


def test_reopen_and_cancel_need_a_reason() -> None:
    with pytest.raises(ValidationError, match="Give a reason for reopening"):
        rules.check_transition(
            St.CLOSED, St.IN_PROGRESS, sides=frozenset({S}), signed=BOTH, reason="  "
        )
    t = rules.check_transition(
        St.CLOSED, St.IN_PROGRESS, sides=frozenset({S}), signed=BOTH, reason="Door still broken"
    )
    assert t.kind is rules.TransitionKind.REOPEN
    with pytest.raises(ValidationError, match="Give a reason for cancelling"):
        rules.check_transition(
            St.OPEN, St.CANCELLED, sides=frozenset({M}), signed=frozenset(), reason=None
        )
    with pytest.raises(PermissionDeniedError, match="management side"):
        rules.check_transition(
            St.OPEN,
            St.CANCELLED,
            sides=frozenset({S}),
            signed=frozenset(),
            reason="no longer needed",
        )
    with pytest.raises(PermissionDeniedError):  # only management reopens a cancelled action
        rules.check_transition(
            St.CANCELLED,
            St.IN_PROGRESS,
            sides=frozenset({S}),
            signed=frozenset(),
            reason="still needed",
        )


def test_transitions_not_in_the_table_are_refused() -> None:
    for old, new in [
        (St.CLOSED, St.OPEN),
        (St.CANCELLED, St.CLOSED),
        (St.OPEN, St.OPEN),
        (St.AWAITING_SIGN_OFF, St.OPEN),
    ]:
        with pytest.raises(ValidationError):
            rules.check_transition(old, new, sides=BOTH, signed=BOTH, reason="why")


def test_allowed_targets_follow_the_table() -> None:
    assert set(rules.allowed_targets(St.IN_PROGRESS, frozenset({S}), frozenset())) == {
        St.OPEN,
        St.AWAITING_SIGN_OFF,
    }
    assert set(rules.allowed_targets(St.IN_PROGRESS, frozenset({M}), frozenset())) == {
        St.OPEN,
        St.AWAITING_SIGN_OFF,
        St.CANCELLED,
    }
    assert St.CLOSED not in rules.allowed_targets(St.AWAITING_SIGN_OFF, BOTH, frozenset({M}))
    assert St.CLOSED in rules.allowed_targets(St.AWAITING_SIGN_OFF, BOTH, BOTH)


def test_sign_off_rules() -> None:
    for still_open in (St.OPEN, St.IN_PROGRESS):
        with pytest.raises(ValidationError, match="only an action marked done"):
            rules.check_sign_off(still_open, M, {}, "pat")
    assert rules.check_sign_off(St.AWAITING_SIGN_OFF, M, {}, "pat") is St.AWAITING_SIGN_OFF
    assert rules.check_sign_off(St.AWAITING_SIGN_OFF, S, {M: "pat"}, "sam") is St.CLOSED
    with pytest.raises(ValidationError, match="already signed"):
        rules.check_sign_off(St.AWAITING_SIGN_OFF, M, {M: "pat"}, "chris")
    with pytest.raises(ValidationError, match="two people"):
        rules.check_sign_off(St.AWAITING_SIGN_OFF, S, {M: "pat"}, "pat")
    with pytest.raises(ValidationError, match="nothing to sign off"):
        rules.check_sign_off(St.CLOSED, S, {M: "pat"}, "sam")


def test_choose_side() -> None:
    assert rules.choose_side(frozenset({S}), None, "sign off actions") is S
    with pytest.raises(ValidationError, match="Say which side"):
        rules.choose_side(BOTH, None, "sign off actions")
    with pytest.raises(PermissionDeniedError, match="management side"):
        rules.choose_side(frozenset({S}), M, "sign off actions")
    with pytest.raises(PermissionDeniedError):
        rules.choose_side(frozenset(), None, "sign off actions")


def test_overdue() -> None:
    today = dt.date(2026, 6, 30)
    assert rules.is_overdue(St.AWAITING_SIGN_OFF, dt.date(2026, 6, 29), today)
    assert not rules.is_overdue(St.OPEN, today, today)  # due today is not late yet
    assert not rules.is_overdue(St.CLOSED, dt.date(2026, 1, 1), today)
    assert not rules.is_overdue(St.OPEN, None, today)


def test_every_value_has_a_label() -> None:
    assert set(rules.STATUS_LABELS) == set(ActionStatus)
    assert rules.STATUS_LABELS[St.AWAITING_SIGN_OFF] == "Done — awaiting sign-off"
    assert set(rules.FIELD_LABELS) == rules.EDITABLE_FIELDS


def test_targets_for_judges_each_change_with_the_right_sides() -> None:
    chair = (Role.COMMITTEE_CHAIR,)
    # The chair signs and so may reopen, but does not move work along or cancel.
    assert rules.targets_for(St.IN_PROGRESS, chair, perms(*chair), frozenset()) == ()
    assert rules.targets_for(St.CLOSED, chair, perms(*chair), BOTH) == (St.IN_PROGRESS,)
    rep = (Role.STAFF_SIDE_REP,)
    assert rules.targets_for(St.CANCELLED, rep, perms(*rep), frozenset()) == ()
    lead = (Role.VPR_LEAD,)
    assert set(rules.targets_for(St.AWAITING_SIGN_OFF, lead, perms(*lead), frozenset({M}))) == {
        St.CANCELLED,
        St.IN_PROGRESS,
    }

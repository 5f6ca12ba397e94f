"""``enum_values``: an enum filter's value read into members, refused in the same words for the
action log's status and source and the audit trail's action."""

from __future__ import annotations

import pytest

from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.services.common.filter_values import enum_values


def test_one_value_or_several_members_or_stored_values() -> None:
    assert enum_values("open", ActionStatus, "action status") == [ActionStatus.OPEN]
    assert enum_values([ActionStatus.CLOSED, "in_progress"], ActionStatus, "action status") == [
        ActionStatus.CLOSED,
        ActionStatus.IN_PROGRESS,
    ]
    assert enum_values(("export",), AuditAction, "audit action") == [AuditAction.EXPORT]
    assert enum_values([], AuditAction, "audit action") == []


def test_an_unknown_value_is_refused_in_plain_words() -> None:
    with pytest.raises(ValidationError, match=r"^'shredded' is not a known audit action\.$"):
        enum_values(["export", "shredded"], AuditAction, "audit action")

from __future__ import annotations

import pytest

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.services.admin.users import create_user, identify


def test_creator_becomes_administrator_and_others_need_an_account(db) -> None:
    creator = identify(db, "alice")
    assert creator.roles == frozenset({Role.ADMINISTRATOR, Role.VPR_LEAD})
    assert identify(db, "alice").user_id == creator.user_id  # same account next time
    with pytest.raises(PermissionDeniedError) as info:
        identify(db, "mallory")
    assert "mallory" in info.value.message and "alice" in info.value.next_step
    rep = create_user(db, creator, "bob", "Bob Rep", [Role.STAFF_SIDE_REP])
    assert identify(db, "bob").roles == frozenset({Role.STAFF_SIDE_REP})
    with pytest.raises(PermissionDeniedError):
        create_user(db, rep, "eve", "Eve", [Role.ADMINISTRATOR])

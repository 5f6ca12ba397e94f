from __future__ import annotations

import os
from typing import Any

import pytest

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.services.admin.users import create_user
from vpr_desktop.services.admin.users import identify


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


def test_the_sqlite_login_comes_from_the_system_not_the_environment(
    tmp_path: Any, monkeypatch: Any
) -> None:
    """Issue 19: setting LOGNAME/USER/USERNAME must not make anyone the administrator or sign
    the audit trail in another name."""
    import pwd

    from vpr_desktop.services.admin.users import login_name
    from vpr_desktop.store.database import open_database

    real = pwd.getpwuid(os.getuid()).pw_name
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(variable, "mallory")
    db = open_database(tmp_path / "x.db", create=True)
    try:
        assert login_name(db) == real
    finally:
        db.close()

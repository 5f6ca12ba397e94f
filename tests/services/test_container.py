"""The services container: the accounts accessor and "view as role", a read-only preview that
can never write, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import DatabaseRefused
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import User
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.container import Services
from vpr_desktop.services.container import build_services


def _count(db: Any, model: type) -> int:
    with reading(db) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_users_is_the_account_service_for_the_signed_in_actor(db: Any) -> None:
    services = build_services(db, "alice")
    users = services.users()
    assert users.actor == services.actor and users.db is db
    assert [u.username for u in users.list_users()] == ["alice"]


def test_viewing_as_a_role_shows_that_role_and_refuses_every_write(db: Any) -> None:
    real = build_services(db, "alice")  # the creator: administrator and VPR lead
    preview = real.viewing_as(Role.STAFF_SIDE_REP)
    assert preview.actor.roles == {Role.STAFF_SIDE_REP}
    assert preview.actor.username == "alice"
    assert preview.db.read_only and preview.db.read_only_reason == "viewing as Staff-side rep"
    assert preview.db.engine is db.engine and not db.read_only  # the real one is untouched
    assert preview.summary.home().attention is not None  # reads work

    audit_rows, users = _count(db, AuditEvent), _count(db, User)
    with pytest.raises(PermissionDeniedError):  # what the role may not do, it may not do
        preview.users().add("bob", "Bob", [Role.VPR_LEAD])
    with pytest.raises(DatabaseRefused) as refused:  # what it may do is refused too
        UnitOfWork(preview.db, preview.actor)
    assert "viewing as Staff-side rep" in refused.value.message
    assert refused.value.next_step == (
        "Go back to your own view (View > Back to my own view) to make changes."
    )
    as_admin = real.viewing_as(Role.ADMINISTRATOR)
    with pytest.raises(DatabaseRefused) as refused:
        as_admin.users().add("bob", "Bob", [Role.VPR_LEAD])
    assert refused.value.message == "The database is open read-only (viewing as Administrator)."
    assert (_count(db, AuditEvent), _count(db, User)) == (audit_rows, users)

    preview.close()  # closes nothing: the real services still work
    real.users().add("bob", "Bob", [Role.VPR_LEAD])
    assert _count(db, User) == users + 1


def test_only_vpr_leads_and_administrators_may_view_as_a_role(db: Any) -> None:
    real = build_services(db, "alice")
    real.users().add("sam", "Sam Rep", [Role.STAFF_SIDE_REP])
    real.users().add("lee", "Lee Lead", [Role.VPR_LEAD])
    with pytest.raises(PermissionDeniedError) as refused:
        build_services(db, "sam").viewing_as(Role.BOARD_SECRETARY)
    assert refused.value.message == "Sam Rep (Staff-side rep) may not view the app as another role."
    lead = build_services(db, "lee")
    preview = lead.viewing_as(Role.BOARD_SECRETARY)
    again = preview.viewing_as(Role.COMMITTEE_CHAIR)  # from a preview: still the lead's
    assert again.preview_of is lead and again.actor.roles == {Role.COMMITTEE_CHAIR}


def test_services_of_builds_the_summary_and_backups_for_the_same_pair(db: Any) -> None:
    real = build_services(db, "alice")
    built = Services.of(db, real.actor, login_audited=False)
    assert built.summary.db is db and built.summary.actor == real.actor
    assert built.backups.db is db and built.backups.actor == real.actor
    assert built.preview_of is None and built.login_audited is False
    preview = real.viewing_as(Role.STAFF_SIDE_REP)
    assert preview.preview_of is real
    assert preview.summary.actor == preview.actor and preview.summary.db is preview.db
    assert preview.backups.actor == preview.actor and preview.backups.db is preview.db

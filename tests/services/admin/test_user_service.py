"""Accounts (UserService) and every service permission for every role, on SQLite and PostgreSQL.

On PostgreSQL the accounts here are made by the session's superuser, so each ``add`` also
creates the person's database login: their names start with the session's role prefix, and
the session's end drops them (tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import ImportKind
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import User
from vpr_desktop.domain.permissions import ROLE_PERMISSIONS
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.admin.users import UserService
from vpr_desktop.services.admin.users import identify
from vpr_desktop.services.admin.users import parse_role
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.store.database import Database


def _login(db: Database, name: str, request: pytest.FixtureRequest) -> str:
    if db.kind != "postgresql":
        return name
    return str(request.getfixturevalue("pg_role_prefix")) + name


def _audit(db: Database, entity: str) -> list[AuditEvent]:
    with reading(db) as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.entity == entity)).all())


def test_parse_role_accepts_cli_names_and_values() -> None:
    assert parse_role("staff-side") is Role.STAFF_SIDE_REP
    assert parse_role("Board-Secretary") is Role.BOARD_SECRETARY
    assert parse_role("vpr_lead") is Role.VPR_LEAD
    assert parse_role("admin") is Role.ADMINISTRATOR
    with pytest.raises(ValidationError) as info:
        parse_role("boss")
    assert "'boss' is not a VPR Desktop role" in info.value.message
    assert "staff-side" in info.value.next_step


def test_add_set_roles_switch_off_and_on_all_audited(db: Any, request: Any) -> None:
    alice = _login(db, "alice", request)
    admin = identify(db, alice)
    users = UserService(db, admin)
    bob = _login(db, "bob", request)
    change = users.add(bob, "  Bob   Rep ", [Role.STAFF_SIDE_REP, Role.COMMITTEE_CHAIR])
    assert change.user.display_name == "Bob Rep"
    assert change.user.roles == frozenset({Role.STAFF_SIDE_REP, Role.COMMITTEE_CHAIR})
    assert change.database_sql == ()
    assert change.login_done is (db.kind == "postgresql")
    assert identify(db, bob).roles == frozenset({Role.STAFF_SIDE_REP, Role.COMMITTEE_CHAIR})

    users.set_roles(bob, [Role.BOARD_SECRETARY])
    assert identify(db, bob).roles == frozenset({Role.BOARD_SECRETARY})
    users.deactivate(bob)
    with pytest.raises(PermissionDeniedError) as off:
        identify(db, bob)
    assert "switched off" in off.value.message
    users.reactivate(bob)
    assert identify(db, bob).roles == frozenset({Role.BOARD_SECRETARY})

    rows = users.list_users()
    assert [(r.username, r.active, r.roles_label) for r in rows] == [
        (alice, True, "Administrator, VPR lead"),
        (bob, True, "Board secretary"),
    ]
    events = _audit(db, "app_user")
    assert all(e.username == alice for e in events if e.entity_id != str(admin.user_id))
    roles_set = [e for e in events if e.detail == f"roles of {bob} set"]
    assert roles_set[0].before == {"roles": ["committee_chair", "staff_side_rep"]}
    assert roles_set[0].after == {"roles": ["board_secretary"]}
    switches = [
        e.after
        for e in events
        if e.action == AuditAction.UPDATE and e.after and "active" in e.after
    ]
    assert switches == [{"active": False}, {"active": True}]
    if db.kind == "postgresql":
        logins = _audit(db, "database_login")
        assert str(logins[0].detail).startswith(f'CREATE ROLE "{bob}" LOGIN')
        assert len(logins) == 4  # add, set roles, off, on


def test_refusals_are_clear_and_write_nothing(db: Any, request: Any) -> None:
    alice = _login(db, "alice", request)
    admin = identify(db, alice)
    users = UserService(db, admin)
    with pytest.raises(ValidationError, match="There is no account with the login 'ghost'"):
        users.set_roles("ghost", [Role.VPR_LEAD])
    with pytest.raises(ValidationError, match="no account with the login 'ghost'"):
        users.deactivate("ghost")
    with pytest.raises(ValidationError, match="at least one role"):
        users.add(_login(db, "carol", request), "Carol", [])
    with pytest.raises(ValidationError, match="needs a display name"):
        users.add(_login(db, "carol", request), "  ", [Role.VPR_LEAD])
    with pytest.raises(ValidationError, match="already has an account"):
        users.add(alice, "Alice again", [Role.VPR_LEAD])
    with pytest.raises(ValidationError, match="reserved"):
        users.add("pg_monitor", "Sneaky", [Role.VPR_LEAD])
    # The last active administrator can neither lose the role nor be switched off.
    with pytest.raises(PermissionDeniedError, match="last active administrator"):
        users.set_roles(alice, [Role.VPR_LEAD])
    with pytest.raises(PermissionDeniedError, match="last active administrator"):
        users.deactivate(alice)
    dave = _login(db, "dave", request)
    users.add(dave, "Dave", [Role.ADMINISTRATOR])
    users.deactivate(dave)  # a switched-off administrator does not count
    with pytest.raises(PermissionDeniedError, match="last active administrator"):
        users.deactivate(alice)
    users.reactivate(dave)
    users.set_roles(alice, [Role.VPR_LEAD])  # now allowed: Dave is an administrator
    assert identify(db, alice).roles == frozenset({Role.VPR_LEAD})
    with reading(db) as s:
        assert sorted(s.scalars(select(User.username)).all()) == sorted([alice, dave])


@pytest.mark.parametrize(
    "role",
    [Role.VPR_LEAD, Role.COMMITTEE_CHAIR, Role.STAFF_SIDE_REP, Role.BOARD_SECRETARY],
)
def test_only_administrators_manage_accounts(db: Any, role: Role) -> None:
    identify(db, "alice")
    someone = Actor("someone", "Sam Someone", frozenset({role}))
    users = UserService(db, someone)
    calls: list[Callable[[], object]] = [
        users.list_users,
        lambda: users.add("x", "X", [Role.VPR_LEAD]),
        lambda: users.set_roles("alice", [Role.VPR_LEAD]),
        lambda: users.deactivate("alice"),
        lambda: users.reactivate("alice"),
    ]
    for call in calls:
        with pytest.raises(PermissionDeniedError) as info:
            call()
        assert info.value.message.startswith(f"Sam Someone ({role.label}) may not ")
    assert len(_audit(db, "app_user")) == 1  # alice's account; nothing since


# --------------------------------------------------------------- every permission, every role


def _calls(db: Database, actor: Actor, tmp: Path) -> dict[Permission, Callable[[], object]]:
    """One real service call per permission, each checking that permission first."""
    from vpr_desktop.domain.risk_matrix import DEFAULT_MATRIX
    from vpr_desktop.services.actions.service import ActionLogService
    from vpr_desktop.services.admin.backups import BackupService
    from vpr_desktop.services.assessment.queries import AssessmentQueries
    from vpr_desktop.services.assessment.service import AssessmentService
    from vpr_desktop.services.common.summary import SummaryService
    from vpr_desktop.services.importing.batch import undo_batch
    from vpr_desktop.services.incidents.service import IncidentService
    from vpr_desktop.services.packs.builder import build_pack
    from vpr_desktop.services.packs.context import PackRequest
    from vpr_desktop.services.risks.service import RiskRegisterService
    from vpr_desktop.services.roles.service import RolesRegisterService
    from vpr_desktop.services.training.service import TrainingService
    from vpr_desktop.services.training.starter import add_starter_catalogue

    def pack(kind: str) -> Callable[[], object]:
        request = PackRequest(
            kind=kind, period_from=dt.date(2026, 4, 1), period_to=dt.date(2026, 6, 30)
        )
        return lambda: build_pack(db, actor, request)

    risks = RiskRegisterService(db, actor)
    incidents = IncidentService(db, actor)
    assessment = AssessmentService(db, actor)
    training = TrainingService(db, actor)
    actions = ActionLogService(db, actor)
    roles = RolesRegisterService(db, actor)
    return {
        Permission.READ_SUMMARY: lambda: SummaryService(db, actor).home(),
        Permission.READ_ASSESSMENT: lambda: AssessmentQueries(db, actor).list_cycles(),
        Permission.EDIT_ASSESSMENT: lambda: assessment.submit_for_review(1),
        Permission.READ_RISKS: lambda: risks.get_risk(1),
        Permission.EDIT_RISKS: lambda: risks.undo_import(1),
        Permission.READ_TRAINING_AGGREGATES: lambda: training.compliance_by_course(),
        Permission.READ_TRAINING_NAMES: lambda: training.compliance_people(1),
        Permission.EDIT_TRAINING: lambda: add_starter_catalogue(db, actor),
        Permission.READ_INCIDENTS: lambda: incidents.get(1),
        Permission.EDIT_INCIDENTS: lambda: incidents.undo_import(1),
        Permission.READ_ACTIONS: lambda: actions.get(1),
        Permission.EDIT_ACTIONS_MANAGEMENT: lambda: actions.create_meeting(
            "VPR committee", dt.date(2026, 7, 1)
        ),
        Permission.READ_ROLES_REGISTER: lambda: roles.entries(),
        Permission.GENERATE_COMMITTEE_PACK: pack("committee"),
        Permission.GENERATE_BOARD_PACK: pack("board"),
        Permission.IMPORT_DATA: lambda: undo_batch(
            db, actor, 1, ImportKind.RISKS, lambda _u, _i: {}
        ),
        Permission.MANAGE_USERS: lambda: UserService(db, actor).list_users(),
        Permission.MANAGE_SETTINGS: lambda: risks.save_matrix(DEFAULT_MATRIX),
        Permission.BACKUP: lambda: BackupService(db, actor).backup_now(tmp / "b.db"),
    }


@pytest.mark.parametrize(
    "role",
    [Role.VPR_LEAD, Role.COMMITTEE_CHAIR, Role.STAFF_SIDE_REP, Role.BOARD_SECRETARY],
)
def test_every_service_permission_for_every_role(db: Any, role: Role, tmp_path: Path) -> None:
    identify(db, "alice")
    actor = Actor(f"{role.value}.user", f"{role.label} user", frozenset({role}))
    allowed = ROLE_PERMISSIONS[role]
    outcomes: dict[Permission, str] = {}
    for permission, call in _calls(db, actor, tmp_path).items():
        try:
            call()
            outcomes[permission] = "allowed"
        except PermissionDeniedError as exc:
            assert exc.message.startswith(f"{role.label} user ({role.label}) may not "), exc
            assert exc.next_step
            outcomes[permission] = "refused"
        except Exception:  # past the permission check: nothing to find, or no such record
            outcomes[permission] = "allowed"
    # Training aggregates (no names) also serve whoever may build a pack with them.
    if allowed & {Permission.GENERATE_BOARD_PACK, Permission.GENERATE_COMMITTEE_PACK}:
        allowed = allowed | {Permission.READ_TRAINING_AGGREGATES}
    expected = {p: "allowed" if p in allowed else "refused" for p in outcomes}
    assert outcomes == expected
    # Permissions checked inside wider operations (sign-offs, exports): the same check.
    for permission in Permission:
        if permission in ROLE_PERMISSIONS[role]:
            actor.require(permission, "do it")
        else:
            with pytest.raises(PermissionDeniedError, match=r"may not do it"):
                actor.require(permission, "do it")


@pytest.fixture
def pg_logins(pg_migrated_url: str, pg_role_prefix: str) -> dict[Role, str]:
    """One real PostgreSQL login per role, added by an administrator with the CLI."""
    import io

    from tests.conftest import _empty_pg
    from vpr_desktop.cli.main import run

    _empty_pg(pg_migrated_url)
    names = {
        Role.VPR_LEAD: "lead",
        Role.COMMITTEE_CHAIR: "chair",
        Role.STAFF_SIDE_REP: "staff-side",
        Role.BOARD_SECRETARY: "board-secretary",
    }
    logins = {}
    for role, cli_name in names.items():
        login = f"{pg_role_prefix}t_{role.value}"
        err = io.StringIO()
        args = ["user", "add", login, "--name", f"{role.label} user", "--role", cli_name]
        code = run(
            [*args, "--db", pg_migrated_url],
            io.StringIO(),
            err,
        )
        assert code == 0, err.getvalue()
        logins[role] = login
    return logins


@pytest.mark.parametrize(
    "role",
    [Role.VPR_LEAD, Role.COMMITTEE_CHAIR, Role.STAFF_SIDE_REP, Role.BOARD_SECRETARY],
)
def test_every_service_permission_under_each_roles_own_postgresql_login(
    pg_migrated_url: str, pg_logins: dict[Role, str], role: Role, tmp_path: Path
) -> None:
    """The same table, connected as the role's own database login (acceptance 1): what the
    services allow, PostgreSQL allows too (a grant missing would surface as the database's
    own refusal), and what they refuse is refused by the service, in words."""
    from sqlalchemy.engine import make_url

    from vpr_desktop.store.database import open_database

    url = make_url(pg_migrated_url).set(username=pg_logins[role])
    db = open_database(url.render_as_string(hide_password=False))
    try:
        actor = identify(db)
        assert actor.roles == {role}
        outcomes: dict[Permission, str] = {}
        for permission, call in _calls(db, actor, tmp_path).items():
            try:
                call()
                outcomes[permission] = "allowed"
            except PermissionDeniedError as exc:
                assert exc.message.startswith(f"{role.label} user ({role.label}) may not "), (
                    permission,
                    exc.message,
                )
                outcomes[permission] = "refused"
            except Exception:  # past both checks: nothing to find, or no such record
                outcomes[permission] = "allowed"
        allowed = ROLE_PERMISSIONS[role]
        if allowed & {Permission.GENERATE_BOARD_PACK, Permission.GENERATE_COMMITTEE_PACK}:
            allowed = allowed | {Permission.READ_TRAINING_AGGREGATES}
        assert outcomes == {p: "allowed" if p in allowed else "refused" for p in outcomes}
    finally:
        db.close()

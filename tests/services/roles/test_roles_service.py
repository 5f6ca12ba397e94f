"""More of the roles register on SQLite and PostgreSQL: every validation problem at once, scope
in words, the register's order, the summary's counts, pickers, deletion, and who may read what.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.services.roles.test_roles_register import BOARD
from tests.services.roles.test_roles_register import LEAD
from tests.services.roles.test_roles_register import REP
from tests.services.roles.test_roles_register import TODAY
from tests.services.roles.test_roles_register import people
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import ScopeLevel
from vpr_desktop.domain.enums import VprRoleType
from vpr_desktop.domain.errors import ConflictError
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import RoleAssignment
from vpr_desktop.domain.models import Site
from vpr_desktop.domain.vpr_roles_rules import GapKind
from vpr_desktop.domain.vpr_roles_rules import RoleLevel
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.roles.service import RoleInput
from vpr_desktop.services.roles.service import RolesRegisterService
from vpr_desktop.store.database import Database

CHAIR = Actor("chair", "Chris Chair", frozenset({Role.COMMITTEE_CHAIR}))
NOBODY = Actor("x", "No Role", frozenset())
T = VprRoleType


def svc(db: Database, actor: Actor = LEAD) -> RolesRegisterService:
    return RolesRegisterService(db, actor, today=TODAY)


def site_and_ward(db: Database) -> tuple[int, int]:
    with reading(db) as s:
        return s.scalars(select(Site.id)).one(), s.scalars(select(Location.id)).one()


def test_every_problem_is_named_at_once(db: Database) -> None:
    ids = people(db)
    bad = RoleInput(
        T.LOCAL_CHAMPION,
        scope_level=ScopeLevel.LOCATION,
        holder_id=ids["Ann"],
        deputy_id=ids["Ann"],
        hours_per_week=81,
    )
    with pytest.raises(ValidationError) as info:
        svc(db).create(bad)
    assert [p[1] for p in info.value.problems] == ["deputy", "hours_per_week", "location"]
    assert info.value.message == (
        "The role entry was not saved: the deputy must be someone other than the holder; "
        "hours a week must be between 0 and 80; a location-level role needs its location."
    )
    for level, field in (
        (ScopeLevel.SITE, "site"),
        (ScopeLevel.DIRECTORATE, "directorate"),
    ):
        with pytest.raises(ValidationError) as info:
            svc(db).create(RoleInput(T.LOCAL_CHAMPION, scope_level=level, directorate="  "))
        assert [p[1] for p in info.value.problems] == [field]
    with pytest.raises(ValidationError):
        svc(db).create(RoleInput(T.VPR_LEAD, hours_per_week=-1))
    with reading(db) as s:
        assert s.scalars(select(RoleAssignment)).all() == []


@pytest.mark.parametrize("hours", [0, 0.5, 37.5, 80])
def test_hours_at_the_limits_are_kept(db: Database, hours: float) -> None:
    entry = svc(db).create(RoleInput(T.VPR_LEAD, required=False, hours_per_week=hours))
    assert entry.hours_per_week == hours


def test_scope_is_said_in_words(db: Database) -> None:
    people(db)
    site_id, ward_id = site_and_ward(db)
    service = svc(db)
    made = {
        "trust": service.create(RoleInput(T.VPR_LEAD)),
        "site": service.create(
            RoleInput(T.SECURITY_MANAGEMENT, scope_level=ScopeLevel.SITE, site_id=site_id)
        ),
        "ward": service.create(
            RoleInput(T.LOCAL_CHAMPION, scope_level=ScopeLevel.LOCATION, location_id=ward_id)
        ),
        "dir": service.create(
            RoleInput(T.LOCAL_CHAMPION, scope_level=ScopeLevel.DIRECTORATE, directorate="Medicine")
        ),
    }
    assert {k: e.scope for k, e in made.items()} == {
        "trust": "Trust-wide",
        "site": "Northgate",
        "ward": "Ward 1",
        "dir": "Medicine",
    }
    assert made["ward"].scope_level is ScopeLevel.LOCATION
    assert made["ward"].location_id == ward_id
    sites, locations = service.scope_choices()
    assert sites == [(site_id, "Northgate")] and locations == [(ward_id, "Ward 1")]


def test_the_register_is_in_level_then_role_order(db: Database) -> None:
    service = svc(db)
    for role in (T.STAFF_SIDE_HS_REP, T.LOCAL_CHAMPION, T.VPR_LEAD, T.EXECUTIVE_LEAD,
                 T.STRATEGIC_LEAD, T.NON_EXECUTIVE_CHAMPION):  # fmt: skip
        service.create(RoleInput(role, required=False))
    entries = service.entries()
    assert [e.role_type for e in entries] == [
        T.EXECUTIVE_LEAD,
        T.NON_EXECUTIVE_CHAMPION,
        T.STRATEGIC_LEAD,
        T.VPR_LEAD,
        T.LOCAL_CHAMPION,
        T.STAFF_SIDE_HS_REP,
    ]
    assert [e.level for e in entries] == [
        RoleLevel.BOARD,
        RoleLevel.BOARD,
        RoleLevel.STRATEGIC,
        RoleLevel.STRATEGIC,
        RoleLevel.OPERATIONAL,
        RoleLevel.PARTNERSHIP,
    ]
    assert entries[0].role_label == "Board-level executive lead"


def test_summary_counts_each_kind_of_gap(db: Database) -> None:
    ids = people(db)
    service = svc(db)
    service.create(RoleInput(T.EXECUTIVE_LEAD, holder_id=ids["Ann"], deputy_id=ids["Ben"]))
    service.create(RoleInput(T.VPR_LEAD))  # vacant
    service.create(RoleInput(T.STRATEGIC_LEAD, holder_id=ids["Eve"], deputy_id=ids["Cat"]))
    service.create(
        RoleInput(
            T.SECURITY_MANAGEMENT,
            holder_id=ids["Dan"],
            deputy_id=ids["Cat"],
            review_date=TODAY - dt.timedelta(days=1),
            competence_required="Security qualification",
        )
    )
    service.create(RoleInput(T.LOCAL_CHAMPION, required=False))  # optional, vacant: no gap
    summary = service.summary()
    assert (summary.roles, summary.filled, summary.vacant) == (5, 3, 1)
    assert summary.holders_left == 1
    assert summary.reviews_overdue == 1
    assert summary.competence_gaps == 1
    kinds = sorted(g.kind for g in service.gap_list())
    assert GapKind.VACANT in kinds and GapKind.HOLDER_LEFT in kinds
    assert len(kinds) == sum(len(e.gaps) for e in service.entries())


def test_who_does_what_with_and_without_names(db: Database) -> None:
    ids = people(db)
    service = svc(db)
    service.create(
        RoleInput(T.VPR_LEAD, holder_id=ids["Ann"], deputy_id=ids["Ben"], hours_per_week=15,
                  review_date=dt.date(2027, 1, 1), notes="Ann covers nights")
    )  # fmt: skip
    service.create(RoleInput(T.EXECUTIVE_LEAD))
    named = service.who_does_what(include_names=True)
    assert [(r.level, r.role, r.scope, r.holder, r.deputy) for r in named] == [
        ("Board", "Board-level executive lead", "Trust-wide", "Vacant", "None named"),
        ("Strategic", "VPR lead", "Trust-wide", "Ann Able", "Ben Baker"),
    ]
    assert named[1].hours_per_week == 15 and named[1].review_date == dt.date(2027, 1, 1)
    board = svc(db, BOARD).who_does_what(include_names=False)
    assert [(r.holder, r.deputy) for r in board] == [("Vacant", "None named"), ("Filled", "Named")]
    entries = svc(db, BOARD).entries(include_names=False)
    assert all(e.holder_name is None and e.deputy_name is None for e in entries)
    assert all(e.notes is None for e in entries)  # notes may name people too


def test_who_may_read(db: Database) -> None:
    with pytest.raises(PermissionDeniedError, match="see the roles register"):
        svc(db, BOARD).entries()  # names need the register permission
    with pytest.raises(PermissionDeniedError):
        svc(db, NOBODY).entries(include_names=False)
    assert svc(db, CHAIR).entries() == []
    assert svc(db, REP).entries() == []
    with pytest.raises(PermissionDeniedError, match="change the roles register"):
        svc(db, CHAIR).create(RoleInput(T.VPR_LEAD))
    with pytest.raises(PermissionDeniedError, match="choose role holders"):
        svc(db, CHAIR).find_people("a")


def test_find_people_matches_names_and_numbers(db: Database) -> None:
    ids = people(db)
    service = svc(db)
    assert service.find_people("bak") == [(ids["Ben"], "Ben Baker", "0000001")]
    assert [name for _i, name, _n in service.find_people("  a ")][:3] == [
        "Ann Able",
        "Ben Baker",
        "Cat Cole",
    ]
    assert service.find_people("0000004") == [(ids["Eve"], "Eve Exit", "0000004")]
    assert len(service.find_people("", limit=2)) == 2


def test_update_delete_and_not_found(db: Database) -> None:
    ids = people(db)
    service = svc(db)
    entry = service.create(RoleInput(T.VPR_LEAD, holder_id=ids["Ann"]))
    changed = service.update(entry.id, RoleInput(T.VPR_LEAD, holder_id=ids["Cat"]), entry.version)
    assert changed.holder_name == "Cat Cole" and changed.version == entry.version + 1
    with pytest.raises(ConflictError):
        service.delete(entry.id, entry.version)  # stale
    service.delete(entry.id, changed.version)
    assert service.entries() == []
    with pytest.raises(NotFoundError, match=f"Role entry {entry.id} no longer exists"):
        service.get(entry.id)
    with pytest.raises(NotFoundError):
        service.delete(entry.id, changed.version)

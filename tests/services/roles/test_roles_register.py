"""Roles and responsibilities register — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.enums import VprRoleType
from vpr_desktop.domain.errors import ConflictError
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import Site
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.vpr_roles_rules import GapKind
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.roles.service import RoleInput
from vpr_desktop.services.roles.service import RolesRegisterService

TODAY = dt.date(2026, 6, 30)
LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
BOARD = Actor("bs", "Bo Secretary", frozenset({Role.BOARD_SECRETARY}))
REP = Actor("rep", "Sam Rep", frozenset({Role.STAFF_SIDE_REP}))


def people(db) -> dict[str, int]:
    """Four current staff and one who has left (every assignment ended)."""
    with UnitOfWork(db, LEAD) as uow:
        s = uow.session
        site = Site(code="NG", name="Northgate")
        group = StaffGroup(code="ADM", name="Administrative and Clerical", clinical=False)
        s.add_all([site, group])
        s.flush()
        loc = Location(
            site_id=site.id,
            code="W1",
            name="Ward 1",
            setting_type=SettingType.INPATIENT_MENTAL_HEALTH,
        )
        s.add(loc)
        s.flush()
        ids = {}
        for n, (first, last, ended) in enumerate(
            [
                ("Ann", "Able", None),
                ("Ben", "Baker", None),
                ("Cat", "Cole", None),
                ("Dan", "Dale", None),
                ("Eve", "Exit", dt.date(2026, 3, 31)),
            ]
        ):
            p = Person(employee_number=f"{n:07d}", first_name=first, last_name=last)
            s.add(p)
            s.flush()
            s.add(
                Assignment(
                    person_id=p.id,
                    assignment_number=f"{n:07d}",
                    staff_group_id=group.id,
                    location_id=loc.id,
                    start_date=dt.date(2020, 1, 1),
                    end_date=ended,
                )
            )
            ids[first] = p.id
        return ids


def test_gap_list_reports_exactly_the_three_problems(db) -> None:
    ids = people(db)
    svc = RolesRegisterService(db, LEAD, today=TODAY)
    good = {"deputy_id": ids["Dan"], "review_date": dt.date(2027, 1, 1)}
    svc.create(RoleInput(VprRoleType.EXECUTIVE_LEAD, holder_id=ids["Ann"], **good))
    strategic = svc.create(RoleInput(VprRoleType.STRATEGIC_LEAD, holder_id=None))
    expired = svc.create(
        RoleInput(
            VprRoleType.TRAINER_RESTRICTIVE_INTERVENTION,
            holder_id=ids["Ben"],
            competence_required="Certified trainer",
            competence_held="BILD ACT certified",
            competence_expires=dt.date(2026, 5, 1),
            **good,
        )
    )
    left = svc.create(RoleInput(VprRoleType.SECURITY_MANAGEMENT, holder_id=ids["Eve"], **good))
    svc.create(
        RoleInput(
            VprRoleType.VPR_LEAD,
            holder_id=ids["Cat"],
            competence_required="RSPH level 4",
            competence_held="RSPH level 4",
            competence_expires=dt.date(2028, 1, 1),
            **good,
        )
    )
    gaps = svc.gap_list()
    assert sorted((g.role_id, g.kind) for g in gaps) == sorted(
        [
            (strategic.id, GapKind.VACANT),
            (expired.id, GapKind.COMPETENCE_EXPIRED),
            (left.id, GapKind.HOLDER_LEFT),
        ]
    )
    summary = svc.summary()
    assert (
        summary.roles,
        summary.filled,
        summary.vacant,
        summary.competence_gaps,
        summary.holders_left,
    ) == (5, 4, 1, 1, 1)
    entries = svc.entries()
    assert [e.level.value for e in entries] == [
        "board",
        "strategic",
        "strategic",
        "strategic",
        "operational",
    ]
    assert entries[0].holder_name == "Ann Able" and entries[0].deputy_name == "Dan Dale"


def test_board_view_has_no_names(db) -> None:
    ids = people(db)
    RolesRegisterService(db, LEAD, today=TODAY).create(
        RoleInput(VprRoleType.VPR_LEAD, holder_id=ids["Ann"])
    )
    RolesRegisterService(db, LEAD, today=TODAY).create(RoleInput(VprRoleType.STRATEGIC_LEAD))
    board = RolesRegisterService(
        db, Actor("c", "Chair", frozenset({Role.COMMITTEE_CHAIR})), today=TODAY
    )
    named = board.who_does_what(include_names=True)
    assert [(r.role, r.holder) for r in named] == [
        ("Named strategic lead", "Vacant"),
        ("VPR lead", "Ann Able"),
    ]
    bs = RolesRegisterService(db, BOARD, today=TODAY)
    rows = bs.who_does_what(include_names=False)
    assert [(r.role, r.holder, r.deputy) for r in rows] == [
        ("Named strategic lead", "Vacant", "None named"),
        ("VPR lead", "Filled", "None named"),
    ]
    assert "Ann" not in repr(rows) and "Able" not in repr(bs.entries(include_names=False))
    with pytest.raises(PermissionDeniedError):
        bs.who_does_what(include_names=True)


def test_edits_are_checked_and_stale_saves_refused(db) -> None:
    ids = people(db)
    svc = RolesRegisterService(db, LEAD, today=TODAY)
    entry = svc.create(RoleInput(VprRoleType.VPR_LEAD, holder_id=ids["Ann"]))
    with pytest.raises(ValidationError, match="someone other than the holder"):
        svc.update(
            entry.id,
            RoleInput(VprRoleType.VPR_LEAD, holder_id=ids["Ann"], deputy_id=ids["Ann"]),
            entry.version,
        )
    updated = svc.update(
        entry.id,
        RoleInput(
            VprRoleType.VPR_LEAD, holder_id=ids["Ann"], deputy_id=ids["Ben"], hours_per_week=30
        ),
        entry.version,
    )
    assert updated.deputy_name == "Ben Baker" and updated.version == entry.version + 1
    with pytest.raises(ConflictError):
        svc.update(entry.id, RoleInput(VprRoleType.VPR_LEAD, holder_id=ids["Cat"]), entry.version)
    assert svc.get(entry.id).holder_name == "Ann Able"
    with pytest.raises(PermissionDeniedError):
        RolesRegisterService(db, REP, today=TODAY).create(RoleInput(VprRoleType.VPR_LEAD))
    assert RolesRegisterService(db, REP, today=TODAY).entries()[0].holder_name == "Ann Able"


def test_demo_register_has_the_planted_gaps(demo_copy) -> None:
    from vpr_desktop.services.admin.users import identify
    from vpr_desktop.store.database import open_database

    db = open_database(demo_copy)
    try:
        svc = RolesRegisterService(db, identify(db), today=dt.date(2026, 6, 30))
        kinds = {g.kind for g in svc.gap_list()}
        assert {GapKind.VACANT, GapKind.COMPETENCE_EXPIRED, GapKind.HOLDER_LEFT} <= kinds
        assert len(svc.who_does_what(include_names=False)) == svc.summary().roles
    finally:
        db.close()

"""The actor's permission checks and the typed DML row count.

Why these matter: every service refuses through ``Actor.require`` (so its message is what a user
reads), and ``rows_affected`` is what an undo reports as "N records removed".
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy import update

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.models import Site
from vpr_desktop.domain.permissions import ROLE_PERMISSIONS
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.permissions import permissions_for
from vpr_desktop.services.common.actor import SYSTEM
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.dml import rows_affected
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.store.database import Database

roles = st.frozensets(st.sampled_from(list(Role)))


@given(roles, roles)
def test_permissions_of_several_roles_are_the_union(a: frozenset[Role], b: frozenset[Role]) -> None:
    union = Actor("u", "U", a | b).permissions
    assert union == Actor("u", "U", a).permissions | Actor("u", "U", b).permissions
    # Adding a role never takes a permission away.
    assert Actor("u", "U", a).permissions <= union


@given(roles)
def test_can_agrees_with_the_role_table(held: frozenset[Role]) -> None:
    actor = Actor("u", "U", held)
    for permission in Permission:
        granted = any(permission in ROLE_PERMISSIONS[r] for r in held)
        assert actor.can(permission) is granted


def test_refusal_names_the_person_their_roles_and_what_they_tried() -> None:
    actor = Actor("cs", "Chris Shaw", frozenset({Role.STAFF_SIDE_REP, Role.COMMITTEE_CHAIR}))
    with pytest.raises(PermissionDeniedError) as info:
        actor.require(Permission.MANAGE_USERS, "manage user accounts")
    # Roles are listed in their declared order, by label, whatever order they were given in.
    assert info.value.message == (
        "Chris Shaw (Committee chair, Staff-side rep) may not manage user accounts."
    )
    assert "administrator" in info.value.next_step
    assert actor.roles_label == "Committee chair, Staff-side rep"


def test_an_actor_without_roles_may_do_nothing() -> None:
    nobody = Actor("x", "Nobody", frozenset())
    assert nobody.permissions == frozenset()
    assert nobody.roles_label == "No role"
    with pytest.raises(PermissionDeniedError, match=r"\(no role\)"):
        nobody.require(Permission.READ_SUMMARY, "see the summary")


def test_the_system_actor_can_do_what_lead_and_administrator_can() -> None:
    assert SYSTEM.permissions == permissions_for({Role.ADMINISTRATOR, Role.VPR_LEAD})
    assert SYSTEM.can(Permission.MANAGE_USERS) and SYSTEM.can(Permission.GENERATE_BOARD_PACK)
    # Staff-side editing is the staff side's alone, even for the system.
    assert not SYSTEM.can(Permission.EDIT_ACTIONS_STAFF_SIDE)


def test_board_secretary_sees_summaries_and_makes_board_packs_only() -> None:
    assert permissions_for({Role.BOARD_SECRETARY}) == {
        Permission.READ_SUMMARY,
        Permission.GENERATE_BOARD_PACK,
    }


def _sites(db: Database, n: int) -> None:
    lead = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
    with UnitOfWork(db, lead) as uow:
        uow.session.add_all(Site(code=f"C{i}", name=f"Site {i}") for i in range(n))


def test_rows_affected_counts_updates_and_deletes(db: Database) -> None:
    _sites(db, 5)
    with db.session() as s, s.begin():
        changed = rows_affected(
            s.execute(update(Site).where(Site.code.in_(["C1", "C3"])).values(active=False))
        )
        none = rows_affected(s.execute(update(Site).where(Site.code == "nope").values(name="x")))
        removed = rows_affected(s.execute(delete(Site).where(Site.active.is_(True))))
    assert (changed, none, removed) == (2, 0, 3)
    with reading(db) as s:
        assert sorted(s.scalars(select(Site.code))) == ["C1", "C3"]


def test_rows_affected_refuses_a_select(db: Database) -> None:
    with reading(db) as s, pytest.raises(TypeError, match="INSERT, UPDATE or DELETE"):
        rows_affected(s.execute(select(Site)))

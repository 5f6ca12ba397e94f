"""Transactions, audit rows and optimistic concurrency — on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.errors import ConflictError
from vpr_desktop.domain.errors import DatabaseRefused
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Site
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
OTHER = Actor("other", "Sam Other", frozenset({Role.VPR_LEAD}))


def audit_rows(db) -> list[AuditEvent]:
    with reading(db) as s:
        return list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def add_site(db, code: str = "NG", name: str = "Northgate") -> int:
    with UnitOfWork(db, LEAD) as uow:
        site = Site(code=code, name=name)
        uow.session.add(site)
        uow.session.flush()
        return site.id


def test_successful_write_leaves_exactly_one_audit_row(db) -> None:
    site_id = add_site(db)
    rows = audit_rows(db)
    assert len(rows) == 1
    assert (rows[0].action, rows[0].entity, rows[0].entity_id, rows[0].username) == (
        "create",
        "site",
        str(site_id),
        "lead",
    )
    assert rows[0].before is None
    assert rows[0].after == {"id": site_id, "code": "NG", "name": "Northgate", "active": True}

    with UnitOfWork(db, OTHER) as uow:
        uow.get(Site, site_id, expected_version=1).name = "Northgate General"
    rows = audit_rows(db)
    assert len(rows) == 2
    assert rows[1].action == "update" and rows[1].username == "other"
    assert rows[1].before == {"name": "Northgate"}
    assert rows[1].after == {"name": "Northgate General"}


def test_write_failing_part_way_leaves_nothing(db) -> None:
    class Boom(Exception):
        pass

    with pytest.raises(Boom), UnitOfWork(db, LEAD) as uow:
        site = Site(code="SG", name="Southgate")
        uow.session.add(site)
        uow.session.flush()  # the row and its audit row are written in the transaction...
        uow.session.add(
            Location(site_id=site.id, code="W1", name="Ward 1", setting_type=SettingType.ACUTE_WARD)
        )
        uow.session.flush()
        raise Boom("failure after two flushes")  # ...then the work fails
    with reading(db) as s:
        assert s.scalars(select(Site)).all() == []
        assert s.scalars(select(Location)).all() == []
    assert audit_rows(db) == []


def test_stale_save_is_refused_and_first_save_stands(db) -> None:
    site_id = add_site(db)
    # Two people open the same record (each holds version 1).
    with reading(db) as s:
        first_copy = s.get(Site, site_id)
        second_copy = s.get(Site, site_id)
        assert first_copy is not None and second_copy is not None
        v1, v2 = first_copy.version, second_copy.version
    with UnitOfWork(db, LEAD) as uow:
        uow.get(Site, site_id, expected_version=v1).name = "First person's name"
    with pytest.raises(ConflictError) as info, UnitOfWork(db, OTHER) as uow:
        uow.get(Site, site_id, expected_version=v2).name = "Second person's name"
    assert "Site NG" in info.value.message
    assert "Nothing was overwritten" in info.value.message
    with reading(db) as s:
        site = s.get(Site, site_id)
        assert site is not None
        assert site.name == "First person's name" and site.version == 2


def test_race_between_load_and_flush_is_caught_by_version_column(db) -> None:
    """Both sessions pass the version check, then the first commits before the second flushes."""
    site_id = add_site(db)
    a = UnitOfWork(db, LEAD)
    b = UnitOfWork(db, OTHER)
    with pytest.raises(ConflictError), b:
        b.get(Site, site_id, expected_version=1).name = "B"
        with a:
            a.get(Site, site_id, expected_version=1).name = "A"
            # a has committed version 2; b's UPDATE ... WHERE version=1 matches nothing.
    with reading(db) as s:
        site = s.get(Site, site_id)
        assert site is not None and site.name == "A"


def test_explicit_audit_event_without_row_change(db) -> None:
    with UnitOfWork(db, LEAD) as uow:
        uow.audit(AuditAction_EXPORT(), "board_pack", None, detail="pack.pdf")
    rows = audit_rows(db)
    assert [(r.action, r.entity, r.detail) for r in rows] == [("export", "board_pack", "pack.pdf")]


def AuditAction_EXPORT():
    from vpr_desktop.domain.enums import AuditAction

    return AuditAction.EXPORT


def test_audit_rows_cannot_be_changed(db) -> None:
    add_site(db)
    from sqlalchemy import delete
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError), db.engine.begin() as conn:
        conn.execute(delete(AuditEvent))
    assert len(audit_rows(db)) == 1


def test_read_only_database_refuses_unit_of_work(tmp_path) -> None:
    from vpr_desktop.store.database import open_database

    path = tmp_path / "ro.db"
    open_database(path).close()
    ro = open_database(path, mode="ro")
    try:
        with pytest.raises(DatabaseRefused, match="read-only"):
            UnitOfWork(ro, LEAD)
    finally:
        ro.close()


def test_permission_check_names_the_role() -> None:
    board = Actor("bs", "Bo Secretary", frozenset({Role.BOARD_SECRETARY}))
    from vpr_desktop.domain.permissions import Permission

    with pytest.raises(PermissionDeniedError, match="Board secretary"):
        board.require(Permission.EDIT_RISKS, "edit risks")

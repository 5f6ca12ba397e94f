"""Issue 20: a pack's figures come from one read transaction. Every ``reading`` inside
``one_read`` shares its session, so a change committed meanwhile by someone else is not half
counted (SQLite and PostgreSQL); a pack on the demo trust runs in one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy import func
from sqlalchemy import select

from tests.reports.test_pack_pdf import PERIOD
from tests.reports.test_pack_pdf import open_demo
from tests.services.training.training_fixtures import LEAD
from vpr_desktop.domain.models import Site
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import one_read
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.packs.builder import build_pack
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.store.database import Database


def sites(db: Database) -> int:
    with reading(db) as s:
        return int(s.scalar(select(func.count()).select_from(Site)) or 0)


def add_site(db: Database, code: str) -> None:
    with UnitOfWork(db, LEAD) as uow:
        uow.session.add(Site(code=code, name=f"Site {code}"))


def test_readings_inside_one_read_see_one_state_of_the_database(db: Database) -> None:
    add_site(db, "A")
    with one_read(db) as outer:
        assert sites(db) == 1
        add_site(db, "B")  # committed by another connection while the read is open
        with reading(db) as s, one_read(db) as nested:
            assert s is outer and nested is outer
        assert sites(db) == 1
    assert sites(db) == 2


def test_a_pack_reads_in_one_transaction(demo_copy: Path) -> None:
    db, actor = open_demo(demo_copy)
    begins: list[Any] = []

    def began(conn: Any) -> None:
        begins.append(conn)

    event.listen(db.engine, "begin", began)
    try:
        build_pack(db, actor, PackRequest("committee", *PERIOD))
    finally:
        event.remove(db.engine, "begin", began)
        db.close()
    # One for the check that the shipped standard editions are present (a write may follow
    # it, so it stays outside), one for every figure of the pack.
    assert len(begins) == 2

"""PostgreSQL sessions never hang: each statement and each lock wait has a cap, and running
into it is said in plain words with nothing changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy import select
from sqlalchemy import text

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import DatabaseRefused
from vpr_desktop.domain.models import Site
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.store.database import Database
from vpr_desktop.store.database import open_database

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))


@pytest.fixture
def pg_db(pg_migrated_url: str, tmp_path: Path) -> Iterator[Database]:
    from tests.conftest import _empty_pg

    _empty_pg(pg_migrated_url)
    database = open_database(pg_migrated_url, backup_dir=tmp_path / "backups")
    try:
        yield database
    finally:
        database.close()


def test_every_session_has_a_statement_and_a_lock_timeout(pg_db: Database) -> None:
    with reading(pg_db) as s:
        assert s.execute(text("SHOW statement_timeout")).scalar() == "5min"
        assert s.execute(text("SHOW lock_timeout")).scalar() == "30s"


def test_a_statement_past_its_timeout_is_refused_in_words_and_nothing_is_written(
    pg_db: Database,
) -> None:
    with pytest.raises(DatabaseRefused) as caught, UnitOfWork(pg_db, LEAD) as uow:
        uow.session.add(Site(code="NG", name="Northgate"))
        uow.session.flush()
        uow.session.execute(text("SET LOCAL statement_timeout = 50"))
        uow.session.execute(text("SELECT pg_sleep(2)"))
    assert "took too long" in str(caught.value)
    assert "Traceback" not in str(caught.value)
    with reading(pg_db) as s:
        assert s.scalars(select(Site)).all() == []


def test_a_save_waiting_on_another_persons_lock_is_told_busy(
    pg_db: Database, pg_migrated_url: str
) -> None:
    with UnitOfWork(pg_db, LEAD) as uow:
        site = Site(code="NG", name="Northgate")
        uow.session.add(site)
        uow.session.flush()
        site_id = site.id
    other = create_engine(pg_migrated_url)
    try:
        with other.begin() as holder:
            holder.execute(text("SELECT id FROM site WHERE id = :i FOR UPDATE"), {"i": site_id})
            with pytest.raises(DatabaseRefused) as caught, UnitOfWork(pg_db, LEAD) as uow:
                uow.session.execute(text("SET LOCAL lock_timeout = 100"))
                found = uow.session.get(Site, site_id)
                assert found is not None
                found.name = "Northgate Hospital"
        assert "busy with another person's change" in str(caught.value)
    finally:
        other.dispose()
    with reading(pg_db) as s:
        assert s.get(Site, site_id).name == "Northgate"  # type: ignore[union-attr]


def test_a_schema_upgrade_lifts_the_statement_timeout_for_its_own_transaction(
    pg_migrated_url: str,
) -> None:
    from vpr_desktop.store import migrate

    engine = create_engine(pg_migrated_url, connect_args={"options": "-c statement_timeout=1000"})
    try:
        with engine.begin() as conn:
            migrate.upgrade(conn)  # already at head: only the SET LOCAL runs
            assert conn.execute(text("SHOW statement_timeout")).scalar() == "0"
        with engine.connect() as conn:
            assert conn.execute(text("SHOW statement_timeout")).scalar() == "1s"
    finally:
        engine.dispose()

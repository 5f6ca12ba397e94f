"""PostgreSQL itself enforces the roles (migration 0005): four logins made with ``user add``,
then connected DIRECTLY with psycopg, as psql or Excel would, with no app code in between.

Logins and group roles are cluster-wide: every name here starts with the session's role
prefix and the session's end drops them (tests/conftest.py).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.conftest import _empty_pg
from vpr_desktop.cli.main import run
from vpr_desktop.domain.models import Base
from vpr_desktop.store.database import open_database

ROLES = ("lead", "chair", "staff-side", "board-secretary")
PERSONAL = [
    "SELECT first_name, last_name FROM person",
    "SELECT employee_number FROM person",
    "SELECT description FROM incident",
    "SELECT injury_description FROM incident",
    "SELECT * FROM incident",
    "SELECT characteristic, value FROM staff_characteristic",
    "SELECT * FROM incident_staff",
    "SELECT * FROM training_record",
    "SELECT * FROM assignment",
    "SELECT * FROM support_step",
    "SELECT before, after FROM audit_event",
]


@pytest.fixture
def logins(pg_migrated_url: str, pg_role_prefix: str) -> Iterator[dict[str, str]]:
    """The session's superuser creates the database's first (administrator) account, then
    adds one login per role with the CLI."""
    _empty_pg(pg_migrated_url)
    names = {r: f"{pg_role_prefix}u_{r.replace('-', '_')}" for r in ROLES}
    for role, login in names.items():
        out, err = io.StringIO(), io.StringIO()
        code = run(
            [
                "user",
                "add",
                login,
                "--name",
                f"Test {role}",
                "--role",
                role,
                "--db",
                pg_migrated_url,
            ],
            out,
            err,
        )
        assert code == 0, err.getvalue()
        assert "The PostgreSQL login was updated to match." in out.getvalue()
    yield names


def connect(url: str, login: str) -> psycopg.Connection[Any]:
    u = make_url(url)
    return psycopg.connect(
        host=u.host, port=u.port or 5432, dbname=u.database, user=login, autocommit=True
    )


def refused(conn: psycopg.Connection[Any], sql: str) -> bool:
    try:
        conn.execute(sql)
    except psycopg.errors.InsufficientPrivilege:
        return True
    return False


@pytest.mark.parametrize("who", ["staff-side", "board-secretary"])
def test_staff_side_and_board_read_no_person_level_data(
    pg_migrated_url: str, logins: dict[str, str], who: str
) -> None:
    with connect(pg_migrated_url, logins[who]) as conn:
        assert conn.execute("SELECT current_user").fetchone() == (logins[who],)
        allowed = [sql for sql in PERSONAL if not refused(conn, sql)]
        assert allowed == []
        # What they do get: safe incident columns, the aggregate views, the action log.
        for sql in (
            "SELECT month, primary_type, harm, count(*) FROM incident GROUP BY 1, 2, 3",
            "SELECT * FROM vpr_characteristic_count",
            "SELECT * FROM vpr_incident_staff_count",
            "SELECT * FROM action",
            "SELECT username, display_name FROM app_user",
        ):
            assert not refused(conn, sql), sql
        # Writing what they do not edit.
        for sql in (
            "UPDATE risk_assessment SET title = 'changed'",
            "DELETE FROM risk_assessment",
            "INSERT INTO person (employee_number, first_name, last_name, version) "
            "VALUES ('1', 'A', 'B', 1)",
            "UPDATE app_user SET active = false",
        ):
            assert refused(conn, sql), sql


def test_lead_and_chair_read_what_their_work_needs(
    pg_migrated_url: str, logins: dict[str, str]
) -> None:
    with connect(pg_migrated_url, logins["lead"]) as lead:
        assert not refused(lead, "SELECT first_name, description FROM person, incident")
        assert not refused(lead, "UPDATE risk_assessment SET title = title")
        assert refused(lead, "UPDATE app_user SET active = active")  # administrators only
    with connect(pg_migrated_url, logins["chair"]) as chair:
        assert not refused(chair, "SELECT description FROM incident")
        assert refused(chair, "UPDATE risk_assessment SET title = title")
        assert refused(chair, "DELETE FROM action")


def test_nobody_updates_or_deletes_audit_rows_owner_included(
    pg_migrated_url: str, logins: dict[str, str]
) -> None:
    owner = make_url(pg_migrated_url).username or "postgres"
    for login in [*logins.values(), owner]:
        with connect(pg_migrated_url, login) as conn:
            n = (
                conn.execute("SELECT count(*) FROM audit_event").fetchone()
                if login
                in (
                    logins["lead"],
                    owner,
                )
                else None
            )
            for sql in (
                "UPDATE audit_event SET detail = 'rewritten'",
                "DELETE FROM audit_event",
            ):
                with pytest.raises(psycopg.Error) as info:
                    conn.execute(sql)
                assert isinstance(
                    info.value, psycopg.errors.InsufficientPrivilege | psycopg.errors.RaiseException
                ), (login, sql, info.value)
            if n is not None:
                assert n[0] > 0  # there were rows to change: the refusal is real
                assert conn.execute("SELECT count(*) FROM audit_event").fetchone() == n


def test_every_table_has_a_policy() -> None:
    """A new table must be placed in 0005's (or a later revision's) grants: private until it
    is, and this test says so."""
    import importlib

    policy = importlib.import_module(
        "vpr_desktop.store.migrations.versions.0005_postgresql_roles_and_grants"
    )
    statement = importlib.import_module(
        "vpr_desktop.store.migrations.versions.0013_staff_side_statement_and_claims"
    )
    survey = importlib.import_module(
        "vpr_desktop.store.migrations.versions.0014_staff_survey_and_system_returns"
    )
    assert sorted(policy.ALL_TABLES + statement.NEW_TABLES + survey.TABLES) == sorted(
        Base.metadata.tables
    )


def test_admin_without_createrole_gets_the_sql_for_a_dba(
    pg_migrated_url: str, logins: dict[str, str], pg_role_prefix: str
) -> None:
    admin = pg_role_prefix + "it_admin"
    out, err = io.StringIO(), io.StringIO()
    code = run(
        ["user", "add", admin, "--name", "IT", "--role", "admin", "--db", pg_migrated_url], out, err
    )
    assert code == 0, err.getvalue()
    as_admin = make_url(pg_migrated_url).set(username=admin).render_as_string(False)
    newbie = pg_role_prefix + "newbie"
    out = io.StringIO()
    assert (
        run(["user", "add", newbie, "--name", "New", "--role", "chair", "--db", as_admin], out, err)
        == 0
    )
    text = out.getvalue()
    assert f"Added New ({newbie}): Committee chair." in text
    assert "Ask the database administrator to run:" in text
    assert f'    CREATE ROLE "{newbie}" LOGIN;' in text
    assert f'    GRANT "{pg_role_prefix}chair" TO "{newbie}";' in text
    db = open_database(pg_migrated_url)
    try:
        with db.engine.connect() as conn:
            from sqlalchemy import text as sql

            assert (
                conn.execute(
                    sql("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": newbie}
                ).first()
                is None
            )
    finally:
        db.close()


def test_only_the_staff_side_writes_its_statement_and_the_lead_writes_claims(
    pg_migrated_url: str, logins: dict[str, str]
) -> None:
    """Revision 0013's grants: the staff-side statement is written by the staff side alone
    (the VPR lead reads it, as the chair and board secretary do); NHS Resolution claims are
    written by the lead and read by every aggregate reader."""

    def may(who: str, table: str, right: str) -> bool:
        with connect(pg_migrated_url, logins[who]) as conn:
            row = conn.execute("SELECT has_table_privilege(%s, %s)", (table, right)).fetchone()
            return bool(row and row[0])

    statement = {w: may(w, "staff_side_statement", "INSERT") for w in ROLES}
    assert statement == {
        "lead": False,
        "chair": False,
        "staff-side": True,
        "board-secretary": False,
    }
    assert may("staff-side", "staff_side_statement", "UPDATE")
    assert not may("staff-side", "staff_side_statement", "DELETE")
    assert not may("lead", "staff_side_statement", "UPDATE")
    assert all(may(w, "staff_side_statement", "SELECT") for w in ROLES)
    claims = {w: may(w, "nhsr_claim", "INSERT") for w in ROLES}
    assert claims == {
        "lead": True,
        "chair": False,
        "staff-side": False,
        "board-secretary": False,
    }
    assert all(may(w, "nhsr_claim", "SELECT") for w in ROLES)
    with connect(pg_migrated_url, logins["lead"]) as lead:
        assert refused(lead, "UPDATE staff_side_statement SET text = 'edited by management'")


def test_a_board_secretary_login_counts_days_lost_by_staff_group_from_the_view(
    pg_migrated_url: str, logins: dict[str, str]
) -> None:
    """A board secretary's login may not read incident_staff: days lost by staff group come
    from 0005's vpr_incident_staff_count view, and equal the lead's figures."""
    from tests.services.packs.test_pack_costs import add_incidents
    from tests.services.packs.test_pack_truthful import LEAD
    from tests.services.packs.test_pack_truthful import PERIOD
    from vpr_desktop.domain.enums import Role as AppRole
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.services.incidents.days_lost import days_lost
    from vpr_desktop.services.incidents.figures import Period

    db = open_database(pg_migrated_url)
    try:
        add_incidents(db)
        as_lead = days_lost(db, LEAD, Period(*PERIOD))
    finally:
        db.close()
    login = make_url(pg_migrated_url).set(username=logins["board-secretary"])
    secretary = Actor(
        logins["board-secretary"], "Board Secretary", frozenset({AppRole.BOARD_SECRETARY})
    )
    db = open_database(login.render_as_string(False), mode="ro")
    try:
        with connect(pg_migrated_url, logins["board-secretary"]) as conn:
            assert refused(conn, "SELECT days_absent FROM incident_staff")
        assert days_lost(db, secretary, Period(*PERIOD)) == as_lead
    finally:
        db.close()

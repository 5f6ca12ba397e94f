"""PostgreSQL logins and group roles: the database's own half of the permission model.

On a shared PostgreSQL database each person connects with their own database login (Windows
sign-in or a password the DBA set), so anyone can reach the tables with psql or Excel as well
as through the app. Migration 0005 therefore creates one NOLOGIN *group role* per VPR Desktop
role and grants it exactly the tables and columns that role may read or write; a person's login
is made a member of the group roles matching their VPR Desktop roles. This module names those
group roles and writes the SQL that creates, grants, revokes and switches logins on and off,
so the service and the "ask your DBA" text say the same thing.

Group role names are ``<prefix><suffix>`` (``vpr_lead`` …). The prefix is the database setting
``vpr.role_prefix`` (``ALTER DATABASE … SET vpr.role_prefix = 'vprtest_'``), default ``vpr_``:
roles are cluster-wide, so two VPR Desktop databases on one server (live and training) need
different prefixes, or a lead in one would be a lead in the other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vpr_desktop.domain.enums import Role

if TYPE_CHECKING:
    from sqlalchemy import Connection

DEFAULT_PREFIX = "vpr_"
PREFIX_SETTING = "vpr.role_prefix"
MAX_NAME = 63  # PostgreSQL's identifier limit (NAMEDATALEN - 1)

# Kept in step with migration 0005 (which holds its own copy, as migrations must not change).
GROUP_SUFFIX: dict[Role, str] = {
    Role.VPR_LEAD: "lead",
    Role.COMMITTEE_CHAIR: "chair",
    Role.STAFF_SIDE_REP: "staff_side",
    Role.BOARD_SECRETARY: "board_secretary",
    Role.ADMINISTRATOR: "admin",
}


def quote_ident(name: str) -> str:
    """``"name"`` with embedded quotes doubled: safe for any login, including mixed case and
    ``user@REALM`` (Kerberos)."""
    return '"' + name.replace('"', '""') + '"'


def role_prefix(conn: Connection) -> str:
    from sqlalchemy import text

    value = conn.execute(text("SELECT current_setting(:s, true)"), {"s": PREFIX_SETTING}).scalar()
    return str(value) if value else DEFAULT_PREFIX


def group_role(prefix: str, role: Role) -> str:
    return prefix + GROUP_SUFFIX[role]


def group_roles(prefix: str) -> dict[Role, str]:
    return {role: group_role(prefix, role) for role in GROUP_SUFFIX}


def may_create_roles(conn: Connection) -> bool:
    """True when the connected login may create logins (CREATEROLE or superuser)."""
    from sqlalchemy import text

    row = conn.execute(
        text("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar()
    return bool(row)


def login_exists(conn: Connection, login: str) -> bool:
    from sqlalchemy import text

    found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}).first()
    return found is not None


def add_login_sql(login: str, groups: list[str], *, exists: bool) -> list[str]:
    """SQL giving ``login`` the right to connect as a member of ``groups``.

    No password: on a trust network the login authenticates with Windows sign-in (SSPI /
    Kerberos, configured in pg_hba.conf); otherwise the DBA sets one (``\\password`` in psql),
    so no secret ever passes through VPR Desktop.
    """
    who = quote_ident(login)
    out = [f"ALTER ROLE {who} LOGIN" if exists else f"CREATE ROLE {who} LOGIN"]
    out += [f"GRANT {quote_ident(g)} TO {who}" for g in groups]
    return out


def set_groups_sql(login: str, grant: list[str], revoke: list[str]) -> list[str]:
    who = quote_ident(login)
    return [f"GRANT {quote_ident(g)} TO {who}" for g in grant] + [
        f"REVOKE {quote_ident(g)} FROM {who}" for g in revoke
    ]


def switch_login_sql(login: str, *, on: bool) -> list[str]:
    """Deactivating an account also stops its login connecting at all (psql, ODBC)."""
    return [f"ALTER ROLE {quote_ident(login)} {'LOGIN' if on else 'NOLOGIN'}"]

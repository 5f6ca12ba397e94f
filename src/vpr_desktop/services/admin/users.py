"""Who is using the app: the OS login (SQLite) or the database login (PostgreSQL).

The first person to open a new database becomes its administrator (and VPR lead, since on an
embedded database that person is usually the VPR lead). Anyone else needs an account.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text

from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import User
from vpr_desktop.domain.models import UserRole
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.store import pg_roles

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from vpr_desktop.store.database import Database

CREATOR_ROLES = (Role.ADMINISTRATOR, Role.VPR_LEAD)


def login_name(db: Database) -> str:
    """Who is signed in: PostgreSQL's login, else the operating system's user name."""
    if db.kind == "postgresql":
        with db.engine.connect() as conn:
            return str(conn.execute(text("SELECT current_user")).scalar())
    try:
        return os_account_name()
    except (KeyError, OSError):  # no login name in a container or service account
        return "local-user"


def os_account_name() -> str:
    """The operating-system account this process runs as, asked of the system itself.

    Never from the environment (``LOGNAME``, ``USER``, ``USERNAME``, as ``getpass.getuser``
    reads first): anyone can set those, which would make them the administrator of a SQLite
    database and sign the audit trail in someone else's name (issue 19)."""
    if sys.platform == "win32":
        import ctypes

        size = ctypes.c_ulong(257)
        buffer = ctypes.create_unicode_buffer(size.value)
        if not ctypes.windll.advapi32.GetUserNameW(buffer, ctypes.byref(size)):  # type: ignore[attr-defined]
            raise OSError("GetUserNameW failed")
        return str(buffer.value)
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name


def _actor(user: User) -> Actor:
    return Actor(
        username=user.username, display_name=user.display_name, roles=user.role_set, user_id=user.id
    )


def identify(db: Database, username: str | None = None) -> Actor:
    """The Actor for this login; creates the administrator on a database with no users."""
    name = username or login_name(db)
    with reading(db) as session:
        user = session.scalar(select(User).where(User.username == name))
        if user is not None:
            if not user.active:
                raise PermissionDeniedError(
                    f"The account '{name}' has been switched off.",
                    "Ask an administrator to switch it back on.",
                )
            return _actor(user)
        n_users = session.scalar(select(func.count()).select_from(User)) or 0
        admins = session.scalars(
            select(User.display_name).join(UserRole).where(UserRole.role == Role.ADMINISTRATOR)
        ).all()
    if n_users == 0 and not db.read_only:
        return create_user(db, None, name, name, CREATOR_ROLES)
    who = ", ".join(admins) or "your VPR lead"
    raise PermissionDeniedError(
        f"Your login '{name}' has no account in this database.",
        f"Ask an administrator ({who}) to add you.",
    )


def create_user(
    db: Database,
    actor: Actor | None,
    username: str,
    display_name: str,
    roles: tuple[Role, ...] | list[Role],
) -> Actor:
    """Add an account. ``actor`` None means the creator of a new database (bootstrap)."""
    creator = actor or Actor(username=username, display_name=display_name, roles=frozenset(roles))
    if actor is not None:
        actor.require(Permission.MANAGE_USERS, "add users")
    with UnitOfWork(db, creator) as uow:
        user = User(
            username=username, display_name=display_name, roles=[UserRole(role=r) for r in roles]
        )
        uow.session.add(user)
        uow.session.flush()
        uid = user.id
    return Actor(username=username, display_name=display_name, roles=frozenset(roles), user_id=uid)


def audit_login(db: Database, actor: Actor) -> None:
    """Record in the audit log that this person opened the database (not when read-only)."""
    if db.read_only:
        return
    with UnitOfWork(db, actor) as uow:
        uow.audit(AuditAction.VIEW, "session", None, detail="opened the database")


# --------------------------------------------------------------------------- managing accounts

# Names for roles on the command line; the enum values are accepted too.
ROLE_NAMES: dict[str, Role] = {
    "lead": Role.VPR_LEAD,
    "chair": Role.COMMITTEE_CHAIR,
    "staff-side": Role.STAFF_SIDE_REP,
    "board-secretary": Role.BOARD_SECRETARY,
    "admin": Role.ADMINISTRATOR,
} | {role.value: role for role in Role}
GroupNames = Callable[[Iterable[Role]], list[str]]  # roles -> this database's group role names
MAX_LOGIN = 63  # PostgreSQL's limit; the app_user column holds 120, SQLite logins are shorter


def parse_role(name: str) -> Role:
    """A role from its command-line name (``staff-side``) or stored value (``staff_side_rep``)."""
    role = ROLE_NAMES.get(name.strip().lower())
    if role is None:
        raise ValidationError(
            f"'{name}' is not a VPR Desktop role.",
            "Use one of: lead, chair, staff-side, board-secretary, admin.",
        )
    return role


@dataclass(frozen=True)
class UserRow:
    """One user as the Users dialog lists them."""

    username: str
    display_name: str
    roles: frozenset[Role]
    active: bool

    @property
    def roles_label(self) -> str:
        """The user's roles in words ("No role" when none)."""
        return ", ".join(r.label for r in sorted(self.roles)) or "No role"


@dataclass(frozen=True)
class UserChange:
    """What changed. ``database_sql`` is set on PostgreSQL when the app's login may not create
    or grant logins: the DBA runs it, and until then the person's login cannot connect (or
    keeps its old database rights)."""

    user: UserRow
    database_sql: tuple[str, ...] = ()
    login_done: bool = False  # the PostgreSQL login was created/changed by this call


def _row(user: User) -> UserRow:
    return UserRow(user.username, user.display_name, user.role_set, user.active)


class UserService:
    """Accounts and their roles, for administrators only.

    Accounts are never deleted: the audit trail names people by login, so a deactivated
    account keeps its name. The last active administrator can neither lose the role nor be
    deactivated, or nobody could manage accounts again. On PostgreSQL each change is mirrored
    on the person's database login (membership of the group roles of migration 0005, LOGIN or
    NOLOGIN) in the same transaction as the account change and its audit rows, because the
    database login is what PostgreSQL enforces.
    """

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    def list_users(self) -> list[UserRow]:
        """Every user, by login name (administrators only)."""
        self.actor.require(Permission.MANAGE_USERS, "see the list of users")
        with reading(self.db) as session:
            users = session.scalars(select(User).order_by(User.username)).all()
            return [_row(u) for u in users]

    def add(self, login: str, display_name: str, roles: Iterable[Role]) -> UserChange:
        """Add a user with ``roles``; on PostgreSQL, also their login where the app may."""
        self.actor.require(Permission.MANAGE_USERS, "add users")
        login = self._check_login(login)
        name = " ".join(display_name.split())
        if not name:
            raise ValidationError(
                f"The user '{login}' needs a display name.", 'Give one with --name "…".'
            )
        wanted = self._check_roles(roles)
        with UnitOfWork(self.db, self.actor) as uow:
            if uow.session.scalar(select(User).where(User.username == login)) is not None:
                raise ValidationError(
                    f"'{login}' already has an account.",
                    "Change its roles with 'user set-roles' or switch it on with "
                    "'user reactivate'.",
                )
            user = User(username=login, display_name=name, roles=[UserRole(role=r) for r in wanted])
            uow.session.add(user)
            uow.session.flush()
            sql, done = self._on_database(
                uow,
                login,
                lambda c, groups: pg_roles.add_login_sql(
                    login, groups(wanted), exists=pg_roles.login_exists(c, login)
                ),
            )
            row = _row(user)
        return UserChange(row, sql, done)

    def set_roles(self, login: str, roles: Iterable[Role]) -> UserChange:
        """Replace a user's roles (and their PostgreSQL rights where the app may)."""
        self.actor.require(Permission.MANAGE_USERS, "change users' roles")
        wanted = self._check_roles(roles)
        with UnitOfWork(self.db, self.actor) as uow:
            user = self._get(uow, login)
            before = user.role_set
            if Role.ADMINISTRATOR in before and Role.ADMINISTRATOR not in wanted and user.active:
                self._refuse_if_last_admin(uow, user, "lose the administrator role")
            for link in list(user.roles):
                if link.role not in wanted:
                    user.roles.remove(link)
                    uow.session.delete(link)
            for role in wanted - before:
                user.roles.append(UserRole(role=role))
            uow.audit(
                AuditAction.UPDATE,
                "app_user",
                user.id,
                detail=f"roles of {login} set",
                before={"roles": sorted(r.value for r in before)},
                after={"roles": sorted(r.value for r in wanted)},
            )
            uow.session.flush()
            active = user.active

            def change_groups(conn: Connection, groups: GroupNames) -> list[str]:
                if pg_roles.login_exists(conn, login):
                    return pg_roles.set_groups_sql(
                        login, groups(wanted - before), groups(before - wanted)
                    )
                # An account from before its login existed: give it one now, if it is on.
                return pg_roles.add_login_sql(login, groups(wanted), exists=False) if active else []

            sql, done = self._on_database(uow, login, change_groups)
            row = _row(user)
        return UserChange(row, sql, done)

    def deactivate(self, login: str) -> UserChange:
        """Switch an account off: it can no longer open the database (nor, on PostgreSQL,
        connect at all); its name stays in the audit trail."""
        return self._switch(login, on=False)

    def reactivate(self, login: str) -> UserChange:
        """Let a deactivated user sign in again."""
        return self._switch(login, on=True)

    # -- helpers
    def _switch(self, login: str, *, on: bool) -> UserChange:
        doing = "switch accounts on" if on else "switch accounts off"
        self.actor.require(Permission.MANAGE_USERS, doing)
        with UnitOfWork(self.db, self.actor) as uow:
            user = self._get(uow, login)
            if user.active == on:
                raise ValidationError(
                    f"The account '{login}' is already switched {'on' if on else 'off'}.",
                    "Nothing was changed.",
                )
            if not on and Role.ADMINISTRATOR in user.role_set:
                self._refuse_if_last_admin(uow, user, "be switched off")
            user.active = on
            uow.session.flush()
            roles = user.role_set

            def switch(conn: Connection, groups: GroupNames) -> list[str]:
                if pg_roles.login_exists(conn, login):
                    return pg_roles.switch_login_sql(login, on=on)
                return pg_roles.add_login_sql(login, groups(roles), exists=False) if on else []

            sql, done = self._on_database(uow, login, switch)
            row = _row(user)
        return UserChange(row, sql, done)

    def _check_login(self, login: str) -> str:
        login = login.strip()
        if not login or len(login) > MAX_LOGIN or any(ord(ch) < 32 for ch in login):
            raise ValidationError(
                f"'{login}' is not a usable login name.",
                f"Give the person's Windows or database login (1 to {MAX_LOGIN} characters).",
            )
        reserved = login.lower().startswith("pg_") or login == "public"
        if self.db.kind == "postgresql":
            with self.db.engine.connect() as conn:
                prefix = pg_roles.role_prefix(conn)
            reserved = reserved or login in pg_roles.group_roles(prefix).values()
        if reserved:
            raise ValidationError(
                f"'{login}' is reserved by the database and cannot be a person's login.",
                "Give the person's own login.",
            )
        return login

    @staticmethod
    def _check_roles(roles: Iterable[Role]) -> frozenset[Role]:
        wanted = frozenset(Role(r) for r in roles)
        if not wanted:
            raise ValidationError(
                "A user needs at least one role.",
                "Give one or more with --role (lead, chair, staff-side, board-secretary, admin).",
            )
        return wanted

    @staticmethod
    def _get(uow: UnitOfWork, login: str) -> User:
        user = uow.session.scalar(select(User).where(User.username == login.strip()))
        if user is None:
            raise ValidationError(
                f"There is no account with the login '{login}'.",
                "Check the spelling with 'vpr-desktop user list'.",
            )
        return user

    @staticmethod
    def _refuse_if_last_admin(uow: UnitOfWork, user: User, change: str) -> None:
        # Locks the administrators' rows on PostgreSQL, so two administrators removing each
        # other at the same moment cannot both succeed.
        admins = uow.session.scalars(
            select(User.id)
            .join(UserRole)
            .where(UserRole.role == Role.ADMINISTRATOR, User.active.is_(True))
            .with_for_update(of=User)
        ).all()
        if set(admins) <= {user.id}:
            raise PermissionDeniedError(
                f"{user.display_name} ({user.username}) is the last active administrator and "
                f"cannot {change}.",
                "Make someone else an administrator first.",
            )

    def _on_database(
        self,
        uow: UnitOfWork,
        login: str,
        statements: Callable[[Connection, GroupNames], list[str]],
    ) -> tuple[tuple[str, ...], bool]:
        """Run the login's SQL in this transaction, or hand it back for a DBA (no CREATEROLE).

        Returns (SQL for the DBA, whether it was run here). SQLite: nothing to do."""
        if self.db.kind != "postgresql":
            return (), False
        conn = uow.session.connection()
        prefix = pg_roles.role_prefix(conn)

        def groups(roles: Iterable[Role]) -> list[str]:
            return [pg_roles.group_role(prefix, r) for r in sorted(roles)]

        sql = statements(conn, groups)
        if not sql:
            return (), False
        if not pg_roles.may_create_roles(conn):
            uow.audit(
                AuditAction.UPDATE,
                "database_login",
                login,
                detail="SQL for the database administrator given: " + "; ".join(sql),
            )
            return tuple(sql), False
        for statement in sql:
            conn.execute(text(statement))
        uow.audit(AuditAction.UPDATE, "database_login", login, detail="; ".join(sql))
        return (), True

"""Who is using the app: the OS login (SQLite) or the database login (PostgreSQL).

The first person to open a new database becomes its administrator (and VPR lead, since on an
embedded database that person is usually the VPR lead). Anyone else needs an account.
"""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING

from sqlalchemy import func, select, text

from vpr_desktop.domain.enums import AuditAction, Role
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.models import User, UserRole
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import UnitOfWork, reading

if TYPE_CHECKING:
    from vpr_desktop.store.database import Database

CREATOR_ROLES = (Role.ADMINISTRATOR, Role.VPR_LEAD)


def login_name(db: Database) -> str:
    if db.kind == "postgresql":
        with db.engine.connect() as conn:
            return str(conn.execute(text("SELECT current_user")).scalar())
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in a container or service account
        return "local-user"


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
    if db.read_only:
        return
    with UnitOfWork(db, actor) as uow:
        uow.audit(AuditAction.VIEW, "session", None, detail="opened the database")

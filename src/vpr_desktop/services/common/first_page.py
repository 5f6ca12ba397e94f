"""Keep the incident list's first page statement for the next start (performance.md S2).

At start-up the window may show the list's first page before SQLAlchemy is imported, with
plain ``sqlite3`` (``store/early_read.py``). That read must be the ORM's own, so the statement
is taken from here: :func:`execute_keeping` runs a page's SELECT through the session and keeps
the SQL and parameters exactly as SQLAlchemy sent them to the driver, with the converter that
turns each stored column into what the ORM returns (named from the column's SQLAlchemy type,
``domain/stored_values.py``). :func:`keep_first_page` then writes them down with the key that
makes them valid: the file, its schema revision, the app version, the person and their roles
(themselves read by a kept ORM statement), and the search and filters.

Only a plain SQLite file is kept: PostgreSQL (a server, whose client library is part of what
the early read would have to import) and an encrypted file never take the early path.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import Boolean
from sqlalchemy import Date
from sqlalchemy import DateTime
from sqlalchemy import Enum
from sqlalchemy import TypeDecorator
from sqlalchemy import event
from sqlalchemy import select

from vpr_desktop.domain import stored_values
from vpr_desktop.domain.models import User
from vpr_desktop.domain.models import UserRole
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.store import early_read
from vpr_desktop.store.early_read import KeptFirstPage
from vpr_desktop.store.early_read import KeptStatement

if TYPE_CHECKING:
    from sqlalchemy import Select
    from sqlalchemy.orm import Session
    from sqlalchemy.types import TypeEngine

    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

log = logging.getLogger(__name__)

#: Filters whose meaning depends on the day (RIDDOR as of today): never kept, since the same
#: statement would mean another day tomorrow.
DAY_DEPENDENT_FILTERS = frozenset({"riddor", "riddor_overdue", "as_of"})


class NotKeepable(Exception):
    """A statement whose columns the early read could not convert as the ORM does."""


def converter_name(type_: TypeEngine[Any]) -> str:
    """The ``stored_values`` converter giving what ``type_`` gives on SQLite."""
    if isinstance(type_, TypeDecorator):
        raise NotKeepable(f"custom type {type_!r}")
    if isinstance(type_, Enum):
        if type_.enum_class is None:
            return stored_values.PLAIN
        return stored_values.enum_converter_name(type_.enum_class)
    if isinstance(type_, DateTime):
        return stored_values.DATETIME
    if isinstance(type_, Date):
        return stored_values.DATE
    if isinstance(type_, Boolean):
        return stored_values.BOOL
    return stored_values.PLAIN


def execute_keeping(
    session: Session, stmt: Select[Any], extra_columns: int = 0
) -> tuple[Sequence[Any], KeptStatement | None]:
    """Run ``stmt`` and return its rows with the statement as the driver received it (None if
    it cannot be kept); the last ``extra_columns`` are not converted (the list drops them)."""
    connection = session.connection()
    sent: list[tuple[str, Any]] = []

    def seen(_conn: object, _cursor: object, sql: str, params: Any, *_rest: object) -> None:
        sent.append((sql, params))

    event.listen(connection, "before_cursor_execute", seen)
    try:
        rows = session.execute(stmt).all()
    finally:
        event.remove(connection, "before_cursor_execute", seen)
    if not sent or connection.dialect.name != "sqlite":
        return rows, None
    columns = list(stmt.selected_columns)
    shown = columns[: len(columns) - extra_columns]
    try:
        converters = tuple(converter_name(c.type) for c in shown)
    except NotKeepable:
        return rows, None
    sql, params = sent[-1]
    return rows, KeptStatement(sql=sql, params=tuple(params), converters=converters)


def _roles_statement(db: Database, username: str) -> tuple[KeptStatement | None, tuple[str, ...]]:
    """The roles of ``username``'s active account, and the statement that read them."""
    stmt = (
        select(UserRole.role)
        .join(User, User.id == UserRole.user_id)
        .where(User.username == username, User.active.is_(True))
    )
    with reading(db) as session:
        rows, kept = execute_keeping(session, stmt)
    return kept, tuple(sorted(str(row[0].value) for row in rows))


def keep_first_page(
    db: Database,
    actor: Actor,
    statement: KeptStatement | None,
    *,
    sort_key: str,
    descending: bool,
    search: str,
    filters: dict[str, Any],
) -> bool:
    """Keep ``statement`` (a list's first page as the ORM ran it) for the next start.

    False, and nothing kept, when it cannot be used then: not a plain SQLite file, a filter
    that depends on the day, or the person's roles here differ from the actor's. A failure to
    write it is logged and otherwise ignored: the list itself is unaffected."""
    path = db.path
    if statement is None or db.kind != "sqlite" or path is None or db.encrypted:
        return False
    if DAY_DEPENDENT_FILTERS & set(filters):
        return False
    try:
        roles, values = _roles_statement(db, actor.username)
        if roles is None or values != tuple(sorted(r.value for r in actor.roles)):
            return False  # a preview ("view as role") or a changed account: nothing to keep
        kept = KeptFirstPage(
            key=early_read.current_key(path, actor.username, search, filters),
            sort_key=sort_key,
            descending=descending,
            page=statement,
            roles=roles,
            role_values=values,
        )
        return early_read.save(kept)
    except (OSError, sqlite3.Error, LookupError, ValueError) as exc:
        log.info("first page not kept for the next start: %s", exc)
        return False

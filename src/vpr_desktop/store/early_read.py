"""The incident list's first page, read at start-up with plain ``sqlite3`` before the ORM loads.

Why: importing SQLAlchemy, the models and the services takes 0.7-0.9 s on a 2-core PC, more
than the whole start-up budget for showing the incident list (performance.md S2). The list's
first page itself is one indexed query of a few milliseconds.

One reading path, not two: the SQL run here is never written by hand. When the real list
(``services/incidents/listing.py``) runs its first page, the services keep the exact statement
the ORM sent to SQLite, its parameters and how to convert each column
(``services/common/first_page.py``), and the window keeps them in a small file in the app's
data folder (SQL and parameters only, never row data). On the next start that statement is run
again only if everything that made it valid still holds, compared as a :class:`FirstPageKey`:

* the same database file (resolved path, and its device and file number, so a file copied or
  restored over it is another file);
* the same schema revision (``alembic_version``), app version and operating-system account;
* the person it was built for still holds the same roles (read with the ORM's own statement,
  kept alongside);
* the same search and filters.

Anything else -- another file, an encrypted file (no plain SQLite header), a damaged header or
schema, a missing file, any ``sqlite3`` error -- gives no rows, and the window opens as it
always did. Nothing is written: the connection is opened ``mode=ro`` with ``query_only``.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from dataclasses import asdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vpr_desktop import __version__
from vpr_desktop.domain.stored_values import convert_rows

FIRST_PAGE_FILE = "first_page.json"
SQLITE_HEADER = b"SQLite format 3\x00"
#: A writer holding the file must not hold up start-up: give up on the early rows instead.
EARLY_TIMEOUT_S = 0.2
#: What a failed early read may raise; each means "no early rows", never an error shown.
EARLY_ERRORS = (sqlite3.Error, OSError, ValueError, KeyError, TypeError, LookupError)


@dataclass(frozen=True)
class KeptStatement:
    """A statement as the ORM sent it to SQLite, and each result column's converter name
    (``domain/stored_values.py``)."""

    sql: str
    params: tuple[Any, ...]
    converters: tuple[str, ...] = ()


@dataclass(frozen=True)
class FirstPageKey:
    """What must be unchanged for a kept statement to give the rows the ORM would give."""

    database: str
    identity: str
    revision: str
    app_version: str
    account: str
    username: str
    request: str


@dataclass(frozen=True)
class KeptFirstPage:
    """The first page's statement for one key, and the actor check that goes with it."""

    key: FirstPageKey
    sort_key: str
    descending: bool
    page: KeptStatement
    #: The statement listing the roles of ``key.username`` (an active account), and the roles
    #: it gave when the page was kept: other roles (or none) mean no early rows.
    roles: KeptStatement
    role_values: tuple[str, ...]


def kept_file() -> Path:
    """Where the kept first page lives: the app's data folder (per person, or the portable
    copy's ``data/``)."""
    from vpr_desktop.store.paths import data_dir

    return data_dir() / FIRST_PAGE_FILE


def process_account() -> str:
    """The operating-system account this process runs as, from the system (never the
    environment): a portable copy's data folder may be shared by several people."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is not None:
        return f"uid:{geteuid()}"
    return f"login:{os.getlogin()}"  # Windows: GetUserNameW


def database_identity(path: Path) -> str:
    """The file's device and file number: the same path holding another file (a copy or a
    restore put there) is another database."""
    info = path.stat()
    return f"{info.st_dev}:{info.st_ino}"


def request_key(search: str, filters: dict[str, Any]) -> str:
    """The search and filters a page was read for, as comparable text."""
    return json.dumps({"search": search, "filters": filters}, sort_keys=True, default=str)


def is_plain_sqlite(path: Path) -> bool:
    """A file with the plain SQLite header (so not an encrypted one, nor something else)."""
    with open(path, "rb") as fh:
        return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write: ``mode=ro`` and ``query_only``."""
    con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=EARLY_TIMEOUT_S)
    con.execute("PRAGMA query_only=ON")
    return con


def schema_revision(con: sqlite3.Connection) -> str:
    """The database's schema revision (Alembic's ``alembic_version``)."""
    row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is None:
        raise LookupError("no schema revision")
    return str(row[0])


def key_for(
    path: Path, con: sqlite3.Connection, username: str, search: str, filters: dict[str, Any]
) -> FirstPageKey:
    """The key of ``path`` as it is now, for ``username`` reading ``search`` and ``filters``."""
    return FirstPageKey(
        database=str(path.resolve()),
        identity=database_identity(path),
        revision=schema_revision(con),
        app_version=__version__,
        account=process_account(),
        username=username,
        request=request_key(search, filters),
    )


def current_key(path: Path, username: str, search: str, filters: dict[str, Any]) -> FirstPageKey:
    """:func:`key_for` with a read-only connection of its own (the services' side)."""
    con = connect_read_only(path)
    try:
        return key_for(path, con, username, search, filters)
    finally:
        con.close()


def save(kept: KeptFirstPage, file: Path | None = None) -> bool:
    """Keep ``kept`` for the next start (replacing what was kept); False if unchanged.

    Written to a temporary file and renamed over the old one, so a start that reads it while
    this runs sees the old or the new, never half of one."""
    file = file or kept_file()
    text = json.dumps(asdict(kept), sort_keys=True)
    with contextlib.suppress(OSError):  # (nothing kept yet)
        if file.read_text(encoding="utf-8") == text:
            return False
    partial = file.with_name(file.name + ".new")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, file)
    return True


def load(file: Path | None = None) -> KeptFirstPage | None:
    """What was kept, or None (nothing kept, or a file this version cannot read)."""
    try:
        data = json.loads((file or kept_file()).read_text(encoding="utf-8"))
        return KeptFirstPage(
            key=FirstPageKey(**data["key"]),
            sort_key=str(data["sort_key"]),
            descending=bool(data["descending"]),
            page=_statement(data["page"]),
            roles=_statement(data["roles"]),
            role_values=tuple(str(r) for r in data["role_values"]),
        )
    except (*EARLY_ERRORS, AttributeError):
        return None


def _statement(data: dict[str, Any]) -> KeptStatement:
    return KeptStatement(
        sql=str(data["sql"]),
        params=tuple(data["params"]),
        converters=tuple(str(c) for c in data["converters"]),
    )


def read_first_page(
    path: Path, search: str, filters: dict[str, Any], kept: KeptFirstPage | None
) -> list[tuple[Any, ...]] | None:
    """The first page's rows as the ORM would give them, or None whenever they cannot be
    trusted (see the module docstring); never raises for a database that cannot be read."""
    if kept is None:
        return None
    try:
        if not path.is_file() or not is_plain_sqlite(path):
            return None
        con = connect_read_only(path)
        try:
            # One read transaction: the key, the roles and the rows all see the same state.
            con.execute("BEGIN")
            key = key_for(path, con, kept.key.username, search, filters)
            if key != kept.key:
                return None
            roles = sorted(str(r[0]) for r in con.execute(kept.roles.sql, kept.roles.params))
            if tuple(roles) != kept.role_values:
                return None
            rows = con.execute(kept.page.sql, kept.page.params).fetchall()
            con.execute("COMMIT")
        finally:
            con.close()
        # The statement ends with the keyset columns the list drops (``ListSource.page``).
        shown = len(kept.page.converters)
        return convert_rows([row[:shown] for row in rows], kept.page.converters)
    except EARLY_ERRORS:
        return None

"""Opening a database safely: SQLite (embedded default) or PostgreSQL (a shared trust database).

Order of checks for a SQLite file, none of which writes to it:
network path → header ("SQLite format 3") → read-only ``quick_check`` → schema revision
(unknown ⇒ newer app ⇒ refused, file byte-for-byte unchanged). Only then the single-writer lock,
a verified backup if an upgrade is due, the upgrade, and the read-write engine with WAL (local
disks only), foreign keys, busy timeout and ``synchronous=FULL``.

``quick_check`` reads the whole file (about 2 s for a million incidents), so the window may ask
for it later (``defer_check=True``): header and schema are read at once, and an
:class:`IntegrityGate` holds every write back until the check has passed. Deferring is only
allowed when opening cannot itself write to the file: it is already in WAL mode (so setting
WAL changes no byte), no upgrade is due, and there is no hot journal or unfinished WAL (whose
recovery or checkpoint would write). Until the check passes, each connection also runs with
``PRAGMA query_only=ON``, so SQLite itself refuses a write the gate did not see coming. A
damaged file therefore gets no write, and its refusal carries the same words as an immediate
check. The command line keeps the immediate check (``defer_check=False``, the default); a
full ``integrity_check`` still runs with each backup (``store.backup``).
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any
from typing import Literal

from vpr_desktop import __version__
from vpr_desktop.domain.errors import CorruptDatabaseError
from vpr_desktop.domain.errors import DatabaseLockedError
from vpr_desktop.domain.errors import DatabaseRefused
from vpr_desktop.domain.errors import NetworkPathError
from vpr_desktop.domain.errors import NewerSchemaError
from vpr_desktop.store import encryption
from vpr_desktop.store import migrate
from vpr_desktop.store.lockfile import DatabaseLock
from vpr_desktop.store.lockfile import LockHeld
from vpr_desktop.store.netpath import network_reason
from vpr_desktop.store.sqlite_checks import BUSY_TIMEOUT_MS
from vpr_desktop.store.sqlite_checks import IntegrityGate
from vpr_desktop.store.sqlite_checks import SqliteInspection
from vpr_desktop.store.sqlite_checks import empty_database_error
from vpr_desktop.store.sqlite_checks import folder_error
from vpr_desktop.store.sqlite_checks import inspect_sqlite
from vpr_desktop.store.sqlite_checks import may_write
from vpr_desktop.store.sqlite_checks import missing_database_error
from vpr_desktop.store.sqlite_checks import quiet_on_disk
from vpr_desktop.store.sqlite_checks import read_header
from vpr_desktop.store.sqlite_checks import read_only_error
from vpr_desktop.store.sqlite_checks import writable_problem

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session
    from sqlalchemy.orm import sessionmaker

log = logging.getLogger(__name__)


OpenMode = Literal["rw", "ro", "auto"]


# A scheme of two or more letters, then ":/". One letter is a Windows drive ("C:/data/vpr.db").
# One slash, not two: ``Path("postgresql+psycopg://u@h/db")`` becomes "postgresql+psycopg:/u@h/db",
# and a URL that went through a Path must still be known as a URL, never become a file
# named after it.
_URL_START = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+:/")


def is_url(target: str | Path) -> bool:
    """Whether ``target`` is a database address (``postgresql+psycopg://...``), not a file."""
    return bool(_URL_START.match(str(target)))


def safe_url(url: str) -> str:
    """``url`` as it may be shown or logged: the password replaced by ``***``."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        from vpr_desktop.store.logs import redact_secrets

        return redact_secrets(url)


@dataclass
class Database:
    """An open database: engine, session factory and what the status bar needs to say."""

    engine: Engine
    kind: Literal["sqlite", "postgresql"]
    location: str
    read_only: bool
    schema_revision: str
    path: Path | None = None
    journal_mode: str | None = None
    backup_before_upgrade: Path | None = None
    upgraded_from: str | None = None
    created: bool = False
    read_only_reason: str = ""
    immutable: bool = False  # read through SQLite's immutable flag (see SqliteInspection)
    encrypted: bool = False  # SQLCipher (store.encryption): the status bar says so
    _lock: DatabaseLock | None = field(default=None, repr=False)
    _gate: IntegrityGate | None = field(default=None, repr=False)
    _sessions: sessionmaker[Session] | None = field(default=None, repr=False)

    def session(self) -> Session:
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        return self._sessions()

    @property
    def integrity_checked(self) -> bool:
        """Whether writes may go ahead now: the integrity check has passed (or there is none
        to run here: PostgreSQL looks after its own pages)."""
        return self._gate is None or self._gate.passed

    def check_integrity(self) -> None:
        """Run the deferred integrity check now (once; later calls return or raise at once).

        Raises :class:`CorruptDatabaseError` with the words an immediate check would use.
        Safe from any thread; a write waiting for the check waits for this run, not a second.
        """
        if self._gate is not None:
            self._gate.ensure()

    def describe(self) -> str:
        kind = "SQLite" if self.kind == "sqlite" else "PostgreSQL"
        suffix = (" (encrypted)" if self.encrypted else "") + (
            " (read-only)" if self.read_only else ""
        )
        return f"{kind} {self.location}{suffix}"

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def refuse_if_newer(revision: str | None, where: str) -> None:
    if revision is not None and not migrate.is_known(revision):
        raise NewerSchemaError(
            f"{where} uses database schema {revision}, which is newer than this VPR Desktop "
            f"(version {__version__}, schema {migrate.head_revision()}).",
            "Install the newer VPR Desktop your trust uses, or open a different database. "
            "The file has not been changed.",
        )


# --------------------------------------------------------------------------- engines


def _sqlite_engine(
    path: Path,
    *,
    read_only: bool,
    wal: bool,
    immutable: bool = False,
    gate: IntegrityGate | None = None,
) -> tuple[Engine, str]:
    from sqlalchemy import create_engine
    from sqlalchemy import event

    if read_only:
        flags = "mode=ro&immutable=1" if immutable else "mode=ro"
        url = "sqlite:///file:" + str(path.resolve()) + f"?{flags}&uri=true"
    else:
        url = f"sqlite:///{path.resolve()}"
    key = encryption.key_for(path)
    if key is None:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    else:  # SQLCipher: every connection keyed before its first statement
        from sqlcipher3 import dbapi2

        engine = create_engine(
            url,
            module=dbapi2,
            creator=lambda: encryption.connect(
                path,
                key=key,
                read_only=read_only,
                immutable=immutable,
                timeout=BUSY_TIMEOUT_MS / 1000,
                check_same_thread=False,  # as SQLAlchemy sets it for a pooled file database
            ),
        )
    state = {"journal": "delete"}

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_con: sqlite3.Connection, _record: object) -> None:
        # Autocommit at the driver; SQLAlchemy's "begin" below issues BEGIN itself, so DDL
        # (migrations) is transactional too and a failed migration rolls back whole.
        dbapi_con.isolation_level = None
        cur = dbapi_con.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        if not read_only:
            if wal:
                mode = cur.execute("PRAGMA journal_mode=WAL").fetchone()[0]
                if str(mode).lower() != "wal":  # e.g. no shared memory: fall back safely
                    mode = cur.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
            else:
                mode = cur.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
            state["journal"] = str(mode).lower()
            cur.execute("PRAGMA synchronous=FULL")
        if gate is not None and not gate.passed:
            cur.execute("PRAGMA query_only=ON")  # SQLite refuses what the gate does not see
            _record.info["query_only"] = True  # type: ignore[attr-defined]
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        _open_gate(conn)
        conn.exec_driver_sql("BEGIN")

    if gate is not None:

        def _open_gate(conn: Any) -> None:
            """Once the check has passed: this connection may write again."""
            if gate.passed and conn.connection.info.get("query_only"):
                conn.connection.driver_connection.execute("PRAGMA query_only=OFF")
                conn.connection.info["query_only"] = False

        @event.listens_for(engine, "before_cursor_execute")
        def _hold_writes(conn: Any, _cursor: object, statement: str, *_rest: object) -> None:
            if not gate.passed and may_write(statement):
                gate.ensure()  # waits for the check; raises CorruptDatabaseError if it failed
            _open_gate(conn)

    else:

        def _open_gate(conn: Any) -> None:
            return None

    with engine.connect():
        pass  # run the connect hook once so journal mode is known
    return engine, state["journal"]


def open_sqlite(
    path: Path,
    *,
    mode: OpenMode = "rw",
    create: bool = True,
    upgrade: bool = True,
    backup_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    check_network: Callable[[Path], str | None] = network_reason,
    defer_check: bool = False,
) -> Database:
    """Open (creating or upgrading as needed) a SQLite database file.

    ``defer_check``: leave ``quick_check`` to :meth:`Database.check_integrity` (or the first
    write) when opening cannot write to the file; see the module docstring.
    """
    say = progress or (lambda _m: None)
    path = Path(path).expanduser()
    reason = check_network(path)
    read_only = mode == "ro"
    ro_reason = "opened read-only on request" if read_only else ""
    if reason and not read_only:
        if mode == "rw":
            raise NetworkPathError(
                f"The database cannot be opened for editing because {reason}. SQLite files on "
                "shared drives get corrupted when the network drops or two people write at once.",
                "Copy it to this computer, or ask IT for a shared PostgreSQL database "
                "(--db postgresql+psycopg://...) so the whole trust can work on one database.",
            )
        read_only, ro_reason = True, f"read-only because {reason}"

    if path.is_dir():
        raise folder_error(path)
    exists = path.exists()
    gate: IntegrityGate | None = None
    if not exists:
        if not create or read_only:
            raise missing_database_error(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        inspection = SqliteInspection(revision=None, empty=True)
    else:
        defer = defer_check and quiet_on_disk(path, read_header(path))
        inspection = inspect_sqlite(path, quick_check=not defer)
        if inspection.empty and not create:
            raise empty_database_error(path)
        refuse_if_newer(inspection.revision, str(path))
        if defer:
            gate = IntegrityGate(path, immutable=inspection.immutable)
            if inspection.empty or inspection.revision != migrate.head_revision():
                gate.ensure()  # an upgrade (or a first fill) writes at once: check first
    if not read_only:
        problem = writable_problem(path)
        if problem is not None:
            if mode == "auto" and exists and not inspection.empty:
                read_only, ro_reason = True, f"read-only because {problem}"
            else:
                raise read_only_error(path, problem)

    lock: DatabaseLock | None = None
    if not read_only:
        lock = DatabaseLock(path)
        try:
            lock.acquire()
        except LockHeld as held:
            if mode == "auto" and exists and not inspection.empty:
                read_only, ro_reason = True, f"read-only because {held.holder} is editing it"
                lock = None
            else:
                raise DatabaseLockedError(
                    f"The database {path} is being edited by {held.holder}.",
                    "Close VPR Desktop there first, or open this database read-only.",
                    holder=held.holder,
                ) from None
        except OSError as exc:
            raise DatabaseRefused(
                f"Cannot create the lock file next to {path}: {exc}.",
                "Check you may write to that folder.",
            ) from exc

    try:
        head = migrate.head_revision()
        backup_path: Path | None = None
        upgraded_from: str | None = None
        created = inspection.empty
        if read_only and (inspection.empty or inspection.revision != head):
            raise DatabaseRefused(
                f"{path} needs upgrading to schema {head} (it is at "
                f"{inspection.revision or 'none'}), which cannot be done read-only.",
                "Open it for editing on a local disk so VPR Desktop can upgrade it "
                f"(at the command line: vpr-desktop db upgrade --db {path}).",
            )
        engine, journal = _sqlite_engine(
            path,
            read_only=read_only,
            wal=not reason,
            immutable=inspection.immutable,
            gate=gate,
        )
        if not read_only and inspection.revision != head:
            if not upgrade:
                engine.dispose()
                raise DatabaseRefused(
                    f"{path} is at schema {inspection.revision}; this app needs {head}.",
                    "Run: vpr-desktop db upgrade --db " + str(path),
                )
            if not inspection.empty:
                from vpr_desktop.store.backup import backup_sqlite

                say("Backing up before upgrading…")
                target_dir = backup_dir or _default_backup_dir()
                backup_path = backup_sqlite(
                    path,
                    target_dir,
                    label=f"pre-upgrade-{inspection.revision}-to-{head}",
                ).path
                upgraded_from = inspection.revision
                log.info("Backed up %s to %s before upgrade", path, backup_path)
            say("Upgrading the database…" if not created else "Creating the database…")
            _upgrade_sqlite(engine)
        return Database(
            engine=engine,
            kind="sqlite",
            location=str(path),
            read_only=read_only,
            schema_revision=head,
            path=path,
            journal_mode=journal,
            backup_before_upgrade=backup_path,
            upgraded_from=upgraded_from,
            created=created,
            read_only_reason=ro_reason,
            immutable=read_only and inspection.immutable,
            encrypted=exists and encryption.looks_encrypted(path),
            _lock=lock,
            _gate=gate,
        )
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _upgrade_sqlite(engine: Engine) -> None:
    """Run the migrations in one transaction with foreign keys off, then check them.

    SQLite changes a column by rebuilding the table (copy, drop, rename). With foreign keys on,
    the drop deletes through ``ON DELETE CASCADE`` every child row (a rating's evidence links,
    an incident's staff) and refuses outright where a child has no cascade. SQLite's own
    procedure for schema changes is: keys off (outside a transaction: the pragma is ignored
    inside one), change, ``PRAGMA foreign_key_check``, commit, keys on. A violation found by
    the check rolls the whole upgrade back.
    """
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                migrate.upgrade(conn)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    table, rowid, parent, _fk = broken[0]
                    raise CorruptDatabaseError(
                        f"The upgrade would leave {len(broken)} row(s) pointing at rows that "
                        f"do not exist (first: {table} row {rowid} -> {parent}); nothing was "
                        "changed.",
                        "Send the log file to the VPR Desktop support contact.",
                    )
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


def _default_backup_dir() -> Path:
    from vpr_desktop.store.paths import backups_dir

    return backups_dir()


def open_database(
    target: str | Path,
    *,
    mode: OpenMode = "rw",
    create: bool = True,
    upgrade: bool = True,
    progress: Callable[[str], None] | None = None,
    backup_dir: Path | None = None,
    password: str | None = None,
    defer_check: bool = False,
) -> Database:
    """Open ``target``: a SQLite path or a ``postgresql+psycopg://`` URL.

    ``password`` is for PostgreSQL only (see :func:`open_postgresql`); SQLite has none.
    ``defer_check`` is for SQLite only (see :func:`open_sqlite`): the window opens with it and
    runs :meth:`Database.check_integrity` in the background.
    """
    text_target = str(target)
    if is_url(text_target):
        scheme = text_target.split(":", 1)[0].lower()
        if scheme.startswith("sqlite"):
            raise DatabaseRefused(
                "Give a SQLite database as a file path, not a sqlite:// URL.",
                "For example: --db C:\\Users\\me\\vpr.db",
            )
        if not scheme.startswith("postgresql"):
            raise DatabaseRefused(
                f"Unsupported database address: {scheme}.",
                "Use a file path (SQLite) or postgresql+psycopg://...",
            )
        if "://" not in text_target:
            raise DatabaseRefused(
                f"The database address {safe_url(text_target)} is incomplete (it needs "
                "two slashes after the colon).",
                "Write it as postgresql+psycopg://user@server/database.",
            )
        from vpr_desktop.store.postgres_open import open_postgresql

        return open_postgresql(text_target, upgrade=upgrade, progress=progress, password=password)
    return open_sqlite(
        Path(text_target),
        mode=mode,
        create=create,
        upgrade=upgrade,
        progress=progress,
        backup_dir=backup_dir,
        defer_check=defer_check,
    )


@contextlib.contextmanager
def opened(target: str | Path, **kw: object) -> Iterator[Database]:
    db = open_database(target, **kw)  # type: ignore[arg-type]
    try:
        yield db
    finally:
        db.close()

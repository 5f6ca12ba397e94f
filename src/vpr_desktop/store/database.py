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
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from vpr_desktop import __version__
from vpr_desktop.domain.errors import (
    CorruptDatabaseError,
    DatabaseLockedError,
    DatabaseRefused,
    NetworkPathError,
    NewerSchemaError,
    NotADatabaseError,
)
from vpr_desktop.store import encryption, migrate
from vpr_desktop.store.encryption import SQLITE_HEADER
from vpr_desktop.store.lockfile import DatabaseLock, LockHeld
from vpr_desktop.store.netpath import network_reason

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)


class ReadOnlyLocationError(DatabaseRefused):
    """The database is healthy but this user may not write it or its folder (exit 4)."""

    title = "Database is read-only"


OpenMode = Literal["rw", "ro", "auto"]
BUSY_TIMEOUT_MS = 5000
CONNECT_TIMEOUT_S = 10
# PostgreSQL, per statement: no screen, import or pack issues one statement that needs minutes
# (imports write in batches, packs aggregate in SQL), so five minutes separates "slow" from
# "the server or network has gone". Schema upgrades lift it (store.migrate.upgrade).
STATEMENT_TIMEOUT_S = 300
# PostgreSQL, waiting for another session's lock (a row being saved, the audit chain's turn):
# a save that cannot start within this is told "busy, save again", never left hanging.
LOCK_TIMEOUT_S = 30


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


# --------------------------------------------------------------------------- SQLite checks


def _read_only_connection(
    path: Path, *, immutable: bool = False, key: bytes | None = None
) -> sqlite3.Connection:
    """A read-only connection: plain, or encrypted with ``key`` (else the key kept for it)."""
    return encryption.connect(  # type: ignore[no-any-return]
        path, key=key, read_only=True, immutable=immutable, timeout=BUSY_TIMEOUT_MS / 1000
    )


@dataclass(frozen=True)
class SqliteInspection:
    revision: str | None
    empty: bool  # zero bytes, or SQLite with no tables: only an explicit "new database" fills it
    # Read through SQLite's ``immutable`` flag: a WAL database in a folder this user may not
    # write to (SQLite cannot create its ``-shm`` file there, so an ordinary read-only open
    # fails with "attempt to write a readonly database").
    immutable: bool = False


# ------------------------------------------------------------------- diagnosis (one place)
#
# What the CLI and the window say about a file that will not open comes from here, so both
# say the same true thing: a folder is a folder, a read-only place is read-only, an empty file
# is empty, and only a file SQLite itself finds broken is called damaged.


def empty_database_error(path: Path) -> NotADatabaseError:
    return NotADatabaseError(
        f"{path} is empty: it is not a VPR Desktop database.",
        f"Create a new database with `vpr-desktop db init {path}` (File > New database in "
        "the window), or choose the .db file VPR Desktop created.",
    )


def missing_database_error(path: Path) -> DatabaseRefused:
    return DatabaseRefused(
        f"There is no database at {path}.",
        f"Check the path, or create a new database with `vpr-desktop db init {path}` "
        "(File > New database in the window).",
    )


def folder_error(path: Path) -> NotADatabaseError:
    return NotADatabaseError(
        f"{path} is a folder, not a database file.",
        "Choose the .db file inside it.",
    )


def read_only_error(path: Path, why: str) -> ReadOnlyLocationError:
    return ReadOnlyLocationError(
        f"{path} is read-only: {why}.",
        "To look at it without changes, open it read-only or copy it somewhere writable "
        "(a folder on this computer you may change, not a synced one) and open the copy.",
    )


def writable_problem(path: Path) -> str | None:
    """Why this user cannot write the database at ``path`` (or its folder), or None.

    Found by trying, not from permission bits (which do not tell the truth about network
    drives, ACLs, a read-only file system or an administrator): the file opened for update
    (no byte changed) and a temporary file created and removed in its folder, where SQLite
    must create its journal, WAL and lock files."""
    import errno
    import tempfile

    refused = (errno.EACCES, errno.EPERM, errno.EROFS)
    if path.exists():
        try:
            open(path, "r+b").close()  # opened for update, no byte written
        except OSError as exc:
            if exc.errno in refused:
                return "you may not change this file"
            raise
    try:
        tempfile.TemporaryFile(dir=path.parent, prefix=".vpr-write-check-").close()
    except OSError as exc:
        if exc.errno in refused:
            return "its folder does not let you create files (SQLite needs to)"
        raise
    return None


def inspect_sqlite(
    path: Path, *, quick_check: bool = True, key: bytes | None = None
) -> SqliteInspection:
    """Read-only look at a SQLite file: is it ours, intact, and at which revision.

    ``quick_check=False`` leaves the page check to an :class:`IntegrityGate` (see the module
    docstring); the header and the schema are still read here. An encrypted file is read with
    ``key``, else the key kept for it (refused in words when there is none)."""
    if path.is_dir():
        raise folder_error(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        raise missing_database_error(path) from None
    except PermissionError as exc:
        raise DatabaseRefused(
            f"{path} cannot be read: you do not have permission to read it.",
            "Ask whoever manages that folder for access, or open a copy you may read.",
        ) from exc
    if size == 0:
        return SqliteInspection(revision=None, empty=True)
    if header != SQLITE_HEADER and encryption.looks_encrypted(path):
        if key is None:
            encryption.key_for(path)  # refused in words when this computer has no key for it
    elif header != SQLITE_HEADER:
        raise NotADatabaseError(
            f"{path} is not a VPR Desktop database (it is not an SQLite database file).",
            "Choose the .db file VPR Desktop created, or restore one from a backup.",
        )
    try:
        return _inspect_sqlite_content(path, immutable=False, quick_check=quick_check, key=key)
    except CorruptDatabaseError as damaged:
        # "attempt to write a readonly database" / "unable to open" from a *healthy* WAL
        # database whose folder we may not write: look again without SQLite's shared-memory
        # file; only if that also fails is the file damaged.
        if writable_problem(path) is None:
            raise
        try:
            return _inspect_sqlite_content(path, immutable=True, quick_check=quick_check, key=key)
        except CorruptDatabaseError:
            raise damaged from None


def _connect_for_inspection(
    path: Path, *, immutable: bool, key: bytes | None = None
) -> sqlite3.Connection:
    try:
        return _read_only_connection(path, immutable=immutable, key=key)
    except encryption.database_errors() as exc:
        raise CorruptDatabaseError(
            f"{path} cannot be read: {exc}.", "Restore the latest backup (File > Restore)."
        ) from exc


def _damaged(path: Path, exc: Exception) -> CorruptDatabaseError:
    return CorruptDatabaseError(
        f"{path} is damaged and cannot be checked ({exc}).",
        "Restore the latest backup (File > Restore); the damaged file is left as it is.",
    )


def _quick_check(con: sqlite3.Connection, path: Path) -> None:
    """SQLite's ``quick_check`` over every page; the words of its refusal are the user's."""
    try:
        result = con.execute("PRAGMA quick_check(1)").fetchone()
    except encryption.database_errors() as exc:
        raise _damaged(path, exc) from exc
    if not result or result[0] != "ok":
        raise CorruptDatabaseError(
            f"{path} failed its integrity check ({result[0] if result else 'no answer'}).",
            "Restore the latest backup (File > Restore); the damaged file is left as it is.",
        )


def check_sqlite_integrity(path: Path, *, immutable: bool = False) -> None:
    """``quick_check`` on its own read-only connection (raises CorruptDatabaseError)."""
    con = _connect_for_inspection(path, immutable=immutable)
    try:
        _quick_check(con, path)
    finally:
        con.close()


# Statements that never change the file: the gate lets them run before the check has passed.
_NEUTRAL = frozenset(
    {"SELECT", "VALUES", "EXPLAIN", "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
)
_PRAGMA_WRITES = frozenset({"wal_checkpoint", "incremental_vacuum", "optimize", "shrink_memory"})
_FIRST_WORD = re.compile(r"\s*(\w+)")
_PRAGMA_NAME = re.compile(r"\s*PRAGMA\s+(?:\w+\.)?(\w+)\s*(=)?", re.IGNORECASE)
_CHANGING = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def may_write(statement: str) -> bool:
    """Whether ``statement`` might change the database file (when unsure: True)."""
    match = _FIRST_WORD.match(statement)
    word = match.group(1).upper() if match else ""
    if word in _NEUTRAL:
        return False
    if word == "WITH":  # a CTE in front of a SELECT, or of an INSERT/UPDATE/DELETE
        return bool(_CHANGING.search(statement))
    if word == "PRAGMA":
        pragma = _PRAGMA_NAME.match(statement)
        return pragma is None or bool(pragma.group(2)) or pragma.group(1) in _PRAGMA_WRITES
    return True


class IntegrityGate:
    """Holds writes to a SQLite file back until its ``quick_check`` has passed.

    The check runs once, in whichever thread asks first (the window's background job, or a
    write that comes before it); others wait for that run. A failed check is remembered, so
    every later write is refused with the same words.
    """

    def __init__(self, path: Path, *, immutable: bool = False, passed: bool = False) -> None:
        self.path = path
        self.immutable = immutable
        self._passed = passed
        self._error: CorruptDatabaseError | None = None
        self._lock = threading.Lock()

    @property
    def passed(self) -> bool:
        return self._passed

    def _pending(self) -> bool:
        return not self._passed and self._error is None

    def ensure(self) -> None:
        """Return once the check has passed; raise CorruptDatabaseError if it failed."""
        if self._passed:
            return
        with self._lock:
            if self._pending():  # another thread may have finished it while this one waited
                try:
                    check_sqlite_integrity(self.path, immutable=self.immutable)
                except CorruptDatabaseError as exc:
                    self._error = exc
                else:
                    self._passed = True
        if self._error is not None:
            raise CorruptDatabaseError(self._error.message, self._error.next_step)


def _quiet_on_disk(path: Path, header: bytes) -> bool:
    """Whether opening ``path`` read-write writes nothing to it before the first statement.

    True when the header says WAL (bytes 18-19 are 2: setting WAL again changes nothing) and
    there is neither a rollback journal (a hot one is rolled back on open) nor a WAL file with
    frames in it (recovered, then checkpointed into the file when the last connection closes).
    """
    if not header.startswith(SQLITE_HEADER) or header[18] != 2 or header[19] != 2:
        return False  # an encrypted file's header is ciphertext: nothing to read there
    journal = path.with_name(path.name + "-journal")
    wal = path.with_name(path.name + "-wal")
    try:
        return not journal.exists() and (not wal.exists() or wal.stat().st_size == 0)
    except OSError:
        return False


def _read_header(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(100)
    except OSError:
        return b""


def _inspect_sqlite_content(
    path: Path, *, immutable: bool, quick_check: bool, key: bytes | None = None
) -> SqliteInspection:
    con = _connect_for_inspection(path, immutable=immutable, key=key)
    try:
        if quick_check:
            _quick_check(con, path)
        try:
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            row = (
                con.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
        except encryption.database_errors() as exc:  # a damaged schema page, before any check
            raise _damaged(path, exc) from exc
        if not tables:
            return SqliteInspection(revision=None, empty=True, immutable=immutable)
        if "alembic_version" not in tables:
            raise NotADatabaseError(
                f"{path} is an SQLite database but not one VPR Desktop created.",
                "Choose the .db file VPR Desktop created, or create a new database.",
            )
        return SqliteInspection(revision=row[0] if row else None, empty=False, immutable=immutable)
    finally:
        con.close()


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
    from sqlalchemy import create_engine, event

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
        defer = defer_check and _quiet_on_disk(path, _read_header(path))
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


# --------------------------------------------------------------------------- PostgreSQL


def open_postgresql(
    url: str,
    *,
    upgrade: bool = True,
    progress: Callable[[str], None] | None = None,
    password: str | None = None,
) -> Database:
    """Open a shared PostgreSQL database (psycopg 3). Back-ups are pg_dump's job, not ours.

    ``password`` goes to psycopg as a connection argument, held only by the engine in memory,
    so it is never part of a URL that is shown, logged or remembered.
    """
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.exc import OperationalError

    say = progress or (lambda _m: None)
    # A server that is down or firewalled must not leave the window "Opening…" for the minutes
    # the operating system's TCP timeout takes: ten seconds, unless the URL says otherwise.
    connect_args: dict[str, object] = (
        {} if "connect_timeout" in url else {"connect_timeout": CONNECT_TIMEOUT_S}
    )
    if "options=" not in url:
        connect_args["options"] = (
            f"-c statement_timeout={STATEMENT_TIMEOUT_S * 1000} "
            f"-c lock_timeout={LOCK_TIMEOUT_S * 1000}"
        )
    if password is not None:
        connect_args["password"] = password
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    safe = engine.url.render_as_string(hide_password=True)
    location = f"{engine.url.host or 'localhost'}/{engine.url.database}"
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            elif tables - {"alembic_version"}:
                raise NotADatabaseError(
                    f"The PostgreSQL database {location} holds tables VPR Desktop did not create.",
                    "Ask your database administrator for an empty database for VPR Desktop.",
                )
    except OperationalError as exc:
        engine.dispose()
        from vpr_desktop.store.pg_errors import Target, explain

        target = Target(
            host=engine.url.host or "localhost",
            port=engine.url.port or 5432,
            database=engine.url.database or "",
            user=engine.url.username or "",
        )
        raise explain(str(exc.orig), target) from exc
    try:
        refuse_if_newer(revision, f"The PostgreSQL database {location}")
        head = migrate.head_revision()
        upgraded_from = None
        if revision != head:
            if not upgrade:
                raise DatabaseRefused(
                    f"{location} is at schema {revision}; this app needs {head}.",
                    f"Run: vpr-desktop db upgrade --db {safe}",
                )
            say("Upgrading the database…")
            with engine.begin() as conn:
                migrate.upgrade(conn)
            upgraded_from = revision
    except BaseException:
        engine.dispose()
        raise
    return Database(
        engine=engine,
        kind="postgresql",
        location=location,
        read_only=False,
        schema_revision=head,
        upgraded_from=upgraded_from,
        created=revision is None,
    )


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

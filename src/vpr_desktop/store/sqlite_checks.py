"""Looking at a SQLite file before opening it, none of which writes to it.

What the CLI and the window say about a file that will not open comes from here (a folder, an
absent, empty, unreadable, foreign or damaged file, a read-only place), so both say the same
true thing. Also the :class:`IntegrityGate` that holds writes back while ``quick_check`` runs
later (``store.database`` explains when it may be deferred).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from vpr_desktop.domain.errors import CorruptDatabaseError
from vpr_desktop.domain.errors import DatabaseRefused
from vpr_desktop.domain.errors import NotADatabaseError
from vpr_desktop.store import encryption
from vpr_desktop.store.encryption import SQLITE_HEADER

BUSY_TIMEOUT_MS = 5000


class ReadOnlyLocationError(DatabaseRefused):
    """The database is healthy but this user may not write it or its folder (exit 4)."""

    title = "Database is read-only"


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


def quiet_on_disk(path: Path, header: bytes) -> bool:
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


def read_header(path: Path) -> bytes:
    """The first 100 bytes of ``path`` (empty when unreadable): they hold the journal mode."""
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

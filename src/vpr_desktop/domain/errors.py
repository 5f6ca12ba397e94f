"""Errors a user can act on, in plain words with a next step.

Anything raised that is *not* a :class:`VprError` is a bug: the window logs it with a reference
and shows the crash dialog; the CLI prints the reference and exits 1. Each error carries the exit
code the CLI uses (ARCHITECTURE.md: 2 usage, 3 input rejected, 4 database refused).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_BUG = 1
EXIT_USAGE = 2
EXIT_REJECTED = 3
EXIT_DB_REFUSED = 4


class VprError(Exception):
    """A known problem: ``message`` says what happened, ``next_step`` what to do."""

    exit_code = EXIT_BUG
    title = "Problem"

    def __init__(self, message: str, next_step: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.next_step = next_step

    def __str__(self) -> str:
        return f"{self.message} {self.next_step}".strip()


class DatabaseRefused(VprError):
    """The database cannot be opened (newer, corrupt, not a database, locked, on a share)."""

    exit_code = EXIT_DB_REFUSED
    title = "Database cannot be opened"


class NewerSchemaError(DatabaseRefused):
    """The database was written by a newer VPR Desktop; opening it could damage it."""

    title = "Database is from a newer VPR Desktop"


class NotADatabaseError(DatabaseRefused):
    """The file is not a VPR Desktop database (or not SQLite at all)."""

    title = "Not a VPR Desktop database"


class CorruptDatabaseError(DatabaseRefused):
    """SQLite reports the file damaged; a backup can be restored."""

    title = "Database is damaged"


class DatabaseLockedError(DatabaseRefused):
    """Another copy of the app has the database open; ``holder`` names it if known."""

    title = "Database is in use"

    def __init__(self, message: str, next_step: str = "", holder: str = "") -> None:
        super().__init__(message, next_step)
        self.holder = holder


class NetworkPathError(DatabaseRefused):
    """The SQLite file is on a network share, where its locking is unsafe for writing."""

    title = "Database is on a network drive"


class DiskFullError(VprError):
    """A write failed for lack of disk space; nothing was saved (exit 4, not the bug code)."""

    exit_code = EXIT_DB_REFUSED
    title = "Disk full"


class DiskError(VprError):
    """The disk failed a write (an I/O error: a dropped network or USB drive, a failing
    disk); the transaction was rolled back, so nothing was saved."""

    exit_code = EXIT_DB_REFUSED
    title = "Could not write to the disk"


class ConflictError(VprError):
    """Someone else saved the record after it was loaded; nothing was overwritten."""

    title = "Changed by someone else"


class PermissionDeniedError(VprError):
    """The request is refused for this person's role; nothing was written (exit 3)."""

    exit_code = EXIT_REJECTED
    title = "Not allowed"


class NotFoundError(VprError):
    """The record asked for does not exist (perhaps deleted by someone else).

    Exit 3 at the command line: the request named something that is not there, which is
    input to correct, not a bug."""

    exit_code = EXIT_REJECTED
    title = "Not found"


class ValidationError(VprError):
    """Input rejected; ``problems`` lists (row, column, value, why) where that applies."""

    exit_code = EXIT_REJECTED
    title = "Input rejected"

    def __init__(
        self,
        message: str,
        next_step: str = "",
        problems: list[tuple[int | None, str, str, str]] | None = None,
    ) -> None:
        super().__init__(message, next_step)
        self.problems = problems or []


class OperationCancelled(VprError):
    """The person cancelled a long operation (an import) part way; it was rolled back.

    Raised from inside the work (not returned as a result), so every ``UnitOfWork`` it
    passes through rolls back and nothing -- not even a "rejected" import record -- is written.
    """

    exit_code = EXIT_REJECTED  # not a bug: the request ended and nothing was done
    title = "Cancelled"

    def __init__(
        self, message: str = "The import was cancelled; nothing was written.", next_step: str = ""
    ) -> None:
        super().__init__(message, next_step)

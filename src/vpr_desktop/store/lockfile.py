"""One writer per SQLite database: an OS-level lock on ``<db>.lock`` naming its holder.

The lock is an advisory OS lock (``fcntl.flock`` / ``msvcrt.locking``) held for the life of
the process, so a crash releases it and a stale file never blocks anyone; the file's text says
who holds it (user, machine, process, since when) so the second copy can tell the user.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
import sys
from pathlib import Path
from typing import IO

_WIN_LOCK_OFFSET = 1 << 20


class LockHeld(Exception):
    """Another process holds the database's lock; ``holder`` says who, as written in the lock
    file.
    """

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


def _try_lock(fh: IO[str]) -> bool:
    if sys.platform.startswith("win"):
        import msvcrt

        try:
            # Lock a byte far past the holder text: Windows locks are mandatory, so locking
            # byte 0 would stop the second copy from reading who holds the database.
            fh.seek(_WIN_LOCK_OFFSET)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def describe_holder(text: str) -> str:
    """Who holds the lock, in words (user, host, process, since), from the lock file."""
    try:
        info = json.loads(text)
        return (
            f"{info['user']} on {info['host']} (process {info['pid']}, "
            f"since {info['since'][:16].replace('T', ' ')} UTC)"
        )
    except (ValueError, KeyError, TypeError):
        return "another copy of VPR Desktop"


class DatabaseLock:
    """Exclusive lock for one database file; ``acquire`` raises :class:`LockHeld`."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._fh: IO[str] | None = None

    @property
    def held(self) -> bool:
        """Whether this process holds the lock."""
        return self._fh is not None

    def acquire(self) -> None:
        """Take the lock and write who holds it; LockHeld if another process has it."""
        if self._fh is not None:
            return
        fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held while locked
        if not _try_lock(fh):
            fh.seek(0)
            holder = describe_holder(fh.read())
            fh.close()
            raise LockHeld(holder)
        info = {
            "user": getpass.getuser(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps(info))
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        """Let the lock go and clear the holder's details; safe to call twice."""
        if self._fh is None:
            return
        fh, self._fh = self._fh, None
        # Clearing the holder's details is a courtesy to the next reader; a file that will not
        # truncate (a share gone read-only) still lets the lock go when it is closed.
        with contextlib.suppress(OSError):
            fh.seek(0)
            fh.truncate()
        fh.close()  # closing the descriptor releases the OS lock

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

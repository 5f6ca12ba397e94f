"""Putting a backup back in place of a SQLite database, whatever its journal mode or encryption.

Apart from taking backups (``store.backup``) because restoring replaces the live file: the
caller holds the target's lock, and an encrypted backup or target is staged beside it and
renamed over it, never written into it page by page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vpr_desktop.store import encryption
from vpr_desktop.store.atomic import StagedFile
from vpr_desktop.store.backup import copy_pages


def restore_sqlite(
    backup_file: Path,
    target: Path,
    progress: Callable[[int], None] | None = None,
    key: bytes | None = None,
) -> None:
    """Replace ``target``'s content with ``backup_file``'s (caller holds the target's lock).

    Uses the backup API in reverse, which rewrites the target safely whatever its journal mode.
    An encrypted backup (``key``), or any backup over an encrypted target, is copied beside
    the target and renamed over it instead: the backup API copies between files of one kind
    only, and the restored database is what the backup was, encrypted or not.
    """
    target = Path(target)
    if key is None and not encryption.looks_encrypted(target):
        src = encryption.connect(backup_file, read_only=True)
        dst = encryption.connect(target)
        try:
            copy_pages(src, dst, progress, None)
        finally:
            dst.close()
            src.close()
        return
    with StagedFile(target.parent, "vpr-restore", private=True) as staged:
        src = encryption.connect(backup_file, key=key, read_only=True)
        dst = encryption.connect(staged.path, key=key)
        try:
            copy_pages(src, dst, progress, None)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
            src.close()
        for leftover in ("-wal", "-shm", "-journal"):  # the replaced file's, not the new one's
            target.with_name(target.name + leftover).unlink(missing_ok=True)
        staged.publish(target)

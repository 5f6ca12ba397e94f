"""Backups of a SQLite database through SQLite's online backup API (putting one back is
``store.restore``; which old backups may go is ``store.backup_retention``).

Never a file copy (copying a live database mid-transaction gives a corrupt backup). A backup is
written to a temporary name in the target folder, checked with ``PRAGMA integrity_check``, and
only then renamed into place, so an interrupted backup never leaves a half file and never
replaces a good one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vpr_desktop.domain.errors import CorruptDatabaseError
from vpr_desktop.domain.errors import DiskFullError
from vpr_desktop.domain.errors import VprError
from vpr_desktop.store import encryption
from vpr_desktop.store.atomic import StagedFile
from vpr_desktop.store.atomic import write_bytes_atomically

PAGES_PER_STEP = 256


class BackupCancelled(VprError):
    """The person cancelled a backup; no backup file was written."""

    title = "Backup cancelled"


@dataclass(frozen=True)
class BackupResult:
    """A finished backup: where it is, its checksum and size."""

    path: Path
    sha256: str
    size_bytes: int


def sha256_file(path: Path) -> str:
    """The file's SHA-256 in hex, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fingerprint_file(backup: Path) -> Path:
    """Where a backup's SHA-256 is kept beside it (``NAME.db.sha256``, as ``sha256sum``
    writes it), so a restore can prove the file is the one that was taken."""
    return backup.with_name(backup.name + ".sha256")


def recorded_fingerprint(backup: Path) -> str | None:
    """The SHA-256 recorded when ``backup`` was taken, or None if none was (an older backup,
    or a copy made outside the app)."""
    try:
        first = fingerprint_file(backup).read_text(encoding="utf-8").split()
    except (OSError, UnicodeDecodeError):
        return None
    return first[0].lower() if first and re.fullmatch(r"[0-9a-fA-F]{64}", first[0]) else None


def integrity_ok(path: Path, key: bytes | None = None) -> tuple[bool, str]:
    """Whether SQLite's integrity check passes on the file (opened read-only), and its report.

    An encrypted file is checked with ``key`` (else the key kept for it), every page's
    authentication first (``store.encryption.verify``)."""
    if key is None:
        key = encryption.key_for(path)
    return encryption.verify(path, key)


def copy_pages(
    src: Any,
    dst: Any,
    progress: Callable[[int], None] | None,
    is_cancelled: Callable[[], bool] | None,
) -> None:
    """Copy ``src`` into ``dst`` with SQLite's backup API, a step of pages at a time so a
    large database reports ``progress`` and can be cancelled between steps."""

    def step(_status: int, remaining: int, total: int) -> None:
        if is_cancelled is not None and is_cancelled():
            raise BackupCancelled("The backup was cancelled; no backup file was written.")
        if progress is not None and total:
            progress(int(100 * (total - remaining) / total))

    src.backup(dst, pages=PAGES_PER_STEP, progress=step)


def backup_sqlite(
    source: Path,
    dest_dir: Path,
    *,
    label: str = "backup",
    dest_file: Path | None = None,
    progress: Callable[[int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    immutable: bool = False,
) -> BackupResult:
    """Back up ``source`` into ``dest_dir`` (timestamped name) or to ``dest_file``.

    ``immutable``: the source sits where this user cannot write (see
    ``store.sqlite_checks.SqliteInspection``), so it is read without SQLite's shared-memory file."""
    source = Path(source)
    if dest_file is None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")[:-3]
        dest_file = Path(dest_dir) / f"{source.stem}-{label}-{stamp}.db"
    dest_file = Path(dest_file)
    dest_file.parent.mkdir(parents=True, exist_ok=True)
    # Private (0600) like the database it copies; published only once it passed its check.
    # An encrypted database's backup is encrypted with the same key (both connections keyed
    # alike), so a backup never holds in plain text what the database does not.
    key = encryption.key_for(source)
    with StagedFile(dest_file.parent, "vpr-backup", private=True) as staged:
        tmp = staged.path
        try:
            src = encryption.connect(source, key=key, read_only=True, immutable=immutable)
            dst = encryption.connect(tmp, key=key)
            try:
                copy_pages(src, dst, progress, is_cancelled)
                dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
            finally:
                dst.close()
                src.close()
            ok, detail = integrity_ok(tmp, key)
            if not ok:
                raise CorruptDatabaseError(
                    f"The backup copy failed its integrity check ({detail}); no backup was kept.",
                    "Run 'vpr-desktop db check' on the database, then try again.",
                )
            digest = sha256_file(tmp)
            size = tmp.stat().st_size
            staged.publish(dest_file)
            write_bytes_atomically(
                fingerprint_file(dest_file), f"{digest}  {dest_file.name}\n".encode()
            )
            return BackupResult(path=dest_file, sha256=digest, size_bytes=size)
        except encryption.database_errors() as exc:
            if "full" in str(exc).lower():
                raise DiskFullError(
                    f"The disk holding {dest_file.parent} is full; no backup was written.",
                    "Free some space or choose another folder.",
                ) from exc
            raise

"""Write a file whole or not at all: a hidden temporary file beside the target, then one rename.

Why: packs, exports, backups and evidence go to shared drives. A crash, a full disk or a file
left open in Excel must never leave half a file where a board secretary will find it, nor
replace a good file with a broken one. The temporary file sits in the target's folder (same
volume, so ``os.replace`` is atomic), is flushed to disk before the rename, and is removed on
any failure. This is the one place that pattern lives (it is in ``store`` so that services and
reports may both use it); errors a person can act on come back as ``VprError`` in plain words.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from vpr_desktop.domain.errors import DiskFullError
from vpr_desktop.domain.errors import VprError

ENOSPC = 28


class FileWriteError(VprError):
    """A file could not be written for a reason the person can fix (folder, lock, rights)."""

    title = "Could not write the file"


@dataclass(frozen=True)
class WriteWording:
    """How the plain-words errors name what was being written, so each caller keeps its wording.

    ``thing`` is what was not written ("pack", "export"), ``opener`` what may hold the file
    open ("Excel"), ``again`` the last words of the advice ("try again", "export again").
    """

    thing: str = "file"
    opener: str = "another program"
    again: str = "try again"


# The temporary names this module (and older versions' backups) create, and nothing else: a
# hidden name ending in the 8-hex-digit random part and ".part" (with SQLite's "-journal" when
# the staged file was a database being rewritten, as ``db encrypt`` does), or
# ".vpr-backup-….tmp".
_OUR_TEMPORARY = re.compile(
    r"^\.[^/\\]+\.[0-9a-f]{8}\.part(-journal)?$|^\.vpr-backup-[^/\\]*\.tmp$"
)
# Older than this, nobody is still writing it: an active write keeps touching its file, and
# even the 200,000-row import or a large backup finishes well within the hour.
STALE_AFTER_S = 3600


def remove_stale_temporaries(folder: Path, older_than_s: float = STALE_AFTER_S) -> list[Path]:
    """Remove temporary files a killed run left in ``folder``; returns those removed.

    A SIGKILL, a power cut or a crash skips ``StagedFile``'s clean-up, and a backup leaves
    tens of megabytes behind each time. Only regular files with the app's own temporary names,
    untouched for ``older_than_s`` seconds, are removed; anything else (a file a person named
    ``x.part``, a folder, a file still being written) is left alone. Never raises: a folder
    that cannot be listed or a file that cannot be removed is simply left for next time."""
    removed: list[Path] = []
    cutoff = time.time() - older_than_s
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not _OUR_TEMPORARY.match(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False) or entry.stat().st_mtime > cutoff:
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


class StagedFile:
    """A hidden temporary file in ``folder`` that becomes its target by one ``publish`` rename.

    Used as a context manager: leaving the block without publishing (an error, a cancel, or a
    caller that kept nothing) removes the temporary file. A process killed outright cannot
    clean up, so creating one first removes stale ones (:func:`remove_stale_temporaries`).
    ``private`` creates it readable by the owner only (0600), for copies of the whole
    database; otherwise it gets the user's normal permissions, as a file saved from Excel
    would.
    """

    def __init__(self, folder: Path, name: str, *, private: bool = False) -> None:
        remove_stale_temporaries(Path(folder))  # what a killed earlier run left in this folder
        self.path = Path(folder) / f".{name}.{secrets.token_hex(4)}.part"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        os.close(os.open(self.path, flags, 0o600 if private else 0o666))
        self.published = False

    def publish(self, target: Path) -> Path:
        """Move the finished temporary file onto ``target`` (replacing it), atomically."""
        os.replace(self.path, target)
        self.published = True
        return Path(target)

    def discard(self) -> None:
        """Remove the temporary file (nothing is published)."""
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> StagedFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self.published:
            self.discard()


def write_atomically(
    target: Path,
    write: Callable[[BinaryIO], object],
    *,
    wording: WriteWording = WriteWording(),
    error: type[FileWriteError] = FileWriteError,
    inside: AbstractContextManager[object] | None = None,
) -> Path:
    """Call ``write(fh)`` on a hidden temporary file next to ``target``, then move it there.

    ``inside`` (for example a service's audited-export transaction, not yet entered) is
    entered around the rename: if it fails after the file was moved, the file is taken back,
    so no file exists that the audit trail does not record.
    """
    target = Path(target)
    if not target.parent.is_dir():
        raise error(f"The folder {target.parent} does not exist.", "Choose another folder.")
    published = False
    try:
        with StagedFile(target.parent, target.name) as staged:
            with open(staged.path, "wb") as fh:
                write(fh)
                fh.flush()
                os.fsync(fh.fileno())  # on disk before the rename makes it visible
            if inside is None:
                staged.publish(target)
            else:
                with inside:
                    staged.publish(target)
                    published = True
    except BaseException as exc:
        if published:  # the surrounding step failed after the move: take the file back
            target.unlink(missing_ok=True)
        translated = translate_os_error(exc, target, wording, error)
        if translated is exc:
            raise
        raise translated from exc
    return target


def write_bytes_atomically(
    target: Path,
    data: bytes,
    *,
    wording: WriteWording = WriteWording(),
    error: type[FileWriteError] = FileWriteError,
) -> Path:
    """``data`` written to ``target`` whole or not at all (see ``write_atomically``)."""
    return write_atomically(target, lambda fh: fh.write(data), wording=wording, error=error)


def translate_os_error(
    exc: BaseException,
    target: Path,
    wording: WriteWording = WriteWording(),
    error: type[FileWriteError] = FileWriteError,
) -> BaseException:
    """The plain-words error for a locked file or a full disk; any other error unchanged."""
    if isinstance(exc, PermissionError):
        return error(
            f"{target.name} could not be written: it may be open in {wording.opener}, or the "
            "folder is read-only.",
            f"Close the file (or choose another folder) and {wording.again}.",
        )
    if isinstance(exc, OSError) and exc.errno == ENOSPC:
        return DiskFullError(
            f"The disk is full, so the {wording.thing} was not written.",
            f"Free some disk space and {wording.again}.",
        )
    return exc


def remove_leftovers_at_start() -> list[Path]:
    """At start (CLI command or window): clear stale temporary files from the app's own
    folders -- backups, and the archived packs folder if there is one. Never raises: a data
    folder that cannot be made or read must not stop a command that does not need it."""
    from vpr_desktop.store.paths import data_dir

    try:
        root = data_dir()
    except OSError:
        return []
    removed: list[Path] = []
    for folder in (root / "backups", root / "packs"):
        removed += remove_stale_temporaries(folder)  # an absent folder: nothing to do
    return removed

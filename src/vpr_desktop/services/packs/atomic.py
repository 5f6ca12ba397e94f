"""Write a file whole or not at all: temporary file in the target folder, then ``os.replace``.

Why: packs go to shared drives. A crash, a full disk or a file left open in Excel must never
leave half a pack where a board secretary will find it. The temporary file sits in the target
folder (same volume, so the rename is atomic), is flushed to disk before the rename, and is
removed on any failure. Errors a person can act on come back as ``VprError`` in plain words.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from vpr_desktop.domain.errors import DiskFullError, VprError


class PackFileError(VprError):
    title = "Could not write the file"


def write_atomically(target: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Call ``write(fh)`` on a hidden temporary file next to ``target``, then move it there."""
    target = Path(target)
    if not target.parent.is_dir():
        raise PackFileError(f"The folder {target.parent} does not exist.", "Choose another folder.")
    # open(..., "xb") rather than mkstemp: the file gets the user's normal permissions.
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        with open(tmp, "xb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        translated = translate_os_error(exc, target)
        if translated is exc:
            raise
        raise translated from exc
    return target


def write_bytes_atomically(target: Path, data: bytes) -> Path:
    return write_atomically(target, lambda fh: fh.write(data) and None)


def translate_os_error(exc: BaseException, target: Path) -> BaseException:
    if isinstance(exc, PermissionError):
        return PackFileError(
            f"{target.name} could not be written: it may be open in another program, or the "
            "folder is read-only.",
            "Close the file (or choose another folder) and try again.",
        )
    if isinstance(exc, OSError) and exc.errno == 28:  # ENOSPC
        return DiskFullError(
            "The disk is full, so the pack was not written.", "Free some disk space and try again."
        )
    return exc

"""Pack files written whole or not at all, in the packs' own words.

Why: a crash, a full disk or a file left open must never leave half a pack where a board
secretary will find it. The mechanism is ``store.atomic`` (one helper for every such write);
this module only names the pack's error and wording ("the pack was not written").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from vpr_desktop.store import atomic
from vpr_desktop.store.atomic import FileWriteError
from vpr_desktop.store.atomic import WriteWording

PACK_WORDING = WriteWording(thing="pack", opener="another program", again="try again")


class PackFileError(FileWriteError):
    """A pack file could not be written (missing folder, file open elsewhere, read-only)."""


def write_atomically(target: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Call ``write(fh)`` on a hidden temporary file next to ``target``, then move it there."""
    return atomic.write_atomically(target, write, wording=PACK_WORDING, error=PackFileError)


def write_bytes_atomically(target: Path, data: bytes) -> Path:
    """``data`` written to ``target`` whole or not at all."""
    return atomic.write_bytes_atomically(target, data, wording=PACK_WORDING, error=PackFileError)

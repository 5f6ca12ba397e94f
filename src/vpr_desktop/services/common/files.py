"""Reading a small file a person chose (a survey's results, a return) all at once.

Such a file is read whole into memory, so it is refused before that when it is far larger than
any real one; an unreadable file is a :class:`ValidationError` naming it and the reason, never
an ``OSError`` the screen would show as a crash.
"""

from __future__ import annotations

from pathlib import Path

from vpr_desktop.domain.errors import ValidationError


def read_small_file(path: Path | str, max_bytes: int, too_large: str) -> bytes:
    """The bytes of ``path``; refused when unreadable, or over ``max_bytes`` ("``path``
    ``too_large``", e.g. "is too large to be a return")."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError(
            f"{path} could not be read ({exc.strerror or exc}).", "Check the file name."
        ) from None
    if len(data) > max_bytes:
        raise ValidationError(f"{path} {too_large}.", "Check the file.")
    return data

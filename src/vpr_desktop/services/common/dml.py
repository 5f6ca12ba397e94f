"""How many rows an UPDATE or DELETE changed, typed.

Why: ``Session.execute`` is typed to return ``Result``, which has no ``rowcount``; for an
INSERT, UPDATE or DELETE it is a ``CursorResult`` at run time. One checked narrowing here
replaces an ignore at every call that reports how many rows an undo restored or removed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult
from sqlalchemy import Result


def rows_affected(result: Result[*tuple[Any, ...]]) -> int:
    """Rows the statement behind ``result`` matched (0 when the driver does not say)."""
    if not isinstance(result, CursorResult):
        raise TypeError("rows_affected needs the result of an INSERT, UPDATE or DELETE")
    return int(result.rowcount or 0)

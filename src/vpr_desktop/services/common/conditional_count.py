"""A conditional count in SQL, written once for every figure that counts rows by a condition.

Why a function: ``SUM(CASE WHEN ... THEN 1 ELSE 0 END)`` reads the same on SQLite and
PostgreSQL, and the ``COALESCE`` makes a count over no rows a zero rather than ``NULL``; the
support-step, RIDDOR and other incident figures all count this way, so they share one spelling
instead of each module reaching into another for it.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlalchemy import case
from sqlalchemy import func


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """``SUM(CASE WHEN condition THEN 1 ELSE 0 END)`` (portable conditional count)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

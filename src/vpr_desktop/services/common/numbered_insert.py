"""Insert a row that takes the next free reference, trying again when another writer took it.

Why one function: the action log (``ACT-nnnn``) and the incidents (``VPR-nnnnnn``) both number
their records from what is stored, so two people saving at once can pick the same number. Each
try goes in a savepoint: a clash (the reference's unique index) rolls back only that try, and
the next try reads the numbers again. How the next number is worked out stays with each record;
the trying, and the words when every try clashed, are here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vpr_desktop.domain.base import Entity
from vpr_desktop.domain.errors import ValidationError

E = TypeVar("E", bound=Entity)

#: How many numbers are tried before the save is refused ("Save again").
ATTEMPTS = 5


def insert_numbered(session: Session, build: Callable[[int], E], what: str) -> E:
    """``build(attempt)`` (0 first) added and flushed in a savepoint; a unique clash tries the
    next attempt, and after :data:`ATTEMPTS` clashes the save is refused naming ``what``."""
    for attempt in range(ATTEMPTS):
        row = build(attempt)
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
        except IntegrityError:
            continue
        return row
    raise ValidationError(
        f"Could not give the {what} a reference (others were saving).", "Save again."
    )

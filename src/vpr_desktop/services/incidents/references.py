"""The next ``VPR-nnnnnn`` incident reference, for a new incident and for a Datix import.

References are numbered in the order incidents are added and zero-padded to six digits, so text
order is number order up to VPR-999999. The millionth reference, VPR-1000000, sorts *below*
VPR-999999 in text order, so "the highest reference plus one" would hand out a number that is
already taken from then on. The highest in text order is one index seek, and it is the highest
number whenever its number is not all nines (a longer reference exists only once VPR-999999 has
been handed out). Otherwise, and after a clash, every reference's number is read: a scan only a
very large trust ever reaches, and then only once per save or import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain.models import Incident
from vpr_desktop.services.incidents.records import REFERENCE_PREFIX

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def next_reference_number(s: Session, *, thorough: bool = False) -> int:
    """The number after the highest ``VPR-n`` reference (1 for the first incident).

    ``thorough`` reads every reference's number instead of trusting the text order: after a
    clash, when someone else may have added references in between or one was removed.
    """
    ours = Incident.reference.like(REFERENCE_PREFIX + "%")
    if not thorough:
        last = s.scalar(select(func.max(Incident.reference)).where(ours))
        if last is None:
            return 1
        tail = last[len(REFERENCE_PREFIX) :]
        if tail.isdigit() and tail.strip("9"):
            return int(tail) + 1
    numbers = (
        int(tail)
        for (reference,) in s.execute(select(Incident.reference).where(ours))
        if (tail := reference[len(REFERENCE_PREFIX) :]).isdigit()
    )
    return max(numbers, default=0) + 1


def reference_for(number: int) -> str:
    """``VPR-`` and the number, zero-padded to six digits (longer past 999,999)."""
    return f"{REFERENCE_PREFIX}{number:06d}"

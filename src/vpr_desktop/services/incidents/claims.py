"""Claims from NHS Resolution letters: the VPR lead enters each letter's reference, date, value
and status; the cost of violence in the packs adds them up (``services.packs.costs``).

Why entered by hand: NHS Resolution writes to the trust; there is no feed to import. A claim
names nobody (its reference is NHS Resolution's), so every role that reads figures may read
claims; only those who edit incidents (the VPR lead) may enter or change them -- on
PostgreSQL only the lead's group may write the table (revision 0013).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from decimal import InvalidOperation
from typing import TYPE_CHECKING

from sqlalchemy import select

from vpr_desktop.domain.costs import ClaimStatus
from vpr_desktop.domain.costs import NhsrClaim
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.same_named import from_same_named
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

READERS = frozenset(
    {
        Permission.READ_SUMMARY,
        Permission.READ_INCIDENTS,
        Permission.GENERATE_COMMITTEE_PACK,
        Permission.GENERATE_BOARD_PACK,
    }
)
MAX_VALUE = Decimal("100000000")  # £100m: beyond it, a typing slip
MAX_REFERENCE = 60


@dataclass(frozen=True)
class Claim:
    """One claim as screens and packs show it."""

    id: int
    version: int
    reference: str
    letter_date: dt.date
    value: Decimal
    status: ClaimStatus


def _view(row: NhsrClaim) -> Claim:
    return from_same_named(
        Claim,
        row,
        value=Decimal(row.value).quantize(Decimal("0.01")),
        status=ClaimStatus(row.status),
    )


def parse_value(text: str) -> Decimal:
    """A claim's value typed as "12500", "£12,500.00"; refused in words otherwise."""
    raw = text.strip().lstrip("£").replace(",", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(
            f"'{text}' is not an amount in pounds.", "Type the value, such as 12500.00."
        ) from None
    return value


def list_claims(
    db: Database,
    actor: Actor,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[Claim]:
    """Claims by letter date (oldest first), those dated ``start`` to ``end`` when given."""
    if not actor.permissions & READERS:
        actor.require(Permission.READ_SUMMARY, "see claims")
    stmt = select(NhsrClaim).order_by(NhsrClaim.letter_date, NhsrClaim.reference)
    if start is not None:
        stmt = stmt.where(NhsrClaim.letter_date >= start)
    if end is not None:
        stmt = stmt.where(NhsrClaim.letter_date <= end)
    with reading(db) as s:
        return [_view(r) for r in s.scalars(stmt)]


def _check(reference: str, value: Decimal) -> str:
    ref = " ".join(reference.split())
    problems: list[tuple[int | None, str, str, str]] = []
    if not ref:
        problems.append((None, "reference", reference, "give the letter's claim reference"))
    elif len(ref) > MAX_REFERENCE:
        problems.append((None, "reference", ref, f"at most {MAX_REFERENCE} characters"))
    if not (value.is_finite() and Decimal(0) <= value <= MAX_VALUE):
        problems.append((None, "value", str(value), "from £0 to £100,000,000"))
    if problems:
        raise ValidationError(
            "The claim was not saved.", "Correct the fields named, then save.", problems
        )
    return ref


def save_claim(
    db: Database,
    actor: Actor,
    reference: str,
    letter_date: dt.date,
    value: Decimal,
    status: ClaimStatus | str,
    *,
    claim_id: int | None = None,
    expected_version: int | None = None,
) -> Claim:
    """Add a claim (``claim_id`` None) or change one; a reference is used once only."""
    actor.require(Permission.EDIT_INCIDENTS, "enter claims from NHS Resolution letters")
    ref = _check(reference, value)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        same = s.scalar(select(NhsrClaim).where(NhsrClaim.reference == ref))
        if same is not None and same.id != claim_id:
            raise ValidationError(
                f"A claim with the reference {ref} is already entered.",
                "Change that claim instead of adding it again.",
            )
        if claim_id is None:
            row = NhsrClaim(reference=ref)
            s.add(row)
        else:
            row = uow.get(NhsrClaim, claim_id, expected_version=expected_version)
            row.reference = ref
        row.letter_date = letter_date
        row.value = value.quantize(Decimal("0.01"))
        row.status = ClaimStatus(status)
        s.flush()
        return _view(row)


def delete_claim(
    db: Database, actor: Actor, claim_id: int, expected_version: int | None = None
) -> None:
    """Remove a claim entered by mistake (the audit keeps what it held)."""
    actor.require(Permission.EDIT_INCIDENTS, "remove claims")
    with UnitOfWork(db, actor) as uow:
        uow.session.delete(uow.get(NhsrClaim, claim_id, expected_version=expected_version))

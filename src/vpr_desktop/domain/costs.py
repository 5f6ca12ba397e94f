"""Claims from NHS Resolution letters: what violence against staff costs the trust in claims.

Why a table of its own: the cost of violence a board pack estimates (``services.packs.costs``)
adds the claims the trust has been told about to the days lost; a claim is not an incident
field (one letter may follow months after the incident, and a claim may cover several), so
the VPR lead enters each letter's reference, date, value and status as the letters arrive.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Numeric
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from vpr_desktop.domain.base import Entity
from vpr_desktop.domain.base import enum_column
from vpr_desktop.domain.labelled_enum import LabelledEnum
from vpr_desktop.domain.labelled_enum import give_labels


class ClaimStatus(LabelledEnum):
    """Where a claim stands, as NHS Resolution's letters put it."""

    OPEN = "open"  # the value is NHS Resolution's reserve (estimate)
    SETTLED = "settled"  # the value was paid
    CLOSED = "closed"  # closed with nothing paid


#: The status as screens and packs print it.
give_labels(
    ClaimStatus,
    {
        ClaimStatus.OPEN: "Open (reserve)",
        ClaimStatus.SETTLED: "Settled (paid)",
        ClaimStatus.CLOSED: "Closed, nothing paid",
    },
)


class NhsrClaim(Entity):
    """One claim from an NHS Resolution letter: its reference, the letter's date, its value in
    pounds (the reserve while open, the amount paid once settled) and its status."""

    __tablename__ = "nhsr_claim"

    reference: Mapped[str] = mapped_column(String(60), unique=True)
    letter_date: Mapped[dt.date]
    value: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    status: Mapped[ClaimStatus] = enum_column(ClaimStatus, default=ClaimStatus.OPEN)

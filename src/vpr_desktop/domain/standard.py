"""The VPR standard as data: editions, their domains and indicators, and the crosswalk links
between editions.

Apart from the self-assessment cycles (``domain.assessment``) because an edition exists, and
is loaded, compared and linked, before any cycle rates it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from vpr_desktop.domain.base import Entity


class Standard(Entity):
    """One edition of a standard library (e.g. ``vpr-2024``), versioned and with provenance."""

    __tablename__ = "standard"

    edition: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    publisher: Mapped[str]
    library_version: Mapped[int] = mapped_column(default=1)
    published_on: Mapped[dt.date | None]
    provenance: Mapped[str | None] = mapped_column(Text)
    working_summary: Mapped[bool] = mapped_column(default=True)
    rating_scale: Mapped[list[Any]]

    domains: Mapped[list[StandardDomain]] = relationship(
        back_populates="standard", order_by="StandardDomain.sort_order"
    )


class StandardDomain(Entity):
    """A non-assessable heading (the 2024 edition has seven, in a fixed order)."""

    __tablename__ = "standard_domain"
    __table_args__ = (UniqueConstraint("standard_id", "code"),)

    standard_id: Mapped[int] = mapped_column(ForeignKey("standard.id"))
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(500))
    sort_order: Mapped[int]

    standard: Mapped[Standard] = relationship(back_populates="domains")
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="domain", order_by="Indicator.sort_key"
    )


class Indicator(Entity):
    """An assessable item with a stable code (``1.10`` sorts after ``1.9`` via ``sort_key``)."""

    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("standard_id", "code"),)

    standard_id: Mapped[int] = mapped_column(ForeignKey("standard.id"), index=True)
    domain_id: Mapped[int] = mapped_column(ForeignKey("standard_domain.id"))
    code: Mapped[str] = mapped_column(String(20))
    sort_key: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str | None] = mapped_column(Text)
    typical_evidence: Mapped[str | None] = mapped_column(Text)
    retired: Mapped[bool] = mapped_column(default=False)

    domain: Mapped[StandardDomain] = relationship(back_populates="indicators")


class CrosswalkLink(Entity):
    """A thematic link between editions (2020 PDCA ↔ 2024 domains), confirmed by a person."""

    __tablename__ = "crosswalk_link"
    __table_args__ = (UniqueConstraint("from_indicator_id", "to_indicator_id"),)

    from_indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    to_indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    confirmed_by: Mapped[str | None] = mapped_column(String(120))
    confirmed_at: Mapped[dt.datetime | None]
    note: Mapped[str | None] = mapped_column(Text)

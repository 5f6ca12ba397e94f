"""Self-assessment cycles: ratings against one edition's indicators, evidence, the staff
side's statement.

The standard itself (editions, domains, indicators, crosswalk links) is ``domain.standard``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from vpr_desktop.domain.base import Entity
from vpr_desktop.domain.base import enum_column
from vpr_desktop.domain.enums import CycleStatus
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.enums import WorkStatus
from vpr_desktop.domain.standard import Indicator
from vpr_desktop.domain.standard import Standard


class AssessmentCycle(Entity):
    """A self-assessment for one edition and period; sign-off needs both sides."""

    __tablename__ = "assessment_cycle"

    standard_id: Mapped[int] = mapped_column(ForeignKey("standard.id"), index=True)
    name: Mapped[str]
    period_start: Mapped[dt.date]
    period_end: Mapped[dt.date]
    status: Mapped[CycleStatus] = enum_column(CycleStatus, default=CycleStatus.DRAFT)
    previous_cycle_id: Mapped[int | None] = mapped_column(ForeignKey("assessment_cycle.id"))
    management_signed_by: Mapped[str | None] = mapped_column(String(120))
    management_signed_at: Mapped[dt.datetime | None]
    staff_side_signed_by: Mapped[str | None] = mapped_column(String(120))
    staff_side_signed_at: Mapped[dt.datetime | None]

    standard: Mapped[Standard] = relationship()
    ratings: Mapped[list[Rating]] = relationship(back_populates="cycle")


class StaffSideStatement(Entity):
    """The staff side's own statement on a self-assessment cycle, printed unedited in the
    committee and board packs. Only a staff-side rep writes it (the service checks the role;
    on PostgreSQL only the staff-side group may insert or update the table)."""

    __tablename__ = "staff_side_statement"

    cycle_id: Mapped[int] = mapped_column(ForeignKey("assessment_cycle.id"), unique=True)
    text: Mapped[str] = mapped_column(Text)
    written_by: Mapped[str] = mapped_column(String(120))  # the login (username)
    written_by_name: Mapped[str] = mapped_column(String(200))  # as shown when written
    written_at: Mapped[dt.datetime]


class Rating(Entity):
    """One indicator's RAG rating, work status and narrative in one assessment cycle."""

    __tablename__ = "rating"
    __table_args__ = (UniqueConstraint("cycle_id", "indicator_id"),)

    cycle_id: Mapped[int] = mapped_column(ForeignKey("assessment_cycle.id"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), index=True)
    rag: Mapped[Rag] = enum_column(Rag, default=Rag.NOT_RATED)
    work_status: Mapped[WorkStatus] = enum_column(
        WorkStatus, default=WorkStatus.TO_DO, server_default=WorkStatus.TO_DO.value
    )
    narrative: Mapped[str | None] = mapped_column(Text)
    carried_forward: Mapped[bool] = mapped_column(default=False)
    needs_reconfirm: Mapped[bool] = mapped_column(default=False)
    rated_by: Mapped[str | None] = mapped_column(String(120))
    rated_at: Mapped[dt.datetime | None]

    cycle: Mapped[AssessmentCycle] = relationship(back_populates="ratings")
    indicator: Mapped[Indicator] = relationship()


class Evidence(Entity):
    """A file copied into the managed evidence store under its SHA-256 (never a user path)."""

    __tablename__ = "evidence"

    title: Mapped[str] = mapped_column(String(500))
    # A file in the managed store (sha256, stored_name, size) or a link (url) — one of the two.
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    stored_name: Mapped[str | None] = mapped_column(String(120))
    original_name: Mapped[str | None] = mapped_column(String(500))
    size_bytes: Mapped[int | None]
    url: Mapped[str | None] = mapped_column(String(2000))
    owner: Mapped[str | None] = mapped_column(String(200))
    evidence_date: Mapped[dt.date | None]
    review_date: Mapped[dt.date | None] = mapped_column(index=True)
    added_by: Mapped[str] = mapped_column(String(120))


class RatingEvidence(Entity):
    """Links a rating to an evidence item; one item may support many ratings."""

    __tablename__ = "rating_evidence"
    __table_args__ = (
        UniqueConstraint("rating_id", "evidence_id"),
        Index("ix_rating_evidence_evidence", "evidence_id"),
    )

    rating_id: Mapped[int] = mapped_column(ForeignKey("rating.id", ondelete="CASCADE"))
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"))

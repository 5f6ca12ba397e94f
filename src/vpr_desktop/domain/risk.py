"""Violence risk register: specific assessments, controls and dated reviews."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint
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
from vpr_desktop.domain.enums import ControlType
from vpr_desktop.domain.enums import Effectiveness
from vpr_desktop.domain.enums import RiskStatus

_SCORES = ("inherent", "current", "target")


def _score_checks() -> tuple[CheckConstraint, ...]:
    checks = []
    for s in _SCORES:
        for part in ("likelihood", "consequence"):
            checks.append(CheckConstraint(f"{s}_{part} BETWEEN 1 AND 5", name=f"{s}_{part}_1_5"))
    return tuple(checks)


class RiskAssessment(Entity):
    """A specific assessment: where, what activity, which staff groups, scored on the 5x5."""

    __tablename__ = "risk_assessment"
    __table_args__ = (
        *_score_checks(),
        Index("ix_risk_loc_score", "location_id", "current_score"),
        Index("ix_risk_status_review", "status", "review_date"),
        # The register's heat map: counts per cell of live risks, from the index alone (0010).
        # The cell leads: led by status, the list's status filter would pick it and sort.
        Index("ix_risk_current_cell_status", "current_likelihood", "current_consequence", "status"),
        Index("ix_risk_target_cell_status", "target_likelihood", "target_consequence", "status"),
    )

    reference: Mapped[str] = mapped_column(String(30), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id"))
    activity: Mapped[str | None] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    inherent_likelihood: Mapped[int]
    inherent_consequence: Mapped[int]
    current_likelihood: Mapped[int]
    current_consequence: Mapped[int]
    target_likelihood: Mapped[int]
    target_consequence: Mapped[int]
    # Stored (kept equal to likelihood x consequence by the service) so the register sorts
    # and filters on an index in SQL.
    current_score: Mapped[int] = mapped_column(index=True)
    review_date: Mapped[dt.date | None]
    status: Mapped[RiskStatus] = enum_column(RiskStatus, default=RiskStatus.OPEN)
    options_note: Mapped[str | None] = mapped_column(Text)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))

    controls: Mapped[list[Control]] = relationship(back_populates="risk")
    reviews: Mapped[list[RiskReview]] = relationship(
        back_populates="risk", order_by="RiskReview.reviewed_on"
    )


class RiskStaffGroup(Entity):
    """Staff groups exposed to a risk (non-clinical groups included)."""

    __tablename__ = "risk_staff_group"
    __table_args__ = (UniqueConstraint("risk_id", "staff_group_id"),)

    risk_id: Mapped[int] = mapped_column(ForeignKey("risk_assessment.id", ondelete="CASCADE"))
    staff_group_id: Mapped[int] = mapped_column(ForeignKey("staff_group.id"))


class Control(Entity):
    """A measure that reduces a risk, with its owner, dates and judged effectiveness."""

    __tablename__ = "risk_control"

    risk_id: Mapped[int] = mapped_column(ForeignKey("risk_assessment.id"), index=True)
    control_type: Mapped[ControlType] = enum_column(ControlType)
    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    expected_date: Mapped[dt.date | None]
    implemented_date: Mapped[dt.date | None]
    barrier_note: Mapped[str | None] = mapped_column(Text)
    effectiveness: Mapped[Effectiveness] = enum_column(
        Effectiveness, default=Effectiveness.NOT_ASSESSED
    )
    next_review_date: Mapped[dt.date | None] = mapped_column(index=True)

    risk: Mapped[RiskAssessment] = relationship(back_populates="controls")


class RiskReview(Entity):
    """A dated snapshot of the scores and notes at a review (the register's trend arrow)."""

    __tablename__ = "risk_review"

    risk_id: Mapped[int] = mapped_column(ForeignKey("risk_assessment.id"), index=True)
    reviewed_on: Mapped[dt.date]
    reviewed_by: Mapped[str] = mapped_column(String(120))
    current_likelihood: Mapped[int]
    current_consequence: Mapped[int]
    note: Mapped[str | None] = mapped_column(Text)
    snapshot: Mapped[dict[str, Any] | None]

    risk: Mapped[RiskAssessment] = relationship(back_populates="reviews")

"""Training: course catalogue, needs analysis, records (per assignment), targets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from vpr_desktop.domain.base import Entity
from vpr_desktop.domain.base import enum_column
from vpr_desktop.domain.enums import SettingType


class Course(Entity):
    """A training course the trust tracks, matched to ESR competencies, with its refresher
    period.
    """

    __tablename__ = "course"

    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(unique=True)
    refresher_months: Mapped[int | None]
    # ESR competency names (raw pipe-delimited forms) that count as this course.
    esr_competencies: Mapped[list[Any]]
    target_percent: Mapped[float] = mapped_column(default=85.0)
    rrn_certified: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)


class TrainingRequirement(Entity):
    """One cell of the needs analysis: staff group x setting (or location) -> course."""

    __tablename__ = "training_requirement"
    __table_args__ = (
        UniqueConstraint("course_id", "staff_group_id", "setting_type", "location_id"),
    )

    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    staff_group_id: Mapped[int | None] = mapped_column(ForeignKey("staff_group.id"))
    setting_type: Mapped[SettingType | None] = enum_column(SettingType, nullable=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id"))
    min_risk_score: Mapped[int | None]
    rationale: Mapped[str | None]

    course: Mapped[Course] = relationship()


class TrainingRecord(Entity):
    """A completion. Re-importing the same export matches on assignment + course + date."""

    __tablename__ = "training_record"
    __table_args__ = (
        UniqueConstraint("assignment_id", "course_id", "completed_on"),
        Index("ix_training_course_expiry", "course_id", "expires_on"),
        # Whether an assignment held a course on a day, from the index alone (migration 0016).
        Index(
            "ix_training_record_held", "assignment_id", "course_id", "completed_on", "expires_on"
        ),
    )

    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    completed_on: Mapped[dt.date]
    expires_on: Mapped[dt.date | None]
    raw_competency: Mapped[str | None] = mapped_column(String(500))
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"), index=True)


class ComplianceTarget(Entity):
    """A target for a course, optionally narrowed to a location (default: the course's)."""

    __tablename__ = "compliance_target"
    __table_args__ = (UniqueConstraint("course_id", "location_id"),)

    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id"))
    target_percent: Mapped[float]


class MappingProfile(Entity):
    """A saved column mapping for one export layout (ESR, Datix, a risk register sheet)."""

    __tablename__ = "mapping_profile"
    __table_args__ = (UniqueConstraint("kind", "name"),)

    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str]
    mapping: Mapped[dict[str, Any]]

"""Incidents (the common data standard): the event, where and when, harm, RIDDOR and the
police and CPS outcomes, and every type it has.

No patient-identifying fields exist here by design: an import keeps only the source system's
reference (e.g. the Datix ID).

The dates of the police and CPS outcomes, who overrode the RIDDOR decision (and when) are
columns of ``incident``. The staff affected, their protected characteristics and their
post-incident support steps are ``domain.affected_staff``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

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
from vpr_desktop.domain.enums import CpsOutcome
from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import Intent
from vpr_desktop.domain.enums import PerpetratorType
from vpr_desktop.domain.enums import PoliceOutcome
from vpr_desktop.domain.enums import RiddorStatus

if TYPE_CHECKING:
    from vpr_desktop.domain.affected_staff import IncidentStaff


class Incident(Entity):
    """One violence or aggression incident: when, where, what, harm, RIDDOR and police follow-up."""

    __tablename__ = "incident"
    __table_args__ = (
        Index("ix_incident_occurred", "occurred_at", "id"),
        Index("ix_incident_loc_occurred", "location_id", "occurred_at"),
        Index("ix_incident_month_loc", "month", "location_id"),
        Index("ix_incident_month_type", "month", "primary_type"),
        # The overdue RIDDOR count from the index alone (migration 0017).
        Index("ix_incident_riddor", "riddor_status", "riddor_deadline", "riddor_submitted_on"),
        # Days lost and RIDDOR on time per month from the index alone (migration 0016).
        Index(
            "ix_incident_month_figures",
            "month",
            "location_id",
            "days_lost",
            "riddor_status",
            "riddor_deadline",
            "riddor_submitted_on",
        ),
    )

    reference: Mapped[str] = mapped_column(String(30), unique=True)
    external_ref: Mapped[str | None] = mapped_column(String(60), unique=True)
    occurred_at: Mapped[dt.datetime]
    # 'YYYY-MM' stored at write time so monthly counts use a plain index (performance.md).
    month: Mapped[str] = mapped_column(String(7))
    reported_at: Mapped[dt.datetime | None]
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id"))
    primary_type: Mapped[IncidentType] = enum_column(IncidentType)
    hate_strand: Mapped[str | None] = mapped_column(String(40))
    perpetrator_type: Mapped[PerpetratorType] = enum_column(
        PerpetratorType, default=PerpetratorType.UNKNOWN
    )
    intent: Mapped[Intent] = enum_column(Intent, default=Intent.UNKNOWN)
    harm: Mapped[Harm] = enum_column(Harm, default=Harm.NO_HARM)
    injury: Mapped[bool] = mapped_column(default=False)
    injury_description: Mapped[str | None] = mapped_column(Text)
    specified_injury: Mapped[bool] = mapped_column(default=False)
    days_lost: Mapped[int] = mapped_column(default=0)
    near_miss: Mapped[bool] = mapped_column(default=False)
    personal_dispute: Mapped[bool] = mapped_column(default=False)
    police_informed: Mapped[bool] = mapped_column(default=False)
    crime_reference: Mapped[str | None] = mapped_column(String(60))
    police_outcome: Mapped[PoliceOutcome] = enum_column(
        PoliceOutcome, default=PoliceOutcome.NOT_REPORTED
    )
    cps_outcome: Mapped[CpsOutcome] = enum_column(CpsOutcome, default=CpsOutcome.NOT_APPLICABLE)
    aewa_sanction: Mapped[bool] = mapped_column(default=False)
    riddor_status: Mapped[RiddorStatus] = enum_column(
        RiddorStatus, default=RiddorStatus.NOT_ASSESSED
    )
    riddor_reason: Mapped[str | None] = mapped_column(Text)
    riddor_deadline: Mapped[dt.date | None]
    riddor_submitted_on: Mapped[dt.date | None]
    riddor_reference: Mapped[str | None] = mapped_column(String(60))
    description: Mapped[str | None] = mapped_column(Text)
    feedback_given_on: Mapped[dt.date | None]
    # The day each outcome was recorded (None: no outcome, or recorded before it was kept).
    police_outcome_on: Mapped[dt.date | None]
    cps_outcome_on: Mapped[dt.date | None]
    # Set while a person's RIDDOR decision stands instead of the rule's (their display name).
    riddor_override_by: Mapped[str | None] = mapped_column(String(255))
    riddor_override_at: Mapped[dt.datetime | None]
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"), index=True)

    types: Mapped[list[IncidentTypeLink]] = relationship(
        back_populates="incident", cascade="all, delete-orphan"
    )
    staff: Mapped[list[IncidentStaff]] = relationship(
        back_populates="incident", cascade="all, delete-orphan"
    )


class IncidentTypeLink(Entity):
    """All the types an incident has (an assault can be physical *and* hate-motivated)."""

    __tablename__ = "incident_type"
    __table_args__ = (UniqueConstraint("incident_id", "incident_type"),)

    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"))
    incident_type: Mapped[IncidentType] = enum_column(IncidentType)

    incident: Mapped[Incident] = relationship(back_populates="types")

"""The staff an incident affected: each person's row, their protected characteristics and
the steps of the trust's post-incident support pathway for them.

Apart from ``domain.incidents`` because these rows are about named people (consent, absence,
characteristics seen only by allowed roles, support owed), where an incident row is about the
event. Each person's consent to be contacted about support is on their ``incident_staff`` row
(``contact_consent`` None: not asked); until schema 0004 it was JSON in ``setting`` rows keyed
``incident_extra:<id>``, and that migration moved it here.
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
from vpr_desktop.domain.enums import ProtectedCharacteristic
from vpr_desktop.domain.incidents import Incident


class IncidentStaff(Entity):
    """A member of staff affected, with their staff group at the time."""

    __tablename__ = "incident_staff"
    __table_args__ = (UniqueConstraint("incident_id", "person_id"),)

    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    staff_group_id: Mapped[int | None] = mapped_column(ForeignKey("staff_group.id"))
    days_absent: Mapped[int] = mapped_column(default=0)
    restricted_duties_days: Mapped[int] = mapped_column(default=0)
    absence_reason_stress: Mapped[bool] = mapped_column(default=False)
    pc_consent: Mapped[bool] = mapped_column(default=False)
    # Consent to be contacted about support: None not asked; else the answer, the day it was
    # given, who recorded it (username) and an optional note.
    contact_consent: Mapped[bool | None]
    contact_consent_on: Mapped[dt.date | None]
    contact_consent_by: Mapped[str | None] = mapped_column(String(120))
    contact_consent_note: Mapped[str | None] = mapped_column(Text)

    incident: Mapped[Incident] = relationship(back_populates="staff")
    characteristics: Mapped[list[StaffCharacteristic]] = relationship(
        back_populates="incident_staff", cascade="all, delete-orphan"
    )


class StaffCharacteristic(Entity):
    """A protected characteristic, recorded only with consent, seen only by allowed roles."""

    __tablename__ = "staff_characteristic"
    __table_args__ = (UniqueConstraint("incident_staff_id", "characteristic"),)

    incident_staff_id: Mapped[int] = mapped_column(
        ForeignKey("incident_staff.id", ondelete="CASCADE")
    )
    # The kind (sex, race…) is audited; the person's value never is (see ``Entity``).
    __audit_special__ = frozenset({"value"})

    characteristic: Mapped[ProtectedCharacteristic] = enum_column(ProtectedCharacteristic)
    value: Mapped[str] = mapped_column(String(120))

    incident_staff: Mapped[IncidentStaff] = relationship(back_populates="characteristics")


class SupportStep(Entity):
    """A step of the trust's post-incident support pathway for one affected person."""

    __tablename__ = "support_step"
    __table_args__ = (
        UniqueConstraint("incident_id", "person_id", "step_type"),
        # The overdue open steps count from the index alone (migration 0017).
        Index("ix_support_due_open", "done_at", "due_by", "declined"),
        # Steps done on time per incident without reading the steps (migration 0016).
        Index(
            "ix_support_step_on_time", "incident_id", "step_type", "declined", "done_at", "due_by"
        ),
    )

    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    step_type: Mapped[str] = mapped_column(String(60))
    due_by: Mapped[dt.datetime]
    done_at: Mapped[dt.datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(120))
    declined: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    #: The named person who answers for the step (None: unassigned), so an overdue step has
    #: someone to chase rather than a role; set from the reporter's line manager when the
    #: staff record knows one, reassignable in the support queue (migration 0015).
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    #: When the step is planned or booked (a TRiM assessment booked for a date); a time before
    #: the step's earliest time is warned about, not refused.
    planned_at: Mapped[dt.datetime | None]

"""Roles and responsibilities register: who leads VPR, with time, competence and deputies."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vpr_desktop.domain.base import Entity, enum_column
from vpr_desktop.domain.enums import ScopeLevel, VprRoleType


class RoleAssignment(Entity):
    """One VPR role the trust fills: its scope, holder, deputy, review date and competence."""

    __tablename__ = "role_assignment"

    role_type: Mapped[VprRoleType] = enum_column(VprRoleType)
    required: Mapped[bool] = mapped_column(default=True)
    scope_level: Mapped[ScopeLevel] = enum_column(ScopeLevel, default=ScopeLevel.TRUST)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id"))
    directorate: Mapped[str | None]
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    hours_per_week: Mapped[float | None]
    start_date: Mapped[dt.date | None]
    review_date: Mapped[dt.date | None]
    competence_required: Mapped[str | None] = mapped_column(Text)
    competence_held: Mapped[str | None] = mapped_column(Text)
    competence_expires: Mapped[dt.date | None]
    notes: Mapped[str | None] = mapped_column(String(1000))

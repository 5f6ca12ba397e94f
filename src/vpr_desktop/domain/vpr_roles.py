"""Roles and responsibilities register: who leads VPR, with time, competence and deputies."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from vpr_desktop.domain.base import Entity
from vpr_desktop.domain.base import enum_column
from vpr_desktop.domain.enums import ScopeLevel
from vpr_desktop.domain.enums import VprRoleType


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

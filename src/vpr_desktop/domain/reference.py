"""Reference data: sites, locations (with their setting type), staff groups, people."""

from __future__ import annotations

import datetime as dt

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


class Site(Entity):
    """A hospital or other site of the trust, holding its locations."""

    __tablename__ = "site"

    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str]
    active: Mapped[bool] = mapped_column(default=True)

    locations: Mapped[list[Location]] = relationship(back_populates="site")


class Location(Entity):
    """A ward, department or service; its setting type drives training needs and packs."""

    __tablename__ = "location"

    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str]
    directorate: Mapped[str | None]
    setting_type: Mapped[SettingType] = enum_column(SettingType)
    active: Mapped[bool] = mapped_column(default=True)

    site: Mapped[Site] = relationship(back_populates="locations")


class StaffGroup(Entity):
    """An NHS (ESR) staff group; non-clinical groups are first-class, never an afterthought."""

    __tablename__ = "staff_group"

    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(unique=True)
    esr_label: Mapped[str | None]
    clinical: Mapped[bool] = mapped_column(default=True)


class Person(Entity):
    """A member of staff (one per employee number). Personal data: never in board packs."""

    __tablename__ = "person"

    employee_number: Mapped[str] = mapped_column(String(30), unique=True)
    first_name: Mapped[str]
    last_name: Mapped[str]
    email: Mapped[str | None]
    #: The person's line manager where the staff record knows one: support steps of an
    #: incident they report default to that manager (migration 0015).
    line_manager_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    assignments: Mapped[list[Assignment]] = relationship(back_populates="person")

    @property
    def display_name(self) -> str:
        """First and last name, as lists show them."""
        return f"{self.first_name} {self.last_name}"


class Assignment(Entity):
    """An ESR assignment (``1012``, ``1012-2``): compliance is counted per assignment.

    Assignment numbers are text: leading zeros and ``-2`` suffixes must survive.
    """

    __tablename__ = "assignment"
    __table_args__ = (Index("ix_assignment_loc_group", "location_id", "staff_group_id"),)

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    assignment_number: Mapped[str] = mapped_column(String(30), unique=True)
    staff_group_id: Mapped[int] = mapped_column(ForeignKey("staff_group.id"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id"))
    job_title: Mapped[str | None]
    start_date: Mapped[dt.date | None]
    end_date: Mapped[dt.date | None]
    primary: Mapped[bool] = mapped_column(default=True)

    person: Mapped[Person] = relationship(back_populates="assignments")
    staff_group: Mapped[StaffGroup] = relationship()
    location: Mapped[Location | None] = relationship()


class SiteDirectorate(Entity):
    """Optional directorate list per site (scope for champions and roles)."""

    __tablename__ = "directorate"
    __table_args__ = (UniqueConstraint("site_id", "name"),)

    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"))
    name: Mapped[str]

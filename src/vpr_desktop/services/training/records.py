"""Plain, frozen results of the training service: courses, needs cells, compliance rows, people.

No ORM object leaves the service (a detached row would lazy-load on a closed session in a
screen); these shapes are what the training screens, the board pack and the CLI receive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vpr_desktop.domain.enums import SettingType


@dataclass(frozen=True)
class CourseInfo:
    id: int
    code: str
    name: str
    refresher_months: int | None
    esr_competencies: tuple[str, ...]
    target_percent: float
    rrn_certified: bool
    active: bool
    version: int


@dataclass(frozen=True)
class NeedsCell:
    """One cell of the needs-analysis grid: staff group x setting -> required courses."""

    staff_group_id: int
    setting_type: SettingType
    course_ids: tuple[int, ...]


@dataclass(frozen=True)
class CourseStatus:
    """One course for one assignment. status: required_held | expired | missing |
    held_not_required."""

    assignment_number: str
    course_id: int
    course_name: str
    required: bool
    status: str
    completed_on: dt.date | None
    expires_on: dt.date | None


@dataclass(frozen=True)
class ComplianceRow:
    course_id: int
    course_name: str
    location_id: int | None
    location_name: str
    staff_group_id: int
    staff_group_name: str
    required: int  # assignments
    compliant: int  # assignments
    people: int  # headcount (distinct persons)
    target_percent: float

    @property
    def percent(self) -> float:
        return 100.0 * self.compliant / self.required if self.required else 100.0

    @property
    def below_target(self) -> bool:
        return self.percent < self.target_percent


@dataclass(frozen=True)
class ExpiringPerson:
    person_id: int
    name: str
    assignment_number: str
    course_name: str
    location_name: str
    expires_on: dt.date


@dataclass(frozen=True)
class TrainingReference:
    """The pick lists of the training screens' filters, each in the order shown."""

    staff_groups: tuple[tuple[int, str], ...]  # (id, name), by name
    locations: tuple[tuple[int, str, SettingType | None], ...]  # (id, name, setting), by name
    settings: tuple[tuple[SettingType, str], ...]  # (value, plain-English label), enum order


@dataclass(frozen=True)
class PersonCompliance:
    """One required assignment behind a compliance figure. status: missing | expired |
    in_date; the dates are the latest completion (on or before the day) and its latest expiry
    (None: no expiry, or never done)."""

    person_id: int
    name: str
    employee_number: str
    assignment_number: str
    location_name: str
    staff_group_name: str
    status: str
    completed_on: dt.date | None
    expires_on: dt.date | None


@dataclass(frozen=True)
class PersonHit:
    """A person found by a search. ``location_name`` / ``staff_group_name`` join those of the
    person's assignments in post today (all assignments if none is); ``left``: every
    assignment has ended."""

    person_id: int
    name: str
    employee_number: str
    assignments: tuple[str, ...]
    location_name: str
    staff_group_name: str
    left: bool
    #: The line manager the staff record names (ESR import or set by a lead): a new
    #: incident's support steps default to them. Filled for one person's summary only.
    line_manager_id: int | None = None
    line_manager_name: str = ""
    line_manager_number: str = ""
    version: int = 0

"""What the Compliance tab shows, apart from how it shows it: the tables' columns, the
filters, the one background read and the summary line in words.

Kept out of the tab (``training.compliance``) so the figures and their wording can be read
and tested without building any widget.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vpr_desktop.views.common.formatting import format_date, plural
from vpr_desktop.views.training.models import Column, percent_text, target_words

if TYPE_CHECKING:
    from vpr_desktop.services.training.records import ComplianceRow
    from vpr_desktop.services.training.service import TrainingService

WINDOWS = (30, 60, 90)


def count_column(title: str, attribute: str, tip: str) -> Column:
    """A right-aligned whole-number column over ``attribute`` of each row (``4,000``)."""
    return Column(
        title,
        lambda r: f"{getattr(r, attribute):,}",
        lambda r: getattr(r, attribute),
        numeric=True,
        tip=tip,
    )


def compliant_text(r: ComplianceRow) -> str:
    """``3,210 of 4,000``: compliant of required assignments."""
    return f"{r.compliant:,} of {r.required:,}"


DETAIL_COLUMNS = (
    Column("Course", lambda r: r.course_name),
    Column("Location", lambda r: r.location_name),
    Column("Staff group", lambda r: r.staff_group_name),
    count_column(
        "People", "people", "Headcount: distinct people (one person may hold several assignments)"
    ),
    count_column("Required", "required", "Assignments that need the course (needs analysis)"),
    count_column(
        "Compliant", "compliant", "Assignments holding the course, in date on the as-of date"
    ),
    Column(
        "%",
        lambda r: percent_text(r.percent),
        lambda r: r.percent,
        numeric=True,
        tip="Compliant as a percentage of required",
    ),
    Column(
        "Target", lambda r: percent_text(r.target_percent), lambda r: r.target_percent, numeric=True
    ),
    Column(
        "Status",
        lambda r: target_words(r.percent, r.target_percent),
        lambda r: (not r.below_target, r.percent),
    ),
)


@dataclass
class CourseLine:
    """One row of the "By course" table: the course's compliance and its expiry counts."""

    row: ComplianceRow
    expiring: dict[int, int] = field(default_factory=dict)


def against_target(r: ComplianceRow) -> str:
    """``Below target (85%)``."""
    return f"{target_words(r.percent, r.target_percent)} ({percent_text(r.target_percent)})"


def expiring_text(counts: dict[int, int]) -> str:
    """``23 / 51 / 80``: within 30, 60 and 90 days."""
    return " / ".join(f"{counts.get(d, 0):,}" for d in WINDOWS)


COURSE_COLUMNS = (
    Column("Course", lambda c: c.row.course_name),
    Column(
        "Compliance",
        lambda c: f"{percent_text(c.row.percent)} ({compliant_text(c.row)})",
        lambda c: c.row.percent,
        numeric=True,
        tip="Compliant required assignments, as a percentage and a count",
    ),
    Column(
        "Against target",
        lambda c: against_target(c.row),
        lambda c: (not c.row.below_target, c.row.percent - c.row.target_percent),
    ),
    Column(
        "Expiring in\n30 / 60 / 90 days",
        lambda c: expiring_text(c.expiring),
        lambda c: tuple(c.expiring.get(d, 0) for d in WINDOWS),
        numeric=True,
        tip="Required assignments (whole trust) whose training runs out within 30, 60 "
        "and 90 days of the as-of date",
    ),
)


@dataclass(frozen=True)
class Filters:
    """What the tab is filtered to; kept with the data so a late result is shown as asked."""

    as_of: dt.date
    course_id: int | None = None
    location_id: int | None = None
    staff_group_id: int | None = None


@dataclass(frozen=True)
class ComplianceData:
    """Everything one load of the tab shows, read together so the figures agree."""

    filters: Filters
    reference: Any
    courses: list[Any]
    rows: list[ComplianceRow]
    by_course: list[ComplianceRow]
    expiring: dict[str, dict[int, int]]


def fetch_compliance(service: TrainingService, filters: Filters) -> ComplianceData:
    """Everything the tab shows, read in one background job."""
    reference = service.reference()
    courses = service.courses()
    rows = service.compliance(
        filters.as_of, course_id=filters.course_id, location_id=filters.location_id
    )
    if filters.staff_group_id is not None:
        rows = [r for r in rows if r.staff_group_id == filters.staff_group_id]
    by_course = service.compliance_by_course(
        filters.as_of,
        location_id=filters.location_id,
        staff_group_id=filters.staff_group_id,
        rows=rows,
    )
    expiring = service.expiring_counts(filters.as_of)
    return ComplianceData(filters, reference, courses, rows, by_course, expiring)


def summary_text(data: ComplianceData, scope: str) -> str:
    """``On 25 Nov 2026, all courses, all locations, all staff groups: 2 of 6 courses meet
    their target; 3,210 of 4,000 required assignments compliant (80.3%).``"""
    required = sum(r.required for r in data.rows)
    compliant = sum(r.compliant for r in data.rows)
    head = f"On {format_date(data.filters.as_of)}, {scope}"
    if not required:
        return f"{head}: no assignment is required to hold a course."
    meets = sum(1 for r in data.by_course if not r.below_target)
    pct = 100.0 * compliant / required
    return (
        f"{head}: {meets} of {plural(len(data.by_course), 'course')} meet their target; "
        f"{compliant:,} of {required:,} required assignments compliant "
        f"({percent_text(pct)})."
    )

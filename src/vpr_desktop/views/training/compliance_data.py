"""What the Compliance tab shows, apart from how it shows it: the filters, the one background
read and the summary line in words (the tables' columns are ``training.compliance_columns``).

Kept out of the tab (``training.compliance``) so the figures and their wording can be read
and tested without building any widget.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.training.models import percent_text

if TYPE_CHECKING:
    from vpr_desktop.services.training.records import ComplianceRow
    from vpr_desktop.services.training.service import TrainingService


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

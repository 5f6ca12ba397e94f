"""The Compliance tab's two tables as columns: by course (with the expiry counts) and the
detail per course, location and staff group.

Why apart from the tab (``training.compliance``) and its data (``training.compliance_data``):
each column is its heading, its text, its sort key and its tip, so the wording and the order
the tables sort in can be read and tested without building any widget.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING

from vpr_desktop.views.training.models import Column
from vpr_desktop.views.training.models import percent_text
from vpr_desktop.views.training.models import target_words

if TYPE_CHECKING:
    from vpr_desktop.services.training.records import ComplianceRow

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

"""What the Catalogue tab shows, apart from how it shows it: the courses table's columns and the
one background read of the courses and the locations a target can be set for.

Why apart from the tab (``training.catalogue``), which edits and saves: the columns' wording
and the read can be tested without building the tab.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vpr_desktop.views.training.models import NO_EXPIRY
from vpr_desktop.views.training.models import Column
from vpr_desktop.views.training.models import percent_text
from vpr_desktop.views.training.models import yes_no

if TYPE_CHECKING:
    from vpr_desktop.services.training.records import CourseInfo
    from vpr_desktop.services.training.service import TrainingService


def refresher_text(months: int | None) -> str:
    """``36 months``, or "No expiry" for a course that never needs a refresher."""
    if months is None:
        return NO_EXPIRY
    return f"{months} month{'' if months == 1 else 's'}"


COLUMNS = (
    Column("Code", lambda c: c.code),
    Column("Course", lambda c: c.name),
    Column(
        "Refresher",
        lambda c: refresher_text(c.refresher_months),
        lambda c: c.refresher_months if c.refresher_months is not None else 10_000,
    ),
    Column(
        "Target", lambda c: percent_text(c.target_percent), lambda c: c.target_percent, numeric=True
    ),
    Column(
        "RRN",
        lambda c: yes_no(c.rrn_certified),
        tip="Certified against the Restraint Reduction Network training standards",
    ),
    Column("Active", lambda c: yes_no(c.active)),
    Column("ESR competency names", lambda c: "; ".join(c.esr_competencies)),
)


@dataclass(frozen=True)
class CatalogueData:
    """The courses (inactive ones too) and the locations a target can be set for, read together
    so the table and the target dialog agree."""

    courses: list[CourseInfo]
    locations: list[tuple[int, str]]
    default_target: float = 85.0


def fetch_catalogue(service: TrainingService) -> CatalogueData:
    """Everything the tab shows, read in one background job."""
    courses = service.courses(include_inactive=True)
    reference = service.reference()
    return CatalogueData(
        courses,
        [(lid, name) for lid, name, _s in reference.locations],
        service.default_target(),
    )

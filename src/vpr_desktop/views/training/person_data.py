"""What the People tab shows of a person, apart from how it shows it: the search results' and
the course statuses' columns, and the one-sentence summary of the required courses.

Why apart from the tab (``training.person``), which searches and loads in the background: the
wording (never colour alone) can be read and tested without building the tab.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.training.models import STATUS_WORDS
from vpr_desktop.views.training.models import Column
from vpr_desktop.views.training.models import date_text
from vpr_desktop.views.training.models import yes_no

if TYPE_CHECKING:
    from vpr_desktop.services.training.records import CourseStatus

HIT_COLUMNS = (
    Column("Name", lambda p: p.name + (" (has left)" if p.left else "")),
    Column("Employee no.", lambda p: p.employee_number or "", tip="Employee number"),
)
STATUS_COLUMNS = (
    Column("Assignment", lambda s: s.assignment_number),
    Column("Course", lambda s: s.course_name),
    Column("Required", lambda s: yes_no(s.required)),
    Column("Status", lambda s: STATUS_WORDS.get(s.status, s.status)),
    Column("Completed", lambda s: date_text(s.completed_on), lambda s: s.completed_on),
    Column("Expires", lambda s: date_text(s.expires_on), lambda s: s.expires_on),
)


@dataclass(frozen=True)
class PersonData:
    """One person's summary and course statuses, read off the GUI thread as of ``as_of``."""

    person: Any  # PersonHit
    statuses: list[CourseStatus]
    as_of: dt.date


def status_summary(statuses: list[CourseStatus]) -> str:
    """One sentence counting the person's required courses in date, expired and missing."""
    required = [s for s in statuses if s.required]
    if not required:
        return "The needs analysis requires no course of this person's assignments."
    counts = {
        word: sum(1 for s in required if STATUS_WORDS.get(s.status) == word)
        for word in ("In date", "Expired", "Missing")
    }
    return (
        f"{plural(len(required), 'required course')}: {counts['In date']:,} in date, "
        f"{counts['Expired']:,} expired, {counts['Missing']:,} missing."
    )

"""What a screen or the CLI hands the risk register service: plain, frozen inputs and choices.

Kept apart from the service so a form can be built and checked against these shapes without
reading the service's rules; the service validates them (``RiskRegisterService._check``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vpr_desktop.domain.enums import ControlType
from vpr_desktop.domain.enums import Effectiveness
from vpr_desktop.domain.enums import RiskStatus
from vpr_desktop.domain.risk_matrix import RiskScore
from vpr_desktop.services.risks import records as R

ACTIVITY_SUGGESTIONS = (
    "Lone working",
    "Restrictive intervention",
    "Home visits",
    "ED waiting areas",
    "Call handling abuse",
    "Car parks",
    "Reception",
    "Enhanced observations",
    "Patient transfers and escorts",
    "Night shift staffing",
)


@dataclass(frozen=True)
class RiskInput:
    """A risk as a form submits it. ``inherent``/``target`` default to ``current``.

    ``staff_group_ids`` None on update leaves the links as they are; ``reference`` None on
    create gives the next ``RA-nnnnn``.
    """

    title: str
    current: RiskScore
    inherent: RiskScore | None = None
    target: RiskScore | None = None
    location_id: int | None = None
    activity: str | None = None
    description: str | None = None
    owner_id: int | None = None
    review_date: dt.date | None = None
    status: RiskStatus = RiskStatus.OPEN
    options_note: str | None = None
    staff_group_ids: tuple[int, ...] | None = None
    reference: str | None = None


@dataclass(frozen=True)
class ControlInput:
    """What the control form submits; validated by the service, never trusted as given."""

    control_type: ControlType
    description: str
    owner_id: int | None = None
    expected_date: dt.date | None = None
    implemented_date: dt.date | None = None
    barrier_note: str | None = None
    effectiveness: Effectiveness = Effectiveness.NOT_ASSESSED
    next_review_date: dt.date | None = None


@dataclass(frozen=True)
class ReviewInput:
    """What a review agreed. ``target``/``status`` None leave them; ``next_review_date``
    becomes the risk's review date when given."""

    reviewed_on: dt.date
    current: RiskScore
    note: str | None = None
    target: RiskScore | None = None
    status: RiskStatus | None = None
    next_review_date: dt.date | None = None


@dataclass(frozen=True)
class LocationRef:
    """A location offered in the risk form."""

    id: int
    code: str
    name: str


@dataclass(frozen=True)
class RiskChoices:
    """What a risk form offers in its drop-downs."""

    locations: tuple[LocationRef, ...]
    staff_groups: tuple[R.StaffGroupRef, ...]
    activities: tuple[str, ...]
    control_types: tuple[ControlType, ...]
    statuses: tuple[RiskStatus, ...]
    effectiveness: tuple[Effectiveness, ...]

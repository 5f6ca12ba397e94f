"""Plain, frozen results of the risk reads: what screens, packs and exports receive.

No ORM object leaves the service (a detached row would lazy-load on a closed session in a
screen); these shapes are what the register, the detail panel, the heat map and the board
pack are built from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field
from enum import StrEnum
from typing import Any

from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import ControlType
from vpr_desktop.domain.enums import Effectiveness
from vpr_desktop.domain.enums import RiskStatus
from vpr_desktop.domain.risk_matrix import RiskMatrix
from vpr_desktop.domain.risk_matrix import ScoreCell
from vpr_desktop.domain.risk_matrix import Trend
from vpr_desktop.services.common.shares import percent_of


class FlagCode(StrEnum):
    """Why a risk is flagged; a stable code so screens, packs and counts agree."""

    TOO_GENERIC = "too_generic"
    HIGH_WITHOUT_PLAN = "high_without_plan"  # 15+ without options note or action
    REVIEW_OVERDUE = "review_overdue"
    NO_REVIEW_DATE = "no_review_date"
    CONTROL_REVIEW_OVERDUE = "control_review_overdue"
    CONTROL_LATE_NO_BARRIER = "control_late_no_barrier"
    INCIDENTS_SUGGEST_HIGHER = "incidents_suggest_higher"


@dataclass(frozen=True)
class RiskFlag:
    """One flag on a risk: its code, how serious (data quality or a decision needed) and the words
    shown."""

    code: FlagCode
    severity: str  # "warning" (data quality) | "attention" (needs a decision)
    message: str


@dataclass(frozen=True)
class RiskRow:
    """One risk as a line of a list or a pack table."""

    id: int
    version: int
    reference: str
    title: str
    location_id: int | None
    location: str | None
    activity: str | None
    status: RiskStatus
    owner: str | None  # None when the caller may not see names
    inherent: ScoreCell
    current: ScoreCell
    target: ScoreCell
    review_date: dt.date | None
    previous_score: int | None
    trend: Trend


@dataclass(frozen=True)
class StaffGroupRef:
    """A staff group a risk applies to, as shown and chosen in the risk form."""

    id: int
    code: str
    name: str
    clinical: bool


@dataclass(frozen=True)
class ControlView:
    """A control on a risk, as shown, with lateness and on-time already decided against today."""

    id: int
    version: int
    risk_id: int
    control_type: ControlType
    description: str
    owner_id: int | None
    owner: str | None
    expected_date: dt.date | None
    implemented_date: dt.date | None
    barrier_note: str | None
    effectiveness: Effectiveness
    next_review_date: dt.date | None
    late: bool  # not implemented and past its expected date
    review_overdue: bool
    on_time: bool | None  # implemented by the expected date; None when not yet decidable


@dataclass(frozen=True)
class ReviewView:
    """A dated snapshot. ``found`` is where the review started; ``agreed`` what it decided."""

    id: int
    reviewed_on: dt.date
    reviewed_by: str
    found: ScoreCell
    agreed: ScoreCell | None
    target: ScoreCell | None
    status: str | None
    note: str | None
    snapshot: dict[str, Any]


@dataclass(frozen=True)
class ActionRef:
    """An action raised from a risk, enough to list it and open it."""

    id: int
    reference: str
    title: str
    status: ActionStatus
    due_date: dt.date | None


@dataclass(frozen=True)
class IncidentEvidence:
    """Incidents at the risk's location in the last 12 months and what they suggest."""

    location_id: int
    incidents: int
    since: dt.date
    until: dt.date
    suggested_likelihood: int
    rated_likelihood: int
    prompt: str | None  # set when the suggestion is higher than the rating
    rule: str  # the rule in words, for help


@dataclass(frozen=True)
class RiskDetail:
    """Everything the risk screen shows, read once: plain frozen data so the view never touches the
    database."""

    row: RiskRow
    description: str | None
    owner_id: int | None
    options_note: str | None
    import_batch_id: int | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    staff_groups: tuple[StaffGroupRef, ...]
    controls: tuple[ControlView, ...]
    reviews: tuple[ReviewView, ...]  # newest first
    actions: tuple[ActionRef, ...]
    flags: tuple[RiskFlag, ...]
    incidents: IncidentEvidence | None

    @property
    def id(self) -> int:
        """The risk's id (from its row), for opening and saving."""
        return self.row.id

    @property
    def version(self) -> int:
        """The risk's version, passed back on save so a concurrent edit is refused, not lost."""
        return self.row.version


@dataclass(frozen=True)
class HeatMap:
    """Counts of live risks per (likelihood, consequence) cell; ``counts[l-1][c-1]``."""

    which: str  # "current" | "target"
    statuses: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    matrix: RiskMatrix = field(repr=False, compare=False)

    def count(self, likelihood: int, consequence: int) -> int:
        """Live risks in one cell (likelihood and consequence from 1 to 5)."""
        return self.counts[likelihood - 1][consequence - 1]

    @property
    def total(self) -> int:
        """Live risks in every cell."""
        return sum(sum(r) for r in self.counts)

    def cells(self) -> list[tuple[ScoreCell, int]]:
        """Every cell, likelihood 5 row first (as the matrix is drawn), with its count."""
        return [
            (self.matrix.cell(lk, c), self.count(lk, c))
            for lk in range(5, 0, -1)
            for c in range(1, 6)
        ]

    def band_totals(self) -> dict[str, int]:
        """Live risks per band of the trust's matrix (keys are band keys, zeros included)."""
        out = {b.key: 0 for b in self.matrix.bands}
        for lk in range(1, 6):
            for c in range(1, 6):
                out[self.matrix.band(lk, c).key] += self.count(lk, c)
        return out


@dataclass(frozen=True)
class OnTimeShare:
    """How many controls were implemented by their expected date, with the late ones split out."""

    as_of: dt.date
    on_time: int
    due: int  # controls whose on-time-ness is decided (implemented, or past expected date)
    implemented_late: int
    overdue_not_implemented: int

    @property
    def percent(self) -> float | None:
        """Share of decided controls that were on time, or None when none is decided yet."""
        return percent_of(self.on_time, self.due)

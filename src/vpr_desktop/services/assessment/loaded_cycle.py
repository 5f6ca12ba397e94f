"""A self-assessment cycle as read from the database, before any figure is worked out.

Apart from ``summary`` (which computes the figures) and ``queries`` (which reads the rows)
because both use these shapes, as do the action plan export and the tests that build a cycle
by hand to check the figures without a database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field

from vpr_desktop.domain.action_rules import LIVE_STATUSES
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.enums import WorkStatus
from vpr_desktop.domain.standard_library import ScaleLevel
from vpr_desktop.services.assessment.records import CycleInfo
from vpr_desktop.services.assessment.records import EvidenceItem
from vpr_desktop.services.assessment.records import LinkedAction


@dataclass
class LoadedRow:
    """One rating of the cycle with everything the figures need."""

    rating_id: int
    version: int
    cycle_id: int
    indicator_id: int
    domain_code: str
    domain_title: str
    domain_order: int
    code: str
    sort_key: str
    text: str
    guidance: str | None
    typical_evidence: str | None
    retired: bool
    rag: Rag
    work_status: WorkStatus
    narrative: str | None
    carried_forward: bool
    needs_reconfirm: bool
    rated_by: str | None
    rated_at: dt.datetime | None
    evidence: list[EvidenceItem] = field(default_factory=list)
    actions: list[LinkedAction] = field(default_factory=list)

    @property
    def live_actions(self) -> list[LinkedAction]:
        """The row's actions still live (open, in progress or awaiting sign-off)."""
        return [a for a in self.actions if a.status in LIVE_STATUSES]


@dataclass
class LoadedCycle:
    """A cycle read once with its rows, from which every figure is worked out."""

    cycle: CycleInfo
    scale: tuple[ScaleLevel, ...]
    rows: list[LoadedRow]  # tree order: domain order, then natural code order
    previous: CycleInfo | None
    previous_rags: dict[int, Rag]  # indicator id -> rag in ``previous``

"""Plain, frozen results of the assessment service: what screens, packs and exports receive.

No ORM object leaves the service (a detached row would lazy-load on a closed session in a
screen, and a mutable one could be edited without a unit of work). Every RAG value travels
with its :class:`~vpr_desktop.domain.standard_library.ScaleLevel` so a screen always shows the
library's label as text next to its colour (dark text on amber), never the colour alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field

from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import CycleStatus
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.enums import WorkStatus
from vpr_desktop.domain.standard_library import Change
from vpr_desktop.domain.standard_library import ScaleLevel

#: Each work status as people see it (the enum's own label), in the order screens offer them.
WORK_STATUS_LABELS = {status: status.label for status in WorkStatus}


@dataclass(frozen=True)
class CycleInfo:
    """One assessment cycle: its edition, period, status and the two sides' sign-off."""

    id: int
    version: int
    edition: str
    edition_title: str
    library_version: int
    working_summary: bool  # the edition's wording is (partly) ours: show the mark
    name: str
    period_start: dt.date
    period_end: dt.date
    status: CycleStatus
    previous_cycle_id: int | None  # the cycle it was carried forward from
    previous_cycle_name: str | None
    management_signed_by: str | None
    management_signed_at: dt.datetime | None
    staff_side_signed_by: str | None
    staff_side_signed_at: dt.datetime | None
    created_at: dt.datetime

    @property
    def read_only(self) -> bool:
        """Signed off: the service refuses every change (changes mean a new cycle)."""
        return self.status is CycleStatus.SIGNED_OFF

    @property
    def status_label(self) -> str:
        """The cycle's status as people see it."""
        return self.status.label


@dataclass(frozen=True)
class CarryResult:
    """What ``create_cycle(carry_from=...)`` brought across."""

    from_cycle_id: int
    from_cycle_name: str
    across_editions: bool  # then never a rating, only through confirmed crosswalk links
    ratings: int  # ratings carried (same edition only), each flagged carried forward
    narratives: int
    evidence_links: int
    actions: int  # open actions now shown on the new cycle's indicators
    indicators_flagged: int  # ratings marked "carried forward — confirm"


@dataclass(frozen=True)
class CreatedCycle:
    """A new cycle, with what was carried across from the earlier one (None if nothing was)."""

    cycle: CycleInfo
    carried: CarryResult | None


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of evidence (a stored file, a link or a roles-register entry) as screens show
    it.
    """

    id: int
    version: int
    title: str
    kind: str  # "file" | "link" | "role" (an entry of the roles register)
    original_name: str | None  # the file's name when added (metadata only)
    size_bytes: int | None
    sha256: str | None
    url: str | None
    owner: str | None
    evidence_date: dt.date | None
    review_date: dt.date | None
    past_review: bool  # review-by date before today
    added_by: str
    added_at: dt.datetime
    already_stored: bool = False  # add_evidence_file: the same file was in the store already


@dataclass(frozen=True)
class LinkedAction:
    """An action raised from a rating, as the rating's panel lists it."""

    id: int
    reference: str
    title: str
    status: ActionStatus
    due_date: dt.date | None
    management_owner: str | None  # names only for people who may read the action log
    staff_side_owner: str | None
    description: str | None
    rating_id: int  # the rating it was raised from
    carried_forward: bool  # raised in an earlier cycle and still open
    from_cycle_name: str | None


@dataclass(frozen=True)
class RatingView:
    """One indicator's result in one cycle (a row of the tree)."""

    id: int  # rating id
    version: int
    cycle_id: int
    indicator_id: int
    domain_code: str
    domain_title: str
    code: str
    text: str
    guidance: str | None
    typical_evidence: str | None
    working_summary: bool  # the wording is ours, not the published one
    retired: bool  # removed from the library since; kept for history
    rag: Rag
    level: ScaleLevel  # label, description, colour, text colour
    work_status: WorkStatus
    narrative: str | None
    carried_forward: bool  # "carried forward — confirm"
    needs_reconfirm: bool  # wording changed (or retired) since it was rated
    rated_by: str | None
    rated_at: dt.datetime | None
    evidence_count: int
    evidence_past_review: int
    open_actions: int
    change: Change  # since the previous cycle of the same edition
    previous_rag: Rag | None

    @property
    def work_status_label(self) -> str:
        """The work status as people see it."""
        return self.work_status.label


@dataclass(frozen=True)
class RatingDetail:
    """Everything the rating panel shows: the rating, its evidence and its actions."""

    rating: RatingView
    evidence: tuple[EvidenceItem, ...]
    actions: tuple[LinkedAction, ...]  # raised here (any status) and carried-in open ones
    read_only: bool


@dataclass(frozen=True)
class RagCounts:
    """How many indicators are red, amber, green and not yet rated."""

    red: int = 0
    amber: int = 0
    green: int = 0
    not_rated: int = 0

    @property
    def total(self) -> int:
        """Every indicator counted, rated or not."""
        return self.red + self.amber + self.green + self.not_rated

    @property
    def rated(self) -> int:
        """Indicators with a red, amber or green result."""
        return self.red + self.amber + self.green

    @property
    def percent_rated(self) -> float:
        """The share rated, to one decimal place (0.0 when there is nothing to rate)."""
        return round(100.0 * self.rated / self.total, 1) if self.total else 0.0

    def of(self, rag: Rag) -> int:
        """The count for ``rag``."""
        return {
            Rag.RED: self.red,
            Rag.AMBER: self.amber,
            Rag.GREEN: self.green,
            Rag.NOT_RATED: self.not_rated,
        }[rag]


@dataclass(frozen=True)
class DomainSummary:
    """One domain's RAG counts and the flags that need attention, for summaries and packs."""

    code: str
    title: str
    counts: RagCounts
    to_reconfirm: int
    carried_forward: int
    no_evidence: int
    evidence_past_review: int
    open_actions: int
    changes: dict[Change, int]


@dataclass(frozen=True)
class IndicatorChange:
    """One indicator's result now and in the previous cycle, and the change in words."""

    domain_code: str
    code: str
    text: str
    previous: Rag | None
    current: Rag
    change: Change


@dataclass(frozen=True)
class CycleSummary:
    """The one summary every screen, pack and export shows (so they never disagree)."""

    cycle: CycleInfo
    scale: tuple[ScaleLevel, ...]
    overall: RagCounts
    domains: tuple[DomainSummary, ...]  # official order
    previous_cycle: CycleInfo | None  # compared against (same edition), None if first
    changes: tuple[IndicatorChange, ...]  # every indicator, tree order
    change_counts: dict[Change, int]
    open_gap_actions: int  # distinct open actions on this cycle's indicators (incl. carried)
    to_reconfirm: int
    carried_forward: int
    no_evidence: int
    evidence_past_review: int
    as_at: dt.date

    def level(self, rag: Rag) -> ScaleLevel:
        """The scale level (label and colours) for ``rag``."""
        return next(s for s in self.scale if s.id is rag)


@dataclass(frozen=True)
class TreeFilter:
    """Filters for the domain → indicator tree; all given conditions must hold."""

    rags: frozenset[Rag] = frozenset()  # empty: any; include Rag.NOT_RATED for not assessed
    no_evidence: bool = False
    evidence_past_review: bool = False
    to_reconfirm: bool = False  # needs re-confirming or carried forward (both await a person)
    search: str = ""  # in code, text or narrative

    @property
    def active(self) -> bool:
        """Whether any filter or search is set (so the tree says it is filtered)."""
        return bool(
            self.rags
            or self.no_evidence
            or self.evidence_past_review
            or self.to_reconfirm
            or self.search.strip()
        )


@dataclass(frozen=True)
class DomainNode:
    """One domain of the tree: its unfiltered summary and the ratings the filter lets through."""

    code: str
    title: str
    summary: DomainSummary  # counts for the whole domain (unfiltered)
    ratings: tuple[RatingView, ...]  # the rows that pass the filter, natural code order


@dataclass(frozen=True)
class CycleTree:
    """The domain → indicator tree for one cycle, filtered, with counts of shown and total."""

    summary: CycleSummary
    filter: TreeFilter
    domains: tuple[DomainNode, ...]  # every domain, even when the filter leaves it empty
    shown: int
    total: int


@dataclass(frozen=True)
class ComparisonRow:
    """One indicator in two cycles, and the change from the first to the second."""

    domain_code: str
    code: str
    text: str
    rag_a: Rag | None  # None: the indicator is not in cycle A
    rag_b: Rag | None
    change: Change  # from A to B


@dataclass(frozen=True)
class CycleComparison:
    """Two cycles compared indicator by indicator, with counts per change."""

    a: CycleSummary
    b: CycleSummary
    same_edition: bool  # across editions nothing is matched: every rated row of B is "new"
    rows: tuple[ComparisonRow, ...]
    change_counts: dict[Change, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportRow:
    """One indicator as a row of the assessment spreadsheet export."""

    domain: str
    code: str
    indicator: str
    rag_label: str
    level: ScaleLevel
    work_status: str
    narrative: str | None
    evidence: str | None
    gap: str | None
    action: str | None
    management_owner: str | None
    staff_side_owner: str | None
    target_date: dt.date | None
    action_status: str | None
    last_reviewed: dt.date | None
    next_review: dt.date | None
    flags: str | None


@dataclass(frozen=True)
class AssessmentExport:
    """Everything the assessment export writes: the summary and one row per indicator."""

    summary: CycleSummary
    rows: tuple[ExportRow, ...]
    exported_by: str

"""Read side of the self-assessment: cycles, the tree, one indicator, the summary, comparison,
export rows and evidence files. The writes are in :mod:`~vpr_desktop.services.assessment.service`.

A cycle is loaded once (:meth:`AssessmentQueries._load`) and every view of it is worked out from
that load. Actions reach an indicator two ways: raised from its rating (``source_entity =
"rating"``), or carried forward from an earlier cycle -- see
:mod:`~vpr_desktop.services.assessment.carry_forward`; the export's row layout is
:mod:`~vpr_desktop.services.assessment.action_plan`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from vpr_desktop.domain.action_rules import LIVE_STATUSES
from vpr_desktop.domain.base import aware
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import CycleStatus
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.enums import WorkStatus
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import AssessmentCycle
from vpr_desktop.domain.models import Evidence
from vpr_desktop.domain.models import Indicator
from vpr_desktop.domain.models import Rating
from vpr_desktop.domain.models import RatingEvidence
from vpr_desktop.domain.models import Standard
from vpr_desktop.domain.models import StandardDomain
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.standard_library import Change
from vpr_desktop.domain.standard_library import classify_change
from vpr_desktop.domain.standard_library import natural_sort_key
from vpr_desktop.domain.standard_library import scale_from_json
from vpr_desktop.services.assessment.action_plan import action_plan
from vpr_desktop.services.assessment.carry_forward import linked_actions
from vpr_desktop.services.assessment.evidence_store import EvidenceStore
from vpr_desktop.services.assessment.loaded_cycle import LoadedCycle
from vpr_desktop.services.assessment.loaded_cycle import LoadedRow
from vpr_desktop.services.assessment.records import AssessmentExport
from vpr_desktop.services.assessment.records import ComparisonRow
from vpr_desktop.services.assessment.records import CycleComparison
from vpr_desktop.services.assessment.records import CycleInfo
from vpr_desktop.services.assessment.records import CycleSummary
from vpr_desktop.services.assessment.records import CycleTree
from vpr_desktop.services.assessment.records import DomainNode
from vpr_desktop.services.assessment.records import EvidenceItem
from vpr_desktop.services.assessment.records import LinkedAction
from vpr_desktop.services.assessment.records import RatingDetail
from vpr_desktop.services.assessment.records import TreeFilter
from vpr_desktop.services.assessment.shipped_editions import ensure_shipped_editions
from vpr_desktop.services.assessment.standards import resolve_edition
from vpr_desktop.services.assessment.summary import passes
from vpr_desktop.services.assessment.summary import rating_view
from vpr_desktop.services.assessment.summary import summarise
from vpr_desktop.services.common.dated import DatedService
from vpr_desktop.services.common.same_named import from_same_named
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import audited_export
from vpr_desktop.services.common.unit_of_work import reading

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

SUMMARY_PERMISSIONS = frozenset(
    {
        Permission.READ_ASSESSMENT,
        Permission.READ_SUMMARY,
        Permission.GENERATE_BOARD_PACK,
        Permission.GENERATE_COMMITTEE_PACK,
    }
)


def cycle_info(c: AssessmentCycle, std: Standard, previous_name: str | None) -> CycleInfo:
    return from_same_named(
        CycleInfo,
        c,
        edition=std.edition,
        edition_title=std.title,
        library_version=std.library_version,
        working_summary=std.working_summary,
        status=CycleStatus(c.status),
        previous_cycle_name=previous_name,
        management_signed_at=aware(c.management_signed_at),
        staff_side_signed_at=aware(c.staff_side_signed_at),
        created_at=aware(c.created_at),
    )


def evidence_item(e: Evidence, today: dt.date, already: bool = False) -> EvidenceItem:
    return from_same_named(
        EvidenceItem,
        e,
        kind=(
            "role" if (e.url or "").startswith("vpr-desktop:role/") else "link" if e.url else "file"
        ),
        past_review=e.review_date is not None and e.review_date < today,
        added_at=aware(e.created_at),
        already_stored=already,
    )


class AssessmentQueries(DatedService):
    """``AssessmentService(db, actor, today=None)``; ``today`` fixes "today" for review-date
    flags (tests and packs); left None it is the PC's date at each call."""

    def __init__(self, db: Database, actor: Actor, today: dt.date | None = None) -> None:
        super().__init__(db, actor, today)
        self._ensured = False

    def _ready(self) -> None:
        if not self._ensured:
            ensure_shipped_editions(self.db)
            self._ensured = True

    def _require_read(self) -> None:
        self.actor.require(Permission.READ_ASSESSMENT, "see the self-assessment")
        self._ready()

    # ------------------------------------------------------------------------ cycles
    def list_cycles(self, edition: str | None = None) -> list[CycleInfo]:
        """Cycles, newest period first (optionally of one edition)."""
        self._require_read()
        with reading(self.db) as session:
            stmt = select(AssessmentCycle, Standard).join(
                Standard, Standard.id == AssessmentCycle.standard_id
            )
            if edition:
                stmt = stmt.where(Standard.id == resolve_edition(session, edition).id)
            rows = session.execute(
                stmt.order_by(AssessmentCycle.period_end.desc(), AssessmentCycle.id.desc())
            ).all()
            names: dict[int | None, str] = dict(
                session.execute(select(AssessmentCycle.id, AssessmentCycle.name)).all()
            )
            return [cycle_info(c, s, names.get(c.previous_cycle_id)) for c, s in rows]

    def cycle(self, cycle_id: int) -> CycleInfo:
        self._require_read()
        with reading(self.db) as session:
            return self._cycle_info(session, cycle_id)

    def find_cycle(self, reference: str) -> CycleInfo:
        """A cycle by id (``"3"``) or by its exact name (for the command line)."""
        self._require_read()
        text = (reference or "").strip()
        with reading(self.db) as session:
            if text.isdigit() and session.get(AssessmentCycle, int(text)) is not None:
                return self._cycle_info(session, int(text))
            ids = session.scalars(
                select(AssessmentCycle.id).where(AssessmentCycle.name == text)
            ).all()
            if len(ids) == 1:
                return self._cycle_info(session, ids[0])
        raise NotFoundError(
            f"There is no assessment cycle '{reference}'"
            + (" (several have that name; use the id)" if len(ids) > 1 else "")
            + ".",
            "Run 'vpr-desktop assessment list' to see them.",
        )

    def latest_cycle(self, edition: str) -> CycleInfo | None:
        """The cycle to carry forward from by default: the edition's latest period."""
        cycles = self.list_cycles(edition)
        return cycles[0] if cycles else None

    def _cycle_info(self, session: Session, cycle_id: int) -> CycleInfo:
        c = session.get(AssessmentCycle, cycle_id)
        if c is None:
            raise NotFoundError(
                f"Assessment cycle {cycle_id} does not exist.", "Refresh the list (F5)."
            )
        std = session.get(Standard, c.standard_id)
        assert std is not None
        prev = session.get(AssessmentCycle, c.previous_cycle_id) if c.previous_cycle_id else None
        return cycle_info(c, std, prev.name if prev else None)

    # ------------------------------------------------------------------------ loading
    def _previous_same_edition(
        self, session: Session, c: AssessmentCycle
    ) -> AssessmentCycle | None:
        if c.previous_cycle_id is not None:
            prev = session.get(AssessmentCycle, c.previous_cycle_id)
            if prev is not None and prev.standard_id == c.standard_id:
                return prev
        return session.scalar(
            select(AssessmentCycle)
            .where(
                AssessmentCycle.standard_id == c.standard_id,
                AssessmentCycle.id != c.id,
                or_(
                    AssessmentCycle.period_end < c.period_end,
                    (AssessmentCycle.period_end == c.period_end) & (AssessmentCycle.id < c.id),
                ),
            )
            .order_by(AssessmentCycle.period_end.desc(), AssessmentCycle.id.desc())
            .limit(1)
        )

    def _load(self, session: Session, cycle_id: int) -> LoadedCycle:
        info = self._cycle_info(session, cycle_id)
        c = session.get(AssessmentCycle, cycle_id)
        std = session.get(Standard, c.standard_id)  # type: ignore[union-attr]
        assert c is not None and std is not None
        rows: list[LoadedRow] = []
        for r, ind, dom in session.execute(
            select(Rating, Indicator, StandardDomain)
            .join(Indicator, Indicator.id == Rating.indicator_id)
            .join(StandardDomain, StandardDomain.id == Indicator.domain_id)
            .where(Rating.cycle_id == cycle_id)
        ).all():
            rows.append(
                from_same_named(
                    LoadedRow,
                    r,
                    rating_id=r.id,
                    indicator_id=ind.id,
                    domain_code=dom.code,
                    domain_title=dom.title,
                    domain_order=dom.sort_order,
                    code=ind.code,
                    sort_key=natural_sort_key(ind.code),
                    text=ind.text,
                    guidance=ind.guidance,
                    typical_evidence=ind.typical_evidence,
                    retired=ind.retired,
                    rag=Rag(r.rag),
                    work_status=WorkStatus(r.work_status),
                    rated_at=aware(r.rated_at),
                    evidence=[],  # filled in below, with the actions
                    actions=[],
                )
            )
        rows.sort(key=lambda r: (r.domain_order, r.sort_key, r.code))
        by_id = {r.rating_id: r for r in rows}
        if by_id:
            for rid, e in session.execute(
                select(RatingEvidence.rating_id, Evidence)
                .join(Evidence, Evidence.id == RatingEvidence.evidence_id)
                .where(RatingEvidence.rating_id.in_(list(by_id)))
                .order_by(Evidence.title, Evidence.id)
            ).all():
                by_id[rid].evidence.append(evidence_item(e, self.today))
            with_names = self.actor.can(Permission.READ_ACTIONS)
            for rid, actions in linked_actions(session, c, list(by_id), with_names).items():
                by_id[rid].actions.extend(actions)
        prev = self._previous_same_edition(session, c)
        previous_rags: dict[int, Rag] = {}
        previous_info = None
        if prev is not None:
            previous_info = self._cycle_info(session, prev.id)
            previous_rags = {
                iid: Rag(rag)
                for iid, rag in session.execute(
                    select(Rating.indicator_id, Rating.rag).where(Rating.cycle_id == prev.id)
                ).all()
            }
        return LoadedCycle(
            info, scale_from_json(std.rating_scale), rows, previous_info, previous_rags
        )

    # ------------------------------------------------------------------------ reading
    def summary(self, cycle_id: int) -> CycleSummary:
        """THE summary of a cycle (screens, packs and export all use this; see
        :mod:`~vpr_desktop.services.assessment.summary`). Packs may call it with only a pack
        permission: owners' names are then left out of the actions."""
        if not self.actor.permissions & SUMMARY_PERMISSIONS:
            self.actor.require(Permission.READ_ASSESSMENT, "see the self-assessment summary")
        self._ready()
        with reading(self.db) as session:
            return summarise(self._load(session, cycle_id), self.today)

    def tree(self, cycle_id: int, filter: TreeFilter | None = None) -> CycleTree:
        """Domains in official order, each with its (filtered) indicators in natural order and
        its unfiltered counts."""
        self._require_read()
        f = filter or TreeFilter()
        with reading(self.db) as session:
            loaded = self._load(session, cycle_id)
        summary = summarise(loaded, self.today)
        views = [rating_view(r, loaded) for r in loaded.rows]
        nodes = []
        for d in summary.domains:
            shown = tuple(v for v in views if v.domain_code == d.code and passes(v, f))
            nodes.append(DomainNode(d.code, d.title, d, shown))
        return CycleTree(summary, f, tuple(nodes), sum(len(n.ratings) for n in nodes), len(views))

    def rating(self, rating_id: int) -> RatingDetail:
        """One indicator in one cycle: the editor's content."""
        self._require_read()
        with reading(self.db) as session:
            loaded = self._load(session, self._rating_cycle(session, rating_id))
        row = next(r for r in loaded.rows if r.rating_id == rating_id)
        return RatingDetail(
            rating_view(row, loaded),
            tuple(row.evidence),
            tuple(row.actions),
            loaded.cycle.read_only,
        )

    def rating_for(self, cycle_id: int, code: str) -> RatingDetail:
        self._require_read()
        with reading(self.db) as session:
            rid = session.scalar(
                select(Rating.id)
                .join(Indicator, Indicator.id == Rating.indicator_id)
                .where(Rating.cycle_id == cycle_id, Indicator.code == code.strip())
            )
        if rid is None:
            raise NotFoundError(
                f"Indicator {code} is not in assessment cycle {cycle_id}.", "Check the code."
            )
        return self.rating(rid)

    def open_actions(self, rating_id: int) -> list[LinkedAction]:
        """Open actions on this indicator: raised here, or carried from earlier cycles."""
        detail = self.rating(rating_id)
        return [a for a in detail.actions if a.status in LIVE_STATUSES]

    @staticmethod
    def _rating_cycle(session: Session, rating_id: int) -> int:
        """The cycle ``rating_id`` belongs to, read before anything else about it; a rating
        gone since the screen loaded is refused in the words every rating screen uses."""
        cycle_id = session.scalar(select(Rating.cycle_id).where(Rating.id == rating_id))
        if cycle_id is None:
            raise NotFoundError(f"Rating {rating_id} no longer exists.", "Refresh the list (F5).")
        return cycle_id

    @staticmethod
    def _evidence_row(session: Session, evidence_id: int) -> Evidence:
        """The evidence record, or the refusal every evidence screen gives when it is gone."""
        e = session.get(Evidence, evidence_id)
        if e is None:
            raise NotFoundError(
                f"Evidence {evidence_id} no longer exists.", "Refresh the list (F5)."
            )
        return e

    def evidence(self, evidence_id: int) -> EvidenceItem:
        self._require_read()
        with reading(self.db) as session:
            e = self._evidence_row(session, evidence_id)
            return evidence_item(e, self.today)

    def evidence_path(self, evidence_id: int) -> Path:
        """The stored file, to open with the operating system's viewer; refused for a link,
        a name we did not generate or a path outside the store. The view is audited."""
        self._require_read()
        with reading(self.db) as session:
            e = self._evidence_row(session, evidence_id)
            if e.stored_name is None:
                raise ValidationError(
                    f"'{e.title}' is a link ({e.url}), not a stored file.", "Open the link instead."
                )
            path = EvidenceStore.for_database(self.db).path_of(e.stored_name)
        if not self.db.read_only:
            with UnitOfWork(self.db, self.actor) as uow:
                uow.audit(AuditAction.VIEW, "evidence", evidence_id, detail="opened")
        return path

    def compare(self, cycle_a: int, cycle_b: int) -> CycleComparison:
        """Side by side: A (earlier) and B (later). Same edition: matched by indicator. Across
        editions ratings are never matched, so every rated row of B is 'new'."""
        a, b = self.summary(cycle_a), self.summary(cycle_b)
        same = a.cycle.edition == b.cycle.edition
        rag_a = {(c.code): c.current for c in a.changes} if same else {}
        rows = [
            ComparisonRow(
                c.domain_code,
                c.code,
                c.text,
                rag_a.get(c.code),
                c.current,
                classify_change(rag_a.get(c.code), c.current),
            )
            for c in b.changes
        ]
        if same:
            in_b = {c.code for c in b.changes}
            rows += [
                ComparisonRow(c.domain_code, c.code, c.text, c.current, None, Change.NOT_ASSESSED)
                for c in a.changes
                if c.code not in in_b
            ]
        counts = {ch: sum(1 for r in rows if r.change is ch) for ch in Change}
        return CycleComparison(a, b, same, tuple(rows), counts)

    # ------------------------------------------------------------------------ export
    def export_rows(self, cycle_id: int) -> AssessmentExport:
        """One row per indicator in the assessment and improvement action plan layout."""
        self._require_read()
        with reading(self.db) as session:
            loaded = self._load(session, cycle_id)
        return action_plan(loaded, summarise(loaded, self.today), self.actor.display_name)

    @contextmanager
    def recording_export(self, file_name: str, detail: str) -> Iterator[None]:
        """Audit an export in one transaction around the step that publishes the file."""
        self.actor.require(Permission.READ_ASSESSMENT, "export the self-assessment")
        with audited_export(self.db, self.actor, "assessment_cycle", f"{file_name}: {detail}"):
            yield

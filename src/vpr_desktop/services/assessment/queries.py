"""Read side of the self-assessment: cycles, the tree, one indicator, the summary, comparison,
export rows and evidence files. The writes are in :mod:`~vpr_desktop.services.assessment.service`.

Actions reach an indicator two ways: raised from its rating (``source_entity = "rating"``),
or carried forward — an action still open on the same indicator in an earlier cycle this one
was carried from (through the chain of ``previous_cycle_id``; across editions only through
*confirmed* crosswalk links). Carrying is worked out when read, not by moving actions: an
action keeps pointing at the rating it was raised from, so signed-off cycles never change.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vpr_desktop.domain.action_rules import STATUS_LABELS
from vpr_desktop.domain.enums import ActionStatus, AuditAction, CycleStatus, Rag, WorkStatus
from vpr_desktop.domain.errors import NotFoundError, ValidationError
from vpr_desktop.domain.models import (
    Action,
    AssessmentCycle,
    CrosswalkLink,
    Evidence,
    Indicator,
    Person,
    Rating,
    RatingEvidence,
    Standard,
    StandardDomain,
)
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.standard_library import (
    Change,
    classify_change,
    natural_sort_key,
    scale_from_json,
)
from vpr_desktop.services.actions.records import aware
from vpr_desktop.services.assessment.evidence_store import EvidenceStore
from vpr_desktop.services.assessment.records import (
    AssessmentExport,
    ComparisonRow,
    CycleComparison,
    CycleInfo,
    CycleSummary,
    CycleTree,
    DomainNode,
    EvidenceItem,
    ExportRow,
    LinkedAction,
    RatingDetail,
    TreeFilter,
)
from vpr_desktop.services.assessment.shipped_editions import ensure_shipped_editions
from vpr_desktop.services.assessment.standards import resolve_edition
from vpr_desktop.services.assessment.summary import (
    LoadedCycle,
    LoadedRow,
    passes,
    rating_view,
    summarise,
)
from vpr_desktop.services.common.unit_of_work import UnitOfWork, reading

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

MAX_LINEAGE = 50  # cycles followed back (a guard; real chains are a handful)
SUMMARY_PERMISSIONS = frozenset(
    {
        Permission.READ_ASSESSMENT,
        Permission.READ_SUMMARY,
        Permission.GENERATE_BOARD_PACK,
        Permission.GENERATE_COMMITTEE_PACK,
    }
)


def cycle_info(c: AssessmentCycle, std: Standard, previous_name: str | None) -> CycleInfo:
    return CycleInfo(
        id=c.id,
        version=c.version,
        edition=std.edition,
        edition_title=std.title,
        library_version=std.library_version,
        working_summary=std.working_summary,
        name=c.name,
        period_start=c.period_start,
        period_end=c.period_end,
        status=CycleStatus(c.status),
        previous_cycle_id=c.previous_cycle_id,
        previous_cycle_name=previous_name,
        management_signed_by=c.management_signed_by,
        management_signed_at=aware(c.management_signed_at),
        staff_side_signed_by=c.staff_side_signed_by,
        staff_side_signed_at=aware(c.staff_side_signed_at),
        created_at=aware(c.created_at),
    )


def evidence_item(e: Evidence, today: dt.date, already: bool = False) -> EvidenceItem:
    return EvidenceItem(
        id=e.id,
        version=e.version,
        title=e.title,
        kind=(
            "role" if (e.url or "").startswith("vpr-desktop:role/") else "link" if e.url else "file"
        ),
        original_name=e.original_name,
        size_bytes=e.size_bytes,
        sha256=e.sha256,
        url=e.url,
        owner=e.owner,
        evidence_date=e.evidence_date,
        review_date=e.review_date,
        past_review=e.review_date is not None and e.review_date < today,
        added_by=e.added_by,
        added_at=aware(e.created_at),
        already_stored=already,
    )


def confirmed_mapping(session: Session, from_std: int, to_std: int) -> dict[int, list[int]]:
    """Indicator of ``to_std`` -> indicators of ``from_std`` joined by a *confirmed* link (links
    are read both ways: a 2020 → 2024 link also carries 2024 → 2020)."""
    ids_from = select(Indicator.id).where(Indicator.standard_id == from_std)
    ids_to = select(Indicator.id).where(Indicator.standard_id == to_std)
    old_ids = set(session.scalars(ids_from))
    out: dict[int, list[int]] = defaultdict(list)
    for a, b in session.execute(
        select(CrosswalkLink.from_indicator_id, CrosswalkLink.to_indicator_id).where(
            CrosswalkLink.confirmed_by.is_not(None),
            or_(
                CrosswalkLink.from_indicator_id.in_(ids_from)
                & CrosswalkLink.to_indicator_id.in_(ids_to),
                CrosswalkLink.from_indicator_id.in_(ids_to)
                & CrosswalkLink.to_indicator_id.in_(ids_from),
            ),
        )
    ).all():
        old, new = (a, b) if a in old_ids else (b, a)
        if old not in out[new]:
            out[new].append(old)
    return out


def lineage(session: Session, cycle: AssessmentCycle) -> dict[int, list[tuple[int, str]]]:
    """Rating id in ``cycle`` -> [(rating id in an earlier cycle, that cycle's name)] along the
    carry-forward chain (same indicator; across editions, confirmed crosswalk links)."""
    ratings = session.execute(
        select(Rating.indicator_id, Rating.id).where(Rating.cycle_id == cycle.id)
    ).all()
    frontier: dict[int, set[int]] = {rid: {iid} for iid, rid in ratings}
    out: dict[int, list[tuple[int, str]]] = defaultdict(list)
    std_id, prev_id, seen = cycle.standard_id, cycle.previous_cycle_id, {cycle.id}
    while prev_id is not None and prev_id not in seen and len(seen) <= MAX_LINEAGE:
        seen.add(prev_id)
        prev = session.get(AssessmentCycle, prev_id)
        if prev is None:
            break
        if prev.standard_id != std_id:
            mapping = confirmed_mapping(session, prev.standard_id, std_id)
            frontier = {
                rid: {o for i in inds for o in mapping.get(i, [])} for rid, inds in frontier.items()
            }
            std_id = prev.standard_id
        there = dict(
            session.execute(
                select(Rating.indicator_id, Rating.id).where(Rating.cycle_id == prev.id)
            ).all()
        )
        for rid, inds in frontier.items():
            out[rid].extend((there[i], prev.name) for i in sorted(inds) if i in there)
        prev_id = prev.previous_cycle_id
    return out


class AssessmentQueries:
    """``AssessmentService(db, actor, today=None)``; ``today`` fixes "today" for review-date
    flags (tests and packs); left None it is the PC's date at each call."""

    def __init__(self, db: Database, actor: Actor, today: dt.date | None = None) -> None:
        self.db = db
        self.actor = actor
        self._today = today
        self._ensured = False

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

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
                LoadedRow(
                    rating_id=r.id,
                    version=r.version,
                    cycle_id=r.cycle_id,
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
                    narrative=r.narrative,
                    carried_forward=r.carried_forward,
                    needs_reconfirm=r.needs_reconfirm,
                    rated_by=r.rated_by,
                    rated_at=aware(r.rated_at),
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
            for rid, actions in self._actions(session, c, list(by_id)).items():
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

    def _actions(
        self, session: Session, cycle: AssessmentCycle, rating_ids: list[int]
    ) -> dict[int, list[LinkedAction]]:
        """Actions raised from each rating (any status) and open ones carried into it."""
        ancestors = lineage(session, cycle)
        wanted = set(rating_ids) | {a for lst in ancestors.values() for a, _ in lst}
        found: dict[int, list[Action]] = defaultdict(list)
        for a in session.scalars(
            select(Action)
            .where(Action.source_entity == "rating", Action.source_id.in_(list(wanted)))
            .order_by(Action.reference)
        ):
            found[int(a.source_id)].append(a)  # type: ignore[arg-type]
        names: dict[int, str] = {}
        if self.actor.can(Permission.READ_ACTIONS):
            people = {a.management_owner_id for lst in found.values() for a in lst} | {
                a.staff_side_owner_id for lst in found.values() for a in lst
            }
            people.discard(None)
            names = (
                {
                    pid: f"{f} {last}"
                    for pid, f, last in session.execute(
                        select(Person.id, Person.first_name, Person.last_name).where(
                            Person.id.in_(list(people))
                        )
                    ).all()
                }
                if people
                else {}
            )
        out: dict[int, list[LinkedAction]] = defaultdict(list)
        live = {ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.AWAITING_SIGN_OFF}
        for rid in rating_ids:
            seen: set[int] = set()
            sources = [(rid, None), *ancestors.get(rid, [])]
            for source_id, from_name in sources:
                for a in found.get(source_id, []):
                    carried = source_id != rid
                    if a.id in seen or (carried and ActionStatus(a.status) not in live):
                        continue
                    seen.add(a.id)
                    out[rid].append(
                        LinkedAction(
                            id=a.id,
                            reference=a.reference,
                            title=a.title,
                            status=ActionStatus(a.status),
                            due_date=a.due_date,
                            management_owner=names.get(a.management_owner_id),  # type: ignore[arg-type]
                            staff_side_owner=names.get(a.staff_side_owner_id),  # type: ignore[arg-type]
                            description=a.description,
                            rating_id=source_id,
                            carried_forward=carried,
                            from_cycle_name=from_name,
                        )
                    )
        return out

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
            cycle_id = session.scalar(select(Rating.cycle_id).where(Rating.id == rating_id))
            if cycle_id is None:
                raise NotFoundError(
                    f"Rating {rating_id} no longer exists.", "Refresh the list (F5)."
                )
            loaded = self._load(session, cycle_id)
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
        live = {ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.AWAITING_SIGN_OFF}
        return [a for a in detail.actions if a.status in live]

    def evidence(self, evidence_id: int) -> EvidenceItem:
        self._require_read()
        with reading(self.db) as session:
            e = session.get(Evidence, evidence_id)
            if e is None:
                raise NotFoundError(
                    f"Evidence {evidence_id} no longer exists.", "Refresh the list (F5)."
                )
            return evidence_item(e, self.today)

    def evidence_path(self, evidence_id: int) -> Path:
        """The stored file, to open with the operating system's viewer; refused for a link,
        a name we did not generate or a path outside the store. The view is audited."""
        self._require_read()
        with reading(self.db) as session:
            e = session.get(Evidence, evidence_id)
            if e is None:
                raise NotFoundError(
                    f"Evidence {evidence_id} no longer exists.", "Refresh the list (F5)."
                )
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
        summary = summarise(loaded, self.today)
        rows = []
        for r in loaded.rows:
            view = rating_view(r, loaded)
            live = r.live_actions
            acts = live or r.actions
            flags = [
                text
                for cond, text in (
                    (r.carried_forward, "Carried forward — confirm"),
                    (r.needs_reconfirm, "Wording changed — re-confirm"),
                    (r.retired, "Retired from the library"),
                    (view.evidence_past_review > 0, "Evidence past its review date"),
                )
                if cond
            ]
            reviews = [e.review_date for e in r.evidence if e.review_date]
            dues = [a.due_date for a in acts if a.due_date]
            rows.append(
                ExportRow(
                    domain=f"{r.domain_code} {r.domain_title}",
                    code=r.code,
                    indicator=r.text,
                    rag_label=view.level.label,
                    level=view.level,
                    work_status=view.work_status_label,
                    narrative=r.narrative,
                    evidence=_join(_evidence_text(e) for e in r.evidence),
                    gap=_join(a.description for a in acts),
                    action=_join(f"{a.reference} {a.title}" for a in acts),
                    management_owner=_join(a.management_owner for a in acts),
                    staff_side_owner=_join(a.staff_side_owner for a in acts),
                    target_date=min(dues) if dues else None,
                    action_status=_join(STATUS_LABELS[a.status] for a in acts),
                    last_reviewed=r.rated_at.date() if r.rated_at else None,
                    next_review=min(reviews) if reviews else None,
                    flags="; ".join(flags) or None,
                )
            )
        return AssessmentExport(summary, tuple(rows), self.actor.display_name)

    @contextmanager
    def recording_export(self, file_name: str, detail: str) -> Iterator[None]:
        """Audit an export in one transaction around the step that publishes the file."""
        self.actor.require(Permission.READ_ASSESSMENT, "export the self-assessment")
        with UnitOfWork(self.db, self.actor) as uow:
            uow.audit(AuditAction.EXPORT, "assessment_cycle", None, detail=f"{file_name}: {detail}")
            yield


def _evidence_text(e: EvidenceItem) -> str:
    where = e.url or e.original_name or ""
    review = f", review by {e.review_date.isoformat()}" if e.review_date else ""
    return f"{e.title} ({where}{review})" if where else e.title


def _join(items: Any) -> str | None:
    values = list(dict.fromkeys(str(i) for i in items if i))
    return "\n".join(values) or None

"""Self-assessment against a standard edition: cycles, ratings, evidence, gaps to actions and
joint sign-off. Reads (tree, summary, comparison, export rows) are inherited from
:class:`~vpr_desktop.services.assessment.queries.AssessmentQueries`.

Rules, and why:

* **A cycle covers one edition and one period**, with a rating row per indicator in use when it
  was created (new indicators loaded later are added "not assessed" by the library update).
* **Carry forward** from an earlier cycle of the same edition brings ratings, narratives and
  evidence across, each rating flagged "carried forward — confirm" (open actions follow by
  lineage, see ``assessment_queries``). Work status starts again at "to do": this cycle's work
  has not begun. **Across editions** only narratives, evidence and actions travel, and only
  through crosswalk links a person confirmed; a rating never does (vpr-standard.md §1.7: never
  auto-convert a 2020 answer into a 2024 rating), so every indicator starts "not assessed".
* **A rating is a result and, separately, a work status.** Rating an indicator (or confirming
  it unchanged) clears "carried forward" and "to re-confirm".
* **Workflow** draft → in review → signed off. Sign-off needs the management lead (VPR lead)
  and the staff-side lead (staff-side rep), two different people; one signature leaves it in
  review. Once anyone has signed, the content is frozen until it is returned to draft (which
  withdraws the signatures), so nobody signs one text and sees another. A signed-off cycle is
  read-only here, whatever a screen allows; changes mean a new cycle.
* **Evidence** (:mod:`~vpr_desktop.services.assessment.evidence`) files go to the managed store
  (:mod:`~vpr_desktop.services.assessment.evidence_store`);
  a file whose bytes are already stored is linked, not stored or recorded twice.
* **A red or amber indicator becomes an action** in the joint action log with one call, linked
  both ways (the action names the rating; the rating lists its actions).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import CycleStatus
from vpr_desktop.domain.enums import Priority
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import Side
from vpr_desktop.domain.enums import WorkStatus
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import AssessmentCycle
from vpr_desktop.domain.models import Indicator
from vpr_desktop.domain.models import Rating
from vpr_desktop.domain.models import RatingEvidence
from vpr_desktop.domain.models import Standard
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.standard_library import natural_sort_key
from vpr_desktop.domain.standard_library import strip_mark
from vpr_desktop.services.actions.records import ActionDraft
from vpr_desktop.services.actions.service import ActionLogService
from vpr_desktop.services.assessment.carry_forward import confirmed_mapping
from vpr_desktop.services.assessment.carry_forward import lineage
from vpr_desktop.services.assessment.evidence import SIDE_NAMES
from vpr_desktop.services.assessment.evidence import AssessmentEvidence
from vpr_desktop.services.assessment.records import CarryResult
from vpr_desktop.services.assessment.records import CreatedCycle
from vpr_desktop.services.assessment.records import CycleInfo
from vpr_desktop.services.assessment.records import LinkedAction
from vpr_desktop.services.assessment.records import RatingView
from vpr_desktop.services.assessment.standards import resolve_edition
from vpr_desktop.services.common.same_named import from_same_named
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.importing.batch import ImportResult

MAX_NAME = 255
SIDE_ROLES = {Side.MANAGEMENT: Role.VPR_LEAD, Side.STAFF_SIDE: Role.STAFF_SIDE_REP}


class AssessmentService(AssessmentEvidence):
    """Writes need EDIT_ASSESSMENT (sign-off: SIGN_OFF_ASSESSMENT); reads READ_ASSESSMENT."""

    # ------------------------------------------------------------------------ cycles
    def create_cycle(
        self,
        edition: str,
        name: str,
        period_start: dt.date,
        period_end: dt.date,
        carry_from: int | None = None,
    ) -> CreatedCycle:
        """A new draft cycle with every indicator "not assessed", or carried forward from
        ``carry_from`` (any earlier cycle; see the module docstring for what travels)."""
        self.actor.require(Permission.EDIT_ASSESSMENT, "start an assessment cycle")
        self._ready()
        title = " ".join((name or "").split())
        if not title or len(title) > MAX_NAME:
            raise ValidationError(
                f"Name the cycle (up to {MAX_NAME} characters), e.g. "
                "'2025/26 annual self-assessment'."
            )
        for day in (period_start, period_end):
            given: object = day  # checked at run time too: the CLI passes what it parsed
            if not isinstance(given, dt.date) or isinstance(given, dt.datetime):
                raise ValidationError("The period must be given as two dates (YYYY-MM-DD).")
        if period_end < period_start:
            raise ValidationError("The period ends before it starts.", "Swap the dates.")
        with UnitOfWork(self.db, self.actor) as uow:
            s = uow.session
            std = resolve_edition(s, edition)
            if s.scalar(
                select(AssessmentCycle.id).where(
                    AssessmentCycle.standard_id == std.id, AssessmentCycle.name == title
                )
            ):
                raise ValidationError(
                    f"The {std.edition} edition already has a cycle called '{title}'.",
                    "Choose another name.",
                )
            source = uow.get(AssessmentCycle, carry_from) if carry_from is not None else None
            cycle = AssessmentCycle(
                standard_id=std.id,
                name=title,
                period_start=period_start,
                period_end=period_end,
                status=CycleStatus.DRAFT,
                previous_cycle_id=source.id if source else None,
            )
            s.add(cycle)
            s.flush()
            indicators = s.scalars(
                select(Indicator).where(
                    Indicator.standard_id == std.id, Indicator.retired.is_(False)
                )
            ).all()
            ratings = {}
            for ind in indicators:
                ratings[ind.id] = Rating(
                    cycle_id=cycle.id,
                    indicator_id=ind.id,
                    rag=Rag.NOT_RATED,
                    work_status=WorkStatus.TO_DO,
                )
                s.add(ratings[ind.id])
            s.flush()
            carried = self._carry(s, source, cycle, std, ratings) if source is not None else None
            cycle_id = cycle.id
        return CreatedCycle(self.cycle(cycle_id), carried)

    def _carry(
        self,
        s: Session,
        source: AssessmentCycle,
        cycle: AssessmentCycle,
        std: Standard,
        ratings: dict[int, Rating],
    ) -> CarryResult:
        old = {
            r.indicator_id: r for r in s.scalars(select(Rating).where(Rating.cycle_id == source.id))
        }
        links: dict[int, list[int]] = {}
        for rid, eid in s.execute(
            select(RatingEvidence.rating_id, RatingEvidence.evidence_id)
            .join(Rating, Rating.id == RatingEvidence.rating_id)
            .where(Rating.cycle_id == source.id)
        ).all():
            links.setdefault(rid, []).append(eid)
        across = source.standard_id != std.id
        n_ratings = n_narratives = n_evidence = 0
        if across:
            mapping = confirmed_mapping(s, source.standard_id, std.id)
            codes = dict(
                s.execute(
                    select(Indicator.id, Indicator.code).where(
                        Indicator.id.in_([i for lst in mapping.values() for i in lst])
                    )
                ).all()
            )
            src_std = s.get_one(Standard, source.standard_id)
        for indicator_id, new in ratings.items():
            if across:
                sources = sorted(
                    (old[i] for i in mapping.get(indicator_id, []) if i in old),
                    key=lambda r: natural_sort_key(codes[r.indicator_id]),
                )
                texts = [
                    f"Carried from {src_std.edition} {codes[r.indicator_id]}: {r.narrative}"
                    for r in sources
                    if r.narrative
                ]
                if texts:
                    new.narrative = "\n\n".join(texts)
                    n_narratives += 1
            else:
                prev = old.get(indicator_id)
                sources = [prev] if prev is not None else []
                if prev is not None and (prev.rag != Rag.NOT_RATED or prev.narrative):
                    new.rag, new.narrative = prev.rag, prev.narrative
                    new.rated_by, new.rated_at = prev.rated_by, prev.rated_at
                    new.needs_reconfirm = prev.needs_reconfirm
                    n_ratings += prev.rag != Rag.NOT_RATED
                    n_narratives += bool(prev.narrative)
            evidence = list(dict.fromkeys(e for r in sources for e in links.get(r.id, [])))
            for eid in evidence:
                s.add(RatingEvidence(rating_id=new.id, evidence_id=eid))
            n_evidence += len(evidence)
            if new.rag != Rag.NOT_RATED or new.narrative or evidence:
                new.carried_forward = True
        s.flush()
        live = self._carried_actions(s, cycle)
        for rid in live:  # open actions alone also ask for a confirmation
            r = s.get(Rating, rid)
            if r is not None and not r.carried_forward:
                r.carried_forward = True
        s.flush()
        flagged = sum(1 for r in ratings.values() if r.carried_forward)
        return CarryResult(
            source.id,
            source.name,
            across,
            n_ratings,
            n_narratives,
            n_evidence,
            len({a for ids in live.values() for a in ids}),
            flagged,
        )

    def _carried_actions(self, s: Session, cycle: AssessmentCycle) -> dict[int, set[int]]:
        """Rating id -> ids of open actions carried into it (for the counts above)."""
        from vpr_desktop.domain.action_rules import LIVE_STATUSES
        from vpr_desktop.domain.models import Action

        ancestors = lineage(s, cycle)
        by_source: dict[int, set[int]] = {}
        wanted = {a for lst in ancestors.values() for a, _ in lst}
        if wanted:
            for aid, sid in s.execute(
                select(Action.id, Action.source_id).where(
                    Action.source_entity == "rating",
                    Action.source_id.in_(list(wanted)),
                    Action.status.in_(list(LIVE_STATUSES)),
                )
            ).all():
                if sid is not None:  # excluded by the IN above; the column is nullable
                    by_source.setdefault(int(sid), set()).add(aid)
        out = {}
        for rid, lst in ancestors.items():
            ids = {a for src, _ in lst for a in by_source.get(src, set())}
            if ids:
                out[rid] = ids
        return out

    def submit_for_review(self, cycle_id: int, expected_version: int | None = None) -> CycleInfo:
        """Draft → in review: ready for both leads to sign."""
        self.actor.require(Permission.EDIT_ASSESSMENT, "send a cycle for review")
        with UnitOfWork(self.db, self.actor) as uow:
            c = uow.get(AssessmentCycle, cycle_id, expected_version=expected_version)
            if CycleStatus(c.status) is not CycleStatus.DRAFT:
                raise ValidationError(f"'{c.name}' is {_status(c).lower()}, not a draft.", "")
            c.status = CycleStatus.IN_REVIEW
        return self.cycle(cycle_id)

    def return_to_draft(
        self, cycle_id: int, reason: str, expected_version: int | None = None
    ) -> CycleInfo:
        """In review → draft, withdrawing any signature; either side may send it back, with a
        reason (kept in the audit trail)."""
        if not (
            self.actor.can(Permission.EDIT_ASSESSMENT)
            or self.actor.can(Permission.SIGN_OFF_ASSESSMENT)
        ):
            self.actor.require(Permission.EDIT_ASSESSMENT, "return a cycle to draft")
        why = " ".join((reason or "").split())
        if not why:
            raise ValidationError("Say why the cycle goes back to draft.")
        with UnitOfWork(self.db, self.actor) as uow:
            c = uow.get(AssessmentCycle, cycle_id, expected_version=expected_version)
            if CycleStatus(c.status) is not CycleStatus.IN_REVIEW:
                raise ValidationError(
                    f"'{c.name}' is {_status(c).lower()}; only a cycle in "
                    "review can go back to draft.",
                    "A signed-off cycle never changes: start a new cycle.",
                )
            c.status = CycleStatus.DRAFT
            c.management_signed_by = c.management_signed_at = None
            c.staff_side_signed_by = c.staff_side_signed_at = None
            uow.audit(
                AuditAction.UPDATE, "assessment_cycle", c.id, detail=f"returned to draft: {why}"
            )
        return self.cycle(cycle_id)

    def sign_off(
        self, cycle_id: int, side: Side | None = None, expected_version: int | None = None
    ) -> CycleInfo:
        """Sign for the side the user's role gives (VPR lead: management; staff-side rep: staff
        side). One signature leaves the cycle in review; the other side's, by someone else,
        signs it off."""
        self.actor.require(Permission.SIGN_OFF_ASSESSMENT, "sign off the self-assessment")
        sides = {s for s, role in SIDE_ROLES.items() if role in self.actor.roles}
        if side is not None and side not in sides:
            raise PermissionDeniedError(
                f"{self.actor.display_name} cannot sign for the {SIDE_NAMES[side]}.", ""
            )
        if side is None:
            if len(sides) != 1:
                raise (
                    ValidationError("Say which side you are signing for.")
                    if sides
                    else PermissionDeniedError(
                        f"{self.actor.display_name} is neither the VPR lead nor a staff-side "
                        "rep, so cannot sign off the self-assessment.",
                        "",
                    )
                )
            side = next(iter(sides))
        with UnitOfWork(self.db, self.actor) as uow:
            c = uow.get(AssessmentCycle, cycle_id, expected_version=expected_version)
            status = CycleStatus(c.status)
            if status is CycleStatus.SIGNED_OFF:
                raise ValidationError(f"'{c.name}' is already signed off.", "")
            if status is CycleStatus.DRAFT:
                raise ValidationError(
                    f"'{c.name}' is a draft.", "Send it for review first; then both leads sign."
                )
            mine, theirs = (
                ("management_signed_by", "staff_side_signed_by")
                if side is Side.MANAGEMENT
                else ("staff_side_signed_by", "management_signed_by")
            )
            if getattr(c, mine) is not None:
                raise ValidationError(f"The {SIDE_NAMES[side]} has already signed '{c.name}'.", "")
            if getattr(c, theirs) == self.actor.username:
                raise ValidationError(
                    "You signed for the other side; the second signature must be someone else's.",
                    "",
                )
            now = utcnow()
            setattr(c, mine, self.actor.username)
            setattr(c, mine.replace("_by", "_at"), now)
            if getattr(c, theirs) is not None:
                c.status = CycleStatus.SIGNED_OFF
            uow.audit(
                AuditAction.SIGN_OFF,
                "assessment_cycle",
                c.id,
                detail=f"'{c.name}' signed by the {SIDE_NAMES[side]}"
                + ("; signed off by both sides" if c.status == CycleStatus.SIGNED_OFF else ""),
            )
        return self.cycle(cycle_id)

    # ------------------------------------------------------------------------ ratings
    def rate(
        self,
        rating_id: int,
        rag: Rag | str,
        work_status: WorkStatus | str,
        narrative: str | None,
        expected_version: int | None = None,
    ) -> RatingView:
        """Set the result, the work status and the narrative together (the editor's Save);
        this confirms a carried-forward or to-re-confirm rating."""
        self.actor.require(Permission.EDIT_ASSESSMENT, "rate indicators")
        value, status = _enum(rag, Rag, "RAG rating"), _enum(work_status, WorkStatus, "work status")
        text = (narrative or "").strip() or None
        with UnitOfWork(self.db, self.actor) as uow:
            r = uow.get(Rating, rating_id, expected_version=expected_version)
            self._check_editable(uow.session, r.cycle_id)
            r.rag, r.work_status, r.narrative = value, status, text
            r.carried_forward = r.needs_reconfirm = False
            r.rated_by, r.rated_at = self.actor.username, utcnow()
        return self.rating(rating_id).rating

    def set_work_status(
        self, rating_id: int, work_status: WorkStatus | str, expected_version: int | None = None
    ) -> RatingView:
        self.actor.require(Permission.EDIT_ASSESSMENT, "change work status")
        status = _enum(work_status, WorkStatus, "work status")
        with UnitOfWork(self.db, self.actor) as uow:
            r = uow.get(Rating, rating_id, expected_version=expected_version)
            self._check_editable(uow.session, r.cycle_id)
            r.work_status = status
        return self.rating(rating_id).rating

    def confirm_rating(self, rating_id: int, expected_version: int | None = None) -> RatingView:
        """Keep a carried-forward (or to-re-confirm) rating as it is, and say so."""
        self.actor.require(Permission.EDIT_ASSESSMENT, "confirm ratings")
        with UnitOfWork(self.db, self.actor) as uow:
            r = uow.get(Rating, rating_id, expected_version=expected_version)
            self._check_editable(uow.session, r.cycle_id)
            if r.carried_forward or r.needs_reconfirm:
                r.carried_forward = r.needs_reconfirm = False
                r.rated_by, r.rated_at = self.actor.username, utcnow()
        return self.rating(rating_id).rating

    # ------------------------------------------------------------------------ gaps
    def gap_action_defaults(self, rating_id: int) -> tuple[str, str]:
        """The short title and description an action for this red or amber indicator starts
        with (the form shows them to edit before anything is created)."""
        self.actor.require(Permission.READ_ASSESSMENT, "raise actions from the assessment")
        view = self.rating(rating_id).rating
        if view.rag not in (Rag.RED, Rag.AMBER):
            raise ValidationError(
                f"Indicator {view.code} is rated {view.level.label}; only a red or amber "
                "indicator has a gap to turn into an action.",
                "Rate it first.",
            )
        wording = strip_mark(view.text)
        short = wording if len(wording) <= 120 else wording[:119].rstrip() + "…"
        cycle = self.cycle(view.cycle_id)
        return (
            f"Close the gap on {view.code}: {short}",
            f"Gap against indicator {view.code} of the {cycle.edition} edition, rated "
            f"{view.level.label} in '{cycle.name}'.",
        )

    def raise_gap_action(
        self,
        rating_id: int,
        *,
        title: str | None = None,
        gap: str | None = None,
        due_date: dt.date | None = None,
        management_owner_id: int | None = None,
        staff_side_owner_id: int | None = None,
        priority: Priority = Priority.MEDIUM,
    ) -> LinkedAction:
        """One call: a red or amber indicator becomes an action in the joint action log
        (source "assessment gap", linked to this rating; the rating lists it). Allowed after
        sign-off too: the improvement plan follows the assessment."""
        default_title, default_gap = self.gap_action_defaults(rating_id)
        action = ActionLogService(self.db, self.actor, today=self._today).create(
            ActionDraft(
                title=(title or "").strip() or default_title,
                source=ActionSource.ASSESSMENT_GAP,
                description=(gap or "").strip() or default_gap,
                source_entity="rating",
                source_id=rating_id,
                due_date=due_date,
                management_owner_id=management_owner_id,
                staff_side_owner_id=staff_side_owner_id,
                priority=priority,
            )
        )
        return from_same_named(
            LinkedAction,
            action,
            management_owner=action.management_owner_name,
            staff_side_owner=action.staff_side_owner_name,
            rating_id=rating_id,
            carried_forward=False,
            from_cycle_name=None,
        )

    # ------------------------------------------------------------------------ import
    def import_workbook(
        self,
        path: Path | str,
        cycle_id: int | None = None,
        dry_run: bool = False,
        column_map: dict[str, str] | None = None,
    ) -> ImportResult:
        """Ratings, work statuses and narratives from a workbook in the export's layout (or
        any sheet with code and RAG columns), all rows or none; see
        :mod:`~vpr_desktop.services.assessment.sheet_import`."""
        from vpr_desktop.services.assessment.sheet_import import import_assessment

        self.actor.require(Permission.EDIT_ASSESSMENT, "import a self-assessment")
        self._ready()
        return import_assessment(self, path, cycle_id, dry_run=dry_run, column_map=column_map)


def _status(c: AssessmentCycle) -> str:
    return {
        CycleStatus.DRAFT: "a draft",
        CycleStatus.IN_REVIEW: "In review",
        CycleStatus.SIGNED_OFF: "Signed off",
    }[CycleStatus(c.status)]


def _enum(value: Any, enum: type[Any], what: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise ValidationError(f"'{value}' is not a {what} ({allowed}).") from None

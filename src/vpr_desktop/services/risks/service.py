"""The violence risk register: assessments, controls, reviews, flags, pack figures, import.

``RiskRegisterService(db, actor)`` is what screens, packs and the CLI call. Reads need
``READ_RISKS`` (pack figures also accept the pack permissions, without owner names); writes
need ``EDIT_RISKS``; import needs ``IMPORT_DATA`` too; the matrix setting ``MANAGE_SETTINGS``.
Results are plain dataclasses (``risk_queries``), never ORM objects.

Concurrency: every write names the ``expected_version`` the caller loaded; a stale save raises
``ConflictError`` (via ``UnitOfWork.get`` / the version column) and nothing is overwritten.
Changes to a risk's children (staff groups, controls, reviews) also bump the risk's own version
(by touching ``updated_at``), so a form holding an older copy of the risk cannot overwrite them
unseen, and an import batch can tell whether its risks were changed since.

Reviews: ``record_review`` stores a ``RiskReview`` whose ``current_likelihood/consequence`` are
the scores the review *started from* and whose snapshot holds both that position (``found``)
and what the review agreed (``agreed``, also copied to ``inherent/current/target/status`` as
the demo writes them). The register's trend compares today's current score with the most
recent review's starting position, so a review that lowers a score shows "↓ Down" until the
next review.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import and_
from sqlalchemy import select

from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import ControlType
from vpr_desktop.domain.enums import Effectiveness
from vpr_desktop.domain.enums import ImportKind
from vpr_desktop.domain.enums import RiskStatus
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.errors import VprError
from vpr_desktop.domain.models import Action
from vpr_desktop.domain.models import Control
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import RiskAssessment
from vpr_desktop.domain.models import RiskReview
from vpr_desktop.domain.models import RiskStaffGroup
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.risk_matrix import RiskScore
from vpr_desktop.services.common.locations import location_label
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.common.person_search import find_people
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.importing.batch import ImportResult
from vpr_desktop.services.importing.batch import undo_batch
from vpr_desktop.services.risks import queries as q
from vpr_desktop.services.risks import records as R
from vpr_desktop.services.risks.fields import apply_control
from vpr_desktop.services.risks.fields import apply_risk
from vpr_desktop.services.risks.fields import check_control
from vpr_desktop.services.risks.fields import check_risk
from vpr_desktop.services.risks.fields import clean_text
from vpr_desktop.services.risks.fields import link_staff_groups
from vpr_desktop.services.risks.figures import RiskFigures
from vpr_desktop.services.risks.inputs import ACTIVITY_SUGGESTIONS
from vpr_desktop.services.risks.inputs import ControlInput
from vpr_desktop.services.risks.inputs import LocationRef
from vpr_desktop.services.risks.inputs import ReviewInput
from vpr_desktop.services.risks.inputs import RiskChoices
from vpr_desktop.services.risks.inputs import RiskInput
from vpr_desktop.services.risks.listing import RiskListSource
from vpr_desktop.services.risks.register_export import RegisterExport
from vpr_desktop.services.risks.register_export import export_risks
from vpr_desktop.services.risks.risk_import import delete_imported_risks
from vpr_desktop.services.risks.risk_import import make_body

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vpr_desktop.services.importing.value_map import ValueMap
    from vpr_desktop.services.importing.value_profiles import ValueMapping


REFERENCE_PREFIX = "RA-"


class RiskRegisterService(RiskFigures):
    """The risk register for one signed-in actor: every method checks permission first, and every
    write is one unit of work with its audit."""

    # ------------------------------------------------------------------ reading
    def list_source(self) -> RiskListSource:
        """The paged risk list for this actor, judged against the trust's matrix and today."""
        return RiskListSource(self.db, self.actor, self.matrix(), self._today)

    def locations(self) -> tuple[LocationRef, ...]:
        """The active locations, by name: all the register's filter bar needs when it opens.

        Apart from :meth:`choices` because the form's past activities are a DISTINCT over
        every risk (40 ms at 102k risks), which the register need not wait for before its
        first paint: the form is built after it."""
        self.actor.require(Permission.READ_RISKS, "see the risk register")
        with reading(self.db) as s:
            return self._locations(s)

    @staticmethod
    def _locations(s: Session) -> tuple[LocationRef, ...]:
        return tuple(
            LocationRef(i, c, n)
            for i, c, n in s.execute(
                select(Location.id, Location.code, location_label())
                .where(Location.active.is_(True))
                .order_by(Location.name, location_label())
            )
        )

    def choices(self) -> RiskChoices:
        """The choice lists for the risk form, read once when the form opens; past activities are
        offered after the suggestions."""
        self.actor.require(Permission.READ_RISKS, "see the risk register")
        with reading(self.db) as s:
            locs = self._locations(s)
            groups = tuple(
                R.StaffGroupRef(i, c, n, cl)
                for i, c, n, cl in s.execute(
                    select(
                        StaffGroup.id, StaffGroup.code, StaffGroup.name, StaffGroup.clinical
                    ).order_by(StaffGroup.name)
                )
            )
            used = [
                activity
                for activity in s.scalars(
                    select(RiskAssessment.activity)
                    .where(RiskAssessment.activity.is_not(None))
                    .distinct()
                )
                if activity is not None
            ]
        activities = tuple(dict.fromkeys([*ACTIVITY_SUGGESTIONS, *sorted(used)]))
        return RiskChoices(
            locs, groups, activities, tuple(ControlType), tuple(RiskStatus), tuple(Effectiveness)
        )

    def find_owners(self, term: str, limit: int = 20) -> list[tuple[int, str, str]]:
        """(person id, employee number, name) matching ``term``, for the owner picker."""
        self.actor.require(Permission.READ_RISKS, "see the risk register")
        return find_people(self.db, term, limit)

    def get_risk(self, risk_id: int, today: dt.date | None = None) -> R.RiskDetail:
        """One risk with its controls, reviews, actions and flags, as of ``today``."""
        self.actor.require(Permission.READ_RISKS, "see the risk register")
        with reading(self.db) as s:
            return self._detail(s, risk_id, today or self._today())

    def _detail(self, s: Session, risk_id: int, today: dt.date) -> R.RiskDetail:
        m = self.matrix()
        rows = q.risk_rows(s, m, q.RA.id == risk_id)
        if not rows:
            raise NotFoundError(
                f"Risk {risk_id} no longer exists.",
                "Someone may have deleted it; refresh the list (F5).",
            )
        row = rows[0]
        ra = s.get(RiskAssessment, risk_id)
        assert ra is not None
        groups = tuple(
            R.StaffGroupRef(i, c, n, cl)
            for i, c, n, cl in s.execute(
                select(StaffGroup.id, StaffGroup.code, StaffGroup.name, StaffGroup.clinical)
                .join(RiskStaffGroup, RiskStaffGroup.staff_group_id == StaffGroup.id)
                .where(RiskStaffGroup.risk_id == risk_id)
                .order_by(StaffGroup.name)
            )
        )
        controls = tuple(
            q.control_view(c, owner, today)
            for c, owner in s.execute(
                select(Control, q.owner_name())
                .outerjoin(Person, Person.id == Control.owner_id)
                .where(Control.risk_id == risk_id)
                .order_by(Control.id)
            )
        )
        reviews = tuple(
            q.review_view(r, m)
            for r in s.scalars(
                select(RiskReview)
                .where(RiskReview.risk_id == risk_id)
                .order_by(RiskReview.reviewed_on.desc(), RiskReview.id.desc())
            )
        )
        actions = tuple(
            R.ActionRef(a.id, a.reference, a.title, a.status, a.due_date)
            for a in s.scalars(
                select(Action)
                .where(Action.source == ActionSource.RISK, Action.source_id == risk_id)
                .order_by(Action.id)
            )
        )
        evidence = q.incident_evidence(s, m, ra.location_id, ra.current_likelihood, today)
        live_actions = sum(1 for a in actions if a.status.value != "cancelled")
        flags = q.flags_for(
            row,
            matrix=m,
            staff_groups=len(groups),
            controls=controls,
            options_note=ra.options_note,
            open_actions=live_actions,
            evidence=evidence,
            today=today,
        )
        return R.RiskDetail(
            row,
            ra.description,
            ra.owner_id,
            ra.options_note,
            ra.import_batch_id,
            ra.created_at,
            ra.updated_at,
            groups,
            controls,
            reviews,
            actions,
            tuple(flags),
            evidence,
        )

    def reviews(self, risk_id: int) -> list[R.ReviewView]:
        """The risk's reviews, newest first."""
        return list(self.get_risk(risk_id).reviews)

    def flags(self, risk_id: int, today: dt.date | None = None) -> list[R.RiskFlag]:
        """The risk's flags as of ``today``."""
        return list(self.get_risk(risk_id, today).flags)

    def incident_evidence(
        self, risk_id: int, today: dt.date | None = None
    ) -> R.IncidentEvidence | None:
        """What recent incidents at the risk's location suggest for its likelihood."""
        return self.get_risk(risk_id, today).incidents

    # ------------------------------------------------------------------ writing
    def _next_reference(self, s: Session) -> str:
        refs = s.scalars(
            select(RiskAssessment.reference).where(
                RiskAssessment.reference.like(REFERENCE_PREFIX + "%")
            )
        )
        numbers = [
            int(r[len(REFERENCE_PREFIX) :]) for r in refs if r[len(REFERENCE_PREFIX) :].isdigit()
        ]
        return f"{REFERENCE_PREFIX}{max(numbers, default=0) + 1:05d}"

    def create_risk(self, data: RiskInput) -> R.RiskDetail:
        """Add a risk (reference given or the next free one); returns it as saved."""
        self.actor.require(Permission.EDIT_RISKS, "add risks")
        with UnitOfWork(self.db, self.actor) as uow:
            s = uow.session
            check_risk(s, data)
            ra = RiskAssessment(reference=(data.reference or "").strip() or self._next_reference(s))
            apply_risk(ra, data)
            s.add(ra)
            s.flush()
            link_staff_groups(s, ra.id, data.staff_group_ids or ())
            risk_id = ra.id
        return self.get_risk(risk_id)

    def update_risk(self, risk_id: int, data: RiskInput, expected_version: int) -> R.RiskDetail:
        """Change a risk; ``expected_version`` refuses it if changed meanwhile."""
        self.actor.require(Permission.EDIT_RISKS, "change risks")
        with UnitOfWork(self.db, self.actor) as uow:
            s = uow.session
            ra = uow.get(RiskAssessment, risk_id, expected_version=expected_version)
            check_risk(s, data)
            groups_changed = data.staff_group_ids is not None and set(data.staff_group_ids) != set(
                s.scalars(
                    select(RiskStaffGroup.staff_group_id).where(RiskStaffGroup.risk_id == risk_id)
                )
            )
            if data.reference is not None:
                ra.reference = data.reference.strip()
            apply_risk(ra, data)
            if groups_changed:  # before the links change, so the risk is updated only once
                ra.updated_at = utcnow()
                link_staff_groups(s, risk_id, data.staff_group_ids or ())
        return self.get_risk(risk_id)

    def set_staff_groups(
        self, risk_id: int, staff_group_ids: tuple[int, ...], expected_version: int
    ) -> R.RiskDetail:
        """Replace the staff groups a risk applies to (every id must exist)."""
        self.actor.require(Permission.EDIT_RISKS, "change risks")
        with UnitOfWork(self.db, self.actor) as uow:
            ra = uow.get(RiskAssessment, risk_id, expected_version=expected_version)
            found = set(
                uow.session.scalars(select(StaffGroup.id).where(StaffGroup.id.in_(staff_group_ids)))
            )
            if set(staff_group_ids) - found:
                raise ValidationError(
                    "A staff group chosen no longer exists.", "Refresh and choose again."
                )
            link_staff_groups(uow.session, risk_id, tuple(staff_group_ids))
            ra.updated_at = utcnow()  # bumps the risk's version: its exposure changed
        return self.get_risk(risk_id)

    def close_risk(
        self, risk_id: int, expected_version: int, note: str, closed_on: dt.date | None = None
    ) -> R.RiskDetail:
        """Close with a reason; recorded as a review so the history says when and why."""
        self.actor.require(Permission.EDIT_RISKS, "close risks")
        if not clean_text(note):
            raise ValidationError(
                "Say why the risk is being closed.",
                "Add a note.",
                [(None, "note", "", "A closing note is needed.")],
            )
        with reading(self.db) as s:
            ra = s.get(RiskAssessment, risk_id)
            current = (
                None if ra is None else RiskScore(ra.current_likelihood, ra.current_consequence)
            )
        if current is None:
            return self.get_risk(risk_id)  # raises NotFoundError
        review = ReviewInput(
            closed_on or self._today(), current, f"Closed: {note.strip()}", status=RiskStatus.CLOSED
        )
        return self.record_review(risk_id, review, expected_version)

    # -- controls
    def add_control(
        self, risk_id: int, data: ControlInput, expected_version: int | None = None
    ) -> R.RiskDetail:
        """Add a control to a risk; returns the risk as saved."""
        self.actor.require(Permission.EDIT_RISKS, "change risks")
        with UnitOfWork(self.db, self.actor) as uow:
            ra = uow.get(RiskAssessment, risk_id, expected_version=expected_version)
            check_control(uow.session, data)
            c = Control(risk_id=risk_id)
            apply_control(c, data)
            uow.session.add(c)
            ra.updated_at = utcnow()
        return self.get_risk(risk_id)

    def update_control(
        self, control_id: int, data: ControlInput, expected_version: int
    ) -> R.RiskDetail:
        """Change a control; ``expected_version`` refuses it if changed meanwhile."""
        self.actor.require(Permission.EDIT_RISKS, "change risks")
        with UnitOfWork(self.db, self.actor) as uow:
            c = uow.get(Control, control_id, expected_version=expected_version)
            check_control(uow.session, data)
            apply_control(c, data)
            uow.get(RiskAssessment, c.risk_id).updated_at = utcnow()
            risk_id = c.risk_id
        return self.get_risk(risk_id)

    def remove_control(self, control_id: int, expected_version: int) -> R.RiskDetail:
        """Delete a control and touch its risk, so the change shows as the risk's latest update."""
        self.actor.require(Permission.EDIT_RISKS, "change risks")
        with UnitOfWork(self.db, self.actor) as uow:
            c = uow.get(Control, control_id, expected_version=expected_version)
            risk_id = c.risk_id
            uow.session.delete(c)
            uow.get(RiskAssessment, risk_id).updated_at = utcnow()
        return self.get_risk(risk_id)

    # -- reviews
    def record_review(
        self, risk_id: int, review: ReviewInput, expected_version: int
    ) -> R.RiskDetail:
        """Snapshot the risk as found, apply what the review agreed, in one transaction."""
        self.actor.require(Permission.EDIT_RISKS, "review risks")
        if review.reviewed_on > self._today():
            raise ValidationError(
                "A review cannot be dated in the future.",
                "Check the date.",
                [(None, "reviewed_on", review.reviewed_on.isoformat(), "after today")],
            )
        with UnitOfWork(self.db, self.actor) as uow:
            ra = uow.get(RiskAssessment, risk_id, expected_version=expected_version)

            def position() -> dict[str, Any]:
                return {
                    "inherent": [ra.inherent_likelihood, ra.inherent_consequence],
                    "current": [ra.current_likelihood, ra.current_consequence],
                    "target": [ra.target_likelihood, ra.target_consequence],
                    "status": ra.status.value,
                    "review_date": ra.review_date.isoformat() if ra.review_date else None,
                }

            found = position()
            found_l, found_c = ra.current_likelihood, ra.current_consequence
            ra.current_likelihood = review.current.likelihood
            ra.current_consequence = review.current.consequence
            ra.current_score = review.current.score
            if review.target is not None:
                ra.target_likelihood = review.target.likelihood
                ra.target_consequence = review.target.consequence
            if review.status is not None:
                if review.status is RiskStatus.TOLERATED and not clean_text(ra.options_note):
                    raise ValidationError(
                        "A tolerated risk needs an options note.",
                        "Add the options note to the risk first.",
                    )
                ra.status = review.status
            if review.next_review_date is not None:
                ra.review_date = review.next_review_date
            agreed = position()
            uow.session.add(
                RiskReview(
                    risk_id=risk_id,
                    reviewed_on=review.reviewed_on,
                    reviewed_by=self.actor.display_name[:120],
                    current_likelihood=found_l,
                    current_consequence=found_c,
                    note=clean_text(review.note),
                    snapshot={"found": found, "agreed": agreed, **agreed},
                )
            )
            ra.updated_at = utcnow()
        return self.get_risk(risk_id)

    # ------------------------------------------------------------------ import / export
    def import_risks(
        self,
        path: Path | str,
        dry_run: bool = False,
        values: ValueMap | None = None,
        profile_name: str | None = None,
    ) -> ImportResult:
        """Import a register file all-or-nothing (``services.importing``); see risk_import.
        ``values``: choices for location names not known here; ``profile_name``: the saved
        choices they came from (used when ``values`` is None)."""
        from vpr_desktop.services.importing.valued_import import run_profiled_import
        from vpr_desktop.services.importing.valued_import import saved_values

        self.actor.require(Permission.EDIT_RISKS, "import risks")
        return run_profiled_import(
            self.db,
            self.actor,
            kind=ImportKind.RISKS,
            path=path,
            body=lambda choices: make_body(self.matrix(), choices),
            values=saved_values(self.db, self.actor, "risks", values, profile_name),
            profile_name=profile_name,
            dry_run=dry_run,
        )

    def value_mapping(self) -> ValueMapping:
        """The import dialog's value step for risk registers (unknown location names)."""
        from vpr_desktop.services.importing.value_profiles import ValueMapping
        from vpr_desktop.services.risks.risk_import import risk_value_kinds

        self.actor.require(Permission.EDIT_RISKS, "import risks")
        return ValueMapping.session_kinds(
            self.db, self.actor, "risks", risk_value_kinds, self.import_risks
        )

    def undo_import(self, batch_id: int) -> dict[str, int]:
        """Remove the risks a batch added -- refused if any was changed, reviewed or actioned
        since (undo must never destroy later work)."""
        self.actor.require(Permission.EDIT_RISKS, "undo a risk import")
        return undo_batch(self.db, self.actor, batch_id, ImportKind.RISKS, delete_imported_risks)

    def export_data(
        self, request: PageRequest | None = None, as_of: dt.date | None = None
    ) -> RegisterExport:
        """The register (the list's filters apply) for ``reports.risk_register_xlsx``.

        Audited as an export; owner names only for roles that may read the register.
        """
        self.actor.require(Permission.READ_RISKS, "export the risk register")
        day = as_of or self._today()
        source = self.list_source()
        where = source._where(request or PageRequest())
        m = self.matrix()
        with reading(self.db) as s:
            risks = export_risks(s, m, [and_(*where)] if where else [], day, True)
            data = RegisterExport(
                risks,
                q.heat_map(s, m, "current"),
                q.heat_map(s, m, "target"),
                q.controls_on_time(s, day),
                m,
                day,
                self.actor.display_name,
            )
        return data

    def record_export(self, path: Path, rows: int) -> None:
        """Audit that the register left the database (who, where, how many rows)."""
        try:
            with UnitOfWork(self.db, self.actor) as uow:
                uow.audit(
                    AuditAction.EXPORT,
                    "risk_assessment",
                    None,
                    detail=f"risk register exported to {Path(path).name} ({rows} risks)",
                )
        except VprError:
            pass  # a read-only database can still export; the file exists either way

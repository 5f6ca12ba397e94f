"""Incidents and post-incident support: record, edit, RIDDOR, support steps, outcomes, timeline.

``IncidentService(db, actor, today=None)`` is what screens, packs and the CLI call. Reading a
record needs ``READ_INCIDENTS`` (row level: narratives and names); protected characteristics
are shown only to ``READ_PROTECTED_CHARACTERISTICS`` and only where the person consented;
writes need ``EDIT_INCIDENTS``; the pathway setting needs ``MANAGE_SETTINGS``. Aggregates for
packs (which staff-side reps and board secretaries may read, never row level) are in
:class:`~vpr_desktop.services.incidents.stats.IncidentStats` (``service.stats()``); the Datix
import is :mod:`~vpr_desktop.services.incidents.datix_import`. Results are frozen dataclasses
(:mod:`~vpr_desktop.services.incidents.records`), never ORM objects.

What a save does, in one :class:`UnitOfWork` (so every change is audited with it):

* checks the input and says what to fix (occurred not in the future, location exists, at least
  one type, a strand when hate-motivated, a crime reference only when the police were informed,
  outcomes consistent with each other, characteristics only with consent…);
* stores the London ``month`` for the monthly indexes;
* decides RIDDOR with :func:`vpr_desktop.domain.riddor.assess` unless a person recorded an
  override with a reason (an override stands through later edits until cleared; the detail
  shows what the rule says now beside it);
* creates the pathway's support steps for every affected person, due from the
  ``support_pathway`` setting; on update adds steps for newly affected people and for
  conditions that now apply (police informed, days lost), moves the due time of open steps
  when the times change, and marks open steps that no longer apply "not needed" with a reason.

Concurrency: ``update`` names the version the form loaded; a stale save raises ConflictError
and nothing is overwritten. Changes to an incident's children bump the incident's version.

Where things live: the dates of the police and CPS outcomes and who overrode RIDDOR (and
when) are columns of ``incident``; consent to contact is on each affected person's
``incident_staff`` row (``contact_consent*``; None: not asked). The service handles them
together as ``Extras`` (schema 0004 moved them out of the ``incident_extra:<id>`` setting rows
that held them before). "Not needed" is the model's ``declined`` flag with ``done_at`` the
time it was marked and the reason in ``notes``. The reporter is the first affected person (as
the demo records it).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpr_desktop.domain import riddor as rules
from vpr_desktop.domain.base import aware
from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import CpsOutcome
from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import Intent
from vpr_desktop.domain.enums import PerpetratorType
from vpr_desktop.domain.enums import PoliceOutcome
from vpr_desktop.domain.enums import ProtectedCharacteristic
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.models import SupportStep
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.support_pathway import OWNER_ROLES
from vpr_desktop.domain.support_pathway import REPORTER_FEEDBACK_STEP
from vpr_desktop.services.common.locations import location_label
from vpr_desktop.services.common.numbered_insert import insert_numbered
from vpr_desktop.services.common.person_search import find_people
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents import input_checks as checks
from vpr_desktop.services.incidents import queries as q
from vpr_desktop.services.incidents import writes as w
from vpr_desktop.services.incidents.follow_ups import IncidentFollowUps
from vpr_desktop.services.incidents.pathway_setting import SupportPathwaySetting
from vpr_desktop.services.incidents.records import HATE_STRANDS
from vpr_desktop.services.incidents.records import TRUST_TZ
from vpr_desktop.services.incidents.records import Choice
from vpr_desktop.services.incidents.records import Extras
from vpr_desktop.services.incidents.records import IncidentChoices
from vpr_desktop.services.incidents.records import IncidentDetail
from vpr_desktop.services.incidents.records import IncidentInput
from vpr_desktop.services.incidents.records import RiddorDue
from vpr_desktop.services.incidents.records import SupportStepView
from vpr_desktop.services.incidents.records import TimelineEntry
from vpr_desktop.services.incidents.records import to_utc
from vpr_desktop.services.incidents.step_owners import SupportStepOwners
from vpr_desktop.services.incidents.support_queue import SupportQueueSource
from vpr_desktop.services.incidents.support_queue import owner_role_choices

if TYPE_CHECKING:
    from vpr_desktop.services.importing.batch import ImportResult
    from vpr_desktop.services.importing.value_map import ValueMap
    from vpr_desktop.services.importing.value_profiles import ValueMapping
    from vpr_desktop.services.incidents.stats import IncidentStats

CLOCK_SKEW = checks.CLOCK_SKEW
Problems = checks.Problems
_text = checks.text_or_none
_raise = checks.raise_problems


class IncidentService(IncidentFollowUps, SupportStepOwners, SupportPathwaySetting):
    """Incident reading and writing for one signed-in actor: every method checks the actor's
    permission first, and every write is one unit of work with its audit."""

    # ------------------------------------------------------------------------ reading
    def choices(self) -> IncidentChoices:
        """The choice lists for the incident form (locations, types, staff groups…), read once when
        the form opens."""
        self.actor.require(Permission.READ_INCIDENTS, "see incidents")
        with reading(self.db) as s:
            pathway, self.pathway_problem = q.load_pathway(s)
            locs = tuple(
                s.execute(
                    select(Location.id, Location.code, location_label())
                    .where(Location.active.is_(True))
                    .order_by(Location.name, location_label())
                )
            )
            groups = tuple(
                s.execute(
                    select(StaffGroup.id, StaffGroup.code, StaffGroup.name).order_by(
                        StaffGroup.name
                    )
                )
            )
        return IncidentChoices(
            locations=tuple((i, c, n) for i, c, n in locs),
            staff_groups=tuple((i, c, n) for i, c, n in groups),
            types=tuple(IncidentType),
            hate_strands=tuple(Choice(k, v) for k, v in HATE_STRANDS.items()),
            perpetrator_types=tuple(PerpetratorType),
            intents=tuple(Intent),
            harms=tuple(Harm),
            police_outcomes=tuple(PoliceOutcome),
            cps_outcomes=tuple(CpsOutcome),
            riddor_statuses=tuple(RiddorStatus),
            characteristics=tuple(ProtectedCharacteristic),
            specified_injuries=rules.SPECIFIED_INJURIES,
            step_types=tuple(Choice(st.key, st.label) for st in pathway.steps),
            owner_roles=tuple(Choice(k, v) for k, v in owner_role_choices(pathway)),
        )

    def find_staff(self, term: str, limit: int = 20) -> list[tuple[int, str, str]]:
        """(person id, employee number, name) matching ``term``, for the affected-staff picker."""
        self.actor.require(Permission.READ_INCIDENTS, "see incidents")
        return find_people(self.db, term, limit)

    def timeline(self, incident_id: int) -> list[TimelineEntry]:
        """Occurred → reported → support steps → feedback → RIDDOR → police/CPS outcome."""
        return q.timeline(self.get(incident_id))

    def support_queue(self) -> SupportQueueSource:
        """Open support steps as a paged list for the support queue screen (overdue first)."""
        return SupportQueueSource(
            self.db, self.actor, self.pathway(), self.now, self.my_person_id()
        )

    def riddor_due(self, include_due: bool = True) -> list[RiddorDue]:
        """Reportable incidents not yet submitted to HSE (overdue first)."""
        self.actor.require(Permission.READ_INCIDENTS, "see individual incidents")
        with reading(self.db) as s:
            return q.riddor_due(s, self.today(), include_due)

    def stats(self) -> IncidentStats:
        """Figures over incidents for this actor and clock (imported lazily: only screens with
        charts need it)."""
        from vpr_desktop.services.incidents.stats import IncidentStats

        return IncidentStats(self.db, self.actor, today=self._fixed_today, now=self.now)

    # ------------------------------------------------------------------------ writing
    def create(self, data: IncidentInput) -> IncidentDetail:
        """Record a new incident with its RIDDOR decision and support steps."""
        self.actor.require(Permission.EDIT_INCIDENTS, "record incidents")
        with UnitOfWork(self.db, self.actor) as uow:
            s = uow.session
            clean = checks.check_input(s, data, None, self.actor, self.now())
            pathway, self.pathway_problem = q.load_pathway(s)
            extras = Extras()
            riddor = w.riddor_values(data, clean, extras, self.actor, self.now())
            inc = self._insert_with_reference(s, {**clean["values"], **riddor})
            w.apply_children(
                s,
                inc,
                data,
                clean,
                extras,
                pathway,
                (None, None),
                self.actor,
                self.now(),
                self.today(),
            )
            q.save_extras(s, inc.id, extras)
            incident_id = inc.id
        return self.get(incident_id)

    def update(
        self, incident_id: int, data: IncidentInput, expected_version: int
    ) -> IncidentDetail:
        """Save an edited incident: RIDDOR recomputed, support steps brought up to date."""
        self.actor.require(Permission.EDIT_INCIDENTS, "edit incidents")
        with UnitOfWork(self.db, self.actor) as uow:
            s = uow.session
            inc = uow.get(Incident, incident_id, expected_version=expected_version)
            clean = checks.check_input(s, data, inc, self.actor, self.now())
            pathway, self.pathway_problem = q.load_pathway(s)
            extras = q.load_extras(s, inc.id)
            old = (inc.police_outcome, inc.cps_outcome)
            riddor = w.riddor_values(data, clean, extras, self.actor, self.now())
            for key, value in {**clean["values"], **riddor}.items():
                if getattr(inc, key) != value:
                    setattr(inc, key, value)
            inc.updated_at = utcnow()  # children changes bump the version too
            w.apply_children(
                s, inc, data, clean, extras, pathway, old, self.actor, self.now(), self.today()
            )
            q.save_extras(s, inc.id, extras)
        return self.get(incident_id)

    # -- support steps
    def complete_step(
        self,
        step_id: int,
        done_at: dt.datetime | None = None,
        notes: str | None = None,
        expected_version: int | None = None,
    ) -> SupportStepView:
        """Mark a step done (``done_at`` default now). Completing "feedback to the reporter"
        also records the incident's feedback date when none is recorded."""
        self.actor.require(Permission.EDIT_INCIDENTS, "record support steps")
        when = to_utc(done_at) if done_at is not None else self.now()
        with UnitOfWork(self.db, self.actor) as uow:
            step = uow.get(SupportStep, step_id, expected_version=expected_version)
            inc = uow.get(Incident, step.incident_id)
            occurred = aware(inc.occurred_at)
            assert occurred is not None
            if when > self.now() + CLOCK_SKEW:
                raise ValidationError(
                    "A step cannot be done in the future.",
                    "Enter when it was done.",
                    [(None, "done_at", when.isoformat(), "is in the future")],
                )
            if when < occurred:
                raise ValidationError(
                    "A step cannot be done before the incident happened.",
                    "Check the date and time.",
                    [(None, "done_at", when.isoformat(), "is before the incident")],
                )
            step.done_at, step.done_by, step.declined = when, self.actor.username, False
            if notes is not None:
                step.notes = _text(notes)
            if step.step_type == REPORTER_FEEDBACK_STEP and inc.feedback_given_on is None:
                inc.feedback_given_on = when.astimezone(TRUST_TZ).date()
        return self.step(step_id)

    def mark_not_needed(
        self, step_id: int, reason: str, expected_version: int | None = None
    ) -> SupportStepView:
        """Close a step as not needed (or declined by the person), with the reason."""
        self.actor.require(Permission.EDIT_INCIDENTS, "record support steps")
        why = _text(reason)
        if why is None:
            raise ValidationError(
                "Say why the step is not needed.",
                "For example: 'Declined; has support from family and GP.'",
                [(None, "reason", "", "is required")],
            )
        with UnitOfWork(self.db, self.actor) as uow:
            step = uow.get(SupportStep, step_id, expected_version=expected_version)
            step.declined, step.done_at, step.done_by = True, self.now(), self.actor.username
            step.notes = why
        return self.step(step_id)

    def reopen_step(self, step_id: int, expected_version: int | None = None) -> SupportStepView:
        """Undo a mistaken "done" or "not needed" (the audit keeps what it was)."""
        self.actor.require(Permission.EDIT_INCIDENTS, "record support steps")
        with UnitOfWork(self.db, self.actor) as uow:
            step = uow.get(SupportStep, step_id, expected_version=expected_version)
            step.declined, step.done_at, step.done_by = False, None, None
        return self.step(step_id)

    # -- import
    def import_incidents(
        self,
        path: Path | str,
        dry_run: bool = False,
        values: ValueMap | None = None,
        profile_name: str | None = None,
    ) -> ImportResult:
        """Datix-style CSV/XLSX import, all-or-nothing; see ``datix_import``. ``values``: the
        choices for values this database does not know; ``profile_name``: the saved value
        mapping to apply when ``values`` is None (NotFoundError if there is none)."""
        from vpr_desktop.services.importing.valued_import import saved_values
        from vpr_desktop.services.incidents.datix_import import import_incidents

        self.actor.require(Permission.EDIT_INCIDENTS, "import incidents")
        return import_incidents(
            self.db,
            self.actor,
            Path(path),
            dry_run=dry_run,
            today=self.today(),
            values=saved_values(self.db, self.actor, "incidents", values, profile_name),
            profile_name=profile_name,
        )

    def value_mapping(self) -> ValueMapping:
        """The import dialog's value step for Datix exports (locations, sub-categories,
        severities and the other coded columns)."""
        from vpr_desktop.services.importing.mapping import load_format
        from vpr_desktop.services.importing.value_profiles import ValueMapping
        from vpr_desktop.services.incidents.import_values import mappable_kinds

        self.actor.require(Permission.EDIT_INCIDENTS, "import incidents")
        return ValueMapping.session_kinds(
            self.db,
            self.actor,
            "incidents",
            lambda s: mappable_kinds(s, load_format("incidents")),
            self.import_incidents,
        )

    def undo_import(self, batch_id: int) -> dict[str, int]:
        """Undo a Datix import batch (only if nothing it touched was changed since); returns the
        counts removed and restored."""
        from vpr_desktop.services.incidents.datix_undo import undo_incident_import

        self.actor.require(Permission.EDIT_INCIDENTS, "undo an incident import")
        return undo_incident_import(self.db, self.actor, batch_id)

    def _insert_with_reference(self, s: Session, values: dict[str, Any]) -> Incident:
        """Insert with the next ``VPR-nnnnnn``; a clash with a concurrent writer tries again,
        reading every reference's number (``next_reference_number``)."""
        from vpr_desktop.services.incidents.references import next_reference_number
        from vpr_desktop.services.incidents.references import reference_for

        def build(attempt: int) -> Incident:
            n = next_reference_number(s, thorough=attempt > 0)
            return Incident(reference=reference_for(n), **values)

        return insert_numbered(s, build, "incident")


__all__ = ["OWNER_ROLES", "IncidentService"]

"""Follow-ups on a reported incident: consent to contact, RIDDOR submission and feedback to
the reporter; police and CPS outcomes are :mod:`.outcomes`, which this class builds on.

Each is its own small write with its own rules (dates not before the incident nor in the future,
``_check_day``), and each keeps the support steps in step with the incident
(``_sync_steps_for``). Split from the service so reporting and editing an incident read apart
from what happens afterwards; :class:`~vpr_desktop.services.incidents.service.IncidentService`
inherits both.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from vpr_desktop.domain.base import aware
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import IncidentStaff
from vpr_desktop.domain.models import SupportStep
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.support_pathway import REPORTER_FEEDBACK_STEP
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.incidents import queries as q
from vpr_desktop.services.incidents.input_checks import Problems
from vpr_desktop.services.incidents.input_checks import raise_problems
from vpr_desktop.services.incidents.input_checks import text_or_none
from vpr_desktop.services.incidents.outcomes import IncidentOutcomes
from vpr_desktop.services.incidents.records import TRUST_TZ
from vpr_desktop.services.incidents.records import ConsentView
from vpr_desktop.services.incidents.records import IncidentDetail


class IncidentFollowUps(IncidentOutcomes):
    """Follow-ups recorded on an incident after it was reported."""

    def record_consent_to_contact(
        self,
        incident_id: int,
        person_id: int,
        consent: bool,
        recorded_on: dt.date | None = None,
        note: str | None = None,
    ) -> ConsentView:
        """Whether the affected person agreed to be contacted about support (stored on their
        ``incident_staff`` row)."""
        self.actor.require(Permission.EDIT_INCIDENTS, "record consent to contact")
        day = recorded_on or self.today()
        if day > self.today():
            raise ValidationError(
                "Consent cannot be recorded for a future date.",
                "",
                [(None, "recorded_on", day.isoformat(), "is in the future")],
            )
        view = ConsentView(bool(consent), day, self.actor.username, text_or_none(note))
        with UnitOfWork(self.db, self.actor) as uow:
            s = uow.session
            uow.get(Incident, incident_id)
            if (
                s.scalar(
                    select(IncidentStaff.id).where(
                        IncidentStaff.incident_id == incident_id,
                        IncidentStaff.person_id == person_id,
                    )
                )
                is None
            ):
                raise ValidationError(
                    "That person is not recorded as affected by this incident.",
                    "Add them to the incident first.",
                )
            extras = q.load_extras(s, incident_id)
            extras.consent_to_contact[person_id] = view
            q.save_extras(s, incident_id, extras)
        return view

    # -- RIDDOR, feedback, police and CPS
    def record_riddor_submission(
        self,
        incident_id: int,
        submitted_on: dt.date,
        reference: str | None = None,
        expected_version: int | None = None,
    ) -> IncidentDetail:
        """Record the date (and HSE reference) of the RIDDOR report."""
        self.actor.require(Permission.EDIT_INCIDENTS, "record RIDDOR submissions")
        ref = text_or_none(reference)
        with UnitOfWork(self.db, self.actor) as uow:
            inc = uow.get(Incident, incident_id, expected_version=expected_version)
            problems: Problems = []
            if inc.riddor_status is not RiddorStatus.REPORTABLE:
                problems.append(
                    (
                        None,
                        "riddor_status",
                        inc.riddor_status.value,
                        "the incident is not RIDDOR-reportable; change the decision "
                        "(with a reason) first",
                    )
                )
            self._check_day(problems, "submitted_on", submitted_on, inc)
            if ref is not None and len(ref) > 60:
                problems.append((None, "reference", ref[:40], "at most 60 characters"))
            raise_problems(problems, "The RIDDOR submission was not recorded")
            inc.riddor_submitted_on, inc.riddor_reference = submitted_on, ref
        return self.get(incident_id)

    def record_feedback(
        self, incident_id: int, given_on: dt.date, expected_version: int | None = None
    ) -> IncidentDetail:
        """Feedback given to the reporter; completes an open "feedback to the reporter" step."""
        self.actor.require(Permission.EDIT_INCIDENTS, "record feedback")
        with self._dated_edit(incident_id, expected_version, "given_on", given_on) as edit:
            s, inc, problems = edit
            raise_problems(problems, "The feedback was not recorded")
            inc.feedback_given_on = given_on
            when = min(
                self.now(),
                dt.datetime.combine(given_on, dt.time(12, 0), tzinfo=TRUST_TZ).astimezone(dt.UTC),
            )
            when = max(when, aware(inc.occurred_at))
            for step in s.scalars(
                select(SupportStep).where(
                    SupportStep.incident_id == incident_id,
                    SupportStep.step_type == REPORTER_FEEDBACK_STEP,
                    SupportStep.done_at.is_(None),
                    SupportStep.declined.is_(False),
                )
            ):
                step.done_at, step.done_by = when, self.actor.username
        return self.get(incident_id)

"""Follow-ups on a reported incident: consent to contact, RIDDOR submission, feedback to the
reporter, police and CPS outcomes.

Each is its own small write with its own rules (dates not before the incident nor in the future,
``_check_day``), and each keeps the support steps in step with the incident
(``_sync_steps_for``). Split from the service so reporting and editing an incident read apart
from what happens afterwards; :class:`~vpr_desktop.services.incidents.service.IncidentService`
inherits both.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpr_desktop.domain.base import aware
from vpr_desktop.domain.enums import (
    CpsOutcome,
    PoliceOutcome,
    RiddorStatus,
)
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import (
    Incident,
    IncidentStaff,
    SupportStep,
)
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.support_pathway import REPORTER_FEEDBACK_STEP
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.incidents import queries as q
from vpr_desktop.services.incidents.input_checks import (
    Problems,
    aewa_problems,
    raise_problems,
    text_or_none,
)
from vpr_desktop.services.incidents.records import (
    TRUST_TZ,
    ConsentView,
    IncidentDetail,
    stored_local_date,
)
from vpr_desktop.services.incidents.service_base import IncidentServiceBase
from vpr_desktop.services.incidents.step_sync import sync_steps


class IncidentFollowUps(IncidentServiceBase):
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
        with UnitOfWork(self.db, self.actor) as uow:
            s = uow.session
            inc = uow.get(Incident, incident_id, expected_version=expected_version)
            problems: Problems = []
            self._check_day(problems, "given_on", given_on, inc)
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

    def record_police_outcome(
        self,
        incident_id: int,
        outcome: PoliceOutcome,
        on: dt.date | None = None,
        crime_reference: str | None = None,
        expected_version: int | None = None,
    ) -> IncidentDetail:
        """The police outcome (marks the police as informed); ``on`` defaults to today."""
        self.actor.require(Permission.EDIT_INCIDENTS, "record police outcomes")
        outcome = PoliceOutcome(outcome)
        with UnitOfWork(self.db, self.actor) as uow:
            s = uow.session
            inc = uow.get(Incident, incident_id, expected_version=expected_version)
            problems: Problems = []
            day = on or self.today()
            self._check_day(problems, "on", day, inc)
            ref = text_or_none(crime_reference)
            if ref is not None and len(ref) > 60:
                problems.append((None, "crime_reference", ref[:40], "at most 60 characters"))
            if outcome is PoliceOutcome.NOT_REPORTED:
                problems.append(
                    (
                        None,
                        "police_outcome",
                        outcome.value,
                        "use the incident form to record that the police were not informed",
                    )
                )
            if (
                outcome is not PoliceOutcome.CHARGED
                and inc.cps_outcome is not CpsOutcome.NOT_APPLICABLE
            ):
                problems.append(
                    (
                        None,
                        "police_outcome",
                        outcome.value,
                        "there is a CPS outcome, which needs the outcome 'charged'",
                    )
                )
            raise_problems(problems, "The police outcome was not recorded")
            inc.police_informed, inc.police_outcome = True, outcome
            if ref is not None:
                inc.crime_reference = ref
            extras = q.load_extras(s, incident_id)
            extras.police_outcome_on = day
            q.save_extras(s, incident_id, extras)
            self._sync_steps_for(s, inc)
        return self.get(incident_id)

    def record_cps_outcome(
        self,
        incident_id: int,
        outcome: CpsOutcome,
        on: dt.date | None = None,
        aewa_sanction: bool | None = None,
        expected_version: int | None = None,
    ) -> IncidentDetail:
        """The CPS outcome after a charge, and whether the sentence was under the Assaults on
        Emergency Workers (Offences) Act 2018."""
        self.actor.require(Permission.EDIT_INCIDENTS, "record CPS outcomes")
        outcome = CpsOutcome(outcome)
        with UnitOfWork(self.db, self.actor) as uow:
            s = uow.session
            inc = uow.get(Incident, incident_id, expected_version=expected_version)
            problems: Problems = []
            day = on or self.today()
            self._check_day(problems, "on", day, inc)
            if (
                outcome is not CpsOutcome.NOT_APPLICABLE
                and inc.police_outcome is not PoliceOutcome.CHARGED
            ):
                problems.append(
                    (
                        None,
                        "cps_outcome",
                        outcome.value,
                        "a CPS outcome needs the police outcome 'charged'",
                    )
                )
            sanction = inc.aewa_sanction if aewa_sanction is None else aewa_sanction
            if outcome is not CpsOutcome.CONVICTED:
                sanction = False if aewa_sanction is None else sanction
            problems += aewa_problems(sanction, outcome, stored_local_date(inc.occurred_at))
            raise_problems(problems, "The CPS outcome was not recorded")
            inc.cps_outcome, inc.aewa_sanction = outcome, sanction
            extras = q.load_extras(s, incident_id)
            extras.cps_outcome_on = None if outcome is CpsOutcome.NOT_APPLICABLE else day
            q.save_extras(s, incident_id, extras)
        return self.get(incident_id)

    # ------------------------------------------------------------------------ internals
    def _check_day(self, problems: Problems, name: str, day: dt.date, inc: Incident) -> None:
        if day > self.today():
            problems.append((None, name, day.isoformat(), "is in the future"))
        if day < stored_local_date(inc.occurred_at):
            problems.append((None, name, day.isoformat(), "is before the incident"))

    def _sync_steps_for(self, s: Session, inc: Incident) -> None:
        pathway, _ = q.load_pathway(s)
        types = q.incident_types(s, inc.id, inc.primary_type)
        s.flush()
        sync_steps(s, inc, pathway, types, self.actor, self.now(), self.today())

"""Police and CPS outcomes recorded on an incident, and the two rules every follow-up write
shares: a day neither in the future nor before the incident (``_check_day``), and the support
steps kept in step with the incident afterwards (``_sync_steps_for``).

Kept apart from :mod:`vpr_desktop.services.incidents.follow_ups` (consent, RIDDOR submission,
feedback) because these outcomes carry their own law: a CPS outcome needs a charge, and an
Assaults on Emergency Workers (Offences) Act sanction is checked against the outcome and the
incident's date.
:class:`~vpr_desktop.services.incidents.follow_ups.IncidentFollowUps` builds on this class.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from vpr_desktop.domain.enums import CpsOutcome
from vpr_desktop.domain.enums import PoliceOutcome
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.incidents import queries as q
from vpr_desktop.services.incidents.input_checks import Problems
from vpr_desktop.services.incidents.input_checks import aewa_problems
from vpr_desktop.services.incidents.input_checks import raise_problems
from vpr_desktop.services.incidents.input_checks import text_or_none
from vpr_desktop.services.incidents.records import IncidentDetail
from vpr_desktop.services.incidents.records import stored_local_date
from vpr_desktop.services.incidents.service_base import IncidentServiceBase
from vpr_desktop.services.incidents.step_sync import sync_steps


class IncidentOutcomes(IncidentServiceBase):
    """Police and CPS outcomes, with the date and step rules all follow-ups share."""

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
        day = on or self.today()
        with self._dated_edit(incident_id, expected_version, "on", day) as (s, inc, problems):
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
        day = on or self.today()
        with self._dated_edit(incident_id, expected_version, "on", day) as (s, inc, problems):
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
    @contextmanager
    def _dated_edit(
        self, incident_id: int, expected_version: int | None, name: str, day: dt.date
    ) -> Iterator[tuple[Session, Incident, Problems]]:
        """One follow-up write dated ``day``: a unit of work, the incident at the version the
        form loaded (ConflictError if stale), and the problems found so far, which start with
        the date rule every follow-up shares (:meth:`_check_day` on the field ``name``).
        Everything the ``with`` body changes commits, or rolls back on an error, together."""
        with UnitOfWork(self.db, self.actor) as uow:
            inc = uow.get(Incident, incident_id, expected_version=expected_version)
            problems: Problems = []
            self._check_day(problems, name, day, inc)
            yield uow.session, inc, problems

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

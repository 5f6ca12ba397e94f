"""Support steps owned by people: reassigning steps (one or many at once) and planning them.

Why: a step owned by a role ("Line manager") belongs to no one who can be chased, so each step
names a person (``SupportStep.owner_id``). The support queue hands steps out -- one or a whole
selection in one transaction, so a bulk reassignment either happens for every step or for none,
with an audit row per step -- and its "mine" filter needs the signed-in user's own person
record. A step may also carry when it is planned or booked; one booked before the step's
earliest time (a TRiM assessment inside 72 hours) is warned about by the view
(``SupportStepView.planned_too_early``), not refused: the booking is a fact.
:class:`~vpr_desktop.services.incidents.service.IncidentService` inherits these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select

from vpr_desktop.domain.base import aware
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import SupportStep
from vpr_desktop.domain.models import User
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents import queries as q
from vpr_desktop.services.incidents.records import SupportStepView
from vpr_desktop.services.incidents.records import to_utc
from vpr_desktop.services.incidents.service_base import IncidentServiceBase

#: How far ahead a step may be planned: a booking years away is a typing slip.
MAX_PLAN_AHEAD = dt.timedelta(days=366)


class SupportStepOwners(IncidentServiceBase):
    """Named owners and planned times of support steps."""

    def my_person_id(self) -> int | None:
        """The signed-in user's own person record (the queue's "mine"), None when the account
        is linked to none."""
        self.actor.require(Permission.READ_INCIDENTS, "see the support queue")
        if self.actor.user_id is None:
            return None
        with reading(self.db) as s:
            return s.scalar(select(User.person_id).where(User.id == self.actor.user_id))

    def step_owners(self) -> list[tuple[int, str, str]]:
        """(person id, employee number, name) of everyone owning an open step, by name: the
        queue's owner filter offers them."""
        self.actor.require(Permission.READ_INCIDENTS, "see the support queue")
        owners = (
            select(SupportStep.owner_id)
            .where(
                SupportStep.owner_id.is_not(None),
                SupportStep.done_at.is_(None),
                SupportStep.declined.is_(False),
            )
            .distinct()
        )
        with reading(self.db) as s:
            return [
                (pid, number, name)
                for pid, number, name in s.execute(
                    select(Person.id, Person.employee_number, q.person_name())
                    .where(Person.id.in_(owners))
                    .order_by(Person.last_name, Person.first_name, Person.id)
                )
            ]

    def reassign_steps(self, steps: Sequence[tuple[int, int]], owner_id: int | None) -> int:
        """Give every step in ``steps`` (``(step id, version the list loaded)`` pairs) to the
        person ``owner_id`` (None: unassigned), in one transaction: a step someone else changed
        meanwhile (ConflictError) or a closed step leaves all of them as they were. Returns how
        many steps changed owner; each change is audited."""
        self.actor.require(Permission.EDIT_INCIDENTS, "reassign support steps")
        if not steps:
            raise ValidationError("Choose the steps to reassign.", "Select one or more steps.")
        changed = 0
        with UnitOfWork(self.db, self.actor) as uow:
            if owner_id is not None and uow.session.get(Person, owner_id) is None:
                raise ValidationError(
                    "That person is no longer on the staff list.",
                    "Choose the new owner again.",
                    [(None, "owner_id", str(owner_id), "does not exist")],
                )
            for step_id, version in dict(steps).items():
                step = uow.get(SupportStep, step_id, expected_version=version)
                if step.done_at is not None or step.declined:
                    raise ValidationError(
                        "A step already done or marked not needed cannot be reassigned.",
                        "Reload the queue and choose open steps only.",
                        [(None, "step_id", str(step_id), "is closed")],
                    )
                if step.owner_id != owner_id:
                    step.owner_id = owner_id
                    changed += 1
        return changed

    def plan_step(
        self, step_id: int, planned_at: dt.datetime | None, expected_version: int | None = None
    ) -> SupportStepView:
        """Record when a step is planned or booked (None clears it). Not before the incident,
        nor more than a year ahead; before the step's earliest time is allowed and shown as a
        warning (``planned_too_early``)."""
        self.actor.require(Permission.EDIT_INCIDENTS, "plan support steps")
        when = to_utc(planned_at) if planned_at is not None else None
        with UnitOfWork(self.db, self.actor) as uow:
            step = uow.get(SupportStep, step_id, expected_version=expected_version)
            occurred = aware(uow.get(Incident, step.incident_id).occurred_at)
            assert occurred is not None
            if when is not None and when < occurred:
                raise ValidationError(
                    "A step cannot be planned before the incident happened.",
                    "Check the date and time.",
                    [(None, "planned_at", when.isoformat(), "is before the incident")],
                )
            if when is not None and when > self.now() + MAX_PLAN_AHEAD:
                raise ValidationError(
                    "That is more than a year ahead.",
                    "Check the year of the planned date.",
                    [(None, "planned_at", when.isoformat(), "is too far ahead")],
                )
            step.planned_at = when
        return self.step(step_id)

    def step(self, step_id: int) -> SupportStepView:
        """One step as the queue and the incident show it, with its owner's name."""
        self.actor.require(Permission.READ_INCIDENTS, "see the support queue")
        with reading(self.db) as s:
            pathway, _ = q.load_pathway(s)
            found = s.get(SupportStep, step_id)
            if found is None:
                raise NotFoundError(f"Support step {step_id} no longer exists.", "")
            occurred = s.scalar(
                select(Incident.occurred_at).where(Incident.id == found.incident_id)
            )
            names = dict(
                s.execute(
                    select(Person.id, q.person_name()).where(
                        Person.id.in_([found.person_id, found.owner_id or found.person_id])
                    )
                ).all()
            )
            return q.step_view(
                found,
                names.get(found.person_id, "?"),
                pathway,
                aware(occurred),  # type: ignore[arg-type]
                self.now(),
                names.get(found.owner_id) if found.owner_id is not None else None,
            )

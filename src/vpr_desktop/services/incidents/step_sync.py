"""Keeping an incident's support steps in line with the trust's pathway.

Run whenever an incident or its affected staff change: steps the pathway now calls for are
added (owned by the reporter's line manager where one is known), open steps' due times follow
the incident's times, and open steps that no longer apply are closed as "not needed" with the
day and who changed it -- never deleted, so the history of what was offered stays.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpr_desktop.domain.base import aware
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import IncidentStaff
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import SupportStep
from vpr_desktop.domain.support_pathway import PersonFacts
from vpr_desktop.domain.support_pathway import SupportPathway
from vpr_desktop.domain.support_pathway import applicable_steps
from vpr_desktop.domain.support_pathway import due_at
from vpr_desktop.domain.support_pathway import is_serious

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor


def sync_steps(
    s: Session,
    inc: Incident,
    pathway: SupportPathway,
    types: tuple[IncidentType, ...],
    actor: Actor,
    now: dt.datetime,
    today: dt.date,
) -> None:
    """Bring the support steps in line with the pathway and the incident as it now is."""
    occurred, reported = aware(inc.occurred_at), aware(inc.reported_at)
    assert occurred is not None
    serious = is_serious(types, inc.harm)
    staff = s.execute(
        select(IncidentStaff.person_id, IncidentStaff.days_absent)
        .where(IncidentStaff.incident_id == inc.id)
        .order_by(IncidentStaff.id)
    ).all()
    existing = {
        (st.person_id, st.step_type): st
        for st in s.scalars(select(SupportStep).where(SupportStep.incident_id == inc.id))
    }
    owner = default_step_owner(s, staff[0][0]) if staff else None
    for k, (pid, days) in enumerate(staff):
        facts = PersonFacts(
            serious=serious,
            physical=IncidentType.PHYSICAL in types,
            injury=inc.injury,
            police_informed=inc.police_informed,
            is_reporter=k == 0,
            days_absent=days,
        )
        wanted = applicable_steps(pathway, facts)
        for spec in wanted:
            due = due_at(spec, pathway, occurred, reported, days)
            step = existing.get((pid, spec.key))
            if step is None:
                s.add(
                    SupportStep(
                        incident_id=inc.id,
                        person_id=pid,
                        step_type=spec.key,
                        due_by=due,
                        owner_id=owner,
                    )
                )
            elif step.done_at is None and not step.declined and aware(step.due_by) != due:
                step.due_by = due
        keys = {spec.key for spec in wanted}
        for (p, key), step in existing.items():
            if (
                p == pid
                and key not in keys
                and key in pathway.keys
                and step.done_at is None
                and not step.declined
            ):
                step.declined, step.done_at, step.done_by = True, now, actor.username
                step.notes = (
                    "Not needed: no longer applies after the incident was "
                    f"changed on {today:%d %b %Y}."
                )


def default_step_owner(s: Session, reporter_id: int) -> int | None:
    """Who a new step belongs to: the reporter's line manager where the staff record names one,
    else nobody (unassigned, for the queue to hand out) -- never a guess."""
    return s.scalar(select(Person.line_manager_id).where(Person.id == reporter_id))

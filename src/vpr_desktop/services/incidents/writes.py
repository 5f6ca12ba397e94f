"""The write rules of the incident service: applying a checked input's children (types,
affected staff -- :mod:`affected_staff` -- outcome dates) and the RIDDOR decision.

Split from ``incidents.py`` for length; the why is in that module's docstring. The checks run
before are :mod:`input_checks`, the support steps kept in line after are :mod:`step_sync`.
Functions take the acting user and the service's clocks explicitly so they stay easy to test
and reuse.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpr_desktop.domain import riddor as rules
from vpr_desktop.domain.enums import CpsOutcome
from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import PoliceOutcome
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import IncidentTypeLink
from vpr_desktop.domain.support_pathway import SupportPathway
from vpr_desktop.services.common.same_named import from_same_named
from vpr_desktop.services.incidents.affected_staff import apply_staff
from vpr_desktop.services.incidents.records import Extras
from vpr_desktop.services.incidents.records import IncidentInput
from vpr_desktop.services.incidents.records import local_date
from vpr_desktop.services.incidents.step_sync import sync_steps

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor


def apply_children(
    s: Session,
    inc: Incident,
    data: IncidentInput,
    clean: dict[str, Any],
    extras: Extras,
    pathway: SupportPathway,
    old: tuple[PoliceOutcome | None, CpsOutcome | None],
    actor: Actor,
    now: dt.datetime,
    today: dt.date,
) -> None:
    """Types, affected staff (with characteristics and consent), outcome dates and support
    steps of a created or updated incident (RIDDOR is decided before: ``riddor_values``)."""
    types: tuple[IncidentType, ...] = clean["types"]
    # types
    existing_types = {
        t.incident_type: t
        for t in s.scalars(select(IncidentTypeLink).where(IncidentTypeLink.incident_id == inc.id))
    }
    for kind in types:
        if kind not in existing_types:
            s.add(IncidentTypeLink(incident_id=inc.id, incident_type=kind))
    for kind, link in existing_types.items():
        if kind not in types:
            s.delete(link)
    apply_staff(s, inc, data, extras, actor, today)
    # police and CPS outcome dates (incident columns): the day an outcome was recorded
    if inc.police_informed and inc.police_outcome is not PoliceOutcome.NOT_REPORTED:
        if old[0] != inc.police_outcome or extras.police_outcome_on is None:
            extras.police_outcome_on = today
    else:
        extras.police_outcome_on = None
    if inc.cps_outcome is CpsOutcome.NOT_APPLICABLE:
        extras.cps_outcome_on = None
    elif old[1] != inc.cps_outcome or extras.cps_outcome_on is None:
        extras.cps_outcome_on = today
    s.flush()
    sync_steps(s, inc, pathway, types, actor, now, today)


def riddor_values(
    data: IncidentInput, clean: dict[str, Any], extras: Extras, actor: Actor, now: dt.datetime
) -> dict[str, Any]:
    """The RIDDOR columns to store: the rule's decision from the input's facts, or a person's
    override (recorded in ``extras``); empty when an earlier override stands."""
    facts = from_same_named(
        rules.RiddorFacts,
        data,
        incident_date=local_date(data.occurred_at),
        types=frozenset(clean["types"]),
        death=Harm(data.harm) is Harm.DEATH,
        people=tuple(
            rules.PersonIncapacity(
                st.days_absent,
                st.restricted_duties_days,
                st.absence_reason_stress,
                st.fit_for_normal_duties_on,
            )
            for st in data.staff
        )
        or ((rules.PersonIncapacity(data.days_lost),) if data.days_lost else ()),
    )
    if data.clear_riddor_override:
        extras.riddor_override_by = extras.riddor_override_at = None
    if data.riddor_override is not None:
        decision = rules.override_decision(facts, data.riddor_override)
        extras.riddor_override_by = actor.display_name
        extras.riddor_override_at = now
    elif extras.riddor_override_by is not None:
        return {}  # a person's earlier decision stands
    else:
        decision = rules.assess(facts)
    return {
        "riddor_status": decision.status,
        "riddor_reason": decision.reason,
        "riddor_deadline": decision.deadline,
    }

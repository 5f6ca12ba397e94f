"""The write rules of the incident service: applying a checked input's children (types,
affected staff with their characteristics and consent, outcome dates) and the RIDDOR decision.

Split from ``incidents.py`` for length; the why is in that module's docstring. The checks run
before are :mod:`input_checks`, the support steps kept in line after are :mod:`step_sync`.
Functions take the acting user and the service's clocks explicitly so they stay easy to test
and reuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vpr_desktop.domain import riddor as rules
from vpr_desktop.domain.enums import (
    CpsOutcome,
    Harm,
    IncidentType,
    PoliceOutcome,
    ProtectedCharacteristic,
)
from vpr_desktop.domain.models import (
    Assignment,
    Incident,
    IncidentStaff,
    IncidentTypeLink,
    StaffCharacteristic,
    SupportStep,
)
from vpr_desktop.domain.support_pathway import (
    SupportPathway,
)
from vpr_desktop.services.incidents.input_checks import (
    text_or_none,
)
from vpr_desktop.services.incidents.records import (
    ConsentView,
    Extras,
    IncidentInput,
    local_date,
    stored_local_date,
)
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
    # staff
    day = stored_local_date(inc.occurred_at)
    rows = {
        r.person_id: r
        for r in s.scalars(select(IncidentStaff).where(IncidentStaff.incident_id == inc.id))
    }
    wanted = {st.person_id for st in data.staff}
    for pid, row in rows.items():
        if pid not in wanted:
            s.execute(
                delete(SupportStep).where(
                    SupportStep.incident_id == inc.id,
                    SupportStep.person_id == pid,
                    SupportStep.done_at.is_(None),
                    SupportStep.declined.is_(False),
                )
            )
            s.delete(row)  # their consent to contact goes with the row
            extras.consent_to_contact.pop(pid, None)
    for st in data.staff:
        staff_row = rows.get(st.person_id)
        group = (
            st.staff_group_id
            or (staff_row.staff_group_id if staff_row is not None else None)
            or group_at(s, st.person_id, day)
        )
        if staff_row is None:
            staff_row = IncidentStaff(incident_id=inc.id, person_id=st.person_id)
            s.add(staff_row)
        staff_row.staff_group_id = group
        staff_row.days_absent, staff_row.restricted_duties_days = (
            st.days_absent,
            st.restricted_duties_days,
        )
        staff_row.absence_reason_stress, staff_row.pc_consent = (
            st.absence_reason_stress,
            st.pc_consent,
        )
        s.flush()
        if not st.pc_consent:  # consent withdrawn: stop holding the data
            s.execute(
                delete(StaffCharacteristic).where(
                    StaffCharacteristic.incident_staff_id == staff_row.id
                )
            )
        elif st.characteristics is not None:
            set_characteristics(s, staff_row.id, st.characteristics)
        if st.consent_to_contact is not None:
            before = extras.consent_to_contact.get(st.person_id)
            if before is None or before.consent != st.consent_to_contact:
                extras.consent_to_contact[st.person_id] = ConsentView(
                    st.consent_to_contact, today, actor.username
                )
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
    facts = rules.RiddorFacts(
        incident_date=local_date(data.occurred_at),
        types=frozenset(clean["types"]),
        near_miss=data.near_miss,
        personal_dispute=data.personal_dispute,
        injury=data.injury,
        specified_injury=data.specified_injury,
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
        non_worker_taken_to_hospital=data.non_worker_taken_to_hospital,
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


def set_characteristics(
    s: Session, staff_id: int, chars: Mapping[ProtectedCharacteristic, str]
) -> None:
    """Make the stored protected characteristics of one affected person match ``chars``: add, change
    and delete rows in place."""
    have = {
        c.characteristic: c
        for c in s.scalars(
            select(StaffCharacteristic).where(StaffCharacteristic.incident_staff_id == staff_id)
        )
    }
    want = {ProtectedCharacteristic(k): (text_or_none(v) or "") for k, v in chars.items()}
    for kind, row in have.items():
        if kind not in want:
            s.delete(row)
        elif row.value != want[kind]:
            row.value = want[kind]
    for kind, value in want.items():
        if kind not in have:
            s.add(StaffCharacteristic(incident_staff_id=staff_id, characteristic=kind, value=value))


def group_at(s: Session, person_id: int, day: dt.date) -> int | None:
    """The person's staff group on ``day`` (primary assignment first), else their latest."""
    rows = s.execute(
        select(
            Assignment.staff_group_id,
            Assignment.start_date,
            Assignment.end_date,
            Assignment.primary,
        ).where(Assignment.person_id == person_id)
    ).all()
    live = [
        r
        for r in rows
        if (r.start_date is None or r.start_date <= day)
        and (r.end_date is None or r.end_date >= day)
    ]
    pool = live or rows
    if not pool:
        return None
    best = max(pool, key=lambda r: (bool(r.primary), r.start_date or dt.date.min))
    return int(best.staff_group_id)

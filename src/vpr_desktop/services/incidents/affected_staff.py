"""The affected staff of a created or updated incident: their rows, staff group, protected
characteristics (held only with consent) and consent to be contacted.

Kept apart from :mod:`vpr_desktop.services.incidents.writes` (types, outcome dates, support
steps) because this is where special-category data is written and removed: a withdrawn
consent deletes the characteristics, and a person taken off the incident takes their open
support steps and consent with them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy.orm import Session

from vpr_desktop.domain.enums import ProtectedCharacteristic
from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import IncidentStaff
from vpr_desktop.domain.models import StaffCharacteristic
from vpr_desktop.domain.models import SupportStep
from vpr_desktop.services.incidents.input_checks import text_or_none
from vpr_desktop.services.incidents.records import ConsentView
from vpr_desktop.services.incidents.records import Extras
from vpr_desktop.services.incidents.records import IncidentInput
from vpr_desktop.services.incidents.records import stored_local_date

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor


def apply_staff(
    s: Session, inc: Incident, data: IncidentInput, extras: Extras, actor: Actor, today: dt.date
) -> None:
    """Make the incident's affected staff match ``data.staff``: add, update and remove rows,
    with their characteristics and consent as the input gives them."""
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

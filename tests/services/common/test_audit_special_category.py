"""Special-category data never reaches the audit trail as values (issue 15, acceptance 8).

The audit is append-only, so a protected characteristic written there could never be erased
when the person withdraws consent. These tests record, change and withdraw characteristics
through the incident service on SQLite and PostgreSQL, then search every audit row's JSON for
the values: the audit must say THAT the value changed, never what it was.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from vpr_desktop.domain.base import AUDIT_CHANGED
from vpr_desktop.domain.base import AUDIT_RECORDED
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import ProtectedCharacteristic as PC
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import Site
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents.records import AffectedStaffInput
from vpr_desktop.services.incidents.records import IncidentInput
from vpr_desktop.services.incidents.service import IncidentService

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
ETHNICITY = "Mixed - White and Asian"
SEX_BEFORE = "Female-value-xyz"
SEX_AFTER = "Male-value-qrs"


def _setup(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with UnitOfWork(db, LEAD) as uow:
        s = uow.session
        site = Site(code="NG", name="Northgate")
        s.add(site)
        s.flush()
        loc = Location(
            site_id=site.id,
            code="W1",
            name="Rowan Ward",
            setting_type=SettingType.INPATIENT_MENTAL_HEALTH,
        )
        person = Person(employee_number="1001", first_name="Alex", last_name="Lee")
        s.add_all([loc, person])
        s.flush()
        return loc.id, person.id


def _audit_json(db) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    with reading(db) as s:
        rows = s.execute(
            select(AuditEvent.entity, AuditEvent.action, AuditEvent.before, AuditEvent.after)
        ).all()
    return [
        (entity, str(action), json.dumps(before) + json.dumps(after))
        for entity, action, before, after in rows
    ]


def test_protected_characteristic_changes_are_audited_without_their_values(db) -> None:  # type: ignore[no-untyped-def]
    loc_id, person_id = _setup(db)
    svc = IncidentService(db, LEAD, today=dt.date(2026, 6, 30))

    def incident(chars: dict[PC, str] | None, consent: bool) -> IncidentInput:
        return IncidentInput(
            occurred_at=dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC),
            reported_at=dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC),
            location_id=loc_id,
            types=(IncidentType.PHYSICAL,),
            description="Pushed in the corridor.",
            staff=(
                AffectedStaffInput(person_id=person_id, pc_consent=consent, characteristics=chars),
            ),
        )

    # recorded, then one value changed, then consent withdrawn (the rows are erased)
    d = svc.create(incident({PC.RACE: ETHNICITY, PC.SEX: SEX_BEFORE}, True))
    d = svc.update(d.id, incident({PC.RACE: ETHNICITY, PC.SEX: SEX_AFTER}, True), d.version)
    svc.update(d.id, incident(None, False), d.version)

    rows = _audit_json(db)
    changes = [
        action
        for entity, action, _j in rows
        if entity == "staff_characteristic" and action != "view"
    ]
    # two recorded, one changed (withdrawal deletes them in bulk and audits the consent)
    assert sorted(changes) == ["create", "create", "update"]
    assert any(e == "incident_staff" and '"pc_consent": false' in j for e, _a, j in rows)
    # …and no value is, in any audit row of any table
    for value in (ETHNICITY, SEX_BEFORE, SEX_AFTER, "White and Asian"):
        assert not [r for r in rows if value in r[2]], value

    with reading(db) as s:
        update = s.execute(
            select(AuditEvent.before, AuditEvent.after).where(
                AuditEvent.entity == "staff_characteristic",
                AuditEvent.action == AuditAction.UPDATE,
            )
        ).one()
        created = s.scalars(
            select(AuditEvent.after).where(
                AuditEvent.entity == "staff_characteristic",
                AuditEvent.action == AuditAction.CREATE,
            )
        ).all()
    assert update.before == {"value": AUDIT_CHANGED}
    assert update.after == {"value": AUDIT_CHANGED}
    # the kind of characteristic is kept (the audit can say what changed), its value is not
    assert sorted(c["characteristic"] for c in created) == ["race", "sex"]
    assert {c["value"] for c in created} == {AUDIT_RECORDED}


def test_other_columns_are_still_audited_with_their_values(db) -> None:  # type: ignore[no-untyped-def]
    _setup(db)
    with reading(db) as s:
        after = s.scalar(
            select(AuditEvent.after).where(
                AuditEvent.entity == "person", AuditEvent.action == AuditAction.CREATE
            )
        )
    assert after is not None
    assert after["first_name"] == "Alex" and after["employee_number"] == "1001"

"""The incident service on SQLite AND PostgreSQL: validation, RIDDOR on create and update,
support steps from the pathway setting (acceptance 2), protected characteristics only for
allowed roles with consent (acceptance 5), outcomes, the timeline, the support queue, the
list's filters, and the pack aggregates checked against plain SQL on the demo trust."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain import disclosure
from vpr_desktop.domain.base import Base
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import CpsOutcome
from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import Intent
from vpr_desktop.domain.enums import PoliceOutcome
from vpr_desktop.domain.enums import ProtectedCharacteristic as PC
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.errors import ConflictError
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import Setting
from vpr_desktop.domain.models import Site
from vpr_desktop.domain.models import StaffCharacteristic
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.riddor import RiddorOverride
from vpr_desktop.domain.riddor import SubmissionState
from vpr_desktop.domain.support_pathway import DEFAULT_PATHWAY
from vpr_desktop.domain.support_pathway import Condition
from vpr_desktop.domain.support_pathway import PathwayStep
from vpr_desktop.domain.support_pathway import StepState
from vpr_desktop.domain.support_pathway import SupportPathway
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents.figures import Period
from vpr_desktop.services.incidents.listing import IncidentListSource
from vpr_desktop.services.incidents.records import AffectedStaffInput
from vpr_desktop.services.incidents.records import IncidentInput
from vpr_desktop.services.incidents.service import IncidentService
from vpr_desktop.services.incidents.stats import IncidentStats
from vpr_desktop.services.incidents.support_queue import SupportQueueSource

TODAY = dt.date(2026, 6, 30)
UTC = dt.UTC
LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
CHAIR = Actor("chair", "Chris Chair", frozenset({Role.COMMITTEE_CHAIR}))
STAFF_SIDE = Actor("rep", "Robin Rep", frozenset({Role.STAFF_SIDE_REP}))
BOARD = Actor("sec", "Bea Secretary", frozenset({Role.BOARD_SECRETARY}))


@dataclass
class Ref:
    locs: dict[str, int]
    groups: dict[str, int]
    people: dict[str, int]


@pytest.fixture
def ref(db) -> Ref:  # type: ignore[no-untyped-def]
    with UnitOfWork(db, LEAD) as uow:
        s = uow.session
        site = Site(code="NG", name="Northgate")
        s.add(site)
        s.flush()
        locs = {}
        for code, name in (("W1", "Rowan Ward"), ("ED", "Emergency Department")):
            loc = Location(
                site_id=site.id,
                code=code,
                name=name,
                setting_type=SettingType.INPATIENT_MENTAL_HEALTH,
            )
            s.add(loc)
            s.flush()
            locs[code] = loc.id
        groups = {}
        for code, name in (
            ("NMR", "Nursing and Midwifery Registered"),
            ("ACS", "Additional Clinical Services"),
        ):
            g = StaffGroup(code=code, name=name)
            s.add(g)
            s.flush()
            groups[code] = g.id
        people = {}
        for number, first, last, group in (
            ("1001", "Alex", "Lee", "NMR"),
            ("1002", "Sam", "Shah", "ACS"),
            ("1003", "Jo", "Bloggs", "NMR"),
        ):
            p = Person(employee_number=number, first_name=first, last_name=last)
            s.add(p)
            s.flush()
            s.add(
                Assignment(
                    person_id=p.id,
                    assignment_number=number,
                    staff_group_id=groups[group],
                    location_id=locs["W1"],
                    start_date=dt.date(2020, 1, 1),
                )
            )
            people[number] = p.id
    return Ref(locs, groups, people)


@pytest.fixture
def svc(db, ref: Ref) -> IncidentService:  # type: ignore[no-untyped-def]
    return IncidentService(db, LEAD, today=TODAY)


def staff(ref: Ref, number: str, **kw: object) -> AffectedStaffInput:
    return AffectedStaffInput(person_id=ref.people[number], **kw)  # type: ignore[arg-type]


def physical(ref: Ref, **kw: object) -> IncidentInput:
    values: dict[str, object] = dict(
        occurred_at=dt.datetime(2026, 6, 1, 10, 0, tzinfo=UTC),
        reported_at=dt.datetime(2026, 6, 1, 12, 0, tzinfo=UTC),
        location_id=ref.locs["W1"],
        types=(IncidentType.PHYSICAL,),
        harm=Harm.LOW,
        injury=True,
        intent=Intent.CLINICALLY_RELATED,
        description="Punched on the arm.",
        staff=(staff(ref, "1001"), staff(ref, "1002")),
    )
    values.update(kw)
    return IncidentInput(**values)  # type: ignore[arg-type]


def steps_by_person(detail) -> dict[int, dict[str, object]]:  # type: ignore[no-untyped-def]
    out: dict[int, dict[str, object]] = {}
    for s in detail.steps:
        out.setdefault(s.person_id, {})[s.step_type] = s
    return out


# ----------------------------------------------------------------------- create / validate


def test_create_returns_plain_data_with_reference_month_and_staff_group(
    svc: IncidentService, ref: Ref
) -> None:
    d = svc.create(physical(ref))
    assert not isinstance(d, Base) and not any(isinstance(s, Base) for s in d.steps)
    assert d.reference == "VPR-000001" and d.month == "2026-06"
    assert d.types == (IncidentType.PHYSICAL,) and d.location == "Rowan Ward"
    assert [s.staff_group for s in d.staff] == [
        "Nursing and Midwifery Registered",
        "Additional Clinical Services",
    ]
    assert [s.is_reporter for s in d.staff] == [True, False]
    assert d.riddor.status is RiddorStatus.NOT_REPORTABLE
    assert svc.create(physical(ref)).reference == "VPR-000002"


def test_references_count_on_past_vpr_999999(db, svc: IncidentService, ref: Ref) -> None:  # type: ignore[no-untyped-def]
    """A millionth incident: VPR-1000000 sorts below VPR-999999 as text, yet comes after it."""
    from sqlalchemy import text

    from vpr_desktop.services.common.unit_of_work import reading
    from vpr_desktop.services.incidents.references import next_reference_number

    first = svc.create(physical(ref))
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE incident SET reference = 'VPR-999999' WHERE id = :id"), {"id": first.id}
        )
    assert svc.create(physical(ref)).reference == "VPR-1000000"
    assert svc.create(physical(ref)).reference == "VPR-1000001"
    with db.engine.begin() as conn:  # a reference that is not a number is passed over
        conn.execute(
            text("UPDATE incident SET reference = 'VPR-999999-A' WHERE id = :id"), {"id": first.id}
        )
    with reading(db) as s:
        assert next_reference_number(s) == 1_000_002
        assert next_reference_number(s, thorough=True) == 1_000_002
    assert svc.create(physical(ref)).reference == "VPR-1000002"


@pytest.mark.parametrize(
    "when, month",
    [
        (dt.datetime(2026, 5, 31, 23, 30), "2026-05"),  # naive = London (BST)
        (dt.datetime(2026, 5, 31, 23, 30, tzinfo=UTC), "2026-06"),  # 00:30 on 1 June in London
        (dt.datetime(2026, 3, 31, 23, 59), "2026-03"),
    ],
)
def test_month_is_the_london_month(
    svc: IncidentService, ref: Ref, when: dt.datetime, month: str
) -> None:
    d = svc.create(physical(ref, occurred_at=when, reported_at=None))
    assert d.month == month
    assert d.occurred_at.tzinfo is not None


@pytest.mark.parametrize(
    "change, field",
    [
        ({"occurred_at": dt.datetime(2026, 7, 5, 10, 0, tzinfo=UTC)}, "occurred_at"),
        ({"reported_at": dt.datetime(2026, 5, 1, tzinfo=UTC)}, "reported_at"),
        ({"location_id": None}, "location_id"),
        ({"location_id": 99999}, "location_id"),
        ({"types": ()}, "types"),
        ({"types": (IncidentType.VERBAL, IncidentType.HATE_MOTIVATED)}, "hate_strand"),
        ({"hate_strand": "race"}, "hate_strand"),
        ({"crime_reference": "NM/26/1"}, "crime_reference"),
        ({"police_outcome": PoliceOutcome.CHARGED}, "police_outcome"),
        ({"police_informed": True, "cps_outcome": CpsOutcome.CONVICTED}, "cps_outcome"),
        (
            {
                "police_informed": True,
                "police_outcome": PoliceOutcome.CHARGED,
                "cps_outcome": CpsOutcome.ACQUITTED,
                "aewa_sanction": True,
            },
            "aewa_sanction",
        ),
        ({"near_miss": True}, "near_miss"),
        ({"specified_injury": True, "injury": False}, "specified_injury"),
        ({"riddor_override": RiddorOverride(RiddorStatus.REPORTABLE, "  ")}, "riddor_override"),
    ],
)
def test_validation_names_the_field(
    svc: IncidentService, ref: Ref, change: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        svc.create(physical(ref, **change))
    assert field in [p[1] for p in info.value.problems]
    with reading(svc.db) as s:
        assert s.scalar(select(func.count()).select_from(Incident)) == 0  # nothing written


def test_staff_validation(svc: IncidentService, ref: Ref) -> None:
    with pytest.raises(ValidationError, match="twice"):
        svc.create(physical(ref, staff=(staff(ref, "1001"), staff(ref, "1001"))))
    with pytest.raises(ValidationError, match="consent"):
        svc.create(physical(ref, staff=(staff(ref, "1001", characteristics={PC.SEX: "F"}),)))
    with pytest.raises(ValidationError, match="no such member"):
        svc.create(physical(ref, staff=(AffectedStaffInput(person_id=424242),)))
    with pytest.raises(ValidationError, match="stress absence"):
        svc.create(physical(ref, staff=(staff(ref, "1001", absence_reason_stress=True),)))


def test_hate_strand_accepts_key_or_label(svc: IncidentService, ref: Ref) -> None:
    d = svc.create(
        physical(
            ref,
            types=(IncidentType.VERBAL, IncidentType.HATE_MOTIVATED),
            hate_strand="Religion or belief",
            injury=False,
        )
    )
    assert d.hate_strand == "religion"
    assert d.types == (IncidentType.VERBAL, IncidentType.HATE_MOTIVATED)


def test_only_editors_write(db, ref: Ref) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDeniedError):
        IncidentService(db, CHAIR, today=TODAY).create(physical(ref))


# ------------------------------------------------------------------- acceptance 2: steps


def test_creating_with_two_staff_creates_the_pathways_steps_for_both_due_from_the_setting(
    svc: IncidentService, ref: Ref
) -> None:
    pathway = SupportPathway(
        starts_from="reported_at",
        steps=(
            PathwayStep("welfare_call", "Welfare call", "line_manager", 4),
            PathwayStep(
                "trim_72h",
                "TRiM",
                "trim_practitioner",
                120,
                not_before_hours=72,
                applies_to=(Condition.SERIOUS,),
            ),
            PathwayStep(
                "feedback_to_reporter",
                "Feedback",
                "incident_handler",
                240,
                applies_to=(Condition.REPORTER,),
            ),
            PathwayStep(
                "police_liaison",
                "Police liaison",
                "security",
                48,
                applies_to=(Condition.POLICE_INFORMED,),
            ),
        ),
    )
    svc.save_pathway(pathway)
    assert svc.pathway() == pathway
    d = svc.create(physical(ref))
    reported = dt.datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    by = steps_by_person(d)
    a, b = ref.people["1001"], ref.people["1002"]
    assert set(by[a]) == {"welfare_call", "trim_72h", "feedback_to_reporter"}
    assert set(by[b]) == {"welfare_call", "trim_72h"}  # not the reporter; police not told
    for pid in (a, b):
        assert by[pid]["welfare_call"].due_by == reported + dt.timedelta(hours=4)
        assert by[pid]["trim_72h"].due_by == reported + dt.timedelta(hours=120)
        assert by[pid]["trim_72h"].not_before == dt.datetime(2026, 6, 4, 10, 0, tzinfo=UTC)
        assert by[pid]["trim_72h"].owner_role == "trim_practitioner"
    assert by[a]["feedback_to_reporter"].due_by == reported + dt.timedelta(hours=240)
    assert {s.state for s in d.steps} == {StepState.OVERDUE}  # as of 30 June


def test_completing_a_step_late_marks_it_late_in_the_support_statistics(
    svc: IncidentService, ref: Ref
) -> None:
    d = svc.create(
        physical(
            ref,
            occurred_at=dt.datetime(2026, 6, 29, 8, 0, tzinfo=UTC),
            reported_at=dt.datetime(2026, 6, 29, 9, 0, tzinfo=UTC),
        )
    )
    by = steps_by_person(d)
    a, b = ref.people["1001"], ref.people["1002"]
    on_time = svc.complete_step(
        by[a]["welfare_check"].id, dt.datetime(2026, 6, 29, 9, 30, tzinfo=UTC)
    )
    late = svc.complete_step(
        by[b]["welfare_check"].id, dt.datetime(2026, 6, 29, 15, 0, tzinfo=UTC), notes="Rang later."
    )
    assert on_time.state is StepState.DONE_ON_TIME
    assert late.state is StepState.DONE_LATE and late.notes == "Rang later."
    stats = svc.stats().support_on_time(Period.months("2026-06", "2026-06"))
    welfare = next(s for s in stats.by_step if s.step_type == "welfare_check")
    assert (welfare.on_time, welfare.late_done, welfare.overdue) == (1, 1, 0)
    assert welfare.percent == 50.0
    manager = next(s for s in stats.by_step if s.step_type == "manager_check_in")
    assert manager.overdue == 2  # due 30 June 08:00 UTC; open at the end of 30 June
    follow_up = next(s for s in stats.by_step if s.step_type == "trim_28d")
    assert follow_up.pending == 2 and follow_up.percent is None  # not yet due: not counted
    assert stats.on_time == 1 and stats.late == 1 + stats.by_step[1].overdue + sum(
        s.overdue for s in stats.by_step if s.step_type not in ("welfare_check", "manager_check_in")
    )


def test_the_demos_first_settings_shape_is_used_as_it_is(svc: IncidentService, ref: Ref) -> None:
    with UnitOfWork(svc.db, LEAD) as uow:
        uow.session.add(
            Setting(
                key="support_pathway",
                value={
                    "starts_from": "reported_at",
                    "steps": [
                        {
                            "type": "manager_check_in",
                            "label": "Manager check-in",
                            "due_hours": 24,
                            "applies_to": "all",
                        },
                        {
                            "type": "feedback_to_reporter",
                            "label": "Feedback to the reporter",
                            "due_hours": 336,
                            "applies_to": "reporter",
                        },
                    ],
                },
            )
        )
    d = svc.create(physical(ref))
    assert sorted(s.step_type for s in d.steps) == [
        "feedback_to_reporter",
        "manager_check_in",
        "manager_check_in",
    ]
    assert svc.pathway().migrated_from == 1 and svc.pathway_problem is None
    check = next(s for s in d.steps if s.step_type == "manager_check_in")
    assert check.label == "Manager check-in" and check.owner_role == "line_manager"
    assert check.due_by == dt.datetime(2026, 6, 2, 12, 0, tzinfo=UTC)


def test_a_damaged_pathway_setting_falls_back_to_the_default(
    svc: IncidentService, ref: Ref
) -> None:
    with UnitOfWork(svc.db, LEAD) as uow:
        uow.session.add(Setting(key="support_pathway", value={"steps": "nonsense"}))
    assert svc.pathway() == DEFAULT_PATHWAY and "no steps" in (svc.pathway_problem or "")
    assert svc.create(physical(ref)).steps


def test_pathway_setting_needs_manage_settings(db, ref: Ref) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDeniedError):
        IncidentService(db, CHAIR).save_pathway(DEFAULT_PATHWAY)


# ------------------------------------------------------------------------- update, RIDDOR


def test_update_recomputes_riddor_and_syncs_steps(svc: IncidentService, ref: Ref) -> None:
    d = svc.create(physical(ref, staff=(staff(ref, "1001", days_absent=8),)))
    assert d.riddor.status is RiddorStatus.REPORTABLE
    assert d.riddor.deadline == dt.date(2026, 6, 16)
    assert d.days_lost == 8
    rtw = steps_by_person(d)[ref.people["1001"]]["return_to_work_review"]
    assert rtw.due_by == dt.datetime(2026, 6, 12, 10, 0, tzinfo=UTC)  # back 10 June, +48 h
    # fewer days, police now informed, a third person affected
    edited = replace(
        d.as_input(),
        staff=(staff(ref, "1001", days_absent=3), staff(ref, "1003")),
        police_informed=True,
        crime_reference="NM/26/000123",
    )
    u = svc.update(d.id, edited, d.version)
    assert u.version > d.version
    assert u.riddor.status is RiddorStatus.NOT_REPORTABLE and u.riddor.deadline is None
    by = steps_by_person(u)
    assert "police_liaison" in by[ref.people["1001"]]
    assert set(by[ref.people["1003"]]) >= {"welfare_check", "manager_check_in", "police_liaison"}
    assert by[ref.people["1001"]]["return_to_work_review"].due_by == dt.datetime(
        2026, 6, 7, 10, 0, tzinfo=UTC
    )  # back 5 June, +48 h
    assert u.police_outcome is PoliceOutcome.UNDER_INVESTIGATION
    with pytest.raises(ConflictError):
        svc.update(d.id, edited, d.version)  # stale: nothing overwritten


def test_removing_a_person_keeps_their_completed_steps_and_drops_open_ones(
    svc: IncidentService, ref: Ref
) -> None:
    d = svc.create(physical(ref))
    b = ref.people["1002"]
    done = steps_by_person(d)[b]["welfare_check"]
    svc.complete_step(done.id, dt.datetime(2026, 6, 1, 11, 0, tzinfo=UTC))
    d = svc.get(d.id)
    u = svc.update(d.id, replace(d.as_input(), staff=(staff(ref, "1001"),)), d.version)
    left = [s for s in u.steps if s.person_id == b]
    assert [s.step_type for s in left] == ["welfare_check"]
    assert [s.person_id for s in u.staff] == [ref.people["1001"]]


def test_steps_that_no_longer_apply_are_closed_as_not_needed(
    svc: IncidentService, ref: Ref
) -> None:
    d = svc.create(physical(ref))
    assert "trim_72h" in steps_by_person(d)[ref.people["1001"]]
    calmer = replace(d.as_input(), types=(IncidentType.VERBAL,), harm=Harm.NO_HARM, injury=False)
    u = svc.update(d.id, calmer, d.version)
    trim = steps_by_person(u)[ref.people["1001"]]["trim_72h"]
    assert trim.state is StepState.NOT_NEEDED and "no longer applies" in (trim.notes or "")


def test_a_recorded_riddor_override_stands_until_cleared(svc: IncidentService, ref: Ref) -> None:
    grey = physical(
        ref,
        injury=False,
        harm=Harm.MODERATE,
        staff=(staff(ref, "1001", days_absent=12, absence_reason_stress=True),),
    )
    d = svc.create(grey)
    assert d.riddor.status is RiddorStatus.JUDGEMENT_NEEDED and d.riddor.deadline is None
    decided = replace(
        d.as_input(),
        riddor_override=RiddorOverride(
            RiddorStatus.NOT_REPORTABLE, "H&S lead: the stress is not from an injury."
        ),
    )
    o = svc.update(d.id, decided, d.version)
    assert o.riddor.status is RiddorStatus.NOT_REPORTABLE and o.riddor.overridden
    assert o.riddor.overridden_by == "Pat Lead"
    assert o.riddor.reason == "H&S lead: the stress is not from an injury."
    assert o.riddor.rule_status is RiddorStatus.JUDGEMENT_NEEDED
    again = svc.update(o.id, replace(o.as_input(), description="More detail."), o.version)
    assert again.riddor.status is RiddorStatus.NOT_REPORTABLE and again.riddor.overridden
    cleared = svc.update(
        again.id, replace(again.as_input(), clear_riddor_override=True), again.version
    )
    assert cleared.riddor.status is RiddorStatus.JUDGEMENT_NEEDED
    assert not cleared.riddor.overridden


def test_riddor_submission_on_time_and_overdue(svc: IncidentService, ref: Ref) -> None:
    d = svc.create(physical(ref, specified_injury=True, harm=Harm.SEVERE))
    assert d.riddor.deadline == dt.date(2026, 6, 11)
    assert d.riddor.state is SubmissionState.OVERDUE
    assert [r.reference for r in svc.riddor_due()] == [d.reference]
    s = svc.record_riddor_submission(d.id, dt.date(2026, 6, 10), "RIDDOR-1234")
    assert s.riddor.state is SubmissionState.ON_TIME and s.riddor.reference == "RIDDOR-1234"
    assert svc.riddor_due() == []
    plain = svc.create(physical(ref))
    with pytest.raises(ValidationError, match="not RIDDOR-reportable"):
        svc.record_riddor_submission(plain.id, dt.date(2026, 6, 10))
    with pytest.raises(ValidationError, match="future"):
        svc.record_riddor_submission(d.id, dt.date(2026, 7, 10))
    r = svc.stats().riddor_on_time(Period.months("2026-06", "2026-06"))
    assert (r.reportable, r.on_time, r.overdue, r.percent) == (1, 1, 0, 100.0)


# ------------------------------------------------------------------ support step actions


def test_step_actions(svc: IncidentService, ref: Ref) -> None:
    d = svc.create(physical(ref))
    by = steps_by_person(d)
    welfare = by[ref.people["1001"]]["welfare_check"]
    with pytest.raises(ValidationError, match="future"):
        svc.complete_step(welfare.id, dt.datetime(2026, 7, 20, tzinfo=UTC))
    with pytest.raises(ValidationError, match="before the incident"):
        svc.complete_step(welfare.id, dt.datetime(2026, 5, 20, tzinfo=UTC))
    with pytest.raises(ValidationError, match="why"):
        svc.mark_not_needed(welfare.id, " ")
    skipped = svc.mark_not_needed(welfare.id, "Declined; has support from family.")
    assert skipped.state is StepState.NOT_NEEDED and skipped.not_needed
    with pytest.raises(ConflictError):
        svc.reopen_step(welfare.id, expected_version=welfare.version)
    reopened = svc.reopen_step(welfare.id)
    assert reopened.state is StepState.OVERDUE and reopened.done_at is None
    feedback = by[ref.people["1001"]]["feedback_to_reporter"]
    svc.complete_step(feedback.id, dt.datetime(2026, 6, 5, 9, 0, tzinfo=UTC))
    assert svc.get(d.id).feedback_given_on == dt.date(2026, 6, 5)


def test_record_feedback_completes_the_feedback_step(svc: IncidentService, ref: Ref) -> None:
    d = svc.create(physical(ref))
    f = svc.record_feedback(d.id, dt.date(2026, 6, 3))
    assert f.feedback_given_on == dt.date(2026, 6, 3)
    step = next(s for s in f.steps if s.step_type == "feedback_to_reporter")
    assert step.state is StepState.DONE_ON_TIME
    g = svc.stats().feedback_given(Period.months("2026-06", "2026-06"))
    assert (g.incidents, g.given, g.percent) == (1, 1, 100.0)


def test_consent_to_contact(svc: IncidentService, ref: Ref) -> None:
    d = svc.create(
        physical(ref, staff=(staff(ref, "1001", consent_to_contact=True), staff(ref, "1002")))
    )
    assert d.staff[0].consent_to_contact is not None and d.staff[0].consent_to_contact.consent
    assert d.staff[1].consent_to_contact is None
    c = svc.record_consent_to_contact(
        d.id, ref.people["1002"], False, dt.date(2026, 6, 2), "Prefers no calls."
    )
    assert c.consent is False
    again = svc.get(d.id)
    assert again.staff[1].consent_to_contact == c
    with pytest.raises(ValidationError, match="not recorded as affected"):
        svc.record_consent_to_contact(d.id, ref.people["1003"], True)


def test_consent_to_contact_with_the_police_informed(svc: IncidentService, ref: Ref) -> None:
    """Saving both once failed: the consent loop reused the name holding the earlier outcomes."""
    d = svc.create(
        physical(ref, police_informed=True, staff=(staff(ref, "1001", consent_to_contact=True),))
    )
    assert d.police_outcome is PoliceOutcome.UNDER_INVESTIGATION
    assert d.police_outcome_on == svc.today()
    assert d.staff[0].consent_to_contact is not None and d.staff[0].consent_to_contact.consent
    u = svc.update(d.id, replace(d.as_input(), crime_reference="NM/26/000124"), d.version)
    assert u.police_outcome_on == d.police_outcome_on
    assert u.staff[0].consent_to_contact == d.staff[0].consent_to_contact


# --------------------------------------------------------- outcomes and the timeline


def test_police_and_cps_outcomes_and_the_timeline(svc: IncidentService, ref: Ref) -> None:
    d = svc.create(physical(ref, police_informed=True))
    with pytest.raises(ValidationError, match="charged"):
        svc.record_cps_outcome(d.id, CpsOutcome.CONVICTED, dt.date(2026, 6, 20))
    p = svc.record_police_outcome(
        d.id, PoliceOutcome.CHARGED, dt.date(2026, 6, 10), crime_reference="NM/26/000777"
    )
    assert p.police_outcome_on == dt.date(2026, 6, 10) and p.crime_reference == "NM/26/000777"
    c = svc.record_cps_outcome(d.id, CpsOutcome.CONVICTED, dt.date(2026, 6, 25), aewa_sanction=True)
    assert c.aewa_sanction and c.cps_outcome_on == dt.date(2026, 6, 25)
    svc.record_feedback(d.id, dt.date(2026, 6, 4))
    kinds = [e.kind for e in svc.timeline(d.id)]
    assert kinds[:2] == ["occurred", "reported"]
    assert kinds.index("feedback") < kinds.index("police_outcome") < kinds.index("cps_outcome")
    assert any(k.startswith("step_") for k in kinds[2 : kinds.index("feedback")])
    outcomes = svc.stats().police_outcomes(Period.months("2026-06", "2026-06"))
    assert outcomes.police_informed == 1 and outcomes.charged == 1
    assert dict(outcomes.cps)[CpsOutcome.CONVICTED] == 1 and outcomes.aewa_sanctions == 1


# ------------------------------------------------------ acceptance 5: characteristics


def test_protected_characteristics_only_for_allowed_roles_and_with_consent(
    db, svc: IncidentService, ref: Ref
) -> None:  # type: ignore[no-untyped-def]
    d = svc.create(
        physical(
            ref,
            staff=(
                staff(
                    ref,
                    "1001",
                    pc_consent=True,
                    characteristics={PC.RACE: "Black or Black British - African", PC.SEX: "Female"},
                ),
                staff(ref, "1002", pc_consent=False),
            ),
        )
    )
    assert d.characteristics_visible
    assert dict(d.staff[0].characteristics or ()) == {
        PC.RACE: "Black or Black British - African",
        PC.SEX: "Female",
    }
    assert d.staff[1].characteristics is None  # no consent: nothing held, nothing shown
    with reading(db) as s:
        viewed = s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.action == AuditAction.VIEW, AuditEvent.entity == "staff_characteristic"
            )
        )
    assert viewed and viewed >= 1

    chair = IncidentService(db, CHAIR, today=TODAY).get(d.id)  # reads incidents, not PCs
    assert not chair.characteristics_visible
    assert all(s.characteristics is None for s in chair.staff)
    assert "African" not in repr(chair) and "Female" not in repr(chair)
    assert chair.description == "Punched on the arm."  # the narrative is for this role
    for outsider in (STAFF_SIDE, BOARD):
        with pytest.raises(PermissionDeniedError):
            IncidentService(db, outsider).get(d.id)
        with pytest.raises(PermissionDeniedError):
            IncidentListSource(db, outsider)
        with pytest.raises(PermissionDeniedError):
            IncidentService(db, outsider).support_queue()

    # consent withdrawn: the characteristics are deleted, not just hidden
    withdrawn = replace(
        d.as_input(), staff=(staff(ref, "1001", pc_consent=False), staff(ref, "1002"))
    )
    svc.update(d.id, withdrawn, d.version)
    with reading(db) as s:
        assert s.scalar(select(func.count()).select_from(StaffCharacteristic)) == 0


def test_aggregates_for_staff_side_and_board_are_counts_with_suppression(
    db, svc: IncidentService, ref: Ref
) -> None:  # type: ignore[no-untyped-def]
    for _ in range(9):
        svc.create(
            physical(
                ref,
                staff=(staff(ref, "1001", pc_consent=True, characteristics={PC.SEX: "Female"}),),
            )
        )
    svc.create(
        physical(
            ref, staff=(staff(ref, "1002", pc_consent=True, characteristics={PC.SEX: "Male"}),)
        )
    )
    period = Period.months("2026-06", "2026-06")
    for reader in (STAFF_SIDE, BOARD):
        stats = IncidentStats(db, reader, today=TODAY)
        assert stats.monthly_counts(period).total == (10,)
        sex = stats.characteristic_counts(period)[PC.SEX]
        assert sex.shown() == {"Female": "*", "Male": "*"}  # 9 -> secondary with the 1
        assert sex.total.shown == "10"
        with pytest.raises(PermissionDeniedError):
            stats.characteristic_counts(period, disclosure.NO_SUPPRESSION)
    exact = svc.stats().characteristic_counts(period, disclosure.NO_SUPPRESSION)[PC.SEX]
    assert exact.shown() == {"Female": "9", "Male": "1"}
    table = svc.stats().characteristic_by_type(period, PC.SEX)
    assert table.cells["Male", "physical"].suppressed
    with pytest.raises(PermissionDeniedError):
        IncidentStats(db, Actor("x", "Nobody", frozenset()))


# --------------------------------------------------------------------- lists and queue


def test_support_queue_is_open_steps_overdue_first_with_filters(
    svc: IncidentService, ref: Ref
) -> None:
    old = svc.create(physical(ref))
    new = svc.create(
        physical(
            ref,
            location_id=ref.locs["ED"],
            occurred_at=dt.datetime(2026, 6, 30, 8, 0, tzinfo=UTC),
            reported_at=dt.datetime(2026, 6, 30, 9, 0, tzinfo=UTC),
            police_informed=True,
        )
    )
    first_done = steps_by_person(old)[ref.people["1001"]]["welfare_check"]
    svc.complete_step(first_done.id, dt.datetime(2026, 6, 1, 11, 0, tzinfo=UTC))
    q = svc.support_queue()
    total = len(old.steps) + len(new.steps) - 1
    assert q.count(PageRequest()) == total
    rows = q.page(PageRequest()).rows
    due = [r[0] for r in rows]
    assert due == sorted(due)
    assert rows[0][1] is True and rows[-1][1] is False  # overdue first, not yet due last
    assert first_done.id not in {r[SupportQueueSource.STEP_ID_INDEX] for r in rows}
    assert {r[SupportQueueSource.INCIDENT_ID_INDEX] for r in rows} == {old.id, new.id}
    not_overdue = q.count(PageRequest(filters={"overdue": False}))
    assert q.count(PageRequest(filters={"overdue": True})) + not_overdue == total
    assert q.count(PageRequest(filters={"location_id": ref.locs["ED"]})) == len(new.steps)
    assert q.count(PageRequest(filters={"step_type": "police_liaison"})) == 2
    assert q.count(PageRequest(filters={"owner_role": "security"})) == 2
    assert q.count(PageRequest(search="Shah")) == sum(
        1 for s in [*old.steps, *new.steps] if s.person_id == ref.people["1002"]
    )
    assert q.count(PageRequest(sort_key="person")) == total


def test_incident_list_filters(db, svc: IncidentService, ref: Ref) -> None:  # type: ignore[no-untyped-def]
    a = svc.create(physical(ref))
    b = svc.create(
        physical(
            ref,
            location_id=ref.locs["ED"],
            types=(IncidentType.VERBAL,),
            injury=False,
            harm=Harm.NO_HARM,
            intent=Intent.DELIBERATE,
            occurred_at=dt.datetime(2026, 5, 3, 9, 0),
            reported_at=dt.datetime(2026, 5, 3, 10, 0),
        )
    )
    c = svc.create(
        physical(
            ref,
            specified_injury=True,
            harm=Harm.SEVERE,
            types=(IncidentType.SEXUAL, IncidentType.PHYSICAL),
        )
    )
    src = IncidentListSource(db, CHAIR, today=TODAY)

    def refs(**filters: object) -> set[str]:
        page = src.page(PageRequest(filters=filters))
        return {r[0] for r in page.rows}

    assert refs() == {a.reference, b.reference, c.reference}
    assert src.page(PageRequest()).rows[0][IncidentListSource.ID_INDEX] in {a.id, c.id}
    assert refs(location_id=ref.locs["ED"]) == {b.reference}
    assert refs(location_id=[ref.locs["ED"], ref.locs["W1"]]) == refs()
    assert refs(type="physical") == {a.reference, c.reference}
    assert refs(type=["verbal", "sexual"]) == {b.reference, c.reference}
    assert refs(primary_type="sexual") == {c.reference}
    assert refs(harm=["severe"]) == {c.reference}
    assert refs(clinically_related=True) == {a.reference, c.reference}
    assert refs(clinically_related=False) == {b.reference}
    assert refs(riddor_overdue=True) == {c.reference}
    assert refs(**{"from": dt.date(2026, 5, 3), "to": dt.date(2026, 5, 3)}) == {b.reference}
    assert refs(**{"from": dt.date(2026, 5, 4)}) == {a.reference, c.reference}
    assert refs(month=("2026-05", "2026-05")) == {b.reference}
    assert src.count(PageRequest(filters={"location_id": ref.locs["W1"]})) == 2


# -------------------------------------------------------------------- aggregates vs SQL


def test_period_on_time_totals_from_the_monthly_pass(demo_copy: Path) -> None:
    """A pack reads its period's on-time figures from the chart's monthly pass (``total_of``):
    the sum of those months equals the period's own query, step type by step type."""
    from vpr_desktop.store.database import open_database

    db = open_database(demo_copy)
    try:
        stats = IncidentService(db, LEAD, today=dt.date(2026, 6, 30)).stats()
        chart, quarter = Period.months("2025-07", "2026-06"), Period.months("2026-01", "2026-03")
        support = stats.support_on_time_by_month(chart, total_of=quarter.month_list())
        direct = stats.support_on_time(quarter)
        assert direct.by_step and support[""] == direct
        assert support["2026-02"] == stats.support_on_time_by_month(quarter)["2026-02"]
        riddor = stats.riddor_on_time_by_month(chart, total_of=quarter.month_list())
        assert riddor[""] == stats.riddor_on_time(quarter) and riddor[""].reportable > 0
        assert "" not in stats.riddor_on_time_by_month(chart)
    finally:
        db.close()


def test_aggregates_match_plain_sql_on_the_demo_trust(demo_copy: Path) -> None:
    from vpr_desktop.store.database import open_database

    con = sqlite3.connect(demo_copy)

    def one(sql: str, *args: object) -> int:
        return int(con.execute(sql, args).fetchone()[0] or 0)

    db = open_database(demo_copy)
    try:
        stats = IncidentService(db, LEAD, today=dt.date(2026, 6, 30)).stats()
        period = Period.months("2025-07", "2026-06")
        a, b = period.first_month, period.last_month
        monthly = stats.monthly_counts(period)
        assert len(monthly.months) == 12
        for month, n in zip(monthly.months, monthly.total, strict=True):
            assert n == one("SELECT count(*) FROM incident WHERE month = ?", month)
        by_loc = stats.monthly_counts(period, "location")
        assert sum(s.total for s in by_loc.series) == sum(monthly.total)
        # a one-value-per-incident breakdown's totals are its rows' sums: still each month's count
        assert by_loc.total == monthly.total
        assert stats.monthly_counts(period, "harm").total == monthly.total
        top = max(by_loc.series, key=lambda s: s.total)
        assert top.total == one(
            "SELECT count(*) FROM incident i JOIN location l ON "
            "l.id = i.location_id WHERE l.id = ? AND month BETWEEN ? AND ?",
            int(top.key),
            a,
            b,
        )
        by_type = {s.key: s.total for s in stats.monthly_counts(period, "type").series}
        assert by_type["hate_motivated"] == one(
            "SELECT count(*) FROM incident_type t JOIN incident i ON i.id = t.incident_id "
            "WHERE t.incident_type = 'hate_motivated' AND month BETWEEN ? AND ?",
            a,
            b,
        )
        by_group = stats.monthly_counts(period, "staff_group").series
        g = max(by_group, key=lambda s: s.total)
        assert g.total == one(
            "SELECT count(*) FROM (SELECT DISTINCT i.id, i.month FROM incident i JOIN "
            "incident_staff s ON s.incident_id = i.id WHERE s.staff_group_id = ? AND month "
            "BETWEEN ? AND ?)",
            int(g.key),
            a,
            b,
        )
        harm = stats.harm_split(period).as_dict()
        assert harm["severe"] == one(
            "SELECT count(*) FROM incident WHERE harm = 'severe' AND month BETWEEN ? AND ?", a, b
        )
        near = stats.near_miss_ratio(period)
        assert near.near_misses == one(
            "SELECT count(*) FROM incident WHERE near_miss AND month BETWEEN ? AND ?", a, b
        )
        assert near.ratio is not None and 0 < near.ratio < 1
        intent = stats.intent_split(period).as_dict()
        assert intent["clinically_related"] == one(
            "SELECT count(*) FROM incident WHERE intent = 'clinically_related' AND month "
            "BETWEEN ? AND ?",
            a,
            b,
        )
        support = stats.support_on_time(period)
        done_on_time = one(
            "SELECT count(*) FROM support_step s JOIN incident i ON i.id = s.incident_id WHERE "
            "NOT s.declined AND s.done_at IS NOT NULL AND s.done_at <= s.due_by AND month "
            "BETWEEN ? AND ?",
            a,
            b,
        )
        assert support.on_time == done_on_time and support.on_time > 0
        assert support.late > 0 and support.percent is not None
        assert {s.label for s in support.by_step} >= {"Manager check-in"}  # demo's labels
        feedback = stats.feedback_given(period)
        assert feedback.given == one(
            "SELECT count(*) FROM incident WHERE feedback_given_on "
            "IS NOT NULL AND month BETWEEN ? AND ?",
            a,
            b,
        )
        riddor = stats.riddor_on_time(period)
        assert riddor.reportable == one(
            "SELECT count(*) FROM incident WHERE riddor_status = "
            "'reportable' AND month BETWEEN ? AND ?",
            a,
            b,
        )
        assert riddor.on_time == one(
            "SELECT count(*) FROM incident WHERE riddor_status = 'reportable' AND "
            "riddor_submitted_on <= riddor_deadline AND month BETWEEN ? AND ?",
            a,
            b,
        )
        police = stats.police_outcomes(period)
        assert police.police_informed == one(
            "SELECT count(*) FROM incident WHERE police_informed AND month BETWEEN ? AND ?", a, b
        )
        assert police.aewa_sanctions == one(
            "SELECT count(*) FROM incident WHERE aewa_sanction AND month BETWEEN ? AND ?", a, b
        )
        exact = stats.characteristic_counts(period, disclosure.NO_SUPPRESSION)
        race = exact[PC.RACE]
        assert race.total.value == one(
            "SELECT count(*) FROM staff_characteristic c JOIN incident_staff s ON s.id = "
            "c.incident_staff_id JOIN incident i ON i.id = s.incident_id WHERE s.pc_consent "
            "AND c.characteristic = 'race' AND month BETWEEN ? AND ?",
            a,
            b,
        )
        safe = stats.characteristic_counts(period)[PC.RACE]
        assert all(c.shown == "*" or c.value is not None for c in safe.cells.values())
        part = Period(dt.date(2026, 6, 10), dt.date(2026, 6, 20))
        assert stats.monthly_counts(part).total == (
            one(
                "SELECT count(*) FROM incident WHERE occurred_at >= '2026-06-09 23:00:00' AND "
                "occurred_at < '2026-06-20 23:00:00'"
            ),
        )
    finally:
        db.close()
        con.close()


def test_create_is_version_1_with_one_audited_insert(db, svc: IncidentService, ref: Ref) -> None:  # type: ignore[no-untyped-def]
    d = svc.create(physical(ref, staff=(staff(ref, "1001", days_absent=9),)))
    assert d.version == 1 and d.riddor.status is RiddorStatus.REPORTABLE
    with reading(db) as s:
        actions = s.scalars(
            select(AuditEvent.action).where(
                AuditEvent.entity == "incident", AuditEvent.entity_id == str(d.id)
            )
        ).all()
    assert actions == [AuditAction.CREATE]


def test_characteristics_are_withheld_when_their_viewing_cannot_be_recorded(
    db, svc: IncidentService, ref: Ref, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from vpr_desktop.domain.errors import DatabaseRefused
    from vpr_desktop.services.common.unit_of_work import UnitOfWork

    d = svc.create(
        physical(
            ref,
            staff=(staff(ref, "1001", pc_consent=True, characteristics={PC.SEX: "Female"}),),
        )
    )

    def refuse(*_args: object, **_kw: object) -> None:
        raise DatabaseRefused("The database is busy with another change.", "Wait a moment.")

    monkeypatch.setattr(UnitOfWork, "audit", refuse)
    shown = svc.get(d.id)
    assert not shown.characteristics_visible
    assert all(s.characteristics is None for s in shown.staff)
    assert "Female" not in repr(shown)
    assert shown.description == "Punched on the arm."  # the rest of the record opens


# --------------------------------------------------------------- RIDDOR states and decision


def test_riddor_state_filters_match_the_home_card_and_plain_sql(
    db, svc: IncidentService, ref: Ref
) -> None:  # type: ignore[no-untyped-def]
    """Deciding a "judgement needed" incident as reportable puts it under "RIDDOR overdue"
    with its deadline; the Home card's figure is the filter's row count and the SQL count."""
    from sqlalchemy import text

    from vpr_desktop.services.common.summary import RIDDOR_OVERDUE_VIEW
    from vpr_desktop.services.common.summary import SummaryService

    grey = svc.create(
        physical(
            ref,
            injury=False,
            harm=Harm.MODERATE,
            staff=(staff(ref, "1001", days_absent=12, absence_reason_stress=True),),
        )
    )
    assert grey.riddor.status is RiddorStatus.JUDGEMENT_NEEDED
    due = svc.create(
        physical(
            ref,
            specified_injury=True,
            harm=Harm.SEVERE,
            occurred_at=dt.datetime(2026, 6, 25, 10, 0, tzinfo=UTC),
            reported_at=dt.datetime(2026, 6, 25, 11, 0, tzinfo=UTC),
        )
    )
    late = svc.create(physical(ref, specified_injury=True, harm=Harm.SEVERE))
    svc.record_riddor_submission(late.id, dt.date(2026, 6, 20), "HSE-9")
    src = IncidentListSource(db, LEAD, today=TODAY)

    def refs(state: str) -> set[str]:
        return {r[0] for r in src.page(PageRequest(filters={"riddor": state})).rows}

    assert refs("judgement") == {grey.reference}
    assert refs("overdue") == set()
    assert refs("due_soon") == {due.reference}
    assert refs("unsubmitted") == {due.reference}
    assert refs("late") == {late.reference}
    assert refs("not_assessed") == set()

    decided = svc.update(
        grey.id,
        replace(
            grey.as_input(),
            riddor_override=RiddorOverride(RiddorStatus.REPORTABLE, "Stress from the assault."),
        ),
        grey.version,
    )
    assert decided.riddor.status is RiddorStatus.REPORTABLE
    assert decided.riddor.deadline == dt.date(2026, 6, 16)  # 15 days after 1 June
    assert decided.riddor.state is SubmissionState.OVERDUE
    assert refs("judgement") == set()
    assert refs("overdue") == {grey.reference}

    card = next(
        a for a in SummaryService(db, LEAD).home(TODAY).attention if a.key == "riddor_overdue"
    )
    assert card.view == RIDDOR_OVERDUE_VIEW == "riddor=overdue"
    shown = src.count(PageRequest(filters={"riddor": "overdue"}))
    with reading(db) as s:
        sql = s.scalar(
            text(
                "SELECT count(*) FROM incident WHERE riddor_status = 'reportable' "
                "AND riddor_submitted_on IS NULL AND riddor_deadline < :today"
            ),
            {"today": TODAY},
        )
    assert card.count == shown == sql == 1


def test_a_riddor_decision_needs_a_reason(svc: IncidentService, ref: Ref) -> None:
    grey = svc.create(
        physical(
            ref,
            injury=False,
            staff=(staff(ref, "1001", days_absent=9, absence_reason_stress=True),),
        )
    )
    with pytest.raises(ValidationError, match="not saved"):
        svc.update(
            grey.id,
            replace(grey.as_input(), riddor_override=RiddorOverride(RiddorStatus.REPORTABLE, " ")),
            grey.version,
        )
    assert svc.get(grey.id).riddor.status is RiddorStatus.JUDGEMENT_NEEDED

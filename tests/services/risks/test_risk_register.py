"""The risk register service on SQLite AND PostgreSQL: writes, reviews, flags, lists, packs,
the matrix setting, import (acceptance 3) and the Excel export; heat map vs SQL on the demo
(acceptance 4)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import event
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select

from vpr_desktop.domain.base import Base
from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import ControlType
from vpr_desktop.domain.enums import Effectiveness
from vpr_desktop.domain.enums import ImportOutcome
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import RiskStatus
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.errors import ConflictError
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Action
from vpr_desktop.domain.models import Control
from vpr_desktop.domain.models import ImportBatch
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import RiskAssessment
from vpr_desktop.domain.models import RiskReview
from vpr_desktop.domain.models import RiskStaffGroup
from vpr_desktop.domain.models import Setting
from vpr_desktop.domain.models import Site
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.risk_matrix import DEFAULT_MATRIX
from vpr_desktop.domain.risk_matrix import RiskScore
from vpr_desktop.domain.risk_matrix import Trend
from vpr_desktop.reports.risk_register_xlsx import export_risk_register
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.importing.mapping import load_format
from vpr_desktop.services.risks.inputs import ControlInput
from vpr_desktop.services.risks.inputs import ReviewInput
from vpr_desktop.services.risks.inputs import RiskInput
from vpr_desktop.services.risks.listing import RiskListSource
from vpr_desktop.services.risks.records import FlagCode
from vpr_desktop.services.risks.service import RiskRegisterService

TODAY = dt.date(2026, 6, 30)
LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
CHAIR = Actor("chair", "Chris Chair", frozenset({Role.COMMITTEE_CHAIR}))
STAFF_SIDE = Actor("rep", "Robin Rep", frozenset({Role.STAFF_SIDE_REP}))
BOARD = Actor("sec", "Bea Secretary", frozenset({Role.BOARD_SECRETARY}))
ADMIN = Actor("admin", "Ada Admin", frozenset({Role.ADMINISTRATOR}))


@dataclass
class Ref:
    locs: dict[str, int]
    groups: dict[str, int]
    people: dict[str, int]


@pytest.fixture
def ref(db) -> Ref:
    with UnitOfWork(db, LEAD) as uow:
        s = uow.session
        site = Site(code="NG", name="Northgate")
        s.add(site)
        s.flush()
        locs = {}
        for code, name, setting in (
            ("W1", "Rowan Ward", SettingType.INPATIENT_MENTAL_HEALTH),
            ("ED", "Emergency Department", SettingType.EMERGENCY_DEPARTMENT),
            ("C1", "Clinic", SettingType.COMMUNITY),
            ("C2", "Clinic", SettingType.COMMUNITY),
        ):
            loc = Location(site_id=site.id, code=code, name=name, setting_type=setting)
            s.add(loc)
            s.flush()
            locs[code] = loc.id
        groups = {}
        for code, name, clinical in (
            ("NMR", "Nursing and Midwifery Registered", True),
            ("ADMIN", "Administrative and Clerical", False),
            ("EST", "Estates and Ancillary", False),
        ):
            g = StaffGroup(code=code, name=name, esr_label=name, clinical=clinical)
            s.add(g)
            s.flush()
            groups[code] = g.id
        people = {}
        for number, first, last in (
            ("1001", "Alex", "Lee"),
            ("1002", "Sam", "Shah"),
            ("1003", "Sam", "Shah"),
        ):
            p = Person(employee_number=number, first_name=first, last_name=last)
            s.add(p)
            s.flush()
            people[number] = p.id
    return Ref(locs, groups, people)


@pytest.fixture
def svc(db, ref: Ref) -> RiskRegisterService:
    return RiskRegisterService(db, LEAD, today=lambda: TODAY)


def full_input(ref: Ref, **kw: object) -> RiskInput:
    values: dict[str, object] = dict(
        title="Lone working on night visits",
        current=RiskScore(3, 4),
        inherent=RiskScore(4, 4),
        target=RiskScore(2, 4),
        location_id=ref.locs["W1"],
        activity="Lone working",
        description="Staff alone at night.",
        owner_id=ref.people["1001"],
        review_date=TODAY + dt.timedelta(days=90),
        staff_group_ids=(ref.groups["NMR"], ref.groups["ADMIN"]),
    )
    values.update(kw)
    return RiskInput(**values)  # type: ignore[arg-type]


def complete_risk(svc: RiskRegisterService, ref: Ref, **kw: object):  # type: ignore[no-untyped-def]
    """A risk with a location, staff groups and a control (so it is not 'too generic')."""
    d = svc.create_risk(full_input(ref, **kw))
    return svc.add_control(
        d.id, ControlInput(ControlType.TRAINING, "Breakaway training"), d.version
    )


def count(db, model: type) -> int:
    with reading(db) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


# ----------------------------------------------------------------------- writes


def test_create_and_read_back_as_plain_data(svc: RiskRegisterService, ref: Ref) -> None:
    d = svc.create_risk(full_input(ref))
    assert not isinstance(d, Base) and not isinstance(d.row, Base)
    assert d.row.reference == "RA-00001" and d.version == 1
    assert d.row.title == "Lone working on night visits"
    assert d.row.location == "Rowan Ward" and d.row.owner == "Alex Lee"
    assert d.row.current.label == "High 12" and d.row.inherent.label == "Extreme 16"
    assert d.row.target.label == "High 8" and d.row.status is RiskStatus.OPEN
    assert [g.code for g in d.staff_groups] == ["ADMIN", "NMR"]
    assert d.row.trend is Trend.NEW and d.reviews == ()
    second = svc.create_risk(full_input(ref, title="Second", inherent=None, target=None))
    assert second.row.reference == "RA-00002"
    assert second.row.inherent == second.row.current == second.row.target  # defaults


def test_stale_save_is_refused_and_the_first_save_stands(
    svc: RiskRegisterService, ref: Ref
) -> None:
    d = svc.create_risk(full_input(ref))
    first = svc.update_risk(d.id, full_input(ref, title="First edit"), expected_version=1)
    assert first.version == 2
    with pytest.raises(ConflictError) as info:
        svc.update_risk(d.id, full_input(ref, title="Second edit"), expected_version=1)
    assert "Nothing was overwritten" in info.value.message
    assert svc.get_risk(d.id).row.title == "First edit"


def test_invalid_risks_are_refused_field_by_field(svc: RiskRegisterService, ref: Ref) -> None:
    with pytest.raises(ValidationError) as info:
        svc.create_risk(full_input(ref, title="  "))
    assert info.value.problems[0][1] == "title"
    with pytest.raises(ValidationError) as info:
        svc.create_risk(full_input(ref, status=RiskStatus.TOLERATED))
    assert info.value.problems[0][1] == "options_note"
    with pytest.raises(ValidationError) as info:
        svc.create_risk(full_input(ref, location_id=99_999, staff_group_ids=(99_998,)))
    assert {p[1] for p in info.value.problems} == {"location_id", "staff_group_ids"}
    assert count(svc.db, RiskAssessment) == 0
    tolerated = svc.create_risk(
        full_input(ref, status=RiskStatus.TOLERATED, options_note="Not reasonably practicable.")
    )
    assert tolerated.row.status is RiskStatus.TOLERATED


def test_children_changes_bump_the_risk_version(svc: RiskRegisterService, ref: Ref) -> None:
    d = svc.create_risk(full_input(ref))
    d = svc.set_staff_groups(d.id, (ref.groups["EST"],), d.version)
    assert [g.code for g in d.staff_groups] == ["EST"] and d.version == 2
    d = svc.add_control(
        d.id,
        ControlInput(ControlType.LONE_WORKER_DEVICE, "Devices", owner_id=ref.people["1002"]),
        d.version,
    )
    assert d.version == 3 and d.controls[0].owner == "Sam Shah"
    control = d.controls[0]
    d = svc.update_control(
        control.id,
        ControlInput(
            ControlType.LONE_WORKER_DEVICE,
            "Devices with escalation",
            effectiveness=Effectiveness.EFFECTIVE,
        ),
        control.version,
    )
    assert d.version == 4 and d.controls[0].effectiveness is Effectiveness.EFFECTIVE
    with pytest.raises(ConflictError):
        svc.update_control(control.id, ControlInput(ControlType.TRAINING, "x"), control.version)
    with pytest.raises(ConflictError):  # the form's copy of the risk is now stale
        svc.update_risk(d.id, full_input(ref), expected_version=2)
    with pytest.raises(ValidationError):
        svc.add_control(d.id, ControlInput(ControlType.TRAINING, " "), d.version)
    d = svc.remove_control(d.controls[0].id, d.controls[0].version)
    assert d.controls == () and d.version == 5


def test_review_snapshot_history_and_trend(svc: RiskRegisterService, ref: Ref) -> None:
    d = complete_risk(svc, ref, current=RiskScore(4, 4))
    d = svc.record_review(
        d.id,
        ReviewInput(
            TODAY - dt.timedelta(days=10),
            RiskScore(3, 4),
            "Devices issued.",
            next_review_date=TODAY + dt.timedelta(days=180),
        ),
        d.version,
    )
    review = d.reviews[0]
    assert review.found.label == "Extreme 16" and review.agreed is not None
    assert review.agreed.label == "High 12" and review.note == "Devices issued."
    assert review.reviewed_by == "Pat Lead"
    assert review.snapshot["found"]["current"] == [4, 4]
    assert review.snapshot["agreed"]["current"] == [3, 4]
    assert d.row.current.score == 12 and d.row.review_date == TODAY + dt.timedelta(days=180)
    assert d.row.trend is Trend.DOWN and d.row.previous_score == 16
    listed = svc.list_source().page(PageRequest()).rows[0]
    assert listed[6] is Trend.DOWN and listed[RiskListSource.ID_INDEX] == d.id
    d = svc.record_review(d.id, ReviewInput(TODAY, RiskScore(3, 4), "No change."), d.version)
    assert d.row.trend is Trend.SAME and len(d.reviews) == 2
    assert d.reviews[0].note == "No change."  # newest first
    d = svc.update_risk(d.id, full_input(ref, current=RiskScore(4, 5)), d.version)
    assert d.row.trend is Trend.UP
    with pytest.raises(ValidationError):
        svc.record_review(
            d.id, ReviewInput(TODAY + dt.timedelta(days=1), RiskScore(1, 1)), d.version
        )
    with pytest.raises(ConflictError):
        svc.record_review(d.id, ReviewInput(TODAY, RiskScore(1, 1)), 1)


def test_close_needs_a_reason_and_is_recorded_as_a_review(
    svc: RiskRegisterService, ref: Ref
) -> None:
    d = svc.create_risk(full_input(ref, location_id=None))
    with pytest.raises(ValidationError):
        svc.close_risk(d.id, d.version, "  ")
    d = svc.close_risk(d.id, d.version, "Service moved to a new building.")
    assert d.row.status is RiskStatus.CLOSED
    assert d.reviews[0].note == "Closed: Service moved to a new building."
    assert d.reviews[0].status == "closed"
    assert d.flags == ()  # closed risks are history: no warnings


# ----------------------------------------------------------------------- flags


def codes(detail) -> set[FlagCode]:  # type: ignore[no-untyped-def]
    return {f.code for f in detail.flags}


def test_too_generic_names_what_is_missing(svc: RiskRegisterService, ref: Ref) -> None:
    d = svc.create_risk(full_input(ref, location_id=None, staff_group_ids=()))
    flag = next(f for f in d.flags if f.code is FlagCode.TOO_GENERIC)
    assert "a location, a staff group and a control" in flag.message
    d = svc.update_risk(d.id, full_input(ref), d.version)
    flag = next(f for f in d.flags if f.code is FlagCode.TOO_GENERIC)
    assert "add a control" in flag.message
    d = svc.add_control(d.id, ControlInput(ControlType.ENVIRONMENTAL, "CCTV"), d.version)
    assert FlagCode.TOO_GENERIC not in codes(d)


def test_fifteen_plus_without_options_or_action_is_flagged(
    db, svc: RiskRegisterService, ref: Ref
) -> None:
    d = complete_risk(svc, ref, current=RiskScore(5, 3))
    assert FlagCode.HIGH_WITHOUT_PLAN in codes(d)
    assert "Extreme 15" in next(f.message for f in d.flags if f.code is FlagCode.HIGH_WITHOUT_PLAN)
    assert [r.id for r in svc.high_without_plan()] == [d.id]
    assert svc.attention_counts()[FlagCode.HIGH_WITHOUT_PLAN] == 1
    low = complete_risk(svc, ref, current=RiskScore(3, 4))
    assert FlagCode.HIGH_WITHOUT_PLAN not in codes(low)
    with UnitOfWork(db, LEAD) as uow:
        uow.session.add(
            Action(
                reference="ACT-1",
                title="Cancelled",
                source=ActionSource.RISK,
                source_entity="risk_assessment",
                source_id=d.id,
                status=ActionStatus.CANCELLED,
            )
        )
    assert FlagCode.HIGH_WITHOUT_PLAN in codes(svc.get_risk(d.id))  # cancelled is no plan
    with UnitOfWork(db, LEAD) as uow:
        uow.session.add(
            Action(
                reference="ACT-2",
                title="Fund devices",
                source=ActionSource.RISK,
                source_entity="risk_assessment",
                source_id=d.id,
            )
        )
    d = svc.get_risk(d.id)
    assert FlagCode.HIGH_WITHOUT_PLAN not in codes(d)
    assert [a.reference for a in d.actions] == ["ACT-1", "ACT-2"]
    assert svc.high_without_plan() == []
    other = complete_risk(
        svc,
        ref,
        current=RiskScore(4, 4),
        options_note="Escalated to the board; estates works funded for Q3.",
    )
    assert FlagCode.HIGH_WITHOUT_PLAN not in codes(other)


def test_review_and_control_flags(svc: RiskRegisterService, ref: Ref) -> None:
    d = complete_risk(svc, ref, review_date=TODAY - dt.timedelta(days=1))
    assert FlagCode.REVIEW_OVERDUE in codes(d)
    d = svc.update_risk(d.id, full_input(ref, review_date=None), d.version)
    assert FlagCode.NO_REVIEW_DATE in codes(d)
    d = svc.add_control(
        d.id,
        ControlInput(
            ControlType.EQUIPMENT,
            "Alarms",
            expected_date=TODAY - dt.timedelta(days=5),
            next_review_date=TODAY - dt.timedelta(days=1),
        ),
        d.version,
    )
    late = next(c for c in d.controls if c.description == "Alarms")
    assert late.late and late.review_overdue and late.on_time is False
    assert {FlagCode.CONTROL_LATE_NO_BARRIER, FlagCode.CONTROL_REVIEW_OVERDUE} <= codes(d)
    d = svc.update_control(
        late.id,
        ControlInput(
            ControlType.EQUIPMENT,
            "Alarms",
            expected_date=TODAY - dt.timedelta(days=5),
            barrier_note="Supplier lead time",
            next_review_date=TODAY,
        ),
        late.version,
    )
    assert not {FlagCode.CONTROL_LATE_NO_BARRIER, FlagCode.CONTROL_REVIEW_OVERDUE} & codes(d)


def add_incidents(db, location_id: int, days_ago: list[int]) -> None:
    with UnitOfWork(db, LEAD) as uow:
        start = count(db, Incident)
        rows = []
        for i, ago in enumerate(days_ago, start=start + 1):
            at = dt.datetime.combine(TODAY - dt.timedelta(days=ago), dt.time(12), tzinfo=dt.UTC)
            rows.append(
                {
                    "reference": f"VPR-{i:06d}",
                    "occurred_at": at,
                    "month": f"{at:%Y-%m}",
                    "location_id": location_id,
                    "primary_type": IncidentType.VERBAL,
                }
            )
        uow.session.execute(insert(Incident), rows)


def test_incident_informed_likelihood_prompt(db, svc: RiskRegisterService, ref: Ref) -> None:
    add_incidents(db, ref.locs["W1"], [i * 6 for i in range(60)])  # 60 in 360 days: weekly+
    add_incidents(db, ref.locs["W1"], [400, 500])  # older than 12 months
    add_incidents(db, ref.locs["ED"], [1, 2, 3])  # another location
    d = complete_risk(svc, ref, current=RiskScore(2, 3))
    ev = d.incidents
    assert ev is not None and ev.incidents == 60 and ev.since == TODAY - dt.timedelta(days=365)
    assert ev.suggested_likelihood == 4 and ev.rated_likelihood == 2
    assert ev.prompt is not None and "4 Likely" in ev.prompt and "2 Unlikely" in ev.prompt
    assert "at least weekly" in ev.rule
    assert FlagCode.INCIDENTS_SUGGEST_HIGHER in codes(d)
    d = svc.update_risk(d.id, full_input(ref, current=RiskScore(4, 3)), d.version)
    assert d.incidents is not None and d.incidents.prompt is None
    assert FlagCode.INCIDENTS_SUGGEST_HIGHER not in codes(d)
    nowhere = svc.create_risk(full_input(ref, location_id=None))
    assert nowhere.incidents is None


# ----------------------------------------------------------------------- list, packs


def seed_register(svc: RiskRegisterService, ref: Ref) -> list[int]:
    """Twelve risks: varied scores, statuses, locations, review dates and targets."""
    ids = []
    specs = [
        ((5, 5), (3, 3), "open", "W1", -10),
        ((4, 4), (4, 4), "open", "ED", 30),
        ((4, 4), (2, 2), "tolerated", "W1", 60),
        ((3, 4), (2, 2), "open", "ED", -1),
        ((3, 3), (3, 3), "open", "C1", 10),
        ((2, 3), (1, 3), "open", "C2", 20),
        ((2, 2), (2, 2), "closed", "W1", -50),
        ((1, 3), (1, 1), "open", "W1", 40),
        ((1, 1), (1, 1), "open", "ED", None),
        ((5, 4), (3, 4), "open", "C1", 5),
        ((4, 4), (3, 3), "open", "W1", 15),
        ((2, 5), (2, 5), "tolerated", "ED", -3),
    ]
    for n, (cur, tgt, status, loc, review) in enumerate(specs, start=1):
        d = svc.create_risk(
            full_input(
                ref,
                title=f"Risk {n:02d}",
                current=RiskScore(*cur),
                target=RiskScore(*tgt),
                inherent=RiskScore(5, 5),
                status=RiskStatus(status),
                location_id=ref.locs[loc],
                options_note="Tolerated: agreed" if status == "tolerated" else None,
                review_date=None if review is None else TODAY + dt.timedelta(days=review),
            )
        )
        ids.append(d.id)
    return ids


def all_pages(source: RiskListSource, request: PageRequest, limit: int = 5) -> list[tuple]:
    rows, cursor = [], None
    while True:
        page = source.page(request, cursor, limit)
        rows += page.rows
        if page.cursor is None:
            return rows
        cursor = page.cursor


def test_list_sorts_filters_and_pages(svc: RiskRegisterService, ref: Ref) -> None:
    seed_register(svc, ref)
    src = svc.list_source()
    assert [c.key for c in src.columns] == [
        "reference",
        "title",
        "location",
        "activity",
        "current",
        "target",
        "trend",
        "review_date",
        "status",
        "owner",
    ]
    rows = all_pages(src, PageRequest())
    assert len(rows) == src.count(PageRequest()) == 12
    scores = [(r[4].score, r[RiskListSource.ID_INDEX]) for r in rows]
    assert scores == sorted(scores, reverse=True)  # current score desc, then id desc
    assert str(rows[0][4]) == "Extreme 25" and rows[0][4].colour == "#D5281B"
    assert rows[0][5].label == "High 9" and rows[0][8] is RiskStatus.OPEN
    for key in (
        "reference",
        "title",
        "location",
        "activity",
        "target",
        "review_date",
        "status",
        "owner",
    ):
        for desc in (False, True):
            got = all_pages(src, PageRequest(sort_key=key, descending=desc), limit=4)
            assert len(got) == 12, key
            assert len({r[RiskListSource.ID_INDEX] for r in got}) == 12, key

    def n(**filters: object) -> int:
        request = PageRequest(filters=filters)
        assert len(all_pages(src, request)) == src.count(request)
        return src.count(request)

    assert n(status="open") == 9
    assert n(status=["open", "tolerated"]) == 11
    assert n(location_id=ref.locs["W1"]) == 5
    assert n(location_id=[ref.locs["C1"], ref.locs["C2"]]) == 3
    assert n(band="extreme") == 5  # 25, 16, 16, 20, 16 (the closed 4 is not)
    assert n(band="low") == 2
    assert n(cell=(4, 4, "current")) == 3
    assert n(cell=(3, 3, "target")) == 3
    assert n(cell=(4, 4)) == 3
    assert n(overdue=True) == 3  # -10, -1, -3 (closed -50 excluded)
    assert n(overdue=True, as_of=TODAY + dt.timedelta(days=16)) == 6
    assert n(above_target=True) == 7
    assert n(activity="Lone working") == 12
    assert n(owner_id=ref.people["1001"]) == 12
    assert src.count(PageRequest(search="risk 1")) == 3  # Risk 10, 11, 12
    assert src.count(PageRequest(search="emergency")) == 4


def test_pack_functions(svc: RiskRegisterService, ref: Ref) -> None:
    seed_register(svc, ref)
    top = svc.top_risks(3)
    assert [r.current.score for r in top] == [25, 20, 16]
    assert top[0].owner == "Alex Lee"
    assert all(r.status is not RiskStatus.CLOSED for r in svc.top_risks(20))
    overdue = svc.overdue_reviews()
    assert [r.title for r in overdue] == ["Risk 01", "Risk 12", "Risk 04"]  # oldest first
    assert len(svc.above_target()) == 7
    assert all(r.current.score > r.target.score for r in svc.above_target())
    heat = svc.heat_map()
    assert heat.total == 11 and heat.count(4, 4) == 3 and heat.count(2, 2) == 0  # closed out
    assert heat.band_totals() == {"low": 2, "moderate": 1, "high": 3, "extreme": 5}
    target = svc.heat_map("target")
    assert target.count(3, 3) == 3 and target.total == 11
    everything = svc.heat_map(statuses=tuple(RiskStatus))
    assert everything.total == 12 and everything.count(2, 2) == 1
    assert [c.label for c, _ in heat.cells()][:5] == [
        "Moderate 5",
        "High 10",
        "Extreme 15",
        "Extreme 20",
        "Extreme 25",
    ]
    with pytest.raises(ValueError):
        svc.heat_map("inherent")
    counts = svc.attention_counts()
    assert counts[FlagCode.REVIEW_OVERDUE] == 3 and counts[FlagCode.NO_REVIEW_DATE] == 1
    assert counts[FlagCode.TOO_GENERIC] == 11  # no controls yet


def test_controls_implemented_on_time_share(svc: RiskRegisterService, ref: Ref) -> None:
    d = svc.create_risk(full_input(ref))
    day = dt.date
    for expected, implemented in (
        (day(2026, 1, 1), day(2025, 12, 20)),  # on time
        (day(2026, 1, 1), day(2026, 2, 1)),  # late
        (day(2026, 3, 1), None),  # overdue, missing
        (day(2026, 12, 1), None),  # not yet due
        (day(2026, 12, 1), day(2026, 5, 1)),  # early: on time
        (None, day(2026, 1, 1)),
    ):  # no expectation
        d = svc.add_control(
            d.id,
            ControlInput(
                ControlType.TRAINING, "c", expected_date=expected, implemented_date=implemented
            ),
            d.version,
        )
    share = svc.controls_on_time()
    assert (share.on_time, share.due, share.implemented_late, share.overdue_not_implemented) == (
        2,
        4,
        1,
        1,
    )
    assert share.percent == 50.0
    q1 = svc.controls_on_time(period=(day(2026, 1, 1), day(2026, 3, 31)))
    assert (q1.on_time, q1.due) == (1, 3)
    assert svc.controls_on_time(period=(day(2020, 1, 1), day(2020, 2, 1))).percent is None
    on_time = [c.on_time for c in d.controls]
    assert on_time == [True, False, False, None, True, None]


def test_permissions(db, svc: RiskRegisterService, ref: Ref, tmp_path: Path) -> None:
    d = svc.create_risk(full_input(ref))
    rep = RiskRegisterService(db, STAFF_SIDE, today=lambda: TODAY)
    for call in (
        rep.list_source,
        lambda: rep.get_risk(d.id),
        rep.heat_map,
        rep.top_risks,
        lambda: rep.create_risk(full_input(ref)),
    ):
        with pytest.raises(PermissionDeniedError):
            call()
    board = RiskRegisterService(db, BOARD, today=lambda: TODAY)
    assert board.heat_map().total == 1
    assert board.top_risks()[0].owner is None  # board packs hold no staff names
    with pytest.raises(PermissionDeniedError):
        board.get_risk(d.id)
    chair = RiskRegisterService(db, CHAIR, today=lambda: TODAY)
    assert chair.get_risk(d.id).row.owner == "Alex Lee"
    with pytest.raises(PermissionDeniedError):
        chair.update_risk(d.id, full_input(ref), d.version)
    path = write_register_csv(tmp_path / "r.csv", GOOD_ROWS)
    with pytest.raises(PermissionDeniedError):
        chair.import_risks(path)
    with pytest.raises(PermissionDeniedError):
        chair.save_matrix(DEFAULT_MATRIX)


def test_form_choices_and_owner_search(svc: RiskRegisterService, ref: Ref) -> None:
    svc.create_risk(full_input(ref, activity="Escorting to court"))
    choices = svc.choices()
    assert [loc.code for loc in choices.locations] == ["C1", "C2", "ED", "W1"]
    assert [g.code for g in choices.staff_groups if not g.clinical] == ["ADMIN", "EST"]
    assert choices.activities[:4] == (
        "Lone working",
        "Restrictive intervention",
        "Home visits",
        "ED waiting areas",
    )
    assert "Escorting to court" in choices.activities
    assert set(choices.control_types) == set(ControlType)
    # the register's filter bar reads the same locations alone (no activities scan)
    assert svc.locations() == choices.locations
    assert [n for _, _, n in svc.find_owners("sha")] == ["Sam Shah", "Sam Shah"]
    assert svc.find_owners("1001") == [(ref.people["1001"], "1001", "Alex Lee")]
    assert svc.find_owners("  ") == [] and svc.find_owners("100%") == []


# ----------------------------------------------------------------------- matrix setting


def test_the_trust_matrix_is_saved_in_settings_and_used(
    db, svc: RiskRegisterService, ref: Ref
) -> None:
    svc.create_risk(full_input(ref, current=RiskScore(3, 4)))
    assert svc.list_source().page(PageRequest()).rows[0][4].label == "High 12"
    data = DEFAULT_MATRIX.to_dict()
    data["bands"][3]["min_score"] = 12
    data["bands"][3]["label"] = "Very high"
    from vpr_desktop.domain.risk_matrix import RiskMatrix

    version = svc.save_matrix(RiskMatrix.from_dict(data))
    fresh = RiskRegisterService(db, CHAIR, today=lambda: TODAY)
    assert fresh.matrix().label(12) == "Very high 12"
    assert fresh.list_source().page(PageRequest()).rows[0][4].label == "Very high 12"
    assert fresh.list_source().count(PageRequest(filters={"band": "extreme"})) == 1
    with pytest.raises(ConflictError):
        svc.save_matrix(DEFAULT_MATRIX, expected_version=version + 5)
    svc.reset_matrix()
    assert RiskRegisterService(db, LEAD).matrix() == DEFAULT_MATRIX
    with UnitOfWork(db, LEAD) as uow:
        uow.session.add(Setting(key="risk_matrix", value={"bands": "broken"}))
    damaged = RiskRegisterService(db, LEAD)
    assert damaged.matrix() == DEFAULT_MATRIX
    assert damaged.matrix_problem and "default" in damaged.matrix_problem


# ----------------------------------------------------------------------- import

HEADER = [
    "Ref",
    "Risk title",
    "Ward",
    "Activity",
    "Staff groups",
    "Owner",
    "Likelihood",
    "Consequence",
    "Target likelihood",
    "Target consequence",
    "Review date",
    "Status",
    "Options",
    "Existing controls",
]
GOOD_ROWS = [
    [
        "",
        "Lone working at night",
        "W1",
        "Lone working",
        "NMR; ADMIN",
        "1001",
        "4",
        "4",
        "2",
        "4",
        "30/09/2026",
        "Open",
        "",
        "Training: Breakaway training; Buddy check-in calls",
    ],
    [
        "",
        "Car park abuse",
        "C1",
        "Car parks",
        "Estates and Ancillary",
        "Alex Lee",
        "3",
        "3",
        "",
        "",
        "2026-10-01",
        "Live",
        "",
        "",
    ],
    [
        "",
        "ED waiting room aggression",
        "ED",
        "ED waiting areas",
        "NMR",
        "",
        "Likely",
        "3 - Moderate",
        "2",
        "3",
        "01-Oct-2026",
        "",
        "",
        "Environmental: CCTV",
    ],
    [
        "RA-90001",
        "Reception threats",
        "Emergency Department",
        "Reception",
        "ADMIN",
        "",
        "2",
        "4",
        "",
        "",
        "n/a",
        "Tolerated",
        "Tolerated: screens fitted, nothing more practicable",
        "",
    ],
]
BAD_ROWS = [list(r) for r in GOOD_ROWS]
BAD_ROWS[0][2] = "Nowhere Ward"  # row 2: unknown location
BAD_ROWS[1][7] = "7"  # row 3: consequence 7
BAD_ROWS[2][1] = ""  # row 4: empty title


def write_register_csv(path: Path, rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return path


def register_counts(db) -> tuple[int, int, int, int]:
    return (
        count(db, RiskAssessment),
        count(db, Control),
        count(db, RiskStaffGroup),
        count(db, RiskReview),
    )


def test_acceptance_3_bad_rows_reported_nothing_written_then_corrected_file_imports(
    db, svc: RiskRegisterService, ref: Ref, tmp_path: Path
) -> None:
    existing = svc.create_risk(full_input(ref))
    before = register_counts(db)
    bad = svc.import_risks(write_register_csv(tmp_path / "register.csv", BAD_ROWS))
    assert not bad.ok and bad.outcome is ImportOutcome.REJECTED
    assert [(p.row, p.column) for p in bad.problems] == [
        (2, "Ward"),
        (3, "Consequence"),
        (4, "Risk title"),
    ]
    assert bad.problems[0].value == "Nowhere Ward" and "not a location" in bad.problems[0].why
    assert bad.problems[1].value == "7" and "1 to 5" in bad.problems[1].why
    assert "Catastrophic" in bad.problems[1].why
    assert bad.problems[2].why.startswith("is empty")
    assert bad.rows_read == 4 and bad.rows_rejected == 3 and bad.rows_imported == 0
    assert register_counts(db) == before  # nothing written
    with reading(db) as s:
        batches = s.scalars(select(ImportBatch)).all()
        assert [(b.outcome, b.rows_total, b.rows_rejected) for b in batches] == [
            (ImportOutcome.REJECTED, 4, 3)
        ]

    good = svc.import_risks(write_register_csv(tmp_path / "register2.csv", GOOD_ROWS))
    assert good.ok, good.problems
    assert good.outcome is ImportOutcome.COMMITTED and good.rows_imported == 4
    assert good.counts == {"risks": 4, "controls": 3, "staff group links": 5}
    assert "header on row 1" in good.source
    assert register_counts(db) == (before[0] + 4, before[1] + 3, before[2] + 5, before[3])
    rows = {r.title: r for r in svc.top_risks(10, tuple(RiskStatus))}
    assert rows["Lone working at night"].reference == "RA-90002"  # after RA-90001 in the file
    assert rows["Lone working at night"].current.label == "Extreme 16"
    assert rows["Lone working at night"].target.label == "High 8"
    assert rows["Car park abuse"].target == rows["Car park abuse"].current  # defaulted
    assert rows["ED waiting room aggression"].current.label == "High 12"  # words understood
    assert rows["Reception threats"].status is RiskStatus.TOLERATED
    assert rows["Reception threats"].location == "Emergency Department"  # matched by name
    assert rows["Reception threats"].review_date is None
    detail = svc.get_risk(rows["Lone working at night"].id)
    assert [(c.control_type, c.description) for c in detail.controls] == [
        (ControlType.TRAINING, "Breakaway training"),
        (ControlType.PROCEDURAL, "Buddy check-in calls"),
    ]
    assert detail.import_batch_id == good.batch_id and detail.row.owner == "Alex Lee"
    assert any("type 'procedural'" in n for n in good.notes)
    assert any("no target score" in n for n in good.notes)
    assert existing.row.reference == "RA-00001"

    again = svc.import_risks(tmp_path / "register2.csv")
    assert not again.ok and "already imported" in again.problems[0].why
    assert register_counts(db)[0] == before[0] + 4


def test_dry_run_writes_nothing_and_undo_removes_a_batch(
    db, svc: RiskRegisterService, ref: Ref, tmp_path: Path
) -> None:
    path = write_register_csv(tmp_path / "r.csv", GOOD_ROWS)
    dry = svc.import_risks(path, dry_run=True)
    assert dry.ok and dry.dry_run and dry.outcome is None and dry.batch_id is None
    assert dry.counts["risks"] == 4 and "would import" in dry.summary()
    assert register_counts(db) == (0, 0, 0, 0) and count(db, ImportBatch) == 0
    bad_dry = svc.import_risks(write_register_csv(tmp_path / "b.csv", BAD_ROWS), dry_run=True)
    assert not bad_dry.ok and count(db, ImportBatch) == 0  # dry runs leave no record

    result = svc.import_risks(path)
    assert register_counts(db)[0] == 4
    assert svc.undo_import(result.batch_id) == {"staff group links": 5, "controls": 3, "risks": 4}
    assert register_counts(db) == (0, 0, 0, 0)
    with reading(db) as s:
        batch = s.get(ImportBatch, result.batch_id)
        assert batch.outcome is ImportOutcome.UNDONE and batch.undone_by == "lead"
    with pytest.raises(ValidationError):
        svc.undo_import(result.batch_id)  # already undone

    again = svc.import_risks(path)  # an undone file may be imported again
    assert again.ok
    risk = svc.top_risks(1)[0]
    svc.update_risk(risk.id, full_input(ref, title="Edited after import"), risk.version)
    with pytest.raises(ValidationError) as info:
        svc.undo_import(again.batch_id)
    assert info.value.problems[0][2] == risk.reference
    assert register_counts(db)[0] == 4


def test_import_row_rules(db, svc: RiskRegisterService, ref: Ref, tmp_path: Path) -> None:
    svc.create_risk(full_input(ref, reference="RA-50000"))
    rows = [list(GOOD_ROWS[0]) for _ in range(7)]
    rows[0][0] = "RA-50000"  # already in the register
    rows[1][0], rows[2][0] = "DUP-1", "DUP-1"  # duplicate within the file
    rows[3][2] = "Clinic"  # two locations share this name
    rows[4][5] = "Sam Shah"  # two staff share this name
    rows[5][4] = "NMR; Porters"  # unknown staff group
    rows[6][8], rows[6][9] = "2", ""  # target likelihood without consequence
    result = svc.import_risks(write_register_csv(tmp_path / "rules.csv", rows))
    whys = {(p.row, p.column): p.why for p in result.problems}
    assert "already in the register" in whys[(2, "Ref")]
    assert "used on row 3" in whys[(4, "Ref")]
    assert "use the location code" in whys[(5, "Ward")]
    assert "employee number" in whys[(6, "Owner")]
    assert "Porters" in whys[(7, "Staff groups")]
    assert "target likelihood is given" in whys[(8, "Target consequence")]
    assert len(result.problems) == 6 and register_counts(db)[0] == 1


def test_import_from_xlsx_with_a_title_row(
    db, svc: RiskRegisterService, ref: Ref, tmp_path: Path
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Violence risk register (exported 2026-06-01)"])
    ws.append([])
    ws.append(HEADER)
    for row in GOOD_ROWS:
        cells: list[object] = list(row)
        cells[6] = int(row[6]) if row[6].isdigit() else row[6]
        cells[10] = dt.datetime(2026, 9, 30) if row[10] == "30/09/2026" else row[10]
        ws.append(cells)
    wb.save(tmp_path / "register.xlsx")
    result = svc.import_risks(tmp_path / "register.xlsx")
    assert result.ok, result.problems
    assert "sheet 'Sheet', header on row 3" in result.source
    assert register_counts(db)[0] == 4


# ----------------------------------------------------------------------- export


def test_export_never_writes_formulas_and_round_trips(
    db, svc: RiskRegisterService, ref: Ref, tmp_path: Path
) -> None:
    d = complete_risk(
        svc,
        ref,
        title='=HYPERLINK("http://evil.example","Click")',
        description="+44 7700 900000 @ward\x01",
    )
    svc.add_control(d.id, ControlInput(ControlType.PROCEDURAL, "-dash first"), d.version)
    svc.create_risk(full_input(ref, title="Closed one", status=RiskStatus.CLOSED))
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "register.xlsx"
    result = export_risk_register(svc, out)
    assert result.risks == 2 and result.controls == 2
    assert [p.name for p in folder.iterdir()] == ["register.xlsx"]  # no temp file left
    with zipfile.ZipFile(out) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"HYPERLINK" in sheet
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Register", "Controls", "Heat map", "Matrix"]
    reg = wb["Register"]
    headers = [c.value for c in reg[1]]
    titles = {reg.cell(row=r, column=2).value: r for r in range(2, reg.max_row + 1)}
    row = titles['=HYPERLINK("http://evil.example","Click")']
    title_cell = reg.cell(row=row, column=2)
    assert title_cell.data_type == "s" and title_cell.quotePrefix
    assert reg.cell(row=row, column=6).value == "+44 7700 900000 @ward"  # control char gone
    current = reg.cell(row=row, column=headers.index("Current score") + 1)
    assert current.value == "High 12" and current.fill.fgColor.rgb.endswith("ED8B00")
    assert current.font.color.rgb.endswith("212B32")
    assert reg.cell(row=row, column=headers.index("Controls") + 1).value == (
        "Training: Breakaway training\nProcedural: -dash first"
    )
    # Every heading the import needs is recognised by the risks format (round trip).
    match = load_format("risks").match_header(headers)
    assert match.complete and match.headers["location"] == "Location code"
    assert match.headers["owner"] == "Owner employee number"
    assert wb["Controls"].cell(row=3, column=3).value == "-dash first"
    filtered = export_risk_register(
        svc, folder / "open.xlsx", PageRequest(filters={"status": "open"})
    )
    assert filtered.risks == 1


# ----------------------------------------------------------------------- demo (SQLite)


def test_acceptance_4_heat_map_matches_sql_on_the_demo(demo_copy: Path) -> None:
    from vpr_desktop.services.admin.users import identify
    from vpr_desktop.store.database import open_database

    db = open_database(demo_copy)
    try:
        svc = RiskRegisterService(db, identify(db), today=lambda: TODAY)
        current, target = svc.heat_map("current"), svc.heat_map("target")
        source = svc.list_source()
        con = sqlite3.connect(demo_copy)
        try:
            for lk in range(1, 6):
                for c in range(1, 6):
                    for heat, prefix in ((current, "current"), (target, "target")):
                        expected = con.execute(
                            f"SELECT count(*) FROM risk_assessment WHERE status IN "
                            f"('open', 'tolerated') AND {prefix}_likelihood = ? "
                            f"AND {prefix}_consequence = ?",
                            (lk, c),
                        ).fetchone()[0]
                        assert heat.count(lk, c) == expected, (prefix, lk, c)
                        clicked = PageRequest(
                            filters={"cell": (lk, c, prefix), "status": ["open", "tolerated"]}
                        )
                        assert source.count(clicked) == expected
            live = con.execute(
                "SELECT count(*) FROM risk_assessment WHERE status IN ('open', 'tolerated')"
            ).fetchone()[0]
        finally:
            con.close()
        assert current.total == target.total == live > 0
    finally:
        db.close()


def test_sort_by_current_score_reads_the_index(demo_copy: Path) -> None:
    from vpr_desktop.services.admin.users import identify
    from vpr_desktop.store.database import open_database

    db = open_database(demo_copy)
    statements: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if "ORDER BY" in statement:
            statements.append((statement, parameters))

    try:
        source = RiskRegisterService(db, identify(db), today=lambda: TODAY).list_source()
        event.listen(db.engine, "before_cursor_execute", capture)
        first = source.page(PageRequest(), limit=50)
        source.page(PageRequest(), first.cursor, limit=50)
        event.remove(db.engine, "before_cursor_execute", capture)
        with db.engine.connect() as conn:
            for statement, params in statements[:2]:
                # The main query's plan (the trend subquery has its own ORDER BY).
                plan = " | ".join(
                    r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)
                )
                assert "ix_risk_assessment_current_score" in plan, plan
                assert "TEMP B-TREE FOR ORDER BY" not in plan.split("CORRELATED")[0], plan
    finally:
        db.close()


def test_demo_register_reads_cleanly(demo_copy: Path) -> None:
    from vpr_desktop.services.admin.users import identify
    from vpr_desktop.store.database import open_database

    db = open_database(demo_copy)
    try:
        svc = RiskRegisterService(db, identify(db), today=lambda: TODAY)
        src = svc.list_source()
        rows = all_pages(src, PageRequest(), limit=50)
        assert len(rows) == src.count(PageRequest()) == 120
        reviewed = [r for r in rows if r[6] is not Trend.NEW]
        assert reviewed  # the demo has dated reviews: trends show
        detail = svc.get_risk(reviewed[0][RiskListSource.ID_INDEX])
        assert detail.reviews and detail.reviews[0].agreed is not None
        share = svc.controls_on_time()
        assert share.due > 0 and share.percent is not None
        assert sum(svc.attention_counts().values()) > 0
    finally:
        db.close()


def test_status_filtered_pages_walk_the_sort_in_order(demo_copy: Path) -> None:
    """A page of live risks tests the status on ``status || ''``, so SQLite walks the sort's
    index (no statistics: by the status index it would work out every live risk's row and
    sort them all): the same risks, in the same order, as plain SQL, page after page; the
    count is unchanged."""
    import sqlite3

    from vpr_desktop.services.admin.users import identify
    from vpr_desktop.store.database import open_database

    con = sqlite3.connect(demo_copy)
    want = [
        rid
        for (rid,) in con.execute(
            "SELECT id FROM risk_assessment WHERE status IN ('open', 'tolerated') "
            "ORDER BY current_score DESC, id DESC"
        )
    ]
    con.close()
    db = open_database(demo_copy)
    statements: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if "ORDER BY" in statement:
            statements.append((statement, parameters))

    try:
        source = RiskRegisterService(db, identify(db), today=lambda: TODAY).list_source()
        request = PageRequest(
            sort_key="current", descending=True, filters={"status": ["open", "tolerated"]}
        )
        event.listen(db.engine, "before_cursor_execute", capture)
        got: list[int] = []
        page = source.page(request, limit=40)
        while True:
            got += [row[source.ID_INDEX] for row in page.rows]
            if page.cursor is None:
                break
            page = source.page(request, page.cursor, limit=40)
        event.remove(db.engine, "before_cursor_execute", capture)
        assert len(want) > 40 and got == want
        assert source.count(request) == len(want)
        with db.engine.connect() as conn:
            statement, params = statements[0]
            plan = " | ".join(
                r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)
            )
            assert "ix_risk_assessment_current_score" in plan, plan
            assert "TEMP B-TREE FOR ORDER BY" not in plan.split("CORRELATED")[0], plan
    finally:
        db.close()

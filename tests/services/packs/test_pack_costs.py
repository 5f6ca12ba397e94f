"""Issue 16, cost of violence, on SQLite and PostgreSQL: calendar days lost by month, location
and staff group equal a hand count; the estimate uses only the trust's own assumptions (none
set: days printed, cost "not estimated"); claims from NHS Resolution letters are entered by the
VPR lead only; the section is in the PDF, the Word paper and the workbook (money as numbers)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import insert
from sqlalchemy import select

from tests.services.packs.test_pack_truthful import AS_AT
from tests.services.packs.test_pack_truthful import LEAD
from tests.services.packs.test_pack_truthful import PERIOD
from tests.services.packs.test_pack_truthful import REP
from tests.services.packs.test_pack_truthful import board_pack
from tests.services.packs.test_pack_truthful import file_of
from tests.services.packs.test_pack_truthful import pdf_pages
from tests.services.packs.test_pack_truthful import squash
from vpr_desktop.cli.main import run
from vpr_desktop.domain.costs import ClaimStatus
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import IncidentStaff
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import Site
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.reports.pack_job import generate_pack
from vpr_desktop.services.admin import trust_settings
from vpr_desktop.services.admin import trust_settings_text
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.incidents.claims import list_claims
from vpr_desktop.services.incidents.claims import parse_value
from vpr_desktop.services.incidents.claims import save_claim
from vpr_desktop.services.incidents.days_lost import GROUP_NOT_RECORDED
from vpr_desktop.services.incidents.days_lost import days_lost
from vpr_desktop.services.incidents.figures import Period
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.model import AssuranceLevel
from vpr_desktop.services.packs.model import SessionKind
from vpr_desktop.services.packs.model import Suppressed
from vpr_desktop.store.database import Database

# (day, location, days_lost on the incident, [(staff group, days absent), ...])
INCIDENTS = [
    (dt.date(2026, 4, 3), "Ward A", 10, [("Nursing", 6), ("Medical", 4)]),
    (dt.date(2026, 4, 20), "Ward B", 3, [("Nursing", 3)]),
    (dt.date(2026, 5, 9), "Ward A", 12, []),  # imported total, no staff recorded
    (dt.date(2026, 6, 30), "Ward B", 0, [("Nursing", 0)]),
    (dt.date(2026, 3, 31), "Ward A", 50, [("Nursing", 50)]),  # before the period
]


def add_incidents(db: Database) -> None:
    with UnitOfWork(db, LEAD) as uow:
        s = uow.session
        site = Site(code="S1", name="Main site")
        s.add(site)
        s.flush()
        locations = {}
        for code, name in (("WA", "Ward A"), ("WB", "Ward B")):
            loc = Location(
                site_id=site.id,
                code=code,
                name=name,
                setting_type=SettingType.INPATIENT_MENTAL_HEALTH,
            )
            s.add(loc)
            locations[name] = loc
        groups = {n: StaffGroup(code=n[:3].upper(), name=n) for n in ("Nursing", "Medical")}
        s.add_all(groups.values())
        people = [
            Person(employee_number=f"E{n}", first_name="Alex", last_name=f"Doe{n}")
            for n in range(2)
        ]
        s.add_all(people)
        s.flush()
        for i, (day, place, lost, staff) in enumerate(INCIDENTS, start=1):
            s.execute(
                insert(Incident).values(
                    reference=f"C-{i}",
                    occurred_at=dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC),
                    month=f"{day:%Y-%m}",
                    primary_type=IncidentType.PHYSICAL,
                    location_id=locations[place].id,
                    days_lost=lost,
                )
            )
            incident_id = s.scalar(select(Incident.id).where(Incident.reference == f"C-{i}"))
            for person, (group, absent) in zip(people, staff, strict=False):
                s.add(
                    IncidentStaff(
                        incident_id=incident_id,
                        person_id=person.id,
                        staff_group_id=groups[group].id,
                        days_absent=absent,
                    )
                )


def set_costs(db: Database, per_day: str, bank: str) -> None:
    current = trust_settings.load(db)
    changed = trust_settings_text.with_value(current, "cost_per_day_lost", per_day)
    changed = trust_settings_text.with_value(changed, "bank_cover_per_day", bank)
    trust_settings.save(db, LEAD, changed, current.version)


def test_days_lost_equal_a_hand_count(db: Database) -> None:
    add_incidents(db)
    days = days_lost(db, LEAD, Period(*PERIOD))
    assert days.total == 10 + 3 + 12 + 0
    assert days.by_month == (("2026-04", 13), ("2026-05", 12), ("2026-06", 0))
    assert days.by_location == (("Ward A", 22), ("Ward B", 3))
    # Nursing 6 + 3, Medical 4; the 12 days with no staff recorded are shown as such.
    assert days.by_staff_group == (
        (GROUP_NOT_RECORDED, 12),
        ("Nursing", 9),
        ("Medical", 4),
    )
    assert sum(n for _, n in days.by_staff_group) == days.total


def test_claims_are_entered_by_the_lead_only(db: Database) -> None:
    with pytest.raises(PermissionDeniedError):
        save_claim(db, REP, "NHSR/1", dt.date(2026, 5, 1), Decimal(100), ClaimStatus.OPEN)
    claim = save_claim(db, LEAD, " NHSR/1 ", dt.date(2026, 5, 1), parse_value("£12,500.5"), "open")
    assert (claim.reference, claim.value, claim.status) == (
        "NHSR/1",
        Decimal("12500.50"),
        ClaimStatus.OPEN,
    )
    with pytest.raises(ValidationError, match="already entered"):
        save_claim(db, LEAD, "NHSR/1", dt.date(2026, 5, 2), Decimal(1), ClaimStatus.OPEN)
    with pytest.raises(ValidationError):
        save_claim(db, LEAD, "NHSR/2", dt.date(2026, 5, 2), Decimal(-1), ClaimStatus.OPEN)
    with pytest.raises(ValidationError, match="not an amount"):
        parse_value("twelve")
    changed = save_claim(
        db,
        LEAD,
        "NHSR/1",
        dt.date(2026, 5, 1),
        Decimal(9000),
        ClaimStatus.SETTLED,
        claim_id=claim.id,
        expected_version=claim.version,
    )
    assert changed.status is ClaimStatus.SETTLED
    assert list_claims(db, REP) == [changed]  # a claim names nobody: the staff side reads it
    assert list_claims(db, LEAD, dt.date(2026, 6, 1)) == []


def test_with_no_cost_set_the_pack_prints_days_and_says_why_no_cost(
    db: Database, tmp_path: Path
) -> None:
    add_incidents(db)
    result = board_pack(
        db, tmp_path, assurance_level=AssuranceLevel.LIMITED, session=SessionKind.PRIVATE
    )
    costs = next(s for s in result.pack.sections if s.id == "costs")
    assert costs.paragraphs[0] == (
        "25 calendar days lost to violence and aggression in the period. The cost is not "
        "estimated: the trust has not set a cost for a day lost."
    )
    estimate = next(t for t in costs.tables if t.id == "cost_estimate")
    assert estimate.rows == (("Claims (settled and open)", 0, None, 0.0),)
    assumptions = next(t for t in costs.tables if t.id == "cost_assumptions")
    assert assumptions.rows[0][:2] == ("Cost of a day lost", "not set")
    assert "£" not in costs.paragraphs[0]
    pdf = squash(" ".join(pdf_pages(file_of(result, "pdf"))))
    assert "Cost of violence" in pdf and "the cost is not estimated because" in pdf


def test_the_estimate_equals_a_hand_calculation_in_every_format(
    db: Database, tmp_path: Path
) -> None:
    add_incidents(db)
    set_costs(db, "245.50", "£310")
    save_claim(db, LEAD, "NHSR/A", dt.date(2026, 5, 1), Decimal("12000"), ClaimStatus.SETTLED)
    save_claim(db, LEAD, "NHSR/B", dt.date(2026, 6, 1), Decimal("5000.25"), ClaimStatus.OPEN)
    save_claim(db, LEAD, "NHSR/C", dt.date(2026, 6, 2), Decimal("700"), ClaimStatus.CLOSED)
    save_claim(db, LEAD, "NHSR/D", dt.date(2026, 9, 1), Decimal("1"), ClaimStatus.OPEN)  # later
    out = tmp_path / "c"
    out.mkdir()
    result = generate_pack(
        db,
        LEAD,
        PackRequest("committee", *PERIOD, as_at=AS_AT),
        out,
        ("pdf", "xlsx", "docx"),
    )
    costs = next(s for s in result.pack.sections if s.id == "costs")
    # 25 days × £245.50 = £6,137.50; 25 × £310 = £7,750; claims £12,000 + £5,000.25.
    hand = 25 * 245.50 + 25 * 310 + 12000 + 5000.25
    estimate = next(t for t in costs.tables if t.id == "cost_estimate")
    assert estimate.rows == (
        ("Days lost × cost of a day lost", 25, 245.5, 6137.5),
        ("Days lost × cost of bank cover per day", 25, 310.0, 7750.0),
        ("Claims (settled and open)", 2, None, 17000.25),
        ("Estimated cost of violence", None, None, hand),
    )
    assert costs.paragraphs[0].endswith("Estimated cost of violence in the period: £30,887.75.")
    claims = next(t for t in costs.tables if t.id == "nhsr_claims")
    assert [r[0] for r in claims.rows] == ["NHSR/A", "NHSR/B", "NHSR/C"]
    assert costs.paragraphs[1].startswith("Method. Days lost are calendar days")

    pdf = squash(" ".join(pdf_pages(file_of(result, "pdf"))))
    assert "£30,887.75" in pdf and "£245.50" in pdf
    wb = load_workbook(file_of(result, "xlsx"))
    ws = wb["Cost of violence"]
    cells = {r[0].value: r for r in ws.iter_rows(max_col=4) if r[0].value}
    total = cells["Estimated cost of violence"][3]
    assert total.value == pytest.approx(hand) and total.number_format == '"£"#,##0.00'
    assert cells["Ward A"][1].value == 22  # days by location, as numbers
    doc = Document(str(file_of(result, "docx")))
    texts = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "£30,887.75" in texts


def test_a_public_pack_hides_small_days_lost_by_location(db: Database, tmp_path: Path) -> None:
    add_incidents(db)
    result = board_pack(db, tmp_path, assurance_level=AssuranceLevel.LIMITED)
    costs = next(s for s in result.pack.sections if s.id == "costs")
    locations = next(t for t in costs.tables if t.id == "days_lost_location")
    values = [r[1] for r in locations.rows]
    assert isinstance(values[1], Suppressed)  # Ward B: 3 days
    assert all(isinstance(v, Suppressed) or v % 5 == 0 for v in values)
    groups = next(t for t in costs.tables if t.id == "days_lost_staff_group")
    assert any(isinstance(r[1], Suppressed) for r in groups.rows)  # Medical: 4 days


def test_the_cli_sets_the_costs(sqlite_db: Database, tmp_path: Path) -> None:
    sqlite_db.close()
    target = str(tmp_path / "test.db")
    out, err = io.StringIO(), io.StringIO()
    assert run(["settings", "set", "cost_per_day_lost", "£245.50", "--db", target], out, err) == 0
    assert run(["settings", "set", "bank_cover_per_day", "abc", "--db", target], out, err) == 3
    out = io.StringIO()
    assert run(["settings", "show", "--db", target], out, err) == 0
    shown = dict(line.split(None, 1) for line in out.getvalue().splitlines() if line.strip())
    assert shown["cost_per_day_lost"] == "245.50"
    assert shown["bank_cover_per_day"] == "none"

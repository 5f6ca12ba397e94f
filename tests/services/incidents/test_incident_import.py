"""Datix-style incident import on SQLite AND PostgreSQL, from the shared sample export.

Acceptance 3: importing the same file twice leaves the incident count unchanged and a re-export
with a changed harm level updates it; a file carrying ``inc_name``/``inc_dob`` leaves no such
value anywhere in the database (every text column of every table is searched).
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import cast
from sqlalchemy import func
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy import text

from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import ImportOutcome
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import PerpetratorType
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import ImportBatch
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Setting
from vpr_desktop.domain.models import Site
from vpr_desktop.domain.riddor import RiddorOverride
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents.import_values import parse_time
from vpr_desktop.services.incidents.import_values import redact
from vpr_desktop.services.incidents.service import IncidentService

SAMPLE = Path(__file__).parents[2] / "data" / "datix_raw_fields_sample.csv"
TODAY = dt.date(2026, 7, 31)
LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
CHAIR = Actor("chair", "Chris Chair", frozenset({Role.COMMITTEE_CHAIR}))
SAMPLE_LOCATIONS = (
    "111 Call Centre",
    "Facilities - Security",
    "Community Mental Health West",
    "Emergency Department",
    "Ward 7 Acute Admissions",
    "Outpatients Reception",
)


@pytest.fixture
def svc(db) -> IncidentService:  # type: ignore[no-untyped-def]
    with UnitOfWork(db, LEAD) as uow:
        s = uow.session
        site = Site(code="NG", name="Northgate")
        s.add(site)
        s.flush()
        for k, name in enumerate(SAMPLE_LOCATIONS):
            s.add(
                Location(
                    site_id=site.id,
                    code=f"NG-{k:02d}",
                    name=name,
                    setting_type=SettingType.EMERGENCY_DEPARTMENT,
                )
            )
    return IncidentService(db, LEAD, today=TODAY)


def rows() -> tuple[list[str], list[list[str]]]:
    with SAMPLE.open(encoding="utf-8", newline="") as fh:
        data = list(csv.reader(fh))
    return data[0], data[1:]


def write(path: Path, header: list[str], body: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *body])
    return path


def edited(path: Path, changes: dict[tuple[str, str], str]) -> Path:
    """The sample with cells changed: (recordid, column) -> new value."""
    header, body = rows()
    for (rid, column), value in changes.items():
        row = next(r for r in body if r[0] == rid)
        row[header.index(column)] = value
    return write(path, header, body)


def count(db, model: type) -> int:  # type: ignore[no-untyped-def]
    with reading(db) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def text_hits(db, needles: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Every (table.column) of every table whose text holds any of ``needles``."""
    hits = []
    insp = inspect(db.engine)
    with db.engine.connect() as conn:
        for table in insp.get_table_names():
            for col in insp.get_columns(table):
                kind = str(col["type"]).upper()
                if not any(w in kind for w in ("CHAR", "TEXT", "JSON", "CLOB", "STRING")):
                    continue
                column = text(f'"{col["name"]}"')
                for needle in needles:
                    stmt = (
                        select(func.count())
                        .select_from(text(f'"{table}"'))
                        .where(cast(column, Text).like(f"%{needle}%"))
                    )
                    if conn.execute(stmt).scalar():
                        hits.append(f"{table}.{col['name']} holds {needle!r}")
    return hits


# ---------------------------------------------------------------------- acceptance 3


def test_import_twice_then_a_changed_harm_updates_without_new_incidents(
    db, svc: IncidentService, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first_file = tmp_path / "datix-2026-07.csv"
    shutil.copyfile(SAMPLE, first_file)
    dry = svc.import_incidents(first_file, dry_run=True)
    assert dry.ok and dry.counts["new incidents"] == 60 and count(db, Incident) == 0

    first = svc.import_incidents(first_file)
    assert first.ok, first.problems
    assert first.outcome is ImportOutcome.COMMITTED and first.counts["new incidents"] == 60
    assert count(db, Incident) == 60

    again = svc.import_incidents(first_file)  # the identical file
    assert again.ok and again.outcome is ImportOutcome.COMMITTED
    assert again.counts == {
        "new incidents": 0,
        "updated": 0,
        "unchanged": 60,
        "judgement needed": 0,
    }
    assert f"already imported on {dt.date.today():%Y-%m-%d}" in again.notes[0]
    assert "nothing changed" in again.notes[0]
    assert count(db, Incident) == 60

    before = svc.get_by_reference("5001")
    assert before.harm is Harm.MODERATE
    changed = svc.import_incidents(
        edited(tmp_path / "datix-2026-08.csv", {("5001", "inc_severity"): "HIGH"})
    )
    assert changed.ok and changed.counts["updated"] == 1 and changed.counts["unchanged"] == 59
    assert count(db, Incident) == 60
    after = svc.get_by_reference("5001")
    assert after.harm is Harm.SEVERE and after.version == before.version + 1
    assert after.reference == before.reference and after.import_batch_id == first.batch_id


def test_patient_identifiers_are_never_stored(db, svc: IncidentService, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header, body = rows()
    note = header.index("inc_notes")
    # a narrative that names the patient, gives the date of birth and an NHS number
    body[3][note] = (
        "Patient 3 (DOB 05/05/1980, NHS 943 476 5919, LS1 4AP) threatened staff at reception."
    )
    result = svc.import_incidents(write(tmp_path / "datix.csv", header, body))
    assert result.ok, result.problems
    assert any("not stored: inc_name, inc_dob" in n for n in result.notes)
    assert any("removed from descriptions" in n for n in result.notes)
    patients = sorted({r[header.index("inc_name")] for r in body}, key=len, reverse=True)
    needles = [*patients, "1980-05-05", "05/05/1980", "943 476 5919", "9434765919", "LS1 4AP"]
    assert text_hits(db, needles) == []
    assert text_hits(db, ["shouted at"]) == ["incident.description holds 'shouted at'"]
    d = svc.get_by_reference("5003")
    assert d.description == (
        "[removed] (DOB [removed], NHS [removed], [removed]) threatened staff at reception."
    )


def test_sample_values_map_to_the_common_standard(svc: IncidentService, tmp_path: Path) -> None:
    result = svc.import_incidents(shutil.copyfile(SAMPLE, tmp_path / "x.csv"))
    assert result.ok
    assault = svc.get_by_reference("5001")  # Physical assault - patient on staff, NOINJ, MOD
    assert assault.types == (IncidentType.PHYSICAL,)
    assert assault.perpetrator_type is PerpetratorType.PATIENT
    assert (assault.harm, assault.injury, assault.near_miss) == (Harm.MODERATE, False, False)
    assert assault.location == "111 Call Centre" and assault.month == "2025-12"
    assert assault.occurred_at == dt.datetime(2025, 12, 2, 1, 8, tzinfo=dt.UTC)  # GMT
    racial = svc.get_by_reference("5005")  # Racial abuse
    assert racial.types == (IncidentType.VERBAL, IncidentType.HATE_MOTIVATED)
    assert racial.hate_strand == "race"
    summer = svc.get_by_reference("5002")  # 04:22 BST on 6 May 2026 = 03:22 UTC
    assert summer.occurred_at == dt.datetime(2026, 5, 6, 3, 22, tzinfo=dt.UTC)
    assert summer.types == (IncidentType.SEXUAL,)
    near = svc.get_by_reference("5004")  # NM with severity HIGH: a near miss has no harm
    assert near.near_miss and near.harm is Harm.NO_HARM
    # inc_riddor=Y on a verbal incident: the rule says no, so a person must decide
    verbal_y = svc.get_by_reference("5044")
    assert verbal_y.riddor.status is RiddorStatus.JUDGEMENT_NEEDED
    assert "source system marks" in (verbal_y.riddor.reason or "")
    verbal_n = svc.get_by_reference("5003")
    assert verbal_n.riddor.status is RiddorStatus.NOT_REPORTABLE
    assert not assault.staff and not assault.steps


def test_dciq_display_labels_in_an_excel_export(svc: IncidentService, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Datix incidents report", None])
    ws.append([])
    ws.append(
        [
            "Reference",
            "Incident date",
            "Time",
            "Location",
            "Category",
            "Subcategory",
            "Result",
            "Severity",
            "Description",
            "Name",
            "Date of birth",
        ]
    )
    ws.append(
        [
            "W123",
            dt.datetime(2026, 3, 4),
            "14:05",
            "Emergency Department",
            "Violence & Aggression",
            "Threat with weapon",
            "No injury",
            "Low",
            "Threatened with a chair.",
            "Jane Patient",
            dt.datetime(1990, 1, 2),
        ]
    )
    path = tmp_path / "dciq.xlsx"
    wb.save(path)
    result = svc.import_incidents(path)
    assert result.ok, result.problems
    d = svc.get_by_reference("W123")
    assert d.types == (IncidentType.THREATENING,) and d.harm is Harm.LOW
    assert d.occurred_at == dt.datetime(2026, 3, 4, 14, 5, tzinfo=dt.UTC)
    assert text_hits(svc.db, ["Jane Patient", "1990-01-02"]) == []


# ------------------------------------------------------------------------ row problems


def test_unknown_values_are_reported_per_row_and_nothing_is_written(
    db, svc: IncidentService, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = edited(
        tmp_path / "bad.csv",
        {
            ("5000", "inc_locactual"): "Ward 99",
            ("5001", "inc_subcategory"): "Slip, trip or fall",
            ("5002", "inc_severity"): "BAD",
            ("5003", "inc_dincident"): "2026-09-01",
            ("5004", "inc_time"): "2575",
            ("5005", "inc_dreported"): "2026-02-01",
            ("5006", "recordid"): "5007",
        },
    )
    result = svc.import_incidents(path)
    assert not result.ok and result.outcome is ImportOutcome.REJECTED
    found = {(p.row, p.column) for p in result.problems}
    assert found == {
        (2, "inc_locactual"),
        (3, "inc_subcategory"),
        (4, "inc_severity"),
        (5, "inc_dincident"),
        (6, "inc_time"),
        (7, "inc_dreported"),
        (9, "recordid"),
    }
    why = {p.row: p.why for p in result.problems}
    assert "not a location code or name" in why[2]
    assert "not in the category map" in why[3]
    assert "the same reference is used on row 8" in why[9]
    assert count(db, Incident) == 0
    # The same unknown values, grouped by kind and value with their rows (what the CLI and
    # the dialog summarise); the other problems are not in the groups.
    assert result.unknown == {
        "location name": {"Ward 99": 1},
        "sub-category": {"Slip, trip or fall": 1},
        "severity": {"BAD": 1},
    }
    assert result.unknown_total == 3
    assert {p.row for p in result.problems if p.unknown} == {2, 3, 4}
    assert result.unknown_lines()[0] == (
        "1 location name, 1 sub-category and 1 severity are not known:"
    )


def test_location_aliases_from_the_settings_map(db, svc: IncidentService, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with UnitOfWork(db, LEAD) as uow:
        uow.session.add(
            Setting(
                key="incident_import_map",
                value={
                    "locations": {"Ward 99": "NG-03"},
                    "categories": {"Slip, trip or fall": {"types": ["physical"]}},
                },
            )
        )
    path = edited(
        tmp_path / "aliases.csv",
        {("5000", "inc_locactual"): "Ward 99", ("5001", "inc_subcategory"): "Slip, trip or fall"},
    )
    result = svc.import_incidents(path)
    assert result.ok, result.problems
    assert svc.get_by_reference("5000").location == "Emergency Department"


def test_a_reimport_never_replaces_a_persons_riddor_decision(
    svc: IncidentService, tmp_path: Path
) -> None:
    svc.import_incidents(shutil.copyfile(SAMPLE, tmp_path / "a.csv"))
    d = svc.get_by_reference("5044")
    decided = svc.update(
        d.id,
        d.as_input().__class__(
            **{
                **d.as_input().__dict__,
                "riddor_override": RiddorOverride(
                    RiddorStatus.NOT_REPORTABLE, "Verbal only; Datix flag set in error."
                ),
            }
        ),
        d.version,
    )
    assert decided.riddor.status is RiddorStatus.NOT_REPORTABLE
    result = svc.import_incidents(edited(tmp_path / "b.csv", {("5044", "inc_severity"): "MOD"}))
    assert result.ok and result.counts["updated"] == 1
    again = svc.get_by_reference("5044")
    assert again.harm is Harm.MODERATE
    assert again.riddor.status is RiddorStatus.NOT_REPORTABLE and again.riddor.overridden


# ------------------------------------------------------------------------------- undo


def test_undo_restores_updates_and_removes_created_incidents(
    db, svc: IncidentService, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first = svc.import_incidents(shutil.copyfile(SAMPLE, tmp_path / "a.csv"))
    second = svc.import_incidents(
        edited(
            tmp_path / "b.csv",
            {("5001", "inc_severity"): "HIGH", ("5002", "inc_subcategory"): "Racial abuse"},
        )
    )
    assert second.counts["updated"] == 2
    with pytest.raises(ValidationError, match="changed since") as info:
        svc.undo_import(first.batch_id)  # the later import is still in place
    assert any("later import" in p[3] for p in info.value.problems)
    assert svc.undo_import(second.batch_id) == {
        "incidents removed": 0,
        "incidents restored": 2,
        "type links": 0,
    }
    assert svc.get_by_reference("5001").harm is Harm.MODERATE
    assert svc.get_by_reference("5002").types == (IncidentType.SEXUAL,)
    edited_in_app = svc.get_by_reference("5010")
    svc.update(
        edited_in_app.id,
        edited_in_app.as_input().__class__(
            **{**edited_in_app.as_input().__dict__, "description": "Reviewed."}
        ),
        edited_in_app.version,
    )
    with pytest.raises(ValidationError, match="changed since"):
        svc.undo_import(first.batch_id)
    with reading(db) as s:
        outcomes = dict(s.execute(select(ImportBatch.id, ImportBatch.outcome)).all())
    assert outcomes[second.batch_id] is ImportOutcome.UNDONE
    assert outcomes[first.batch_id] is ImportOutcome.COMMITTED


def test_undo_of_an_untouched_batch_removes_its_incidents(
    db, svc: IncidentService, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first = svc.import_incidents(shutil.copyfile(SAMPLE, tmp_path / "a.csv"))
    assert svc.undo_import(first.batch_id)["incidents removed"] == 60
    assert count(db, Incident) == 0


def test_importing_needs_the_permissions(db, svc: IncidentService, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDeniedError):
        IncidentService(db, CHAIR).import_incidents(tmp_path / "x.csv")


# ------------------------------------------------------------------------ pure helpers


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1012", dt.time(10, 12)),
        ("0001", dt.time(0, 1)),
        ("930", dt.time(9, 30)),
        ("9:30", dt.time(9, 30)),
        ("23:59:59", dt.time(23, 59)),
        (0.5, dt.time(12, 0)),
        (1012, dt.time(10, 12)),
        ("", None),
    ],
)
def test_parse_time(raw: object, expected: dt.time | None) -> None:
    assert parse_time(raw) == expected


def test_redact() -> None:
    out, n = redact("Ann Smith said SMITH was 943-476-5919", ["Ann Smith", "Smith"], "[x]")
    assert out == "[x] said [x] was [x]" and n == 3
    assert redact(None, ["x"], "[x]") == (None, 0)


def test_string_column_types_are_searched() -> None:
    assert isinstance(Incident.__table__.c.description.type, Text | String)


@pytest.mark.parametrize("cell", [float("inf"), float("-inf"), float("nan")])
def test_an_infinite_or_nan_time_cell_is_a_plain_row_problem(cell: float) -> None:
    """Found by the hostile-XLSX property test in CI: a workbook cell holding infinity in the
    time column ended in OverflowError ("unexpected error") instead of a row problem."""
    from vpr_desktop.services.importing.values import ValueProblem
    from vpr_desktop.services.incidents.import_values import parse_time

    with pytest.raises(ValueProblem, match="is not a time"):
        parse_time(cell)

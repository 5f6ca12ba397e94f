"""Issue 17: the Datix sample on a new trust's database, its unknown locations mapped, created
or left out, on SQLite AND PostgreSQL; the choices saved as a profile make the next import of
the same layout need none; a refused or checked import leaves the database as it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain.enums import ImportOutcome
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.models import ImportBatch
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import MappingProfile
from vpr_desktop.domain.models import Site
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.importing.value_map import ValueChoice
from vpr_desktop.services.importing.value_map import ValueMap
from vpr_desktop.services.importing.value_profiles import get_value_profile
from vpr_desktop.services.importing.value_profiles import list_value_profiles
from vpr_desktop.services.importing.value_profiles import matching_profile
from vpr_desktop.services.incidents.service import IncidentService
from vpr_desktop.services.training.starter import add_starter_catalogue

SAMPLE = Path(__file__).parents[2] / "data" / "datix_raw_fields_sample.csv"
TODAY = dt.date(2026, 7, 31)
LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
UNKNOWN = {
    "111 Call Centre": 13,
    "Facilities - Security": 10,
    "Community Mental Health West": 8,
    "Outpatients Reception": 10,
}


def starter_setup(db: object) -> None:
    """A new trust after its first steps: the starter catalogue, one site, three locations."""
    add_starter_catalogue(db, LEAD)  # type: ignore[arg-type]
    with UnitOfWork(db, LEAD) as uow:  # type: ignore[arg-type]
        site = Site(code="NG", name="Northgate Hospital")
        uow.session.add(site)
        for code, name, setting in (
            ("NG-ED", "Emergency Department", SettingType.EMERGENCY_DEPARTMENT),
            ("NG-W7", "Ward 7 Acute Admissions", SettingType.ACUTE_WARD),
            ("NG-OPD", "Outpatients", SettingType.ACUTE_WARD),
        ):
            uow.session.add(Location(site=site, code=code, name=name, setting_type=setting))


def choices() -> ValueMap:
    """What the VPR lead chose for the sample's four unknown locations."""
    values = ValueMap()
    values.set("location name", "Outpatients Reception", ValueChoice("map", "NG-OPD"))
    values.set(
        "location name",
        "111 Call Centre",
        ValueChoice(
            "create",
            new={
                "name": "111 Call Centre",
                "code": "NG-111",
                "site": "Northgate Hospital",
                "setting_type": "ambulance_call_handling",
            },
        ),
    )
    values.set(
        "location name",
        "Community Mental Health West",
        ValueChoice(
            "create",
            new={
                "name": "Community Mental Health West",
                "site": "West Locality",
                "setting_type": "community",
            },
        ),
    )
    values.set("location name", "facilities security", ValueChoice("leave_out"))
    return values


def state(db: object) -> tuple[int, int, int]:
    with reading(db) as s:  # type: ignore[arg-type]
        return (
            s.scalar(select(func.count()).select_from(Incident)) or 0,
            s.scalar(select(func.count()).select_from(Location)) or 0,
            s.scalar(select(func.count()).select_from(Site)) or 0,
        )


def test_unknown_locations_are_mapped_created_or_left_out(db: object) -> None:
    starter_setup(db)
    svc = IncidentService(db, LEAD, today=TODAY)  # type: ignore[arg-type]
    first = svc.import_incidents(SAMPLE, dry_run=True)
    assert not first.ok
    assert first.unknown == {"location name": UNKNOWN}
    assert "inc_locactual" in first.headers

    before = state(db)
    values = choices()
    check = svc.import_incidents(SAMPLE, dry_run=True, values=values)
    assert check.ok, check.problems[:3]
    assert check.counts["new incidents"] == 50 and check.counts["left out"] == 10
    assert check.counts["new locations"] == 2
    assert check.mapped["location name"] == {
        "Outpatients Reception": 10,
        "111 Call Centre": 13,
        "Community Mental Health West": 8,
        "facilities security": 10,
    }
    assert state(db) == before  # a check adds no location, no site
    assert not values.used  # the caller's map is not counted into

    done = svc.import_incidents(SAMPLE, values=values, profile_name="Datix monthly")
    assert done.ok and done.rows_imported == 50
    assert "10 row(s) were left out as chosen: location name 'facilities security' (10 rows)." in (
        done.notes
    )
    with reading(db) as s:  # type: ignore[arg-type]
        call = s.scalar(select(Location).where(Location.code == "NG-111"))
        assert call is not None and call.site.name == "Northgate Hospital"
        assert call.setting_type is SettingType.AMBULANCE_CALL_HANDLING
        west = s.scalar(select(Location).where(Location.name == "Community Mental Health West"))
        assert west is not None and west.code == "COMMUNITY-MENTAL-HEALTH-WEST"
        assert (west.site.code, west.site.name) == ("WEST-LOCALITY", "West Locality")
        assert west.setting_type is SettingType.COMMUNITY
        opd = s.scalar(
            select(func.count())
            .select_from(Incident)
            .join(Location)
            .where(Location.code == "NG-OPD")
        )
        assert opd == 10
        batch = s.get(ImportBatch, done.batch_id)
        assert batch is not None
        assert batch.mapping_profile == "incidents v1 + values 'Datix monthly'"
    assert state(db) == (50, 5, 2)


def test_a_refused_import_with_choices_changes_nothing(db: object) -> None:
    starter_setup(db)
    svc = IncidentService(db, LEAD, today=TODAY)  # type: ignore[arg-type]
    before = state(db)
    values = choices()
    values.set("location name", "Outpatients Reception", None)  # one left unmapped
    refused = svc.import_incidents(SAMPLE, values=values)
    assert not refused.ok and refused.unknown == {"location name": {"Outpatients Reception": 10}}
    assert state(db) == before  # the two locations to create were not kept
    with reading(db) as s:  # type: ignore[arg-type]
        outcomes = list(s.scalars(select(ImportBatch.outcome)))
    assert outcomes == [ImportOutcome.REJECTED]


def test_saved_profile_is_found_by_the_file_headings_and_applied_by_name(db: object) -> None:
    starter_setup(db)
    svc = IncidentService(db, LEAD, today=TODAY)  # type: ignore[arg-type]
    mapping = svc.value_mapping()
    kinds = {k.what: k for k in mapping.kinds()}
    assert kinds["location name"].create == "location"
    assert [t.label for t in kinds["location name"].targets] == [
        "Emergency Department (Northgate Hospital)",
        "Outpatients (Northgate Hospital)",
        "Ward 7 Acute Admissions (Northgate Hospital)",
    ]
    assert [t.key for t in kinds["location name"].create_options["site"]] == ["NG"]
    assert "moderate" in {t.key for t in kinds["severity"].targets}
    assert "Physical assault by patient" in {t.key for t in kinds["sub-category"].targets}

    check = svc.import_incidents(SAMPLE, dry_run=True)
    saved = mapping.save_profile("Datix monthly", choices(), check.headers)
    assert [p.name for p in mapping.profiles()] == ["Datix monthly"]
    assert matching_profile(mapping.profiles(), [h.upper() for h in check.headers]) == saved
    assert matching_profile(mapping.profiles(), check.headers[:-1]) is None
    again = mapping.save_profile("Datix monthly", choices(), check.headers)  # replaces
    assert again.id == saved.id and again.values.to_json() == choices().to_json()
    assert list_value_profiles(db, LEAD, "training") == []  # type: ignore[arg-type]

    by_name = svc.import_incidents(SAMPLE, profile_name="datix MONTHLY")
    assert by_name.ok and by_name.counts["new incidents"] == 50
    second = svc.import_incidents(SAMPLE, dry_run=True)  # the created locations now exist
    assert second.unknown == {
        "location name": {"Facilities - Security": 10, "Outpatients Reception": 10}
    }

    with pytest.raises(NotFoundError, match="no saved value mapping called 'Other'"):
        svc.import_incidents(SAMPLE, profile_name="Other")
    mapping.delete_profile(saved.id)
    with reading(db) as s:  # type: ignore[arg-type]
        assert s.scalar(select(func.count()).select_from(MappingProfile)) == 0
    with pytest.raises(NotFoundError):
        get_value_profile(db, LEAD, "incidents", "Datix monthly")  # type: ignore[arg-type]


def test_value_map_matches_loosely_and_round_trips() -> None:
    values = choices()
    assert values.get("location name", "FACILITIES & SECURITY") is None  # '&' reads 'and'
    assert values.get("location name", "Facilities - Security") == ValueChoice("leave_out")
    assert values.get("location name", " 111 call centre ") is not None
    assert ValueMap.from_json(values.to_json()).to_json() == values.to_json()
    assert ValueMap.from_json({"x": {"a": {"action": "explode"}}, "y": 3}).to_json() == {}
    assert not ValueMap()


def test_sub_categories_and_severities_are_mapped_too(db: object, tmp_path: Path) -> None:
    """A trust's own sub-category and severity words become the map's and the standard's."""
    import csv

    from vpr_desktop.domain.enums import Harm
    from vpr_desktop.domain.enums import IncidentType
    from vpr_desktop.domain.enums import PerpetratorType

    starter_setup(db)
    with SAMPLE.open(encoding="utf-8", newline="") as fh:
        header, *body = list(csv.reader(fh))
    sub, sev = header.index("inc_subcategory"), header.index("inc_severity")
    body[0][sub] = "Shoved by a visitor"
    body[1][sev] = "Grave"
    path = tmp_path / "datix.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *body])
    svc = IncidentService(db, LEAD, today=TODAY)  # type: ignore[arg-type]
    first = svc.import_incidents(path, dry_run=True)
    assert first.unknown["sub-category"] == {"Shoved by a visitor": 1}
    assert first.unknown["severity"] == {"Grave": 1}

    values = choices()
    values.set(
        "sub-category",
        "Shoved by a visitor",
        ValueChoice("map", "Physical assault - relative or visitor on staff"),
    )
    values.set("severity", "Grave", ValueChoice("map", "severe"))
    done = svc.import_incidents(path, values=values)
    assert done.ok, done.problems[:3]
    with reading(db) as s:  # type: ignore[arg-type]
        shoved = s.scalar(select(Incident).where(Incident.external_ref == body[0][0]))
        grave = s.scalar(select(Incident).where(Incident.external_ref == body[1][0]))
    assert shoved is not None and shoved.primary_type is IncidentType.PHYSICAL
    assert shoved.perpetrator_type is PerpetratorType.RELATIVE_VISITOR
    assert grave is not None and grave.harm is Harm.SEVERE

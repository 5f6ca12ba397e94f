"""Issue 17: a risk register naming wards the database does not know -- each name mapped to a
location, created as one, or its rows left out -- on SQLite AND PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import func
from sqlalchemy import select

from tests.services.incidents.test_incident_import_mapping import LEAD
from tests.services.incidents.test_incident_import_mapping import starter_setup
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import RiskAssessment
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.importing.value_map import ValueChoice
from vpr_desktop.services.importing.value_map import ValueMap
from vpr_desktop.services.risks.service import RiskRegisterService

HEADER = ["Title", "Location", "Activity / hazard", "Current likelihood", "Current consequence"]


def test_unknown_wards_mapped_created_or_left_out(db: object, tmp_path: Path) -> None:
    starter_setup(db)
    path = tmp_path / "register.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [
                HEADER,
                ["Aggression at the desk", "Main Outpatients", "Reception", "3", "3"],
                ["Lone visits", "Community Team East", "Home visits", "4", "3"],
                ["Old risk", "Closed Ward", "Anything", "2", "2"],
                ["Waiting room", "Emergency Department", "Waiting", "3", "4"],
            ]
        )
    svc = RiskRegisterService(db, LEAD)  # type: ignore[arg-type]
    first = svc.import_risks(path, dry_run=True)
    assert first.unknown == {
        "location name": {"Main Outpatients": 1, "Community Team East": 1, "Closed Ward": 1}
    }
    assert [k.what for k in svc.value_mapping().kinds()] == ["location name"]

    values = ValueMap()
    values.set("location name", "Main Outpatients", ValueChoice("map", "NG-OPD"))
    values.set(
        "location name",
        "Community Team East",
        ValueChoice(
            "create", new={"name": "Community Team East", "site": "NG", "setting_type": "community"}
        ),
    )
    values.set("location name", "Closed Ward", ValueChoice("leave_out"))
    done = svc.import_risks(path, values=values)
    assert done.ok, done.problems
    assert done.counts.get("left out as chosen") == 1 and done.counts.get("new locations") == 1
    with reading(db) as s:  # type: ignore[arg-type]
        assert s.scalar(select(func.count()).select_from(RiskAssessment)) == 3
        east = s.scalar(select(Location).where(Location.name == "Community Team East"))
        assert east is not None and east.site.code == "NG"

"""Locations with the same name at different sites (issue 17): each shows its site wherever a
location is listed or chosen -- the incident and risk forms' choices, the training filters,
the incident list, the incident detail and the packs' breakdown by location -- while a name
used once stays as it is; SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert
from sqlalchemy import select

from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Site
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.locations import location_label
from vpr_desktop.services.common.locations import location_labels
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents.figures import Period
from vpr_desktop.services.incidents.listing import IncidentListSource
from vpr_desktop.services.incidents.service import IncidentService
from vpr_desktop.services.incidents.stats import IncidentStats
from vpr_desktop.services.risks.service import RiskRegisterService
from vpr_desktop.services.training.catalogue import TrainingCatalogue

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
NAMES = ["Emergency Department", "Ward 7 (Northgate Hospital)", "Ward 7 (Southfield)"]


def two_ward_sevens(db: object) -> dict[str, int]:
    """Ward 7 at two sites, and a name used once; one incident at each location."""
    with UnitOfWork(db, LEAD) as uow:  # type: ignore[arg-type]
        s = uow.session
        north, south = (
            Site(code="NG", name="Northgate Hospital"),
            Site(code="SF", name="Southfield"),
        )
        places = {
            "NG-W7": Location(
                site=north, code="NG-W7", name="Ward 7", setting_type=SettingType.ACUTE_WARD
            ),
            "SF-W7": Location(
                site=south,
                code="SF-W7",
                name="Ward 7",
                setting_type=SettingType.INPATIENT_MENTAL_HEALTH,
            ),
            "NG-ED": Location(
                site=north,
                code="NG-ED",
                name="Emergency Department",
                setting_type=SettingType.EMERGENCY_DEPARTMENT,
            ),
        }
        s.add_all(places.values())
        s.flush()
        at = dt.datetime(2026, 5, 12, 12, tzinfo=dt.UTC)
        s.execute(
            insert(Incident),
            [
                {
                    "reference": f"VPR-{i:06d}",
                    "occurred_at": at,
                    "month": "2026-05",
                    "location_id": loc.id,
                    "primary_type": IncidentType.VERBAL,
                }
                for i, loc in enumerate(places.values(), start=1)
            ],
        )
        return {code: loc.id for code, loc in places.items()}


def test_a_shared_name_carries_its_site_everywhere(db: object) -> None:
    ids = two_ward_sevens(db)
    with reading(db) as s:  # type: ignore[arg-type]
        in_sql = dict(s.execute(select(Location.id, location_label())).all())
        assert location_labels(s) == in_sql
        assert location_labels(s, [ids["NG-ED"]]) == {ids["NG-ED"]: "Emergency Department"}
    assert sorted(in_sql.values()) == NAMES
    assert in_sql[ids["SF-W7"]] == "Ward 7 (Southfield)"

    # Chosen: the incident and risk forms, the training filters.
    incidents = IncidentService(db, LEAD)  # type: ignore[arg-type]
    assert [name for _i, _c, name in incidents.choices().locations] == NAMES
    risks = RiskRegisterService(db, LEAD)  # type: ignore[arg-type]
    assert [ref.name for ref in risks.choices().locations] == NAMES
    reference = TrainingCatalogue(db, LEAD).reference()  # type: ignore[arg-type]
    assert [name for _i, name, _s in reference.locations] == NAMES

    # Listed: the incident list and the incident screen.
    rows = IncidentListSource(db, LEAD).page(PageRequest(sort_key="reference")).rows  # type: ignore[arg-type]
    assert [r[2] for r in rows] == [
        "Ward 7 (Northgate Hospital)",
        "Ward 7 (Southfield)",
        "Emergency Department",
    ]
    incident_id = rows[1][IncidentListSource.ID_INDEX]
    assert incidents.get(incident_id).location == "Ward 7 (Southfield)"

    # Packs: the breakdown by location.
    stats = IncidentStats(db, LEAD, today=dt.date(2026, 6, 30))  # type: ignore[arg-type]
    series = stats.monthly_counts(Period(dt.date(2026, 5, 1), dt.date(2026, 5, 31)), by="location")
    assert sorted(x.label for x in series.series) == NAMES

"""ValueMapping.session_kinds: the value step of an import whose kinds are read from the
database, each time in a reading session of its own."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.services.training.training_fixtures import LEAD
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Site
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.importing.batch import ImportResult
from vpr_desktop.services.importing.value_map import MappableKind
from vpr_desktop.services.importing.value_map import Target
from vpr_desktop.services.importing.value_map import ValueMap
from vpr_desktop.services.importing.value_profiles import ValueMapping
from vpr_desktop.store.database import Database


def _location_names(s: Session) -> list[MappableKind]:
    names = s.scalars(select(Location.name).order_by(Location.name)).all()
    return [MappableKind("location name", tuple(Target(n, n) for n in names))]


def test_the_kinds_are_read_afresh_in_a_session_of_their_own(db: Database) -> None:
    mapping = ValueMapping.session_kinds(
        db,
        LEAD,  # type: ignore[arg-type]
        "risks",
        _location_names,
        lambda *_args: ImportResult("risks", "f.csv", "", True, None),
    )
    assert mapping.kinds() == [MappableKind("location name", ())]
    with UnitOfWork(db, LEAD) as uow:  # type: ignore[arg-type]
        site = Site(code="FMH", name="Fairview Hospital")
        uow.session.add(
            Location(site=site, code="W7", name="Ward 7", setting_type=SettingType.ACUTE_WARD)
        )
    assert mapping.kinds() == [MappableKind("location name", (Target("Ward 7", "Ward 7"),))]
    assert mapping.kind == "risks"


def test_the_run_gets_the_path_the_dry_run_flag_the_choices_and_the_profile(
    db: Database,
) -> None:
    calls: list[tuple[Path, bool, ValueMap, str | None]] = []

    def run(path: Path, dry_run: bool, values: ValueMap, name: str | None) -> ImportResult:
        calls.append((path, dry_run, values, name))
        return ImportResult("risks", path.name, "", dry_run, None)

    mapping = ValueMapping.session_kinds(db, LEAD, "risks", _location_names, run)  # type: ignore[arg-type]
    values = ValueMap()
    result = mapping.run(Path("register.csv"), True, values, "Monthly")
    assert result.file_name == "register.csv" and result.dry_run
    assert calls == [(Path("register.csv"), True, values, "Monthly")]

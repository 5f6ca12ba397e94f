"""The label an import with value choices records on its batch, and the run that writes it."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from tests.services.training.training_fixtures import LEAD
from vpr_desktop.domain.enums import ImportKind
from vpr_desktop.domain.models import ImportBatch
from vpr_desktop.domain.models import Location
from vpr_desktop.services.admin.location_import import make_locations_body
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.importing.batch import ImportResult
from vpr_desktop.services.importing.mapping import load_format
from vpr_desktop.services.importing.value_map import ValueChoice
from vpr_desktop.services.importing.value_map import ValueMap
from vpr_desktop.services.importing.valued_import import run_profiled_import
from vpr_desktop.services.importing.valued_import import values_label
from vpr_desktop.store.database import Database


def test_the_label_names_the_saved_value_mapping() -> None:
    assert values_label("incidents v1", "  Datix monthly ", None) == (
        "incidents v1 + values 'Datix monthly'"
    )


def test_choices_made_but_not_saved_are_said_so() -> None:
    values = ValueMap()
    values.set("location name", "ward 9", ValueChoice("leave_out"))
    assert values_label("risks v1", None, values) == "risks v1 + value choices"


def test_without_choices_the_label_is_left_as_it_was() -> None:
    assert values_label("staff v1 + profile 'ESR'", None, ValueMap()) == "staff v1 + profile 'ESR'"
    assert values_label("staff v1", None, None) == "staff v1"


def test_a_long_name_is_cut_to_a_saved_name_and_the_label_to_the_batch_column() -> None:
    assert values_label("locations v1", "v" * 150, None) == (
        "locations v1 + values '" + "v" * 100 + "'"
    )
    long_base = "training v1 + profile '" + "p" * 200 + "'"
    assert values_label(long_base, "v" * 150, None) == (long_base + " + values '" + "v" * 100)[:255]


# -- run_profiled_import: the format's own label, run on a real database


def _locations_file(path: Path) -> Path:
    header = ["Site Code", "Site Name", "Location Code", "Location Name", "Setting Type"]
    rows = [
        ["FMH", "Fairview Hospital", "FMH-W7", "Ward 7", "PICU"],
        ["FMH", "", "FMH-W8", "Ward 8", "Fairview own words"],
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


def _batch_label(db: Database, batch_id: int | None) -> str | None:
    with reading(db) as s:
        batch = s.get(ImportBatch, batch_id)
        assert batch is not None
        return batch.mapping_profile


def test_a_profiled_import_is_labelled_with_the_shipped_format_and_the_saved_name(
    db: Database, tmp_path: Path
) -> None:
    values = ValueMap()
    values.set("setting type", "Fairview own words", ValueChoice("map", "community"))
    reported: list[int] = []
    result = run_profiled_import(
        db,
        LEAD,  # type: ignore[arg-type]
        kind=ImportKind.LOCATIONS,
        path=_locations_file(tmp_path / "l.csv"),
        body=make_locations_body,
        values=values,
        profile_name=" Trust list ",
        progress=lambda percent, _message: reported.append(percent),
        is_cancelled=lambda: False,
    )
    assert result.ok, result.problems
    assert result.counts["locations"] == 2
    assert result.mapped == {"setting type": {"Fairview own words": 1}}
    version = load_format("locations").version
    assert _batch_label(db, result.batch_id) == f"locations v{version} + values 'Trust list'"
    assert values.used == {}  # the caller's choices are left as they were
    assert reported and reported[-1] == 100  # the run options reach run_import


def test_a_given_format_names_the_batch_and_a_dry_run_writes_nothing(
    db: Database, tmp_path: Path
) -> None:
    fmt = replace(load_format("locations"), version=7)
    path = _locations_file(tmp_path / "l.csv")
    leave_out = ValueMap()
    leave_out.set("setting type", "Fairview own words", ValueChoice("leave_out"))

    def run(dry_run: bool) -> ImportResult:
        return run_profiled_import(
            db,
            LEAD,  # type: ignore[arg-type]
            kind=ImportKind.LOCATIONS,
            path=path,
            body=make_locations_body,
            values=leave_out,
            profile_name=None,
            fmt=fmt,
            dry_run=dry_run,
            allow_same_file=True,
        )

    dry = run(True)
    assert dry.dry_run and dry.ok and dry.counts["locations"] == 1
    with reading(db) as s:
        assert s.scalars(select(Location.code)).all() == []
    done = run(False)
    assert done.ok and done.counts["locations"] == 1
    assert _batch_label(db, done.batch_id) == "locations v7 + value choices"
    with reading(db) as s:
        assert s.scalars(select(Location.code)).all() == ["FMH-W7"]

"""``vpr-desktop import staff|training|risks|locations FILE --profile NAME``: the value choices
saved in the import window are applied, as for incidents; without them each unknown value is
named once with its row count, exit 3 and nothing written. Run through the CLI's own entry
point on SQLite and PostgreSQL (the database closed first, as another program would find it)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func
from sqlalchemy import select

from tests.services.admin.test_location_import import GOOD
from tests.services.admin.test_location_import import write as write_locations
from tests.services.incidents.test_incident_import_mapping import starter_setup
from tests.services.risks.test_risk_import_values import HEADER as RISK_HEADER
from tests.services.training.test_training_import import good_rows
from tests.services.training.test_training_import import write
from tests.services.training.training_fixtures import LEAD
from tests.services.training.training_fixtures import build_ward
from vpr_desktop.cli.main import run
from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import RiskAssessment
from vpr_desktop.domain.models import TrainingRecord
from vpr_desktop.services.importing.value_map import ValueChoice
from vpr_desktop.services.importing.value_map import ValueMap
from vpr_desktop.services.importing.value_profiles import save_value_profile
from vpr_desktop.store.database import Database
from vpr_desktop.store.database import open_database


def target_of(db: Database) -> str:
    """What ``--db`` names: the SQLite file, or the PostgreSQL URL."""
    if db.path is not None:
        return str(db.path)
    return db.engine.url.render_as_string(hide_password=False)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def count(target: str, what: object) -> int:
    db = open_database(target, create=False)
    try:
        with db.session() as s:
            return int(s.scalar(select(func.count()).select_from(what)) or 0)  # type: ignore[arg-type]
    finally:
        db.close()


def saved(db: Database, kind: str, value: str, what: str, choice: ValueChoice) -> None:
    values = ValueMap()
    values.set(what, value, choice)
    save_value_profile(db, LEAD, kind, "Monthly", values, ["anything"])


def check(
    db: Database,
    kind: str,
    path: Path,
    table: object,
    grouped: str,
    imported: Callable[[str], None],
    *extra: str,
) -> None:
    """Without --profile: grouped, exit 3, nothing written; with it: imported."""
    target = target_of(db)
    db.close()
    before = count(target, table)
    code, _out, err = cli("import", kind, str(path), "--db", target, "--dry-run", *extra)
    assert code == 3, err
    assert grouped in [line.strip() for line in err.splitlines()]
    assert count(target, table) == before
    missing = cli("import", kind, str(path), "--db", target, "--profile", "Weekly", *extra)
    assert missing[0] != 0 and "Weekly" in missing[2]
    code, _out, err = cli("import", kind, str(path), "--db", target, "--profile", "monthly", *extra)
    assert code == 0, err
    imported(target)


def test_staff_profile(db: Database, tmp_path: Path) -> None:
    build_ward(db)
    saved(db, "staff", "Nursing & Midwifery Reg", "staff group", ValueChoice("map", "NMR"))
    rows = [["7001", "Ada Stone", "Nursing & Midwifery Reg", ""], ["7002", "Bo Tran", "NMR", ""]]
    path = write(tmp_path / "staff.csv", [[*r, "", "", "", ""] for r in rows])
    check(
        db,
        "staff",
        path,
        Assignment,
        "staff group 'Nursing & Midwifery Reg' (1 row)",
        lambda t: _assert_count(t, Assignment, 5 + 2),
    )


def test_training_profile(db: Database, tmp_path: Path) -> None:
    build_ward(db)
    saved(db, "training", "PMVA Full Team Teach", "competence", ValueChoice("map", "CR"))
    rows = good_rows(10)
    for k in (3, 6):
        rows[k][4] = "PMVA Full Team Teach"
    path = write(tmp_path / "esr.csv", rows)
    check(
        db,
        "training",
        path,
        TrainingRecord,
        "competence 'PMVA Full Team Teach' (2 rows)",
        lambda t: _assert_count(t, TrainingRecord, 10),
        "--strict-courses",
    )


def test_risks_profile(db: Database, tmp_path: Path) -> None:
    starter_setup(db)
    saved(db, "risks", "Main Outpatients", "location name", ValueChoice("map", "NG-OPD"))
    path = tmp_path / "register.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [
                RISK_HEADER,
                ["Aggression at the desk", "Main Outpatients", "Reception", "3", "3"],
                ["Queue", "Main Outpatients", "Reception", "2", "3"],
                ["Waiting room", "Emergency Department", "Waiting", "3", "4"],
            ]
        )
    check(
        db,
        "risks",
        path,
        RiskAssessment,
        "location name 'Main Outpatients' (2 rows)",
        lambda t: _assert_count(t, RiskAssessment, 3),
    )


def test_locations_profile(db: Database, tmp_path: Path) -> None:
    saved(db, "locations", "Intensive care", "setting type", ValueChoice("map", "acute_ward"))
    rows = [list(r) for r in GOOD]
    rows[1][5] = "Intensive care"
    path = write_locations(tmp_path / "locations.csv", rows)
    check(
        db,
        "locations",
        path,
        Location,
        "setting type 'Intensive care' (1 row)",
        lambda t: _assert_count(t, Location, len(GOOD)),
    )


def _assert_count(target: str, table: object, expected: int) -> None:
    assert count(target, table) == expected

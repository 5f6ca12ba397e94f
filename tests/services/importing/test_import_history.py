"""Every import batch in one history, and undo sent to the batch's own kind (SQLite and
PostgreSQL): Datix incidents and locations here, each kind's own refusals kept."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from tests.services.admin.test_location_import import GOOD
from tests.services.admin.test_location_import import write
from tests.services.incidents.test_incident_import import LEAD
from tests.services.incidents.test_incident_import import SAMPLE
from tests.services.incidents.test_incident_import import count
from tests.services.incidents.test_incident_import import svc  # noqa: F401 - the svc fixture
from vpr_desktop.domain.enums import ImportKind
from vpr_desktop.domain.enums import ImportOutcome
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import ImportBatch
from vpr_desktop.domain.models import Incident
from vpr_desktop.services.admin.location_import import import_locations
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.importing import history
from vpr_desktop.services.incidents.service import IncidentService
from vpr_desktop.store.database import Database


def test_history_lists_every_kind_and_undo_goes_to_the_batch_s_kind(
    db: Database,
    svc: IncidentService,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    datix = svc.import_incidents(shutil.copyfile(SAMPLE, tmp_path / "datix.csv"))
    places = import_locations(db, LEAD, write(tmp_path / "l.csv", GOOD))  # type: ignore[arg-type]
    listed = history.import_history(db, LEAD)
    assert [(b.id, b.kind, b.outcome) for b in listed] == [
        (places.batch_id, ImportKind.LOCATIONS, ImportOutcome.COMMITTED),
        (datix.batch_id, ImportKind.INCIDENTS, ImportOutcome.COMMITTED),
    ]
    assert [history.can_undo(b) for b in listed] == [True, True]
    question = history.undo_question(listed[1])
    assert f"Undo import batch {datix.batch_id}, the incidents (datix) from datix.csv" in question
    assert "refused if any of them has been changed here since" in question

    batch, counts = history.undo_import(db, LEAD, datix.batch_id)
    assert batch.id == datix.batch_id and counts["incidents removed"] == 60
    assert count(db, Incident) == 0
    again = history.find_batch(db, LEAD, datix.batch_id)
    assert again.outcome is ImportOutcome.UNDONE and not history.can_undo(again)
    assert history.outcome_words(again).startswith("Undone ")
    with pytest.raises(ValidationError, match="only an import that was committed"):
        history.undo_import(db, LEAD, datix.batch_id)


def test_a_kind_without_an_undo_and_a_missing_batch_are_refused_in_words(db: Database) -> None:
    with UnitOfWork(db, LEAD) as uow:
        standard = ImportBatch(
            kind=ImportKind.STANDARD,
            file_name="standard.xlsx",
            sha256="-",
            rows_total=1,
            rows_imported=1,
            rows_rejected=0,
            imported_by=LEAD.username,
            outcome=ImportOutcome.COMMITTED,
        )
        uow.session.add(standard)
        uow.session.flush()
        standard_id = standard.id
    listed = history.find_batch(db, LEAD, standard_id)
    assert not history.can_undo(listed)
    with pytest.raises(ValidationError, match=r"\(Standard\) cannot be undone"):
        history.undo_import(db, LEAD, standard_id)
    with pytest.raises(ValidationError, match="There is no import batch 999"):
        history.undo_import(db, LEAD, 999)


def test_the_cli_lists_and_undoes(sqlite_db: Database, tmp_path: Path) -> None:
    from vpr_desktop.cli.main import run

    sqlite_db.close()
    target = str(tmp_path / "test.db")
    out, err = io.StringIO(), io.StringIO()
    assert run(["imports", "list", "--db", target], out, err) == 0, err.getvalue()
    assert out.getvalue() == "Nothing has been imported into this database.\n"
    places = write(tmp_path / "l.csv", GOOD)
    assert run(["import", "locations", str(places), "--db", target], out, err) == 0
    out = io.StringIO()
    assert run(["imports", "list", "--db", target], out, err) == 0, err.getvalue()
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["Batch", "What", "File", "Imported", "By", "Rows", "Outcome"]
    assert lines[1].startswith("1  ") and "Locations" in lines[1] and "l.csv" in lines[1]
    assert lines[1].split()[-2:] == ["6", "Imported"]
    out = io.StringIO()
    assert run(["imports", "undo", "1", "--db", target], out, err) == 0, err.getvalue()
    assert out.getvalue().startswith("Import batch 1 (l.csv) undone: 6 locations removed")
    err = io.StringIO()
    assert run(["imports", "undo", "1", "--db", target], io.StringIO(), err) == 3
    assert "only an import that was committed can be undone" in err.getvalue()
    assert run(["imports", "undo", "x", "--db", target], io.StringIO(), io.StringIO()) == 2
    err = io.StringIO()
    assert run(["imports", "undo", "999", "--db", target], io.StringIO(), err) == 3
    assert err.getvalue().startswith("vpr-desktop: There is no import batch 999.")
    # A refused pack request names fields, not rows of a file: no "row None" for a person.
    err = io.StringIO()
    args = ["pack", "board", "--from", "2026-06-30", "--to", "2026-04-01", "--db", target]
    assert run([*args, "--out", str(tmp_path)], io.StringIO(), err) == 3
    assert "  to = '2026-04-01': before --from" in err.getvalue()
    assert "row None" not in err.getvalue()

"""Issue 16, more SPC series (SQLite and PostgreSQL): calendar days lost and training compliance
at each month's end as XmR charts whose values equal a hand count, starting where their data
starts; the author's rebase month recalculates the limits, is marked and explained; the
request refuses a month that is not one; the CLI and the dialog pass it through."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest

from tests.services.packs.test_pack_costs import add_incidents
from tests.services.packs.test_pack_truthful import AS_AT
from tests.services.packs.test_pack_truthful import LEAD
from tests.services.packs.test_pack_truthful import PERIOD
from tests.services.training.training_fixtures import build_ward
from vpr_desktop.cli.main import run
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import TrainingRecord
from vpr_desktop.domain.spc import Direction
from vpr_desktop.reports.pack_job import generate_pack
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.model import Figure
from vpr_desktop.store.database import Database


def figure(result: Any, fig_id: str) -> Figure:
    return next(f for f in result.pack.figures if f.id == fig_id)


def committee(db: Database, out: Path, **kw: Any) -> Any:
    out.mkdir(parents=True, exist_ok=True)
    request = PackRequest("committee", *PERIOD, as_at=AS_AT, spc_months=12, **kw)
    return generate_pack(db, LEAD, request, out, ("pdf",))


def test_days_lost_are_charted_from_the_first_month_of_data(db: Database, tmp_path: Path) -> None:
    add_incidents(db)
    fig = figure(committee(db, tmp_path), "days_lost_spc")
    rows = {r[0]: r[1] for r in fig.data.rows}
    # Hand count: March 50; April 10 + 3; May 12; June 0. Nothing before March (no zeros).
    assert rows == {
        dt.date(2026, 3, 1): 50,
        dt.date(2026, 4, 1): 13,
        dt.date(2026, 5, 1): 12,
        dt.date(2026, 6, 1): 0,
    }
    assert fig.chart.spc is not None and fig.chart.spc.direction is Direction.LOWER_IS_BETTER
    assert "Variation icon:" in fig.alt_text


def add_training(db: Database) -> None:
    ward = build_ward(db)
    records = [  # (assignment, course, completed, expires)
        ("0012", "BRK", dt.date(2025, 11, 20), dt.date(2026, 3, 1)),
        ("0012", "CR", dt.date(2026, 1, 15), dt.date(2029, 1, 15)),
        ("1012", "CR", dt.date(2026, 2, 10), dt.date(2029, 2, 10)),
        ("3000", "CR", dt.date(2026, 3, 20), dt.date(2029, 3, 20)),
    ]
    with UnitOfWork(db, LEAD) as uow:
        for number, course, done, expires in records:
            uow.session.add(
                TrainingRecord(
                    assignment_id=ward.assignments[number],
                    course_id=ward.courses[course],
                    completed_on=done,
                    expires_on=expires,
                )
            )


def test_training_compliance_is_a_snapshot_at_each_month_end(db: Database, tmp_path: Path) -> None:
    add_training(db)
    fig = figure(committee(db, tmp_path), "training_spc")
    # 9 required places (CR for 5 assignments, BRK for 4 nurse assignments). Hand count of
    # places held in date at each month's end, from the first month anyone held one:
    # Nov, Dec: BRK; Jan: + CR 0012; Feb: + CR 1012; Mar: BRK expired, + CR 3000.
    expected = [
        (dt.date(2025, 11, 1), 9, 1, 11.1),
        (dt.date(2025, 12, 1), 9, 1, 11.1),
        (dt.date(2026, 1, 1), 9, 2, 22.2),
        (dt.date(2026, 2, 1), 9, 3, 33.3),
        (dt.date(2026, 3, 1), 9, 3, 33.3),
        (dt.date(2026, 4, 1), 9, 3, 33.3),
        (dt.date(2026, 5, 1), 9, 3, 33.3),
        (dt.date(2026, 6, 1), 9, 3, 33.3),
    ]
    assert [r[:4] for r in fig.data.rows] == expected
    chart = fig.chart.spc
    assert chart is not None and chart.direction is Direction.HIGHER_IS_BETTER
    assert chart.target == 85.0  # the trust's default training target


def test_the_rebase_month_recalculates_and_is_explained(db: Database, tmp_path: Path) -> None:
    add_incidents(db)
    fig = figure(committee(db, tmp_path, rebase_from="2026-05"), "days_lost_spc")
    chart = fig.chart.spc
    assert chart is not None and chart.rebase_at == 2
    assert [(s.start, s.end) for s in chart.segments] == [(0, 2), (2, 4)]
    assert chart.moving_ranges[2] is None
    assert any(n.startswith("Limits recalculated from May 2026") for n in fig.data.footnotes)
    incidents = figure(committee(db, tmp_path / "b", rebase_from="2027-01"), "incidents_spc")
    assert incidents.chart.spc is not None and incidents.chart.spc.rebase_at is None
    assert any("has no months on both sides of it" in n for n in incidents.data.footnotes)
    with pytest.raises(ValidationError):
        PackRequest("board", *PERIOD, rebase_from="May 2026").check()


def test_the_cli_passes_the_rebase_month(sqlite_db: Database, tmp_path: Path) -> None:
    add_incidents(sqlite_db)
    sqlite_db.close()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    args = ["pack", "board", "--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    args += ["--as-at", AS_AT.isoformat(), "--out", str(out_dir), "--format", "xlsx"]
    args += ["--assurance", "limited", "--db", str(tmp_path / "test.db")]
    out, err = io.StringIO(), io.StringIO()
    assert run([*args, "--rebase-from", "2026-13"], out, err) == 3
    assert run([*args, "--rebase-from", "2026-05"], out, err) == 0, err.getvalue()
    from openpyxl import load_workbook

    wb = load_workbook(next(out_dir.glob("*.xlsx")), read_only=True)
    texts = [str(v) for ws in wb for r in ws.iter_rows(values_only=True) for v in r if v]
    assert any(t.startswith("Limits recalculated from May 2026") for t in texts)


def test_a_chart_without_limits_is_not_called_common_cause(db: Database, tmp_path: Path) -> None:
    from vpr_desktop.services.packs.model import AssuranceLevel

    add_incidents(db)
    tmp_path.mkdir(exist_ok=True)
    request = PackRequest(
        "board", *PERIOD, as_at=AS_AT, assurance_level=AssuranceLevel.LIMITED, rebase_from="2026-05"
    )
    result = generate_pack(db, LEAD, request, tmp_path, ("xlsx",))
    performance = next(s for s in result.pack.sections if s.id == "performance")
    assert (
        "The 2 months since the limits were recalculated from May 2026 "
        "are too few for process limits (at least 15 are needed), so no signal is judged."
    ) in performance.paragraphs
    assert not any("common cause" in p for p in performance.paragraphs)


def test_the_board_summary_has_rows_for_the_new_series(db: Database, tmp_path: Path) -> None:
    from vpr_desktop.services.packs.model import AssuranceLevel
    from vpr_desktop.services.packs.model import Icon

    add_incidents(db)
    tmp_path.mkdir(exist_ok=True)
    request = PackRequest("board", *PERIOD, as_at=AS_AT, assurance_level=AssuranceLevel.LIMITED)
    result = generate_pack(db, LEAD, request, tmp_path, ("xlsx",))
    summary = next(t for s in result.pack.sections for t in s.tables if t.id == "mdc_summary")
    rows = {r[0]: r for r in summary.rows}
    days = rows["Calendar days lost per month (lower is better)"]
    assert days[1:3] == ("Jun 2026", 0.0)  # June: no days lost (hand count)
    assert isinstance(days[6], Icon) and days[6].key == "variation/not_enough_data"
    training = rows["Training compliance at the month's end, % (higher is better)"]
    assert training[1:3] == ("No data", None)  # no training required in this database


def test_outlier_screening_is_the_author_s_choice_and_every_chart_says_which(
    db: Database, tmp_path: Path
) -> None:
    add_incidents(db)
    kept = committee(db, tmp_path / "kept")
    screened = committee(db, tmp_path / "screened", screen_outliers=True)
    for fig_id in ("incidents_spc", "days_lost_spc"):
        plain, chosen = figure(kept, fig_id), figure(screened, fig_id)
        assert plain.chart.spc is not None and not plain.chart.spc.screened
        assert chosen.chart.spc is not None and chosen.chart.spc.screened
        assert any(
            "every moving range kept (no outlier screening" in n for n in plain.data.footnotes
        )
        assert any("3.267 × their mean or more left out" in n for n in chosen.data.footnotes)
    # Kept with the pack's parameters in its archive, so the choice can be explained later.
    assert PackRequest("board", *PERIOD, screen_outliers=True).parameters()["screen_outliers"]


def test_the_cli_passes_outlier_screening(sqlite_db: Database, tmp_path: Path) -> None:
    add_incidents(sqlite_db)
    sqlite_db.close()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    args = ["pack", "board", "--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    args += ["--as-at", AS_AT.isoformat(), "--out", str(out_dir), "--format", "xlsx"]
    args += ["--assurance", "limited", "--db", str(tmp_path / "test.db"), "--screen-outliers"]
    out, err = io.StringIO(), io.StringIO()
    assert run(args, out, err) == 0, err.getvalue()
    from openpyxl import load_workbook

    wb = load_workbook(next(out_dir.glob("*.xlsx")), read_only=True)
    texts = [str(v) for ws in wb for r in ws.iter_rows(values_only=True) for v in r if v]
    assert any("3.267 × their mean or more left out" in t for t in texts)
    assert not any("no outlier screening" in t for t in texts)

"""Progress and cancel of staff/training imports (issue 6, session 2), both backends.

A cancel must leave the database exactly as it was: no training rows (even a chunk already
inserted), no ImportBatch row (not even a "rejected" one), no audit events. Progress percents
are estimates but must only go up, and reach the end.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func
from sqlalchemy import select

from tests.services.training.training_fixtures import LEAD
from tests.services.training.training_fixtures import build_ward
from vpr_desktop.domain.enums import ImportOutcome
from vpr_desktop.domain.errors import OperationCancelled
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import ImportBatch
from vpr_desktop.domain.models import TrainingRecord
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.importing.reader import PROGRESS_EVERY
from vpr_desktop.services.training.esr_import import TrainingImports
from vpr_desktop.services.training.esr_training import INSERT_BATCH

HEADER = ["Assignment Number", "Competence Name", "Date Achieved", "Expiry Date"]
COMP = {
    "CR": "NHS|CSTF|Conflict Resolution|3 Years|",
    "FIRE": "NHS|CSTF|Fire Safety - 2 Years|",
    "BRK": "457|LOCAL|Breakaway Techniques|",
}
NUMBERS = ["0012", "1012", "1012-2", "2000", "3000"]


def rows(n: int) -> list[list[str]]:
    """``n`` distinct completions (a new date per row), all valid for the hand-built ward."""
    base = dt.date(1990, 1, 1)
    return [
        [
            NUMBERS[i % 5],
            COMP[("CR", "FIRE", "BRK")[i % 3]],
            (base + dt.timedelta(days=i)).strftime("%d/%m/%Y"),
            "",
        ]
        for i in range(n)
    ]


def write_csv(path: Path, data: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *data])
    return path


def state(db: object) -> tuple[int, int, int, list[tuple[object, ...]]]:
    """(training rows, batches, audit events, the batches' outcome and profile)."""
    with reading(db) as s:  # type: ignore[arg-type]
        return (
            s.scalar(select(func.count()).select_from(TrainingRecord)) or 0,
            s.scalar(select(func.count()).select_from(ImportBatch)) or 0,
            s.scalar(select(func.count()).select_from(AuditEvent)) or 0,
            [
                tuple(r)
                for r in s.execute(
                    select(ImportBatch.outcome, ImportBatch.mapping_profile).order_by(
                        ImportBatch.id
                    )
                )
            ],
        )


def imports(db: object) -> TrainingImports:
    return TrainingImports(db, LEAD)  # type: ignore[arg-type]


def test_cancel_after_first_progress_writes_nothing(db: object, tmp_path: Path) -> None:
    build_ward(db)
    path = write_csv(tmp_path / "t.csv", rows(10_000))
    before = state(db)
    calls: list[tuple[int, str]] = []
    with pytest.raises(OperationCancelled) as info:
        imports(db).run(
            "training",
            path,
            dry_run=False,
            progress=lambda p, m: calls.append((p, m)),
            is_cancelled=lambda: len(calls) >= 1,
        )
    assert info.value.message == "The import was cancelled; nothing was written."
    assert len(calls) == 1 and calls[0] == (0, "Reading t.csv\u2026")
    assert state(db) == before  # no training rows, no batch (not even rejected), no audit


def test_cancel_after_a_chunk_was_written_rolls_it_back(db: object, tmp_path: Path) -> None:
    build_ward(db)
    n = INSERT_BATCH + 3 * PROGRESS_EVERY  # the first 5,000-row chunk is inserted first
    path = write_csv(tmp_path / "t.csv", rows(n))
    before = state(db)
    seen: list[str] = []

    def cancelled() -> bool:
        # rows are numbered from 2 (header on row 1): 6,001 is past the first chunk
        return "Importing row 6,001\u2026" in seen

    with pytest.raises(OperationCancelled):
        imports(db).run(
            "training",
            path,
            dry_run=False,
            progress=lambda _p, m: seen.append(m),
            is_cancelled=cancelled,
        )
    assert seen[-1] == "Importing row 6,001\u2026"
    assert state(db) == before


def test_staff_import_and_dry_run_cancel_too(db: object, tmp_path: Path) -> None:
    build_ward(db)
    staff = tmp_path / "staff.csv"
    with staff.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Assignment Number", "Employee Name", "Staff Group"])
        w.writerows([f"9{i:04d}", f"Person {i}", "NMR"] for i in range(2500))
    before = state(db)
    for kind, path, dry in (
        ("staff", staff, False),
        ("training", write_csv(tmp_path / "t.csv", rows(2500)), True),
    ):
        with pytest.raises(OperationCancelled):
            imports(db).run(kind, path, dry_run=dry, is_cancelled=lambda: True)
    assert state(db) == before


def test_progress_on_a_10k_row_csv(db: object, tmp_path: Path) -> None:
    build_ward(db)
    path = write_csv(tmp_path / "t.csv", rows(10_000))
    calls: list[tuple[int, str]] = []
    checked = imports(db).run(
        "training", path, dry_run=True, progress=lambda p, m: calls.append((p, m))
    )
    assert checked.ok and checked.counts["new records"] == 10_000
    assert [m for _, m in calls] == [
        "Reading t.csv\u2026",
        "Checking rows\u2026",
        "Checking row 2,001\u2026",
        "Checking row 4,001\u2026",
        "Checking row 6,001\u2026",
        "Checking row 8,001\u2026",
        "Checking row 10,001\u2026",
        "Checked 10,000 rows.",
    ]
    calls.clear()
    result = imports(db).run(
        "training", path, dry_run=False, progress=lambda p, m: calls.append((p, m))
    )
    assert result.ok and result.counts["new records"] == 10_000
    percents = [p for p, _ in calls]
    assert percents == sorted(percents) and all(0 <= p <= 100 for p in percents)
    row_ticks = [p for p, m in calls if m.startswith("Importing row ")]
    assert len(row_ticks) == 5 and row_ticks[-1] >= 90  # bytes read / file size
    assert 10 <= row_ticks[0] <= 30  # ~2,000 of 10,000 rows (plus read-ahead)
    assert calls[-1] == (100, "Saving 10,000 rows\u2026")
    assert state(db)[0] == 10_000


def test_progress_on_xlsx_uses_the_declared_size(db: object, tmp_path: Path) -> None:
    build_ward(db)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows(4500):
        ws.append(r)
    wb.save(tmp_path / "t.xlsx")
    calls: list[tuple[int, str]] = []
    result = imports(db).run(
        "training", tmp_path / "t.xlsx", dry_run=False, progress=lambda p, m: calls.append((p, m))
    )
    assert result.ok, result.problems[:3]
    # rows 2,001 and 4,001 of the 4,501 the sheet declares
    assert calls == [
        (0, "Reading t.xlsx\u2026"),
        (0, "Importing rows\u2026"),
        (2001 * 100 // 4501, "Importing row 2,001\u2026"),
        (4001 * 100 // 4501, "Importing row 4,001\u2026"),
        (100, "Saving 4,500 rows\u2026"),
    ]


def test_a_rejection_is_still_recorded_and_the_profile_named(db: object, tmp_path: Path) -> None:
    build_ward(db)
    data = rows(30)
    data[4][2] = "31/02/2024"
    ti = imports(db)
    ti.save_profile("training", "ESR monthly", {"completed": "Date Achieved"})
    bad = ti.run(
        "training",
        write_csv(tmp_path / "bad.csv", data),
        dry_run=False,
        profile_name="ESR monthly",
        is_cancelled=lambda: False,
    )
    assert not bad.ok and [(p.row, p.column) for p in bad.problems] == [(6, "Date Achieved")]
    data[4][2] = "28/02/2024"
    good = ti.run(
        "training",
        write_csv(tmp_path / "good.csv", data),
        dry_run=False,
        profile_name="ESR monthly",
        is_cancelled=lambda: False,
    )
    assert good.ok
    assert state(db)[0] == 30
    assert state(db)[3] == [
        (ImportOutcome.REJECTED, "training v1 + profile 'ESR monthly'"),
        (ImportOutcome.COMMITTED, "training v1 + profile 'ESR monthly'"),
    ]

"""Acceptance 5 on SQLite AND PostgreSQL: export → import reproduces every rating and
narrative; a workbook with a wrong RAG in row 17 and an unknown code in row 30 is rejected
naming both rows, and the database is unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from vpr_desktop.domain.enums import ImportOutcome
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import WorkStatus
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import ImportBatch
from vpr_desktop.domain.models import Rating
from vpr_desktop.reports.assessment_xlsx import export_assessment
from vpr_desktop.services.assessment.service import AssessmentService
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import reading

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
TODAY = dt.date(2026, 6, 30)
RAGS = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_RATED]
NARRATIVES = [
    "Board minutes name the executive.",
    "=SUM(A1:A2) is not a formula here",
    "Two lines\nof text",
    "Unicode: café – £5 — “quoted”",
    None,
]


def rows_of(svc: AssessmentService, cycle_id: int) -> list[tuple[str, Rag, Any, str | None]]:
    return [
        (v.code, v.rag, v.work_status, v.narrative)
        for n in svc.tree(cycle_id).domains
        for v in n.ratings
    ]


def snapshot(db: Any) -> list[tuple[Any, ...]]:
    with reading(db) as s:
        return [
            tuple(r)
            for r in s.execute(
                select(
                    Rating.id,
                    Rating.rag,
                    Rating.work_status,
                    Rating.narrative,
                    Rating.version,
                    Rating.carried_forward,
                ).order_by(Rating.id)
            )
        ]


@pytest.fixture
def rated(db: Any) -> tuple[AssessmentService, int]:
    svc = AssessmentService(db, LEAD, today=TODAY)
    c = svc.create_cycle("2024", "2025/26", dt.date(2025, 4, 1), dt.date(2026, 3, 31)).cycle
    for k, node_view in enumerate(v for n in svc.tree(c.id).domains for v in n.ratings):
        svc.rate(node_view.id, RAGS[k % 4], list(WorkStatus)[k % 4], NARRATIVES[k % 5])
    return svc, c.id


def test_round_trip_reproduces_every_rating_and_narrative(rated: Any, tmp_path: Path) -> None:
    svc, a = rated
    path = export_assessment(svc, a, tmp_path / "plan.xlsx").path
    b = svc.create_cycle("2024", "2026/27", dt.date(2026, 4, 1), dt.date(2027, 3, 31)).cycle
    result = svc.import_workbook(path, b.id)
    assert result.ok, result.problems
    assert result.counts == {"ratings changed": 45, "unchanged": 0}
    assert rows_of(svc, b.id) == rows_of(svc, a)

    # The workbook names its own cycle on the About sheet: importing with no cycle restores A.
    first = rows_of(svc, a)
    svc.rate(svc.rating_for(a, "1.1").rating.id, Rag.GREEN, WorkStatus.DONE, "Changed later")
    again = svc.import_workbook(path)
    assert again.ok and again.counts["ratings changed"] == 1
    assert rows_of(svc, a) == first


def test_wrong_rag_in_row_17_and_unknown_code_in_row_30_are_both_named(
    rated: Any, tmp_path: Path
) -> None:
    svc, a = rated
    path = export_assessment(svc, a, tmp_path / "plan.xlsx").path
    wb = openpyxl.load_workbook(path)
    ws = wb["Action plan"]
    assert ws.cell(1, 4).value == "RAG" and ws.cell(1, 2).value == "Code"
    ws.cell(17, 4).value = "Purple"
    ws.cell(30, 2).value = "9.99"
    ws.cell(5, 6).value = "This change must not be written"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    before = snapshot(svc.db)
    result = svc.import_workbook(bad)
    assert not result.ok and result.outcome is ImportOutcome.REJECTED
    named = {(p.row, p.column) for p in result.problems}
    assert named == {(17, "RAG"), (30, "Code")}
    text = "\n".join(str(p) for p in result.problems)
    assert "row 17, RAG: 'Purple': is not a rating; use Red, Amber, Green, Not assessed" in text
    assert "row 30, Code: '9.99': is not an indicator of the vpr-2024 edition" in text
    assert snapshot(svc.db) == before
    with reading(svc.db) as s:
        batch = s.scalar(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(1))
        assert batch is not None and batch.outcome is ImportOutcome.REJECTED
        assert batch.rows_rejected == 2


def test_import_into_a_signed_off_cycle_is_refused(rated: Any, tmp_path: Path) -> None:
    svc, a = rated
    path = export_assessment(svc, a, tmp_path / "plan.xlsx").path
    svc.submit_for_review(a)
    svc.sign_off(a)
    AssessmentService(
        svc.db, Actor("rep", "Robin Rep", frozenset({Role.STAFF_SIDE_REP})), today=TODAY
    ).sign_off(a)
    with pytest.raises(ValidationError, match="read-only"):
        svc.import_workbook(path)

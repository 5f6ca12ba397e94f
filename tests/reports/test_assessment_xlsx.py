"""The assessment and improvement action plan workbook: layout, RAG as text with colour (dark
text on amber), formula-safe text, the working-summary statement, atomic and audited."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import WorkStatus
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.standard_library import WORKING_SUMMARY_MARK
from vpr_desktop.reports.assessment_xlsx import PLAN_COLUMNS
from vpr_desktop.reports.assessment_xlsx import ExportFileError
from vpr_desktop.reports.assessment_xlsx import export_assessment
from vpr_desktop.services.assessment.service import AssessmentService
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import reading

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
TODAY = dt.date(2026, 6, 30)
EVIL = '=HYPERLINK("http://evil.example","click")'


def test_export_layout_colours_and_safety(sqlite_db: object, tmp_path: Path) -> None:
    svc = AssessmentService(sqlite_db, LEAD, today=TODAY)
    c = svc.create_cycle("2024", "2025/26", dt.date(2025, 4, 1), dt.date(2026, 3, 31)).cycle
    r11 = svc.rating_for(c.id, "1.1").rating.id
    svc.rate(r11, Rag.AMBER, WorkStatus.IN_PROGRESS, EVIL)
    svc.rate(svc.rating_for(c.id, "1.10").rating.id, Rag.RED, WorkStatus.TO_DO, "Line 1\nLine 2")
    svc.add_evidence_link(
        r11,
        "https://intranet.example.nhs.uk/minutes",
        title="Minutes",
        review_date=dt.date(2026, 1, 31),
    )
    svc.raise_gap_action(
        svc.rating_for(c.id, "1.10").rating.id, gap="No pathway yet.", due_date=dt.date(2026, 9, 30)
    )
    target = tmp_path / "plan.xlsx"
    result = export_assessment(svc, c.id, target)
    assert result.rows == 45 and target.is_file()
    assert not list(tmp_path.glob(".*.part"))

    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["Action plan", "Summary", "About"]
    ws = wb["Action plan"]
    assert [c.value for c in ws[1]] == [col.title for col in PLAN_COLUMNS]
    assert ws.max_row == 46
    rows = {ws.cell(r, 2).value: r for r in range(2, 47)}
    assert list(rows)[:11] == [f"1.{n}" for n in range(1, 11)] + ["2.1"]  # natural order
    amber = ws.cell(rows["1.1"], 4)
    assert amber.value == "Amber"
    assert amber.fill.fgColor.rgb.endswith("FFB81C") and amber.font.color.rgb.endswith("212B32")
    red = ws.cell(rows["1.10"], 4)
    assert red.value == "Red" and red.font.color.rgb.endswith("FFFFFF")
    narrative = ws.cell(rows["1.1"], 6)
    assert narrative.value == EVIL and narrative.data_type == "s" and narrative.quotePrefix
    assert ws.cell(rows["1.10"], 6).value == "Line 1\nLine 2"
    assert ws.cell(rows["1.10"], 8).value == "No pathway yet."  # gap
    assert ws.cell(rows["1.10"], 9).value.startswith("ACT-0001 Close the gap on 1.10")
    assert ws.cell(rows["1.10"], 12).value == dt.datetime(2026, 9, 30)  # target date
    assert "Evidence past its review date" in ws.cell(rows["1.1"], 16).value
    assert WORKING_SUMMARY_MARK in ws.cell(rows["1.1"], 3).value
    about = {r[0].value: r[1].value for r in wb["About"].iter_rows() if r[0].value}
    assert about["Cycle id"] == c.id and about["Edition"] == "vpr-2024"
    assert WORKING_SUMMARY_MARK in about["Wording"]
    summary = [[c.value for c in r] for r in wb["Summary"].iter_rows()]
    assert any(r[0] == "All domains" and r[1:5] == [1, 1, 0, 43] for r in summary)
    with reading(sqlite_db) as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT))
        assert any("plan.xlsx" in (e.detail or "") for e in events)


def test_export_to_a_missing_folder_is_refused(sqlite_db: object, tmp_path: Path) -> None:
    svc = AssessmentService(sqlite_db, LEAD, today=TODAY)
    c = svc.create_cycle("2024", "x", dt.date(2025, 4, 1), dt.date(2026, 3, 31)).cycle
    with pytest.raises(ExportFileError, match="does not exist"):
        export_assessment(svc, c.id, tmp_path / "nowhere" / "plan.xlsx")

"""A self-assessment cycle as an "assessment and improvement action plan" workbook.

Sheets: **Action plan** (one row per indicator: domain, code, indicator, RAG, work status,
narrative, evidence, gap, action, owners on both sides, target date, action status, last and
next review, flags; header on row 1 so a row number in an import report is the row a person
sees), **Summary** (RAG per domain, change since the previous cycle and open gap actions, from
the one summary function) and **About** (which cycle, edition and library version; the
working-summary statement; what an import reads back).

Why it is built like this: the RAG cell shows the scale's label as text with its colours
(dark text on amber), so it reads in greyscale and to a screen reader; every string a person
typed is written as a text cell that Excel never evaluates (``xlsx_safety.text_cell``); rows
stream in openpyxl's write-only mode; and the file appears whole or not at all — written to a
hidden file beside the target and moved into place inside the transaction that audits it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.styles import PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from vpr_desktop.domain.standard_library import ScaleLevel
from vpr_desktop.reports.assessment_sheets import about_sheet
from vpr_desktop.reports.assessment_sheets import summary_sheet
from vpr_desktop.reports.xlsx_export import Column
from vpr_desktop.reports.xlsx_export import ExportFileError
from vpr_desktop.reports.xlsx_export import save_workbook
from vpr_desktop.reports.xlsx_export import table_sheet
from vpr_desktop.reports.xlsx_export import typed_cell
from vpr_desktop.reports.xlsx_safety import text_cell
from vpr_desktop.services.assessment.records import AssessmentExport
from vpr_desktop.services.assessment.records import ExportRow
from vpr_desktop.services.assessment.service import AssessmentService

PLAN_SHEET = "Action plan"


@dataclass(frozen=True)
class ExportResult:
    """What was written: the file and how many indicator rows it holds."""

    path: Path
    rows: int


@dataclass(frozen=True)
class _Rag:
    """A row's RAG rating on its way to the sheet: the label and the level whose colours it
    is shown in (so the Action plan is written by the shared ``table_sheet``)."""

    label: str
    level: ScaleLevel


PLAN_COLUMNS: Sequence[Column[ExportRow]] = (
    Column("Domain", 24, lambda r: r.domain, wrap=True),
    Column("Code", 8, lambda r: r.code),
    Column("Indicator", 60, lambda r: r.indicator, wrap=True),
    Column("RAG", 14, lambda r: _Rag(r.rag_label, r.level)),
    Column("Work status", 13, lambda r: r.work_status),
    Column("Narrative (current position)", 60, lambda r: r.narrative, wrap=True),
    Column("Evidence", 45, lambda r: r.evidence, wrap=True),
    Column("Gap", 40, lambda r: r.gap, wrap=True),
    Column("Action", 40, lambda r: r.action, wrap=True),
    Column("Management owner", 22, lambda r: r.management_owner, wrap=True),
    Column("Staff-side owner", 22, lambda r: r.staff_side_owner, wrap=True),
    Column("Target date", 12, lambda r: r.target_date),
    Column("Action status", 18, lambda r: r.action_status, wrap=True),
    Column("Last reviewed", 13, lambda r: r.last_reviewed),
    Column("Next review", 13, lambda r: r.next_review),
    Column("Flags", 30, lambda r: r.flags, wrap=True),
)


def _plan_cell(ws: WriteOnlyWorksheet, value: object, wrap: bool = False) -> object:
    if isinstance(value, _Rag):  # the label as text, in the scale's colours
        cell = text_cell(ws, value.label)
        cell.fill = PatternFill("solid", fgColor=value.level.colour.lstrip("#"))
        cell.font = Font(bold=True, color=value.level.text_colour.lstrip("#"))
        return cell
    return typed_cell(ws, value, wrap)


def build_workbook(data: AssessmentExport) -> Workbook:
    wb = Workbook(write_only=True)
    table_sheet(wb, PLAN_SHEET, PLAN_COLUMNS, data.rows, _plan_cell, freeze="D2")
    summary_sheet(wb, data)
    about_sheet(wb, data)
    return wb


def export_assessment(service: AssessmentService, cycle_id: int, path: str | Path) -> ExportResult:
    """Write cycle ``cycle_id`` to ``path`` (.xlsx), audited; whole or not at all."""
    target = Path(path)
    data = service.export_rows(cycle_id)
    detail = f"cycle {data.summary.cycle.id} '{data.summary.cycle.name}', {len(data.rows)} rows"
    save_workbook(
        lambda: build_workbook(data), target, service.recording_export(target.name, detail)
    )
    return ExportResult(target, len(data.rows))


__all__ = [
    "PLAN_COLUMNS",
    "PLAN_SHEET",
    "ExportFileError",
    "ExportResult",
    "build_workbook",
    "export_assessment",
]

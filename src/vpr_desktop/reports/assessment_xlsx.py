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

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.standard_library import WORKING_SUMMARY_MARK, Change, ScaleLevel
from vpr_desktop.reports.xlsx_export import (
    Column,
    ExportFileError,
    header_row,
    save_workbook,
    table_sheet,
    typed_cell,
)
from vpr_desktop.reports.xlsx_safety import text_cell
from vpr_desktop.services.assessment.records import AssessmentExport, ExportRow
from vpr_desktop.services.assessment.service import AssessmentService
from vpr_desktop.services.assessment.sheet_import import ABOUT_SHEET, CYCLE_ID_LABEL

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


def _summary(wb: Workbook, data: AssessmentExport) -> None:
    s = data.summary
    ws = wb.create_sheet("Summary")
    widths = (34, 10, 10, 10, 14, 10, 12, 14, 12, 12)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    labels = {level.id: level.label for level in s.scale}
    title = f"{s.cycle.name} — {s.cycle.edition}"
    ws.append([text_cell(ws, title)])
    if s.cycle.working_summary:
        ws.append([text_cell(ws, f"Indicator wording: {WORKING_SUMMARY_MARK}.")])
    ws.append([])
    header_row(
        ws,
        [
            "Domain",
            labels[Rag.RED],
            labels[Rag.AMBER],
            labels[Rag.GREEN],
            labels[Rag.NOT_RATED],
            "% rated",
            "To re-confirm",
            "No evidence",
            "Open actions",
            "Improved",
        ],
    )
    for d in (*s.domains, None):
        name, counts = (f"{d.code} {d.title}", d.counts) if d else ("All domains", s.overall)
        ws.append(
            [
                text_cell(ws, name),
                counts.red,
                counts.amber,
                counts.green,
                counts.not_rated,
                counts.percent_rated,
                d.to_reconfirm if d else s.to_reconfirm,
                d.no_evidence if d else s.no_evidence,
                d.open_actions if d else s.open_gap_actions,
                d.changes.get(Change.IMPROVED, 0) if d else s.change_counts[Change.IMPROVED],
            ]
        )
    ws.append([])
    since = (
        f"Change since '{s.previous_cycle.name}'"
        if s.previous_cycle
        else "Change since the previous cycle (none: first cycle of this edition)"
    )
    ws.append([text_cell(ws, since)])
    for change in Change:
        ws.append([text_cell(ws, change.label), s.change_counts[change]])


def _about(wb: Workbook, data: AssessmentExport) -> None:
    s = data.summary
    ws = wb.create_sheet(ABOUT_SHEET)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 90
    rows: list[tuple[str, object]] = [
        (CYCLE_ID_LABEL, s.cycle.id),
        ("Cycle", s.cycle.name),
        ("Period", f"{s.cycle.period_start.isoformat()} to {s.cycle.period_end.isoformat()}"),
        ("Status", s.cycle.status_label),
        ("Edition", s.cycle.edition),
        ("Standard", s.cycle.edition_title),
        ("Library version", s.cycle.library_version),
        ("Exported", dt.datetime.now(dt.UTC).replace(tzinfo=None)),
        ("By", data.exported_by),
        ("Review dates as at", s.as_at),
        (
            "Wording",
            (
                f"{WORKING_SUMMARY_MARK}: the indicator texts are VPR Desktop's working "
                "summary, not NHS England's published wording."
            )
            if s.cycle.working_summary
            else "As loaded into VPR Desktop from the published "
            "wording (see the edition's provenance).",
        ),
        (
            "Import",
            "Importing this layout reads Code, RAG, Work status and Narrative only; "
            "evidence and actions are changed in VPR Desktop.",
        ),
    ]
    for label, value in rows:
        ws.append([text_cell(ws, label), typed_cell(ws, value, wrap=True)])


def build_workbook(data: AssessmentExport) -> Workbook:
    wb = Workbook(write_only=True)
    table_sheet(wb, PLAN_SHEET, PLAN_COLUMNS, data.rows, _plan_cell, freeze="D2")
    _summary(wb, data)
    _about(wb, data)
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

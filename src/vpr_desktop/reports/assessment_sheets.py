"""The assessment workbook's Summary and About sheets: RAG per domain with the change since
the previous cycle, and which cycle, edition and library version the file holds.

Kept apart from :mod:`vpr_desktop.reports.assessment_xlsx` (the Action plan and the file)
because these two sheets are read by people, not imported back: only the About sheet's cycle
id (``CYCLE_ID_LABEL``) is read again, to check an import is for the right cycle.
"""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.standard_library import WORKING_SUMMARY_MARK
from vpr_desktop.domain.standard_library import Change
from vpr_desktop.reports.xlsx_export import header_row
from vpr_desktop.reports.xlsx_export import typed_cell
from vpr_desktop.reports.xlsx_safety import text_cell
from vpr_desktop.services.assessment.records import AssessmentExport
from vpr_desktop.services.assessment.sheet_import import ABOUT_SHEET
from vpr_desktop.services.assessment.sheet_import import CYCLE_ID_LABEL


def summary_sheet(wb: Workbook, data: AssessmentExport) -> None:
    """RAG counts per domain and overall, and how many indicators changed since the previous
    cycle, so a committee sees the position without filtering the Action plan."""
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


def about_sheet(wb: Workbook, data: AssessmentExport) -> None:
    """Which cycle, edition and wording the file holds, and what an import reads back, so a
    file found later can be told apart from another cycle's."""
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

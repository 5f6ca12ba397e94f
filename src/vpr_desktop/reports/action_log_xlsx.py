"""The action log (or a filtered view of it) as an Excel workbook: actions, then the timeline.

Written with openpyxl in write-only mode (rows stream to disk; memory stays flat). Text a person
typed is always written as a text cell: a title such as ``=HYPERLINK(...)`` or ``+44 ...`` must
never become a formula in a committee member's Excel (OWASP "CSV injection"), so every string is
typed ``s`` and the risky ones also carry Excel's quote-prefix flag, which keeps them text even
when someone edits the cell. The file appears whole or not at all (``xlsx_export.save_workbook``):
it is written to a temporary file in the target folder and moved into place inside the
transaction that audits the export.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from vpr_desktop.reports.action_log_columns import ACTION_COLUMNS
from vpr_desktop.reports.action_log_columns import TIMELINE_COLUMNS
from vpr_desktop.reports.xlsx_export import ExportFileError
from vpr_desktop.reports.xlsx_export import save_workbook
from vpr_desktop.reports.xlsx_export import table_sheet
from vpr_desktop.reports.xlsx_export import typed_cell
from vpr_desktop.reports.xlsx_safety import text_cell
from vpr_desktop.services.actions.records import ActionExport
from vpr_desktop.services.actions.service import ActionLogService
from vpr_desktop.services.common.paging import PageRequest

__all__ = [
    "ExportFileError",
    "ExportResult",
    "build_workbook",
    "export_action_log",
    "text_cell",
]

TRUST_ZONE = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class ExportResult:
    """What was written: the file and how many actions and timeline entries it holds."""

    path: Path
    actions: int
    timeline_entries: int


def _cell(ws: WriteOnlyWorksheet, value: object, wrap: bool = False) -> object:
    return typed_cell(ws, value, wrap, zone=TRUST_ZONE)


def _about(wb: Workbook, data: ActionExport, who: str) -> None:
    ws = wb.create_sheet("About")
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 70
    for label, value in (
        ("Exported", dt.datetime.now(dt.UTC)),
        ("By", who),
        ("Showing", data.description),
        ("Overdue as at", data.today),
        ("Actions", len(data.actions)),
        ("Timeline entries", len(data.timeline)),
    ):
        ws.append([text_cell(ws, label), _cell(ws, value)])


def build_workbook(data: ActionExport, who: str = "") -> Workbook:
    """The workbook in memory-light write-only form (sheets: Actions, Timeline, About)."""
    wb = Workbook(write_only=True)
    table_sheet(wb, "Actions", ACTION_COLUMNS, data.actions, _cell)
    table_sheet(wb, "Timeline", TIMELINE_COLUMNS, data.timeline, _cell)
    _about(wb, data, who)
    return wb


def export_action_log(
    source: ActionLogService | ActionExport,
    path: str | Path,
    filters: PageRequest | dict[str, Any] | None = None,
) -> ExportResult:
    """Write the log to ``path`` (``.xlsx``). Given the service, it reads the rows for
    ``filters`` (a list request or just its filters) with the user's permissions and audits
    the export; given rows already read, the caller audits (a pack audits its own files)."""
    target = Path(path)
    if isinstance(source, ActionLogService):
        request = (
            filters
            if isinstance(filters, PageRequest)
            else PageRequest(filters=dict(filters or {}))
        )
        data = source.export_rows(request)
        who = source.actor.display_name
    else:
        data, who = source, ""
    detail = (
        f"{len(data.actions)} actions, {len(data.timeline)} timeline entries ({data.description})"
    )
    audit = (
        source.recording_export(target.name, detail)
        if isinstance(source, ActionLogService)
        else None
    )
    save_workbook(lambda: build_workbook(data, who), target, audit)
    return ExportResult(target, len(data.actions), len(data.timeline))

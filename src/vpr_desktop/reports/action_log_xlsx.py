"""The action log (or a filtered view of it) as an Excel workbook: actions, then the timeline.

Written with openpyxl in write-only mode (rows stream to disk; memory stays flat). Text a person
typed is always written as a text cell: a title such as ``=HYPERLINK(...)`` or ``+44 ...`` must
never become a formula in a committee member's Excel (OWASP "CSV injection"), so every string is
typed ``s`` and the risky ones also carry Excel's quote-prefix flag, which keeps them text even
when someone edits the cell. The file appears whole or not at all: it is written to a temporary
file in the target folder and moved into place with ``os.replace``, inside the transaction that
audits the export.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from vpr_desktop.domain.action_rules import (
    KIND_LABELS,
    PRIORITY_LABELS,
    SIDE_LABELS,
    SOURCE_ENTITIES,
    SOURCE_LABELS,
    STATUS_LABELS,
)
from vpr_desktop.domain.errors import DiskFullError, VprError
from vpr_desktop.reports.xlsx_safety import FORMULA_TRIGGERS, MAX_CELL_TEXT, text_cell
from vpr_desktop.services.actions.records import ActionExport, ExportAction, ExportEntry
from vpr_desktop.services.actions.service import ActionLogService
from vpr_desktop.services.common.paging import PageRequest

__all__ = [
    "FORMULA_TRIGGERS",
    "MAX_CELL_TEXT",
    "ExportResult",
    "build_workbook",
    "export_action_log",
    "text_cell",
]

TRUST_ZONE = ZoneInfo("Europe/London")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
HEADER_FONT = Font(bold=True)


class ExportFileError(VprError):
    title = "Could not write the file"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    actions: int
    timeline_entries: int


@dataclass(frozen=True)
class _Col:
    title: str
    width: float
    value: Callable[[Any], Any]
    wrap: bool = False


def _source_record(a: ExportAction) -> str | None:
    if a.source_entity is None:
        return None
    return f"{SOURCE_ENTITIES.get(a.source_entity, a.source_entity)} {a.source_id}"


ACTION_COLUMNS: Sequence[_Col] = (
    _Col("Reference", 11, lambda a: a.reference),
    _Col("Title", 48, lambda a: a.title, wrap=True),
    _Col("Description", 60, lambda a: a.description, wrap=True),
    _Col("Source", 20, lambda a: SOURCE_LABELS[a.source]),
    _Col("Source record", 24, _source_record),
    _Col("Status", 24, lambda a: STATUS_LABELS[a.status]),
    _Col("Priority", 10, lambda a: PRIORITY_LABELS[a.priority]),
    _Col("Due date", 12, lambda a: a.due_date),
    _Col("Overdue", 9, lambda a: "Yes" if a.overdue else "No"),
    _Col("Management owner", 24, lambda a: a.management_owner),
    _Col("Staff-side owner", 24, lambda a: a.staff_side_owner),
    _Col("Management signed", 17, lambda a: a.management_signed_at),
    _Col("Staff side signed", 17, lambda a: a.staff_side_signed_at),
    _Col("Cancel reason", 30, lambda a: a.cancel_reason, wrap=True),
    _Col("Created", 17, lambda a: a.created_at),
    _Col("Closed", 17, lambda a: a.closed_at),
)


def _status_change(e: ExportEntry) -> str | None:
    if e.new_status is None:
        return None
    old = STATUS_LABELS[e.old_status] if e.old_status else "(new)"
    return f"{old} → {STATUS_LABELS[e.new_status]}"


TIMELINE_COLUMNS: Sequence[_Col] = (
    _Col("Action reference", 16, lambda e: e.reference),
    _Col("When", 17, lambda e: e.at),
    _Col("Who", 24, lambda e: e.by_name),
    _Col("Side", 12, lambda e: SIDE_LABELS[e.side] if e.side else None),
    _Col("Kind", 14, lambda e: KIND_LABELS[e.kind]),
    _Col("Text", 70, lambda e: e.text, wrap=True),
    _Col("Status change", 34, _status_change),
)


def _cell(ws: WriteOnlyWorksheet, value: Any, wrap: bool = False) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return text_cell(ws, value, wrap)
    if isinstance(value, dt.datetime):  # Excel has no time zones: trust local time
        local = value.astimezone(TRUST_ZONE) if value.tzinfo else value
        cell = WriteOnlyCell(ws, value=local.replace(tzinfo=None))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def _sheet(wb: Workbook, title: str, columns: Sequence[_Col], items: Sequence[Any]) -> None:
    ws = wb.create_sheet(title)
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = "A2"
    if items:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(items) + 1}"
    header = []
    for col in columns:
        cell = text_cell(ws, col.title)
        cell.font = HEADER_FONT
        header.append(cell)
    ws.append(header)
    for item in items:
        ws.append([_cell(ws, col.value(item), col.wrap) for col in columns])


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
    _sheet(wb, "Actions", ACTION_COLUMNS, data.actions)
    _sheet(wb, "Timeline", TIMELINE_COLUMNS, data.timeline)
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
    if not target.parent.is_dir():
        raise ExportFileError(
            f"The folder {target.parent} does not exist.", "Choose another folder."
        )
    # A hidden name next to the target (same volume, so the rename is atomic). Created with
    # open(..., "xb"), not mkstemp, so the file gets the user's normal permissions, not 0600.
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    published = False
    try:
        with open(tmp, "xb") as fh:
            build_workbook(data, who).save(fh)
            fh.flush()
            os.fsync(fh.fileno())  # on disk before the rename makes it visible
        detail = (
            f"{len(data.actions)} actions, {len(data.timeline)} timeline entries "
            f"({data.description})"
        )
        if isinstance(source, ActionLogService):
            with source.recording_export(target.name, detail):
                os.replace(tmp, target)
                published = True
        else:
            os.replace(tmp, target)
            published = True
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if published:  # the audit failed after the move: take the unaudited file back
            target.unlink(missing_ok=True)
        translated = _translate(exc, target)
        if translated is exc:
            raise
        raise translated from exc
    return ExportResult(target, len(data.actions), len(data.timeline))


def _translate(exc: BaseException, target: Path) -> BaseException:
    if isinstance(exc, PermissionError):
        return ExportFileError(
            f"{target.name} could not be written: it may be open in Excel, or the folder is "
            "read-only.",
            "Close the file (or choose another folder) and export again.",
        )
    if isinstance(exc, OSError) and exc.errno == 28:  # ENOSPC
        return DiskFullError(
            "The disk is full, so the export was not written.",
            "Free some disk space and export again.",
        )
    return exc

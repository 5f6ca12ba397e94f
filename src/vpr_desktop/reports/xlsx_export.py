"""What the register, action-log and assessment workbooks share: columns, cells, the file.

Why one module: each export was written with its own copy of the error, the column record,
the typed date cell, the sheet-with-a-header loop and the write-then-rename. One copy means a
fix (a stub change, a new Excel quirk, a wording) is made once, and the three files behave the
same way for the person exporting them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Generic
from typing import TypeVar
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from vpr_desktop.reports.xlsx_safety import text_cell
from vpr_desktop.store.atomic import FileWriteError
from vpr_desktop.store.atomic import WriteWording
from vpr_desktop.store.atomic import write_atomically

T = TypeVar("T")

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
HEADER_FONT = Font(bold=True)
EXPORT_WORDING = WriteWording(thing="export", opener="Excel", again="export again")

CellFor = Callable[[WriteOnlyWorksheet, object, bool], object]
"""Turns one value into what ``ws.append`` takes (a cell, a number or None)."""


class ExportFileError(FileWriteError):
    """An export could not be written (missing folder, file open in Excel, read-only)."""


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column of an export sheet: its heading, width, how to read it from a row, wrapping."""

    title: str
    width: float
    value: Callable[[T], object]
    wrap: bool = False


def date_cell(ws: WriteOnlyWorksheet, value: dt.date, number_format: str = DATE_FORMAT) -> Cell:
    """A typed date (or naive date-time) cell, so Excel sorts and filters it as a date."""
    cell = WriteOnlyCell(ws)
    cell.value = value  # set after: the stub's WriteOnlyCell(value=) omits date
    cell.number_format = number_format
    return cell


def typed_cell(
    ws: WriteOnlyWorksheet, value: object, wrap: bool = False, *, zone: ZoneInfo | None = None
) -> object:
    """One value as what ``ws.append`` takes: text always as a text cell (never a formula),
    dates and date-times typed so Excel sorts them. Excel has no time zones, so an aware
    date-time is first moved to ``zone`` when one is given (the trust's local time) and then
    written without its zone; the three workbooks shared this and differed only in ``zone``."""
    if value is None:
        return None
    if isinstance(value, str):
        return text_cell(ws, value, wrap)
    if isinstance(value, dt.datetime):
        local = value.astimezone(zone) if zone is not None and value.tzinfo else value
        return date_cell(ws, local.replace(tzinfo=None), DATETIME_FORMAT)
    if isinstance(value, dt.date):
        return date_cell(ws, value)
    return value


def header_row(ws: WriteOnlyWorksheet, titles: Sequence[str], wrap: bool = False) -> None:
    """Append a bold header row of text cells."""
    cells = []
    for title in titles:
        cell = text_cell(ws, title, wrap)
        cell.font = HEADER_FONT
        cells.append(cell)
    ws.append(cells)


def table_sheet(
    wb: Workbook,
    title: str,
    columns: Sequence[Column[T]],
    items: Sequence[T],
    cell: CellFor,
    *,
    freeze: str = "A2",
    wrap_header: bool = False,
) -> None:
    """A sheet with one row per item: set widths, frozen header, auto-filter over the rows."""
    ws = wb.create_sheet(title)
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = freeze
    if items:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(items) + 1}"
    header_row(ws, [col.title for col in columns], wrap_header)
    for item in items:
        ws.append([cell(ws, col.value(item), col.wrap) for col in columns])


def save_workbook(
    build: Callable[[], Workbook],
    target: Path,
    inside: AbstractContextManager[object] | None = None,
) -> Path:
    """Build and save the workbook to ``target`` whole or not at all (``store.atomic``).

    ``inside`` is the service's audited-export transaction (not yet entered), entered around
    the rename, so a file exists only if its export was recorded.
    """
    return write_atomically(
        target,
        lambda fh: build().save(fh),
        wording=EXPORT_WORDING,
        error=ExportFileError,
        inside=inside,
    )

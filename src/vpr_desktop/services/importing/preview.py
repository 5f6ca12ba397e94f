"""What a file looks like to an import, before anything is imported: for the mapping dialog.

Why a preview of its own rather than a dry run: a dry run *refuses* a file whose header lacks a
required column, but that is exactly the file a person needs to see -- its own headings, so
they can say "our 'Course Title' is the competency". So the header row here is the first
holding every required field (as an import finds it), else the best partial row, else the first
non-blank row (``open_table(..., lenient=True)``), and what is missing is *reported*, never
raised. Only a file that cannot be read at all (refused type, damaged, not text) raises the
same :class:`ValidationError` as an import would.

Cells come back as display text (dates ``dd/mm/yyyy``, blanks ``""``, Excel's ``12.0`` as
``12``) so the view shows exactly what the person typed, with no Qt or parsing of its own.
A mapping (field key -> exact header text, e.g. from a saved profile) is applied with
:func:`~.mapping.apply_mapping` first; a chosen header the file does not have shows up in
``missing_required`` (required fields) and in ``not_found`` (any field).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from vpr_desktop.services.importing.mapping import ImportFormat
from vpr_desktop.services.importing.mapping import apply_mapping
from vpr_desktop.services.importing.mapping import check_mapping
from vpr_desktop.services.importing.reader import Limits
from vpr_desktop.services.importing.reader import Table
from vpr_desktop.services.importing.reader import open_table
from vpr_desktop.services.importing.values import is_blank

_ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (with BOM)",
    "cp1252": "Windows-1252",
    "utf-16": "UTF-16",
}
_DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}


@dataclass(frozen=True)
class FieldInfo:
    """One target field of the format, for the mapping dialog's rows."""

    key: str
    label: str
    required: bool
    help: str


@dataclass(frozen=True)
class FilePreview:
    """The header row found, how the file was read, its first rows and the column match."""

    file_name: str
    source: str  # "CSV, Windows-1252, ',', header on row 3"
    header_row: int  # as a person sees it (spreadsheet row / CSV record number)
    headers: tuple[str, ...]  # every heading of that row, as display text
    rows: tuple[tuple[str, ...], ...]  # first data rows, one cell per heading
    fields: tuple[FieldInfo, ...]
    matched: dict[str, str]  # field key -> header text used
    missing_required: tuple[str, ...]  # field keys
    unmapped: tuple[str, ...]  # headings no field uses
    # Field keys the mapping named a heading for that this file does not have (an addition
    # to the contract: lets the dialog flag an optional field's stale choice too).
    not_found: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Every required field has a column: the file can be checked / imported."""
        return not self.missing_required


def display_text(value: Any) -> str:
    """A cell as the person would read it in Excel (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return f"{value:%d/%m/%Y}"
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def describe_source(table: Table) -> str:
    """How the file was read, in words: which sheet or encoding/separator, which header row."""
    if table.file_kind == "xlsx":
        return f"Excel workbook, sheet '{table.sheet}', header on row {table.header_row}"
    encoding = _ENCODINGS.get(table.encoding or "", table.encoding or "unknown encoding")
    sep = _DELIMITER_NAMES.get(table.delimiter or ",", repr(table.delimiter))
    return f"CSV, {encoding}, {sep}, header on row {table.header_row}"


def preview_file(
    path: Path | str,
    fmt: ImportFormat,
    mapping: Mapping[str, str] | None = None,
    rows: int = 20,
    limits: Limits | None = None,
) -> FilePreview:
    """The first ``rows`` data rows of ``path`` and how its header matches ``fmt`` (with
    ``mapping`` applied). Never raises for a bad layout; unreadable files raise
    :class:`ValidationError`, as does a mapping naming an unknown field."""
    path = Path(path)
    chosen = check_mapping(fmt, mapping)
    mapped = apply_mapping(fmt, chosen)
    with open_table(path, mapped, limits, lenient=True) as table:
        match = table.match
        assert match is not None
        cells = list(table.header_cells)
        while cells and is_blank(cells[-1]):
            cells.pop()  # Excel's trailing empty columns
        headers = tuple(display_text(c) for c in cells)
        width = len(headers)
        data: list[tuple[str, ...]] = []
        if rows > 0:
            for _number, record in table.records():
                texts = [display_text(c) for c in record[:width]]
                texts += [""] * (width - len(texts))
                data.append(tuple(texts))
                if len(data) >= rows:
                    break
        source = describe_source(table)
        header_row = table.header_row
    return FilePreview(
        file_name=path.name,
        source=source,
        header_row=header_row,
        headers=headers,
        rows=tuple(data),
        fields=tuple(FieldInfo(f.key, f.label, f.required, f.help) for f in fmt.fields),
        matched=dict(match.headers),
        missing_required=match.missing_required,
        unmapped=match.unmapped,
        not_found=tuple(k for k in chosen if k not in match.columns),
    )

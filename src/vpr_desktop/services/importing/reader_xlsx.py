"""Reading an XLSX workbook for an import (``reader.open_table`` chooses it by content).

The guards against a malicious or damaged workbook live here: the zip is pre-scanned before
openpyxl sees it (file size, member count, declared uncompressed size, per-member compression
ratio, encrypted members), then opened ``read_only=True, data_only=True, keep_links=False`` with
defusedxml in place; a part that turns out damaged while rows stream is refused in words.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from vpr_desktop.services.importing.mapping import HeaderMatch
from vpr_desktop.services.importing.reader import MB
from vpr_desktop.services.importing.reader import Limits
from vpr_desktop.services.importing.reader import Table
from vpr_desktop.services.importing.reader import refuse_larger_than
from vpr_desktop.services.importing.reader import reject


def prescan_zip(path: Path, limits: Limits) -> None:
    """Refuse a workbook before any XML is parsed if its zip could exhaust memory or disk."""
    refuse_larger_than(
        path,
        limits.max_xlsx_bytes,
        "workbooks",
        "Export fewer rows or columns, or save it as CSV.",
    )
    if not zipfile.is_zipfile(path):
        raise reject(
            f"{path.name} is not a valid .xlsx workbook (damaged or renamed).",
            "Open it in Excel and save a copy as .xlsx or .csv.",
        )
    try:
        zf = zipfile.ZipFile(path)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,  # zipfile's answer to a compression method it does not know
        OSError,
        ValueError,
    ) as exc:
        # is_zipfile only reads the end record: a damaged central directory fails here.
        raise reject(
            f"{path.name} is not a valid .xlsx workbook (damaged or renamed: {exc}).",
            "Open it in Excel and save a copy as .xlsx or .csv.",
        ) from exc
    with zf:
        members = zf.infolist()
        if len(members) > limits.max_members:
            raise reject(
                f"{path.name} holds {len(members)} parts; a workbook is refused "
                f"above {limits.max_members}.",
                "Save a fresh copy from Excel.",
            )
        total = 0
        for info in members:
            name = info.filename.lower()
            if name.endswith("vbaproject.bin") or name.startswith("xl/activex"):
                raise reject(
                    f"{path.name} contains macros or ActiveX controls.",
                    "Save a copy as .xlsx (Excel Workbook) without macros.",
                )
            if info.flag_bits & 0x1:
                raise reject(
                    f"{path.name} has encrypted parts.", "Remove the password and save a copy."
                )
            total += info.file_size
            if (
                info.file_size >= limits.ratio_check_from_bytes
                and info.file_size > limits.max_ratio * max(info.compress_size, 1)
            ):
                raise reject(
                    f"{path.name} looks like a zip bomb: part {info.filename} would "
                    f"expand {info.file_size / max(info.compress_size, 1):.0f} times.",
                    "Do not open this file; ask the sender where it came from.",
                )
        if total > limits.max_uncompressed_bytes:
            raise reject(
                f"{path.name} would expand to {total / MB:.0f} MB; workbooks over "
                f"{limits.max_uncompressed_bytes // MB} MB uncompressed are refused.",
                "Export fewer rows or columns, or save it as CSV.",
            )


#: What a damaged workbook raises while its sheet is read (after it opened): a part whose CRC
#: or compression is wrong, XML cut short, a part the index names but the zip lacks.
_DAMAGED_PART = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    NotImplementedError,  # zipfile: a part compressed with a method it does not know
    ElementTree.ParseError,
)


def _guarded(rows: Iterator[tuple[Any, ...]], path: Path) -> Iterator[tuple[Any, ...]]:
    """A sheet's rows, with damage met part way through said in words (never a crash)."""
    try:
        yield from rows
    except _DAMAGED_PART as exc:
        raise reject(
            f"{path.name} is damaged: part of the workbook could not be read "
            f"({type(exc).__name__}: {str(exc)[:120]}).",
            "Open it in Excel and save a copy as .xlsx or .csv.",
        ) from exc


def open_xlsx(table: Table, lenient: bool = False) -> None:
    prescan_zip(table.path, table.limits)
    from openpyxl import load_workbook
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # packaging mistake: never parse untrusted XML without it
        raise RuntimeError("defusedxml is not installed; refusing to read workbooks")
    table.file_kind = "xlsx"
    try:
        wb = load_workbook(table.path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise reject(
            f"{table.path.name} could not be read as a workbook ({exc}).",
            "Open it in Excel and save a copy as .xlsx or .csv.",
        ) from exc
    table._workbook = wb
    sheets = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    sheets += [ws for ws in wb.worksheets if ws not in sheets]
    if table.format.sheet is not None:  # the person chose the sheet
        sheets = [ws for ws in wb.worksheets if ws.title == table.format.sheet]
        if not sheets:
            names = ", ".join(f"'{ws.title}'" for ws in wb.worksheets)
            table.close()
            raise reject(
                f"{table.path.name} has no sheet called '{table.format.sheet}' "
                f"(its sheets: {names}).",
                "Choose one of its sheets.",
            )
    fallback: tuple[Any, tuple[int, HeaderMatch, tuple[Any, ...]], int | None] | None = None
    for ws in sheets:
        if not hasattr(ws, "iter_rows"):
            continue  # a chart sheet
        declared = ws.max_row  # the writer's own claim; only used for the progress estimate
        ws.reset_dimensions()  # some writers store a wrong A1:A1 size; read what is there
        before = (table._best_partial, table._first_nonblank)
        found = table._find_header(_guarded(ws.iter_rows(values_only=True), table.path))
        if found is not None:
            _use_sheet(table, ws, found, declared)
            return
        if lenient:
            if table._best_partial is not before[0] and table._best_partial is not None:
                fallback = (ws, table._best_partial, declared)
            elif (
                fallback is None
                and table._first_nonblank is not before[1]
                and table._first_nonblank is not None
            ):
                fallback = (ws, table._first_nonblank, declared)
    if lenient and fallback is not None:
        _use_sheet(table, *fallback)
        return
    table.close()
    raise table._no_header_error(f"any sheet of {table.path.name}")


def _use_sheet(
    table: Table, ws: Any, found: tuple[int, HeaderMatch, tuple[Any, ...]], declared: int | None
) -> None:
    table._use_header(found)
    table.sheet = ws.title
    table.total_rows = declared if declared and declared > table.header_row else None
    table._rows_iter = _guarded(
        ws.iter_rows(min_row=table.header_row + 1, values_only=True), table.path
    )

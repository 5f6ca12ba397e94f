"""The workbook side of loading the standard: its sheets, its first rows, its merged cells.

Why this exists: NHS England publishes the standard as a workbook laid out for people — the
indicators on a sheet named as its authors chose, a title row or two above the headings, and
each domain's name written once in a cell merged down over that domain's indicator rows. The
generic reader (:mod:`vpr_desktop.services.importing.reader`) streams a sheet in read-only
mode, which does not expose merged cells: every row under the first of a merged domain would
arrive with a blank domain. So the sheet's merged ranges are read here, once, with a normal
(not read-only) load — safe for this small file because the zip is pre-scanned first, openpyxl
parses with defusedxml, no formula is evaluated and no external link followed — and each cell
inside a range takes the value of the range's first cell.

The sheet names and the first rows feed the sheet / header-row step of "Load standard…";
:func:`guess_edition` turns a sheet or file name such as "VPR Standard 2024" into the edition it
most likely updates, so the person confirms an edition by its name, never types an id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.services.importing.preview import display_text
from vpr_desktop.services.importing.reader import Limits
from vpr_desktop.services.importing.reader_xlsx import prescan_zip
from vpr_desktop.services.importing.values import is_blank

#: Cells inside a merged range: (sheet row, 0-based column) -> the range's first value.
MergedFill = dict[tuple[int, int], Any]


@dataclass(frozen=True)
class SheetLayout:
    """For the sheet / header-row step: the workbook's sheets and the chosen one's first rows."""

    file_name: str
    is_workbook: bool  # False for a CSV file (no sheets to choose)
    sheets: tuple[str, ...]
    sheet: str | None  # the sheet shown
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (row number, cells as text), blanks kept
    header_row: int  # the row that looks most like the headings (1 when none does)


def is_workbook(path: Path | str) -> bool:
    """True for an .xlsx workbook (by its zip signature), False for anything read as CSV."""
    p = Path(path)
    if p.suffix.lower() in (".xlsx", ".xltx"):
        return True
    try:
        with p.open("rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _open(path: Path) -> Any:
    """The workbook loaded in full (small files only), after the zip pre-scan."""
    if not path.is_file():
        raise ValidationError(f"There is no file at {path}.", "Check the path and try again.")
    prescan_zip(path, Limits(max_xlsx_bytes=10 * 1024 * 1024))
    from openpyxl import load_workbook
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # packaging mistake: never parse untrusted XML without it
        raise RuntimeError("defusedxml is not installed; refusing to read workbooks")
    try:
        return load_workbook(path, read_only=False, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise ValidationError(
            f"{path.name} could not be read as a workbook ({exc}).",
            "Open it in Excel and save a copy as .xlsx.",
        ) from exc


def _sheet(wb: Any, name: str | None, file_name: str) -> Any:
    sheets = [ws for ws in wb.worksheets if hasattr(ws, "iter_rows")]
    if name is None:
        visible = [ws for ws in sheets if getattr(ws, "sheet_state", "visible") == "visible"]
        return (visible or sheets)[0]
    for ws in sheets:
        if ws.title == name:
            return ws
    names = ", ".join(f"'{ws.title}'" for ws in sheets)
    raise ValidationError(
        f"{file_name} has no sheet called '{name}' (its sheets: {names}).",
        "Choose one of its sheets.",
    )


def merged_fills(path: Path | str) -> dict[str, MergedFill]:
    """For each sheet, every cell inside a merged range with the value of the range's first
    cell (whichever sheet the reader then uses). Empty for a CSV file."""
    p = Path(path)
    if not is_workbook(p):
        return {}
    wb = _open(p)
    try:
        fills: dict[str, MergedFill] = {}
        for ws in wb.worksheets:
            if not hasattr(ws, "merged_cells"):
                continue  # a chart sheet
            fill: MergedFill = {}
            for rng in ws.merged_cells.ranges:
                value = ws.cell(rng.min_row, rng.min_col).value
                if is_blank(value):
                    continue
                for row in range(rng.min_row, rng.max_row + 1):
                    for col in range(rng.min_col, rng.max_col + 1):
                        if (row, col) != (rng.min_row, rng.min_col):
                            fill[(row, col - 1)] = value
            fills[ws.title] = fill
        return fills
    finally:
        wb.close()


def sheet_layout(
    path: Path | str,
    sheet: str | None,
    looks_like_header: Any,
    limit: int = 15,
) -> SheetLayout:
    """The sheets and the first ``limit`` rows of ``sheet``; ``looks_like_header(cells)``
    scores a row (how many headings it recognises) to propose the header row."""
    p = Path(path)
    if not is_workbook(p):
        return SheetLayout(p.name, False, (), None, (), 0)
    wb = _open(p)
    try:
        ws = _sheet(wb, sheet, p.name)
        names = tuple(w.title for w in wb.worksheets if hasattr(w, "iter_rows"))
        rows: list[tuple[int, tuple[str, ...]]] = []
        best, best_score = 1, 0
        for number, cells in enumerate(ws.iter_rows(values_only=True, max_row=limit), 1):
            texts = [display_text(c) for c in cells]
            while texts and not texts[-1]:
                texts.pop()
            rows.append((number, tuple(texts)))
            score = looks_like_header(cells) if texts else 0
            if score > best_score:
                best, best_score = number, score
        return SheetLayout(p.name, True, names, ws.title, tuple(rows), best)
    finally:
        wb.close()


_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def guess_edition(texts: Iterable[str], short_names: Iterable[str]) -> str | None:
    """The short name ("2024") of the loaded edition a sheet, title or file name mentions
    ("VPR Standard 2024"), or None when none or more than one does."""
    known = set(short_names)
    found = {m for t in texts for m in _YEAR.findall(t or "") if m in known}
    return found.pop() if len(found) == 1 else None

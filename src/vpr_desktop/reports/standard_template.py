"""File > Save standard template…: the loaded standard as a workbook to paste the wording into.

Why: NHS England's indicator wording is not shipped with the app (the app carries a working
summary in its own words). The VPR lead saves this template, pastes the published wording over
the Indicator and Guidance cells, and loads it back with "Load standard…": the codes and
domains are already right, so the file goes through the mapping step with nothing to choose.

Layout: one sheet named after the edition ("VPR standard 2024"), a title row and a line of
instructions above the headings (the loader finds the header row itself), one row per
indicator in use — domain ("1 Leadership and accountability"), code, indicator, guidance,
typical evidence. Every cell is written as text (``xlsx_safety.text_cell``), so wording that
starts with = + - or @ stays words in Excel. The file appears whole or not at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from vpr_desktop.reports.xlsx_export import header_row
from vpr_desktop.reports.xlsx_export import save_workbook
from vpr_desktop.reports.xlsx_safety import text_cell

if TYPE_CHECKING:
    from vpr_desktop.services.assessment.standard_views import EditionDetail

#: The headings, as the standard's column map recognises them (``import_formats/standard.toml``).
HEADINGS = ("Domain", "Indicator code", "Indicator", "Guidance", "Typical evidence")
WIDTHS = (34, 14, 80, 60, 40)


def sheet_name(detail: EditionDetail) -> str:
    """ "VPR standard 2024": the edition by the name people use (Excel allows 31 characters)."""
    return f"VPR standard {detail.summary.short_name}"[:31]


def build_template(detail: EditionDetail) -> Workbook:
    """The template workbook for ``detail`` (write-only, as the other exports)."""
    wb = Workbook(write_only=True)
    ws: Any = wb.create_sheet(sheet_name(detail))
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A4"
    title = text_cell(ws, detail.summary.title)
    title.font = Font(bold=True, size=14)
    ws.append([title])
    ws.append(
        [
            text_cell(
                ws,
                "Paste the published wording over the Indicator and Guidance cells, keep the "
                "codes, then load this file with Load standard….",
            )
        ]
    )
    header_row(ws, HEADINGS)
    for domain in detail.domains:
        for ind in domain.indicators:
            if ind.retired:
                continue
            ws.append(
                [
                    text_cell(ws, f"{domain.code} {domain.title}"),
                    text_cell(ws, ind.code),
                    text_cell(ws, ind.text, wrap=True),
                    text_cell(ws, ind.guidance or "", wrap=True),
                    text_cell(ws, ind.typical_evidence or "", wrap=True),
                ]
            )
    return wb


def save_standard_template(detail: EditionDetail, path: Path | str) -> Path:
    """Write the template for ``detail`` to ``path`` (.xlsx), whole or not at all."""
    return save_workbook(lambda: build_template(detail), Path(path))

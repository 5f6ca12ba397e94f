"""The risk register workbook's Heat map and Matrix sheets, and the banded score cell the
Register sheet shares with them.

Band cells carry their colour *and* their text ("Extreme 16"), with the band's text colour
(dark on yellow/amber), so the sheets are readable without colour. Kept apart from
:mod:`vpr_desktop.reports.risk_register_xlsx` (the tables and the file) because these two
sheets are laid out cell by cell from the trust's matrix rather than one row per record.
"""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment
from openpyxl.styles import Font
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from vpr_desktop.domain.risk_matrix import ScoreCell
from vpr_desktop.reports.xlsx_export import typed_cell
from vpr_desktop.reports.xlsx_safety import text_cell
from vpr_desktop.services.risks.records import HeatMap
from vpr_desktop.services.risks.register_export import RegisterExport

BOLD = Font(bold=True)
CENTRE = Alignment(horizontal="center", vertical="center")


def band_cell(ws: WriteOnlyWorksheet, score: ScoreCell, text: str | None = None) -> Cell:
    """A cell filled with the band colour, with the band in words (never colour alone)."""
    cell = text_cell(ws, text if text is not None else score.label)
    cell.fill = PatternFill(fill_type="solid", fgColor=score.colour.lstrip("#"))
    cell.font = Font(color=score.text_colour.lstrip("#"), bold=True)
    cell.alignment = CENTRE
    return cell


def register_cell(ws: WriteOnlyWorksheet, value: object, wrap: bool = False) -> object:
    """A typed cell, except that a score is a band cell: every sheet of the register shows a
    score the same way."""
    if isinstance(value, ScoreCell):
        return band_cell(ws, value)
    return typed_cell(ws, value, wrap)


def _heat(ws: WriteOnlyWorksheet, heat: HeatMap, title: str) -> None:
    m = heat.matrix
    head = text_cell(ws, title)
    head.font = BOLD
    ws.append([head])
    ws.append(
        [text_cell(ws, "Likelihood \\ Consequence")]
        + [text_cell(ws, m.consequence_label(c)) for c in range(1, 6)]
    )
    for lk in range(5, 0, -1):
        row: list[object] = [text_cell(ws, m.likelihood_label(lk))]
        for c in range(1, 6):
            cell = m.cell(lk, c)
            row.append(band_cell(ws, cell, f"{heat.count(lk, c)} ({cell.label})"))
        ws.append(row)
    totals = heat.band_totals()
    ws.append(
        [text_cell(ws, "By band")] + [text_cell(ws, f"{b.label}: {totals[b.key]}") for b in m.bands]
    )
    ws.append([text_cell(ws, "Total"), heat.total])
    ws.append([])


def heat_sheet(wb: Workbook, data: RegisterExport) -> None:
    """The current and target heat maps, and the share of controls implemented on time."""
    ws = wb.create_sheet("Heat map")
    ws.column_dimensions["A"].width = 24
    for i in range(2, 7):
        ws.column_dimensions[get_column_letter(i)].width = 18
    statuses = " and ".join(data.heat_current.statuses)
    _heat(ws, data.heat_current, f"Current scores ({statuses} risks, all locations)")
    _heat(ws, data.heat_target, f"Target scores ({statuses} risks, all locations)")
    share = data.on_time
    ws.append(
        [
            text_cell(ws, "Controls implemented by their expected date"),
            text_cell(
                ws,
                f"{share.on_time} of {share.due}"
                + (f" ({share.percent}%)" if share.percent is not None else ""),
            ),
        ]
    )


def matrix_sheet(wb: Workbook, data: RegisterExport) -> None:
    """The matrix the scores were made with (bands, descriptors), so a reader of the file
    can tell what a score meant when it was exported."""
    ws = wb.create_sheet("Matrix")
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 60
    ws.column_dimensions["D"].width = 22
    m = data.matrix
    for label, value in (
        ("Matrix", m.name),
        ("Exported", dt.datetime.now(dt.UTC)),
        ("By", data.generated_by),
        ("Flags and overdue as at", data.as_of),
        ("Risks", len(data.risks)),
    ):
        ws.append([text_cell(ws, label), register_cell(ws, value)])
    ws.append([])
    ws.append([text_cell(ws, "Band"), text_cell(ws, "Scores")])
    for b, line in zip(m.bands, m.band_summary(), strict=True):
        ws.append([band_cell(ws, m.cell_for_score(b.min_score), b.label), text_cell(ws, line)])
    for axis, items in (("Likelihood", m.likelihood), ("Consequence", m.consequence)):
        ws.append([])
        ws.append(
            [
                text_cell(ws, axis),
                text_cell(ws, "Descriptor"),
                text_cell(ws, "Description"),
                text_cell(ws, "Time frame"),
            ]
        )
        for d in items:
            ws.append(
                [
                    d.score,
                    text_cell(ws, d.label),
                    register_cell(ws, d.description or None),
                    register_cell(ws, d.time_frame or None),
                ]
            )
    ws.append([])
    ws.append([text_cell(ws, "Incident prompt"), text_cell(ws, m.likelihood_rule_text())])

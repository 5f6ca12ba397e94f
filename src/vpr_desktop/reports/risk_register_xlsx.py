"""The risk register as an Excel workbook: Register, Controls, Heat map, Matrix.

openpyxl write-only mode (rows stream to disk). Every text a person typed is a text cell
(``data_type = "s"``) and, when it starts with ``= + - @``, tab, CR or LF, also carries Excel's
quote-prefix flag, so a title like ``=HYPERLINK(...)`` is shown, never evaluated -- not even
after someone edits the cell (OWASP CSV/formula injection). Numbers and dates use their typed
cells. Band cells carry their colour *and* their text ("Extreme 16"), with the band's text
colour (dark on yellow/amber), so the sheet is readable without colour.

The Register sheet's headings are ones ``resources/import_formats/risks.toml`` recognises, so
an exported register can be imported into another database.

The file appears whole or not at all (``xlsx_export.save_workbook``): written to a hidden
temporary file in the target folder, flushed to disk, then moved into place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from vpr_desktop.domain.risk_matrix import ScoreCell
from vpr_desktop.reports.xlsx_export import (
    Column,
    ExportFileError,
    save_workbook,
    table_sheet,
    typed_cell,
)
from vpr_desktop.reports.xlsx_safety import FORMULA_TRIGGERS, MAX_CELL_TEXT, text_cell
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.risks.records import ControlView, HeatMap
from vpr_desktop.services.risks.register_export import ExportRisk, RegisterExport
from vpr_desktop.services.risks.service import RiskRegisterService

__all__ = [
    "FORMULA_TRIGGERS",
    "MAX_CELL_TEXT",
    "ExportFileError",
    "ExportResult",
    "build_workbook",
    "export_risk_register",
    "text_cell",
]

BOLD = Font(bold=True)
CENTRE = Alignment(horizontal="center", vertical="center")


@dataclass(frozen=True)
class ExportResult:
    """What was written: the file and how many risks and controls it holds."""

    path: Path
    risks: int
    controls: int


def _words(value: object) -> str | None:
    if value is None:
        return None
    text = str(getattr(value, "value", value)).replace("_", " ")
    return text[:1].upper() + text[1:]


def _controls_text(risk: ExportRisk) -> str | None:
    lines = [f"{_words(c.control_type)}: {c.description}" for c in risk.controls]
    return "\n".join(lines) or None


REGISTER_COLUMNS: Sequence[Column[ExportRisk]] = (
    Column("Reference", 11, lambda r: r.row.reference),
    Column("Title", 44, lambda r: r.row.title, wrap=True),
    Column("Location code", 12, lambda r: r.location_code),
    Column("Location", 28, lambda r: r.row.location),
    Column("Activity", 22, lambda r: r.row.activity),
    Column("Description", 50, lambda r: r.description, wrap=True),
    Column("Staff groups", 30, lambda r: "; ".join(r.staff_groups) or None, wrap=True),
    Column("Owner employee number", 14, lambda r: r.owner_employee_number),
    Column("Owner", 22, lambda r: r.row.owner),
    Column("Inherent likelihood", 10, lambda r: r.row.inherent.likelihood),
    Column("Inherent consequence", 11, lambda r: r.row.inherent.consequence),
    Column("Inherent score", 13, lambda r: r.row.inherent),
    Column("Current likelihood", 10, lambda r: r.row.current.likelihood),
    Column("Current consequence", 11, lambda r: r.row.current.consequence),
    Column("Current score", 13, lambda r: r.row.current),
    Column("Target likelihood", 10, lambda r: r.row.target.likelihood),
    Column("Target consequence", 11, lambda r: r.row.target.consequence),
    Column("Target score", 13, lambda r: r.row.target),
    Column("Trend", 16, lambda r: r.row.trend.label),
    Column("Review date", 12, lambda r: r.row.review_date),
    Column("Status", 11, lambda r: _words(r.row.status)),
    Column("Options note", 40, lambda r: r.options_note, wrap=True),
    Column("Controls", 50, _controls_text, wrap=True),
    Column("Flags", 50, lambda r: "\n".join(f.message for f in r.flags) or None, wrap=True),
)

CONTROL_COLUMNS: Sequence[Column[tuple[str, ControlView]]] = (
    Column("Risk reference", 12, lambda rc: rc[0]),
    Column("Type", 20, lambda rc: _words(rc[1].control_type)),
    Column("Control", 50, lambda rc: rc[1].description, wrap=True),
    Column("Owner", 22, lambda rc: rc[1].owner),
    Column("Expected by", 12, lambda rc: rc[1].expected_date),
    Column("Implemented", 12, lambda rc: rc[1].implemented_date),
    Column(
        "On time",
        9,
        lambda rc: None if rc[1].on_time is None else ("Yes" if rc[1].on_time else "No"),
    ),
    Column("Late", 7, lambda rc: "Yes" if rc[1].late else "No"),
    Column("Barrier note", 36, lambda rc: rc[1].barrier_note, wrap=True),
    Column("Effectiveness", 18, lambda rc: _words(rc[1].effectiveness)),
    Column("Next effectiveness review", 14, lambda rc: rc[1].next_review_date),
    Column("Review overdue", 9, lambda rc: "Yes" if rc[1].review_overdue else "No"),
)


def band_cell(ws: WriteOnlyWorksheet, score: ScoreCell, text: str | None = None) -> Cell:
    """A cell filled with the band colour, with the band in words (never colour alone)."""
    cell = text_cell(ws, text if text is not None else score.label)
    cell.fill = PatternFill(fill_type="solid", fgColor=score.colour.lstrip("#"))
    cell.font = Font(color=score.text_colour.lstrip("#"), bold=True)
    cell.alignment = CENTRE
    return cell


def _cell(ws: WriteOnlyWorksheet, value: object, wrap: bool = False) -> object:
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


def _heat_sheet(wb: Workbook, data: RegisterExport) -> None:
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


def _matrix_sheet(wb: Workbook, data: RegisterExport) -> None:
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
        ws.append([text_cell(ws, label), _cell(ws, value)])
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
                    _cell(ws, d.description or None),
                    _cell(ws, d.time_frame or None),
                ]
            )
    ws.append([])
    ws.append([text_cell(ws, "Incident prompt"), text_cell(ws, m.likelihood_rule_text())])


def build_workbook(data: RegisterExport) -> Workbook:
    wb = Workbook(write_only=True)
    table_sheet(wb, "Register", REGISTER_COLUMNS, data.risks, _cell, freeze="B2", wrap_header=True)
    controls: list[tuple[str, ControlView]] = [
        (r.row.reference, c) for r in data.risks for c in r.controls
    ]
    table_sheet(wb, "Controls", CONTROL_COLUMNS, controls, _cell, freeze="B2", wrap_header=True)
    _heat_sheet(wb, data)
    _matrix_sheet(wb, data)
    return wb


def export_risk_register(
    source: RiskRegisterService | RegisterExport,
    path: str | Path,
    request: PageRequest | None = None,
) -> ExportResult:
    """Write the register to ``path``. Given the service, the list's filters in ``request``
    apply, permissions are checked and the export is audited; given data already read (a
    pack), the caller audits."""
    target = Path(path)
    data = source.export_data(request) if isinstance(source, RiskRegisterService) else source
    save_workbook(lambda: build_workbook(data), target)
    if isinstance(source, RiskRegisterService):
        source.record_export(target, len(data.risks))
    n_controls = sum(len(r.controls) for r in data.risks)
    return ExportResult(target, len(data.risks), n_controls)

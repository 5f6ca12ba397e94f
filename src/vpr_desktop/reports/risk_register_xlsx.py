"""The risk register as an Excel workbook: Register, Controls, Heat map, Matrix.

openpyxl write-only mode (rows stream to disk). Every text a person typed is a text cell
(``data_type = "s"``) and, when it starts with ``= + - @``, tab, CR or LF, also carries Excel's
quote-prefix flag, so a title like ``=HYPERLINK(...)`` is shown, never evaluated -- not even
after someone edits the cell (OWASP CSV/formula injection). Numbers and dates use their typed
cells. Band cells carry their colour *and* their text ("Extreme 16"), with the band's text
colour (dark on yellow/amber), so the sheet is readable without colour.

The Register sheet's headings are ones ``resources/import_formats/risks.toml`` recognises, so
an exported register can be imported into another database.

The file appears whole or not at all: written to a hidden temporary file in the target folder,
flushed to disk, then moved into place with ``os.replace``.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from vpr_desktop.domain.errors import DiskFullError, VprError
from vpr_desktop.domain.risk_matrix import ScoreCell
from vpr_desktop.reports.xlsx_safety import FORMULA_TRIGGERS, MAX_CELL_TEXT, text_cell
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.risks.queries import ControlView, ExportRisk, HeatMap, RegisterExport
from vpr_desktop.services.risks.service import RiskRegisterService

__all__ = [
    "FORMULA_TRIGGERS",
    "MAX_CELL_TEXT",
    "ExportResult",
    "build_workbook",
    "export_risk_register",
    "text_cell",
]

DATE_FORMAT = "yyyy-mm-dd"
BOLD = Font(bold=True)
CENTRE = Alignment(horizontal="center", vertical="center")


class ExportFileError(VprError):
    title = "Could not write the file"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    risks: int
    controls: int


@dataclass(frozen=True)
class _Col:
    title: str
    width: float
    value: Callable[[Any], Any]
    wrap: bool = False


def _words(value: Any) -> str | None:
    if value is None:
        return None
    text = str(getattr(value, "value", value)).replace("_", " ")
    return text[:1].upper() + text[1:]


def _controls_text(risk: ExportRisk) -> str | None:
    lines = [f"{_words(c.control_type)}: {c.description}" for c in risk.controls]
    return "\n".join(lines) or None


REGISTER_COLUMNS: Sequence[_Col] = (
    _Col("Reference", 11, lambda r: r.row.reference),
    _Col("Title", 44, lambda r: r.row.title, wrap=True),
    _Col("Location code", 12, lambda r: r.location_code),
    _Col("Location", 28, lambda r: r.row.location),
    _Col("Activity", 22, lambda r: r.row.activity),
    _Col("Description", 50, lambda r: r.description, wrap=True),
    _Col("Staff groups", 30, lambda r: "; ".join(r.staff_groups) or None, wrap=True),
    _Col("Owner employee number", 14, lambda r: r.owner_employee_number),
    _Col("Owner", 22, lambda r: r.row.owner),
    _Col("Inherent likelihood", 10, lambda r: r.row.inherent.likelihood),
    _Col("Inherent consequence", 11, lambda r: r.row.inherent.consequence),
    _Col("Inherent score", 13, lambda r: r.row.inherent),
    _Col("Current likelihood", 10, lambda r: r.row.current.likelihood),
    _Col("Current consequence", 11, lambda r: r.row.current.consequence),
    _Col("Current score", 13, lambda r: r.row.current),
    _Col("Target likelihood", 10, lambda r: r.row.target.likelihood),
    _Col("Target consequence", 11, lambda r: r.row.target.consequence),
    _Col("Target score", 13, lambda r: r.row.target),
    _Col("Trend", 16, lambda r: r.row.trend.label),
    _Col("Review date", 12, lambda r: r.row.review_date),
    _Col("Status", 11, lambda r: _words(r.row.status)),
    _Col("Options note", 40, lambda r: r.options_note, wrap=True),
    _Col("Controls", 50, _controls_text, wrap=True),
    _Col("Flags", 50, lambda r: "\n".join(f.message for f in r.flags) or None, wrap=True),
)

CONTROL_COLUMNS: Sequence[_Col] = (
    _Col("Risk reference", 12, lambda rc: rc[0]),
    _Col("Type", 20, lambda rc: _words(rc[1].control_type)),
    _Col("Control", 50, lambda rc: rc[1].description, wrap=True),
    _Col("Owner", 22, lambda rc: rc[1].owner),
    _Col("Expected by", 12, lambda rc: rc[1].expected_date),
    _Col("Implemented", 12, lambda rc: rc[1].implemented_date),
    _Col(
        "On time",
        9,
        lambda rc: None if rc[1].on_time is None else ("Yes" if rc[1].on_time else "No"),
    ),
    _Col("Late", 7, lambda rc: "Yes" if rc[1].late else "No"),
    _Col("Barrier note", 36, lambda rc: rc[1].barrier_note, wrap=True),
    _Col("Effectiveness", 18, lambda rc: _words(rc[1].effectiveness)),
    _Col("Next effectiveness review", 14, lambda rc: rc[1].next_review_date),
    _Col("Review overdue", 9, lambda rc: "Yes" if rc[1].review_overdue else "No"),
)


def band_cell(ws: WriteOnlyWorksheet, score: ScoreCell, text: str | None = None) -> WriteOnlyCell:
    """A cell filled with the band colour, with the band in words (never colour alone)."""
    cell = text_cell(ws, text if text is not None else score.label)
    cell.fill = PatternFill(fill_type="solid", fgColor=score.colour.lstrip("#"))
    cell.font = Font(color=score.text_colour.lstrip("#"), bold=True)
    cell.alignment = CENTRE
    return cell


def _cell(ws: WriteOnlyWorksheet, value: Any, wrap: bool = False) -> Any:
    if value is None:
        return None
    if isinstance(value, ScoreCell):
        return band_cell(ws, value)
    if isinstance(value, str):
        return text_cell(ws, value, wrap)
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(ws, value=value.replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def _table(wb: Workbook, title: str, columns: Sequence[_Col], items: Sequence[Any]) -> None:
    ws = wb.create_sheet(title)
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = "B2"
    if items:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(items) + 1}"
    header = []
    for col in columns:
        cell = text_cell(ws, col.title, wrap=True)
        cell.font = BOLD
        header.append(cell)
    ws.append(header)
    for item in items:
        ws.append([_cell(ws, col.value(item), col.wrap) for col in columns])


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
        row: list[Any] = [text_cell(ws, m.likelihood_label(lk))]
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
    _table(wb, "Register", REGISTER_COLUMNS, data.risks)
    controls: list[tuple[str, ControlView]] = [
        (r.row.reference, c) for r in data.risks for c in r.controls
    ]
    _table(wb, "Controls", CONTROL_COLUMNS, controls)
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
    if not target.parent.is_dir():
        raise ExportFileError(
            f"The folder {target.parent} does not exist.", "Choose another folder."
        )
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        with open(tmp, "xb") as fh:
            build_workbook(data).save(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, PermissionError):
            raise ExportFileError(
                f"{target.name} could not be written: it may be open in "
                "Excel, or the folder is read-only.",
                "Close the file (or choose another folder) and export again.",
            ) from exc
        if isinstance(exc, OSError) and exc.errno == 28:
            raise DiskFullError(
                "The disk is full, so the export was not written.",
                "Free some disk space and export again.",
            ) from exc
        raise
    if isinstance(source, RiskRegisterService):
        source.record_export(target, len(data.risks))
    n_controls = sum(len(r.controls) for r in data.risks)
    return ExportResult(target, len(data.risks), n_controls)

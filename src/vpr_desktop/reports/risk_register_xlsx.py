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

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from vpr_desktop.reports.risk_register_columns import CONTROL_COLUMNS
from vpr_desktop.reports.risk_register_columns import REGISTER_COLUMNS
from vpr_desktop.reports.risk_register_sheets import heat_sheet
from vpr_desktop.reports.risk_register_sheets import matrix_sheet
from vpr_desktop.reports.risk_register_sheets import register_cell
from vpr_desktop.reports.xlsx_export import ExportFileError
from vpr_desktop.reports.xlsx_export import save_workbook
from vpr_desktop.reports.xlsx_export import table_sheet
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.risks.records import ControlView
from vpr_desktop.services.risks.register_export import RegisterExport
from vpr_desktop.services.risks.service import RiskRegisterService

__all__ = [
    "ExportFileError",
    "ExportResult",
    "build_workbook",
    "export_risk_register",
]


@dataclass(frozen=True)
class ExportResult:
    """What was written: the file and how many risks and controls it holds."""

    path: Path
    risks: int
    controls: int


def build_workbook(data: RegisterExport) -> Workbook:
    wb = Workbook(write_only=True)
    table_sheet(
        wb, "Register", REGISTER_COLUMNS, data.risks, register_cell, freeze="B2", wrap_header=True
    )
    controls: list[tuple[str, ControlView]] = [
        (r.row.reference, c) for r in data.risks for c in r.controls
    ]
    table_sheet(
        wb, "Controls", CONTROL_COLUMNS, controls, register_cell, freeze="B2", wrap_header=True
    )
    heat_sheet(wb, data)
    matrix_sheet(wb, data)
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

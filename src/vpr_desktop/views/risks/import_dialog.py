"""Import an existing risk register (CSV or Excel) with the shared check-then-import dialog.

The dialog itself is ``views.common.import_dialog``; this module says what a risk import is
called and which service call runs it. ``ImportDialog(service, parent)`` stays the way the
register page opens it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vpr_desktop.views.common import import_dialog
from vpr_desktop.views.common.import_dialog import ImportSpec

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from vpr_desktop.services.risks.service import RiskRegisterService

FILE_FILTER = (
    "Risk registers (*.csv *.xlsx *.xlsm);;CSV files (*.csv);;Excel workbooks "
    "(*.xlsx *.xlsm);;All files (*)"
)
INTRO = (
    "Choose a CSV or Excel file with one row per risk assessment (a register exported "
    "from VPR Desktop or another system). The file is checked first and nothing is "
    "written until you press Import. If any row has a problem, nothing is imported: fix "
    "the rows listed and check again."
)


def risk_spec(service: RiskRegisterService) -> ImportSpec:
    """The import dialog's wording and runner for a risk assessment spreadsheet."""
    return ImportSpec(
        "Import risk assessments",
        INTRO,
        "risk",
        lambda path, dry: service.import_risks(path, dry_run=dry),
        FILE_FILTER,
        values=service.value_mapping(),
    )


class ImportDialog(import_dialog.ImportDialog):
    """The shared import dialog, importing risk assessments unless given another ``spec``."""

    def __init__(
        self,
        service: RiskRegisterService | None,
        parent: QWidget | None = None,
        *,
        spec: ImportSpec | None = None,
    ) -> None:
        if spec is None:
            assert service is not None
            spec = risk_spec(service)
        super().__init__(service, parent, spec=spec)

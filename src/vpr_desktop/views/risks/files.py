"""The risk register's files: importing a register from a spreadsheet and exporting the
register, as filtered, to an Excel workbook, both through the page's background runner.

Why apart from the page: the list, heat map and detail are the page's; these two are the ways
a register enters and leaves the app, with their own dialogs and notes. :class:`RegisterFiles`
is mixed into :class:`~vpr_desktop.views.risks.page.RiskRegisterPage`, whose service, runner,
model and refresh it uses.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.worker import JobCancelled
from vpr_desktop.views.common.worker import JobFn

if TYPE_CHECKING:
    from vpr_desktop.views.risks.import_dialog import ImportDialog


def xlsx_path(path: Path | str) -> Path:
    """``path`` with ``.xlsx`` added when the user left it off."""
    target = Path(path)
    return target if target.suffix.lower() == ".xlsx" else target.with_name(target.name + ".xlsx")


def export_job(service: Any, request: Any, target: Path) -> JobFn:
    """A background job writing the register (``request``'s filters apply) to ``target``.

    In three steps with progress: read (``export_data``), write the workbook (whole or not at
    all, ``reports.risk_register_xlsx``), then audit the export.
    """

    def run(progress: Callable[[int, str], None], cancelled: Callable[[], bool]) -> Any:
        from vpr_desktop.reports.risk_register_xlsx import export_risk_register

        progress(5, "Reading the register…")
        data = service.export_data(request)
        if cancelled():
            raise JobCancelled
        progress(40, f"Writing {plural(len(data.risks), 'risk')} to the workbook…")
        result = export_risk_register(data, target)
        progress(95, "Recording the export…")
        service.record_export(target, len(data.risks))
        return result

    return run


class RegisterFiles:
    """Import and export for the risk register page (a mixin: it holds no state of its own
    beyond ``import_dialog`` and ``last_export``, which the page sets up)."""

    import_dialog: ImportDialog | None
    last_export: Any

    def open_import(self) -> ImportDialog | None:
        from vpr_desktop.views.risks.import_dialog import ImportDialog

        if not self.can_import or self.service is None:
            return None
        if self.import_dialog is None:
            dialog = ImportDialog(self.service, self)
            dialog.imported.connect(self._imported)
            dialog.finished.connect(lambda _result: self._import_closed())
            self.import_dialog = dialog
        self.import_dialog.open()
        return self.import_dialog

    def _import_closed(self) -> None:
        if self.import_dialog is not None:
            self.import_dialog.deleteLater()
            self.import_dialog = None

    def _imported(self, result: Any) -> None:
        risks = result.counts.get("risks", result.rows_imported)
        self.runner.note.emit(f"Imported {plural(risks, 'risk')} from {result.file_name}")
        self.reload_all()
        self.data_changed.emit()

    def export_excel(self, path: Path | str | None = None) -> None:
        """Export the register as it is filtered now to an Excel workbook, in the background."""
        if self.service is None or self.model is None or self.runner.is_busy():
            return
        if path is None:
            from vpr_desktop.views.common.export import ask_save_path

            default = f"risk-register-{self._today():%Y-%m-%d}.xlsx"
            path = ask_save_path(
                self, "Export the risk register", default, "Excel workbook (*.xlsx)"
            )
            if path is None:
                return
        target = xlsx_path(path)
        job = export_job(self.service, self.model.request, target)
        self.runner.start(
            job,
            label="Exporting the risk register…",
            on_done=self._exported,
            purpose="write",
            done_note=f"Risk register exported to {target}",
        )

    def _exported(self, result: Any) -> None:
        self.last_export = result
        self.runner.note.emit(f"Exported {plural(result.risks, 'risk')} to {result.path}")

"""File > Export anonymised return…: the trust's return in the common data standard.

The dialog asks only what the return needs (the trust's ODS code, the period and where to save
it); the return itself is made by the same function as ``vpr-desktop export return``
(:func:`vpr_desktop.reports.system_return.write_return`) on the window's job runner, so the
window stays usable while it counts and a refusal is said in the service's own words.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.permissions import Permission
from vpr_desktop.views.common.screen_fit import ScreenFitDialog

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services
    from vpr_desktop.views.main_window import MainWindow

JSON_FILTER = "Return (*.json)"


def _last_financial_year(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last whole April-to-March year before ``today`` (a return's usual period)."""
    end_year = today.year if today.month >= 4 else today.year - 1
    return dt.date(end_year - 1, 4, 1), dt.date(end_year, 3, 31)


class ReturnDialog(ScreenFitDialog):
    """Trust code, period and file; OK when all three are given."""

    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export anonymised return")
        self.setAccessibleName("Export anonymised return")
        start, end = _last_financial_year(today or dt.date.today())
        inner, form = self.start_long_form(
            "Counts only, in the common data standard: no names, no free text, small counts "
            "suppressed. A JSON file and a CSV copy are written."
        )
        self.trust_code = QLineEdit()
        self.trust_code.setAccessibleName("Trust ODS code")
        self.trust_code.setPlaceholderText("e.g. RXX")
        self.trust_code.setMaxLength(5)
        form.addRow("Trust &ODS code:", self.trust_code)
        self.period_from = self._date_edit("Period from", start)
        self.period_to = self._date_edit("Period to", end)
        form.addRow("Period &from:", self.period_from)
        form.addRow("Period &to:", self.period_to)
        self.file = QLineEdit()
        self.file.setAccessibleName("Return file")
        browse = QPushButton("&Choose…")
        browse.setAccessibleName("Choose the return file")
        browse.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        form.addRow("&File:", row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.finish_long_form(inner, self.buttons)
        for edit in (self.trust_code, self.file):
            edit.textChanged.connect(self._check)
        self._check()

    def _date_edit(self, name: str, day: dt.date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName(name)
        return edit

    def _choose(self) -> None:
        start = self.file.text() or str(Path.home() / "vpr-return.json")
        path, _ = QFileDialog.getSaveFileName(self, "Save the return", start, JSON_FILTER)
        if path:
            self.file.setText(path if path.lower().endswith(".json") else path + ".json")

    def _check(self) -> None:
        ok = bool(self.trust_code.text().strip() and self.file.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def request(self) -> tuple[Any, Path]:
        """The return request and the file, as typed."""
        from vpr_desktop.services.system.return_export import ReturnRequest

        def day(edit: QDateEdit) -> dt.date:
            d = edit.date()
            return dt.date(d.year(), d.month(), d.day())

        code = self.trust_code.text().strip().upper()
        return ReturnRequest(code, day(self.period_from), day(self.period_to)), Path(
            self.file.text().strip()
        )


def export_return_job(services: Services, request: Any, path: Path) -> Any:
    """The job: make, check, write and audit the return (runs off the GUI thread)."""
    from vpr_desktop.reports.system_return import write_return

    return write_return(services.db, services.actor, request, path)


def ask_export_return(window: MainWindow) -> None:
    """Ask for the trust code, period and file, then make the return in the background."""
    from vpr_desktop.views.common.dialogs import services_if_allowed

    services = services_if_allowed(
        window.services,
        Permission.GENERATE_COMMITTEE_PACK,
        "Export anonymised return",
        "Your role may not export the trust's return.",
        window,
    )
    if services is None:
        return
    dialog = ReturnDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    request, path = dialog.request()

    def done(written: Any) -> None:
        names = " and ".join(p.name for p in written.paths)
        window.note(f"Return saved as {names} (content SHA-256 {written.sha256[:12]}…)")

    window.runner.start(
        lambda _progress, _cancelled: export_return_job(services, request, path),
        label="Making the anonymised return…",
        on_done=done,
        cancellable=False,
        purpose="write",
    )

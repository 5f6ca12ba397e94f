"""The two lists of names behind a compliance row: their columns, and copying or saving both.

Why apart from the dialog (``training.names``), which reads the names and shows them: copying
and saving are the ways the names leave the app, each audited (the names are personal data)
and each saying which list a row is on. :class:`NamesExport` is mixed into
:class:`~vpr_desktop.views.training.names.NamesDialog`, whose models, service and note it uses.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.training.models import STATUS_WORDS
from vpr_desktop.views.training.models import Column
from vpr_desktop.views.training.models import RowsModel
from vpr_desktop.views.training.models import date_text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel

NAME_COLUMNS = (
    Column("Name", lambda p: p.name),
    Column("Employee number", lambda p: p.employee_number or ""),
    Column("Assignment", lambda p: p.assignment_number),
    Column("Location", lambda p: p.location_name),
    Column("Staff group", lambda p: p.staff_group_name),
    Column("Status", lambda p: STATUS_WORDS.get(p.status, p.status)),
    Column("Completed", lambda p: date_text(p.completed_on), lambda p: p.completed_on),
    Column("Expires", lambda p: date_text(p.expires_on), lambda p: p.expires_on),
)
NAMES_LIMIT = 500


class NamesExport:
    """Copy and save for the names dialog (a mixin: the dialog sets up the two models, the
    service, where the names are from, the as-of date and the line that says what was done)."""

    missing_model: RowsModel
    expiring_model: RowsModel
    saved: QLabel
    _service: Any
    _where: str
    _as_of: dt.date

    def table_rows(self) -> tuple[list[str], list[list[str]]]:
        """Headings and rows of both lists as shown, each row saying which list it is on."""
        headings = ["List", *(c.title for c in NAME_COLUMNS)]
        rows = [
            [which, *(c.text(person) for c in NAME_COLUMNS)]
            for which, model in (
                ("Not compliant", self.missing_model),
                ("Expiring within 30 days", self.expiring_model),
            )
            for person in model.rows
        ]
        return headings, rows

    def _say(self, text: str) -> None:
        self.saved.setText(text)
        self.saved.setAccessibleName(text)
        self.saved.show()

    def copy_names(self) -> None:
        """Both lists on the clipboard, as tab-separated lines (audited)."""
        from PySide6.QtWidgets import QApplication

        from vpr_desktop.domain.errors import VprError
        from vpr_desktop.reports.names_csv import names_text

        headings, rows = self.table_rows()
        try:
            with self._service.recording_names_export(f"clipboard ({self._where})", len(rows)):
                QApplication.clipboard().setText(names_text(headings, rows))
        except VprError as exc:
            self._say(str(exc))
            return
        self._say(f"Copied {plural(len(rows), 'name')}: paste them into Excel or an email.")

    def ask_save(self) -> None:
        """Ask where, then save both lists as CSV."""
        from vpr_desktop.views.common.export import ask_save_path

        day = self._as_of.isoformat()
        path = ask_save_path(self, "Save the names as CSV", f"names-{day}.csv", "CSV files (*.csv)")
        if path is not None:
            self.save_to(path)

    def save_to(self, path: str | Path) -> None:
        """Write both lists to ``path`` as CSV (whole or not at all; audited)."""
        from vpr_desktop.domain.errors import VprError
        from vpr_desktop.reports.names_csv import write_names_csv

        target = Path(path)
        headings, rows = self.table_rows()
        try:
            write_names_csv(
                target,
                headings,
                rows,
                audited=self._service.recording_names_export(
                    f"{target.name} ({self._where})", len(rows)
                ),
            )
        except VprError as exc:
            self._say(str(exc))
            return
        self._say(f"Saved {plural(len(rows), 'name')} to {target}.")

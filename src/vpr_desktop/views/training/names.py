"""The names behind a compliance row: who is not compliant, and who expires within 30 days.

A dialog of its own (opened from the Compliance tab for a role that may see names) so the tab
itself only ever handles counts; the names are read on the read pool, at most
``NAMES_LIMIT`` a list. "Copy names" puts both lists on the clipboard as a table (it pastes
into Excel or an email); "Save as CSV…" writes them to a file for a ward manager. Both say
which list each row is on, and both are audited: the names are personal data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QVBoxLayout, QWidget

from vpr_desktop.views.common.formatting import format_date, plural
from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.worker import CancelledFn, JobRunner, ProgressFn
from vpr_desktop.views.training.models import (
    STATUS_WORDS,
    Column,
    RowsModel,
    date_text,
    error_words,
    fit_columns,
    make_table,
)

if TYPE_CHECKING:
    from vpr_desktop.services.training.service import TrainingService

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


class NamesDialog(ScreenFitDialog):
    """The people behind a compliance row: not compliant, and expiring within 30 days."""

    def __init__(
        self,
        service: TrainingService,
        course_id: int,
        location_id: int | None,
        staff_group_id: int | None,
        as_of: dt.date,
        where: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("complianceNames")
        title = f"Names: {where}"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.loaded = False
        self.runner = JobRunner(self, name="Loading names")
        heading = label(title, self, name="dialogHeading")
        self.note = label(
            f"On {format_date(as_of)}. Loading…", self, name="mutedText", selectable=True
        )
        self.note.setAccessibleName("Summary")
        self.problem = label("", self, name="pageError", selectable=True)
        self.problem.hide()
        self.missing_model = RowsModel(NAME_COLUMNS, self)
        self.expiring_model = RowsModel(NAME_COLUMNS, self)
        self.missing_table = make_table(
            self.missing_model, "namesNotCompliant", "Not compliant: missing or expired", self
        )
        self.expiring_table = make_table(
            self.expiring_model, "namesExpiring", "In date, expiring within 30 days", self
        )
        self.missing_caption = label(
            "Not compliant (missing or expired)", self, name="panelHeading"
        )
        self.expiring_caption = label("In date, expiring within 30 days", self, name="panelHeading")
        buttons = QDialogButtonBox(self)
        self.copy_button = buttons.addButton("Copy names", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setAccessibleName("Copy both lists of names, to paste into Excel")
        self.copy_button.clicked.connect(self.copy_names)
        self.save_button = buttons.addButton("Save as CSV…", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setAccessibleName("Save both lists of names as a CSV file…")
        self.save_button.clicked.connect(self.ask_save)
        for button in (self.copy_button, self.save_button):
            button.setEnabled(False)  # until the names have loaded
        self.saved = label("", self, name="mutedText", selectable=True)
        self.saved.setAccessibleName("Copied or saved")
        self.saved.hide()
        close = buttons.addButton("Close", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAccessibleName("Close the list of names")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.note)
        layout.addWidget(self.runner)
        layout.addWidget(self.problem)
        layout.addWidget(self.missing_caption)
        layout.addWidget(self.missing_table, 3)
        layout.addWidget(self.expiring_caption)
        layout.addWidget(self.expiring_table, 2)
        layout.addWidget(self.saved)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 150, metrics.lineSpacing() * 32)

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> tuple[list[Any], list[Any]]:
            kw = {
                "location_id": location_id,
                "staff_group_id": staff_group_id,
                "as_of": as_of,
                "limit": NAMES_LIMIT,
            }
            return (
                service.compliance_people(course_id, status="not_compliant", **kw),
                service.compliance_people(course_id, status="expiring", within_days=30, **kw),
            )

        self._as_of = as_of
        self._service, self._where = service, where
        self.runner.start(
            work, label="Finding the names…", on_done=self._show, on_error=self._failed, quiet=True
        )

    def _show(self, result: tuple[list[Any], list[Any]]) -> None:
        missing, expiring = result
        self.missing_model.set_rows(missing)
        self.expiring_model.set_rows(expiring)
        for table in (self.missing_table, self.expiring_table):
            fit_columns(table, stretch=(0, 3, 4))
        more = (
            f" Only the first {NAMES_LIMIT:,} of each list are shown."
            if NAMES_LIMIT in (len(missing), len(expiring))
            else ""
        )
        self.missing_caption.setText(f"Not compliant (missing or expired): {len(missing):,}")
        self.expiring_caption.setText(f"In date, expiring within 30 days: {len(expiring):,}")
        self.note.setText(
            f"On {format_date(self._as_of)}: {plural(len(missing), 'assignment')} "
            f"not compliant, {len(expiring):,} expiring within 30 days.{more}"
        )
        self.loaded = True
        for button in (self.copy_button, self.save_button):
            button.setEnabled(bool(missing or expiring))

    # ------------------------------------------------------------------ copy and save

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
            self._say(f"{exc.message} {exc.next_step}".strip())
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
            self._say(f"{exc.message} {exc.next_step}".strip())
            return
        self._say(f"Saved {plural(len(rows), 'name')} to {target}.")

    def _failed(self, exc: BaseException) -> None:
        self.loaded = True
        words = error_words(exc)
        if words is None:
            from vpr_desktop.views.training.models import report_unexpected

            report_unexpected(exc, self)
            return
        self.problem.setText(words)
        self.problem.show()

"""The names behind a compliance row: who is not compliant, and who expires within 30 days.

A dialog of its own (opened from the Compliance tab for a role that may see names) so the tab
itself only ever handles counts; the names are read on the read pool, at most
``NAMES_LIMIT`` a list. "Copy names" puts both lists on the clipboard as a table (it pastes
into Excel or an email); "Save as CSV…" writes them to a file for a ward manager. Both say
which list each row is on, and both are audited: the names are personal data
(``training.names_lists``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.dialog_title import set_dialog_title
from vpr_desktop.views.common.errors import known_words
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.worker import CancelledFn
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.common.worker import ProgressFn
from vpr_desktop.views.common.write_guard import allow
from vpr_desktop.views.common.write_guard import write_refusal
from vpr_desktop.views.training.models import RowsModel
from vpr_desktop.views.training.models import fit_columns
from vpr_desktop.views.training.models import make_table
from vpr_desktop.views.training.names_lists import NAME_COLUMNS
from vpr_desktop.views.training.names_lists import NAMES_LIMIT
from vpr_desktop.views.training.names_lists import NamesExport

if TYPE_CHECKING:
    from vpr_desktop.services.training.service import TrainingService


class NamesDialog(NamesExport, ScreenFitDialog):
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
        title = f"Names: {where}"
        set_dialog_title(self, "complianceNames", title, modal=True)
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
        # Copying or saving names is recorded in the audit trail (a write): in a View as role
        # preview, or on a database opened read-only, both are held, saying why.
        refusal = write_refusal(self._service.db)
        for button in (self.copy_button, self.save_button):
            allow(button, bool(missing or expiring), refusal)

    def _failed(self, exc: BaseException) -> None:
        self.loaded = True
        words = known_words(exc, self)
        if words is None:
            return
        self.problem.setText(words)
        self.problem.show()

"""Data > Enter Staff Survey figures…: one year's published figure for one violence or abuse
measure, typed in from the survey's results pages.

Why a form as well as the import: many trusts have the results only as a report or a web
page, not as a file. The figures go through the same service as ``vpr-desktop import
staff-survey`` (:meth:`StaffSurveyService.enter` checks them as a file's row is checked and
saves them in one audited transaction), so typed and imported figures are alike. A problem is
shown in the dialog in the service's words and the dialog stays open, so nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QSpinBox
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.errors import VprError
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.system import SURVEY_MEASURES
from vpr_desktop.services.system.staff_survey import YEARS
from vpr_desktop.services.system.staff_survey import StaffSurveyService
from vpr_desktop.services.system.staff_survey import SurveyImport
from vpr_desktop.views.common.screen_fit import ScreenFitDialog

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services
    from vpr_desktop.views.main_window import MainWindow

TITLE = "Enter Staff Survey figures"


class StaffSurveyDialog(ScreenFitDialog):
    """Year, measure, the trust's, benchmark and national percentages, and a series-break
    note; Save writes through the service and closes only when the figures were saved."""

    def __init__(
        self, services: Services, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.service = StaffSurveyService(services.db, services.actor)
        self.result_: SurveyImport | None = None
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        inner, form = self.start_long_form(
            "One year's published figure for one measure, as the NHS Staff Survey results "
            "give it. A year and measure already held are replaced."
        )
        self.year = QSpinBox()
        self.year.setRange(*YEARS)
        self.year.setValue((today or dt.date.today()).year - 1)  # results come the year after
        self.year.setAccessibleName("Survey year")
        form.addRow("Survey &year:", self.year)
        self.measure = QComboBox()
        self.measure.setAccessibleName("Measure")
        for m in SURVEY_MEASURES:
            self.measure.addItem(m.text, m.code)
        form.addRow("&Measure:", self.measure)
        self.trust = self._percent("Trust %", "the trust's figure, e.g. 14.2")
        self.benchmark = self._percent("Benchmark group %", "optional")
        self.national = self._percent("National %", "optional")
        form.addRow("&Trust %:", self.trust)
        form.addRow("&Benchmark group %:", self.benchmark)
        form.addRow("&National %:", self.national)
        self.note = QLineEdit()
        self.note.setAccessibleName("Series-break note")
        self.note.setPlaceholderText("where the question changed from the year before")
        self.note.setMaxLength(500)
        form.addRow("Series-break &note:", self.note)
        self.problem = QLabel()
        self.problem.setAccessibleName("Problem with the figures")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.finish_long_form(inner, self.buttons)
        self.trust.textChanged.connect(self._check)
        self._check()

    def _percent(self, name: str, hint: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setPlaceholderText(hint)
        edit.setMaxLength(8)
        return edit

    def _check(self) -> None:
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(bool(self.trust.text().strip()))

    def texts(self) -> dict[str, str]:
        """The form as the service reads it (the keys of ``staff_survey.COLUMNS``)."""
        return {
            "year": str(self.year.value()),
            "measure": str(self.measure.currentData()),
            "trust": self.trust.text(),
            "benchmark": self.benchmark.text(),
            "national": self.national.text(),
            "note": self.note.text(),
        }

    def saved_line(self) -> str:
        """What was saved, for the status line."""
        done = "replaced" if self.result_ is not None and self.result_.replaced else "saved"
        return f"Staff Survey {self.year.value()}, {self.measure.currentText()}: {done}."

    def save(self) -> None:
        """Save through the service; on a problem say it here and keep the dialog open."""
        try:
            self.result_ = self.service.enter(self.texts())
        except VprError as exc:
            self.problem.setText(f"Not saved. {exc}")
            self.problem.show()
            return
        self.accept()


def ask_enter_staff_survey(window: MainWindow) -> None:
    """Data > Enter Staff Survey figures…: the form, then the outcome in the status line."""
    from vpr_desktop.views.common.dialogs import services_if_allowed

    refusal = "Your role may not enter Staff Survey figures."
    services = services_if_allowed(window.services, Permission.IMPORT_DATA, TITLE, refusal, window)
    if services is None:
        return
    dialog = StaffSurveyDialog(services, window)
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_ is not None:
        window.note(dialog.saved_line())

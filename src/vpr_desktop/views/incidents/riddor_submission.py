"""The dialog that records a RIDDOR submission: the date the report was made to HSE (not after
today, not before the incident) and HSE's reference if there is one.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.actions.dialogs import FormDialog
from vpr_desktop.views.actions.forms import DATE_HINT
from vpr_desktop.views.actions.forms import parse_date
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.widgets import label

if TYPE_CHECKING:
    from vpr_desktop.services.incidents.records import IncidentDetail


class RiddorDialog(FormDialog):
    """Record the date (and HSE reference) of a RIDDOR report."""

    def __init__(
        self, detail: IncidentDetail, today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            f"Record the RIDDOR submission for {detail.reference}",
            f"The deadline is {format_date(detail.riddor.deadline)}. Give the date "
            "the report was made to HSE and its reference if you have it.",
            "Record submission",
            parent,
            back="Cancel",
        )
        self._today = today
        from vpr_desktop.views.incidents.fields import london

        self._occurred = london(detail.occurred_at).date()
        self.date = QLineEdit(format_date(today), self)
        self.date.setAccessibleName("Date submitted to HSE")
        self.date.setPlaceholderText(DATE_HINT)
        self.reference = QLineEdit(self)
        self.reference.setAccessibleName("HSE reference (optional)")
        self.reference.setMaxLength(60)
        self.date_error = label("", self, name="fieldError")
        for caption, widget in (
            ("Date submitted to HSE", self.date),
            ("HSE reference (optional)", self.reference),
        ):
            self.add_captioned(caption, widget)
            if widget is self.date:
                self.body.addWidget(self.date_error)
        self.date.textChanged.connect(self.update_state)
        self.update_state()
        self.date.setFocus()

    def _problem(self) -> str:
        try:
            day = parse_date(self.date.text())
        except ValueError:
            return f"Write the date as {DATE_HINT}."
        if day is None:
            return "Give the date it was submitted."
        if day > self._today:
            return "Date is after today."
        if day < self._occurred:
            return "Date is before the incident."
        return ""

    def valid(self) -> bool:
        """A valid submission date is required."""
        return not self._problem()

    def update_state(self) -> None:
        """Show the date's problem beside it and in its accessible description."""
        text = self._problem()
        self.date_error.setText(text)
        self.date_error.setVisible(bool(text))
        self.date.setAccessibleDescription(text)
        super().update_state()

    def values(self) -> tuple[dt.date, str | None]:
        """The submission date and HSE reference (None when blank)."""
        day = parse_date(self.date.text())
        assert day is not None
        return day, self.reference.text().strip() or None

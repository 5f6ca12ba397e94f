"""Claims from NHS Resolution letters: a small dialog where the VPR lead enters each letter's
claim reference, date, value and status (the packs' cost of violence adds them up).

A dialog of its own rather than settings fields: claims are rows that grow as letters arrive.
Every change goes through ``services.incidents.claims`` (permission, checks, audit); the list
is a handful of rows, so it is read again after each change.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDateEdit
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.costs import ClaimStatus
from vpr_desktop.domain.errors import VprError
from vpr_desktop.services.incidents.claims import Claim
from vpr_desktop.services.incidents.claims import delete_claim
from vpr_desktop.services.incidents.claims import list_claims
from vpr_desktop.services.incidents.claims import parse_value
from vpr_desktop.services.incidents.claims import save_claim
from vpr_desktop.views.common.dialog_title import set_dialog_title
from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.table_model import rows_only
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

COLUMNS = ("Reference", "Letter date", "Value", "Status")


def _words(exc: VprError) -> str:
    """The refusal with each field's problem, as the form shows it."""
    fields = "; ".join(f"{f}: {why}" for _r, f, _v, why in getattr(exc, "problems", []))
    return f"{exc} {fields}".strip()


class ClaimsDialog(ScreenFitDialog):
    """The claims list with a form to add, change or remove one."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_dialog_title(self, "claimsDialog", "Claims from NHS Resolution letters")
        self.db, self.actor = db, actor
        self.claims: list[Claim] = []
        self.editing: Claim | None = None

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("claimsTable")
        self.table.setAccessibleName("Claims entered")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        rows_only(self.table)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)

        self.reference = QLineEdit(self)
        self.reference.setAccessibleName("Claim reference")
        self.letter_date = QDateEdit(self)
        self.letter_date.setCalendarPopup(True)
        self.letter_date.setDisplayFormat("dd MMM yyyy")
        self.letter_date.setAccessibleName("Date of the letter")
        self.value = QLineEdit(self)
        self.value.setAccessibleName("Value in pounds")
        self.value.setPlaceholderText("For example 12500.00")
        self.status = QComboBox(self)
        self.status.setAccessibleName("Status")
        for s in ClaimStatus:
            self.status.addItem(s.label, s.value)
        form = QFormLayout()
        form.addRow("&Reference", self.reference)
        form.addRow("Letter &date", self.letter_date)
        form.addRow("&Value (£)", self.value)
        form.addRow("&Status", self.status)
        self.message = label("", self, name="fieldError", selectable=True)
        self.message.setAccessibleName("Message")
        self.message.hide()

        self.new_button = push_button(
            "New claim", self, self.clear, spoken="Clear the form for a new claim"
        )
        self.save_button = push_button(
            "Save claim", self, self.save, spoken="Save the claim in the form"
        )
        self.delete_button = push_button(
            "Remove claim", self, self.remove, spoken="Remove the selected claim"
        )
        for button in (self.save_button, self.delete_button):
            button.setEnabled(not db.read_only)
        row = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                "Each claim NHS Resolution wrote about: settled claims at the amount paid, "
                "open claims at NHS Resolution's reserve. Packs add up the claims whose letter "
                "is dated in their period.",
                self,
                name="mutedText",
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(row)
        layout.addWidget(close)
        self.clear()
        self.load()

    def load(self) -> None:
        """Read the claims again and list them."""
        self.claims = list_claims(self.db, self.actor)
        self.table.setRowCount(len(self.claims))
        for r, c in enumerate(self.claims):
            cells = (c.reference, f"{c.letter_date:%d %b %Y}", f"£{c.value:,.2f}", c.status.label)
            for col, text in enumerate(cells):
                self.table.setItem(r, col, QTableWidgetItem(text))

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        claim = self.claims[rows[0].row()]
        self.editing = claim
        self.reference.setText(claim.reference)
        d = claim.letter_date
        self.letter_date.setDate(QDate(d.year, d.month, d.day))
        self.value.setText(f"{claim.value:.2f}")
        self.status.setCurrentIndex(self.status.findData(claim.status.value))

    def clear(self) -> None:
        """An empty form for a new claim (today's date: the letter usually just arrived)."""
        self.editing = None
        self.table.clearSelection()
        self.reference.clear()
        today = dt.date.today()
        self.letter_date.setDate(QDate(today.year, today.month, today.day))
        self.value.clear()
        self.status.setCurrentIndex(0)

    def _show(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def save(self) -> None:
        q = self.letter_date.date()
        try:
            saved = save_claim(
                self.db,
                self.actor,
                self.reference.text(),
                dt.date(q.year(), q.month(), q.day()),
                parse_value(self.value.text()),
                ClaimStatus(self.status.currentData()),
                claim_id=self.editing.id if self.editing else None,
                expected_version=self.editing.version if self.editing else None,
            )
        except VprError as exc:
            self._show(_words(exc))
            return
        self._show(f"Saved claim {saved.reference}.")
        self.load()
        self.clear()

    def remove(self) -> None:
        if self.editing is None:
            self._show("Select the claim to remove in the list.")
            return
        try:
            delete_claim(self.db, self.actor, self.editing.id, self.editing.version)
        except VprError as exc:
            self._show(_words(exc))
            return
        self._show("")
        self.load()
        self.clear()

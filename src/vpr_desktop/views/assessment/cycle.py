"""New cycle…: name, period, edition and whether to carry the edition's latest cycle forward.

The dialog only collects values; the page runs ``AssessmentService.create_cycle`` in a job.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDateEdit
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import line_box
from vpr_desktop.views.risks.widgets import name_popups


def financial_year(today: dt.date) -> tuple[dt.date, dt.date]:
    """1 April to 31 March around ``today``."""
    year = today.year if today.month >= 4 else today.year - 1
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def latest_of(cycles: list[Any], edition: str) -> Any:
    """The edition's latest cycle by period (what ``latest_cycle`` would return)."""
    mine = [c for c in cycles if c.edition == edition]
    return max(mine, key=lambda c: (c.period_start, c.id)) if mine else None


class NewCycleDialog(ScreenFitDialog):
    """New cycle…: collects the values; the page creates the cycle in a job."""

    def __init__(
        self,
        editions: list[Any],
        cycles: list[Any],
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New assessment cycle")
        self.cycles = cycles
        start, end = financial_year(today or dt.date.today())
        self.name = line_box(
            self, "Cycle name", text=f"{start.year}/{end.year % 100:02d} self-assessment"
        )
        self.edition = QComboBox(self)
        self.edition.setAccessibleName("Edition of the standard")
        for e in editions:
            self.edition.addItem(f"{e.short_name} — {e.title}", e.edition)
        self.start = self._date(start, "Period start")
        self.end = self._date(end, "Period end")
        self.carry = QCheckBox(self)
        self.carry.setAccessibleName("Carry forward from the latest cycle of this edition")
        self.edition.currentIndexChanged.connect(lambda _i: self._edition_changed())
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Edition", self.edition)
        form.addRow("Period start", self.start)
        form.addRow("Period end", self.end)
        form.addRow("", self.carry)
        self.lay_out_form(form)
        self._edition_changed()
        name_popups(self)
        for edit, name in ((self.start, "Period start"), (self.end, "Period end")):
            for line in edit.findChildren(QLineEdit):
                line.setAccessibleName(name)

    def _date(self, day: dt.date, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setAccessibleName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd MMM yyyy")
        edit.setDate(QDate(day.year, day.month, day.day))
        return edit

    def _edition_changed(self) -> None:
        edition = self.edition.currentData() or ""
        latest = latest_of(self.cycles, edition)
        text = f"Carry forward from {latest.name}" if latest is not None else ""
        if latest is None and self.cycles:
            # First cycle of this edition: carry from the newest cycle of another edition —
            # narratives, evidence and actions through the confirmed crosswalk, never a rating.
            latest = max(self.cycles, key=lambda c: (c.period_start, c.id))
            text = (
                f"Carry forward from {latest.name} (another edition: narratives, evidence "
                "and actions through confirmed crosswalk links; every rating starts "
                "not assessed)"
            )
        self.carry.setVisible(latest is not None)
        self.carry.setChecked(latest is not None)
        self.carry.setText(text)
        self.carry.setProperty("cycle_id", latest.id if latest is not None else None)

    def values(self) -> dict[str, Any]:
        """Keyword arguments for ``AssessmentService.create_cycle``."""
        carry = self.carry.property("cycle_id") if self.carry.isChecked() else None
        return {
            "edition": self.edition.currentData(),
            "name": self.name.text().strip(),
            "start": self.start.date().toPython(),
            "end": self.end.date().toPython(),
            "carry_from": carry,
        }

"""Add link…: evidence kept elsewhere (an intranet page, a shared drive) recorded by its web
address, title, owner and the date it should be looked at again (a year ahead by default).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QDateEdit
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import line_box
from vpr_desktop.views.risks.widgets import name_popups


class LinkDialog(ScreenFitDialog):
    """Add link…: a web address for evidence kept elsewhere, its title and review-by date."""

    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add evidence link")
        self.url = line_box(self, "Web address of the evidence", hint="https://…")
        self.title = line_box(self, "Evidence title")
        self.owner = line_box(self, "Evidence owner")
        self.review = QDateEdit(self)
        self.review.setAccessibleName("Review-by date")
        self.review.setCalendarPopup(True)
        self.review.setDisplayFormat("dd MMM yyyy")
        start = today or dt.date.today()
        self.review.setDate(
            start.replace(year=start.year + 1)
            if not (start.month == 2 and start.day == 29)
            else start + dt.timedelta(days=365)
        )
        form = QFormLayout()
        form.addRow("Web address", self.url)
        form.addRow("Title", self.title)
        form.addRow("Owner", self.owner)
        form.addRow("Review by", self.review)
        self.lay_out_form(form)
        name_popups(self)
        for edit in self.review.findChildren(QLineEdit):
            edit.setAccessibleName("Review-by date")

    def values(self) -> dict[str, Any]:
        return {
            "url": self.url.text().strip(),
            "title": self.title.text().strip(),
            "owner": self.owner.text().strip() or None,
            "review_date": self.review.date().toPython(),
        }

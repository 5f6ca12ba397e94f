"""The committee meetings tab's dialogs: a new meeting, and what it decided about one action.

Like the action log's other dialogs (:mod:`vpr_desktop.views.actions.dialogs`) each is a
:class:`FormDialog`: it emits what was typed and closes only once the write succeeded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.actions.dialogs import FormDialog
from vpr_desktop.views.actions.forms import DATE_HINT
from vpr_desktop.views.actions.forms import parse_date
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import text_box

DEFAULT_COMMITTEE = "Violence Prevention and Reduction Group"


class MeetingDialog(FormDialog):
    """A committee meeting: which committee, on what date, optional notes."""

    def __init__(
        self,
        committee: str = DEFAULT_COMMITTEE,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(
            "New committee meeting",
            "Record a meeting to see its agenda (actions overdue or due soon) and "
            "to note what it decided about each.",
            "Create meeting",
            parent,
            back="Cancel",
        )
        self.back.setAccessibleName("Cancel, without creating a meeting")
        self._today = today
        self.committee = QLineEdit(committee, self)
        self.committee.setAccessibleName("Committee")
        self.date = QLineEdit(self)
        self.date.setAccessibleName("Meeting date")
        self.date.setPlaceholderText(DATE_HINT)
        self.notes = text_box(self, 3, spoken="Notes")
        self.committee_error = label("", self, name="fieldError")
        self.date_error = label("", self, name="fieldError")
        for caption, widget, error in (
            ("Committee", self.committee, self.committee_error),
            ("Meeting date", self.date, self.date_error),
            ("Notes (optional)", self.notes, None),
        ):
            self.add_captioned(caption, widget)
            if error is not None:
                self.body.addWidget(error)
        self.committee.textChanged.connect(self.update_state)
        self.date.textChanged.connect(self.update_state)
        self.update_state()
        self.date.setFocus()

    def _problems(self) -> tuple[str, str]:
        committee = "" if self.committee.text().strip() else "Name the committee that met."
        if len(self.committee.text().strip()) > 255:
            committee = "Keep the committee's name under 255 characters."
        try:
            day = parse_date(self.date.text())
        except ValueError:
            return committee, f"Write the date as {DATE_HINT}."
        if day is None:
            return committee, "Give the date of the meeting."
        if abs((day - self._today()).days) > 366 * 3:
            return committee, "That date is more than three years away; check the year."
        return committee, ""

    def valid(self) -> bool:
        """A committee name and a valid meeting date are required."""
        return self._problems() == ("", "")

    def update_state(self) -> None:
        """Show each field's problem beside it and in its accessible description."""
        committee, date = self._problems()
        for widget, error, text in (
            (self.committee, self.committee_error, committee),
            (self.date, self.date_error, date),
        ):
            error.setText(text)
            error.setVisible(bool(text))
            widget.setAccessibleDescription(text)
        super().update_state()

    def values(self) -> tuple[str, dt.date, str | None]:
        """Committee, meeting date and notes (None when blank)."""
        day = parse_date(self.date.text())
        assert day is not None
        return (self.committee.text().strip(), day, self.notes.toPlainText().strip() or None)


class DecisionDialog(FormDialog):
    """What a meeting decided about one action (empty: reviewed, nothing decided)."""

    def __init__(
        self,
        meeting: str,
        meeting_date: dt.date,
        reference: str,
        title: str,
        decision: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            f"Decision on {reference}",
            f"{reference}: {title}\nAt {meeting} on {format_date(meeting_date)}. "
            "The decision is added to the action's timeline too.",
            "Record decision",
            parent,
        )
        self.decision = text_box(self, 4, spoken="Decision", text=decision or "")
        self.add_captioned("Decision (leave empty if the meeting only reviewed it)", self.decision)
        self.update_state()
        self.decision.setFocus()

    def values(self) -> str | None:
        """The decision text, or None when left blank."""
        return self.decision.toPlainText().strip() or None

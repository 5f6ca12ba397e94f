"""The RIDDOR box of the incident detail panel: the decision, its reason, the deadline, the
submission and any warning, each in words, with the buttons to record a submission or decide.

Why a widget of its own: the decision is the one part of an incident with a legal deadline
(HSE), so it sits in its own panel the reader finds at once; the detail panel decides which
buttons show (``_update_buttons``) and what they do.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.formatting import enum_words
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.widgets import headed_box
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.incidents.record import RIDDOR_WORDS
from vpr_desktop.views.incidents.record import riddor_state_words
from vpr_desktop.views.incidents.record import riddor_warning

if TYPE_CHECKING:
    from vpr_desktop.services.incidents.records import IncidentDetail


class RiddorBox(QFrame):
    """One incident's RIDDOR decision and submission, said in words (never colour alone)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        riddor = headed_box(self, "RIDDOR")
        self.warning = label("", self, name="warningNote", selectable=True)
        self.warning.setContentsMargins(6, 4, 6, 4)
        self.warning.hide()
        riddor.addWidget(self.warning)
        self.status = label("", self, name="signOffState", selectable=True)
        self.reason = label("", self, selectable=True)
        self.deadline = label("", self, selectable=True)
        self.state = label("", self, selectable=True)
        self.note = label("", self, name="mutedText", selectable=True)
        for w in (self.status, self.reason, self.deadline, self.state, self.note):
            riddor.addWidget(w)
        self.record_button = QPushButton("Record submission…", self)
        self.record_button.setAccessibleName("Record the RIDDOR submission to HSE")
        riddor.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.decide_button = QPushButton("Decide whether it is reportable…", self)
        self.decide_button.setAccessibleName(
            "Decide whether this incident is reportable to HSE, with the reason"
        )
        riddor.addWidget(self.decide_button, 0, Qt.AlignmentFlag.AlignLeft)

    def show_detail(self, d: IncidentDetail, today: dt.date) -> None:
        """Say ``d``'s decision, deadline and submission; warn when a deadline is near or past
        on ``today``."""
        r = d.riddor
        status = f"Decision: {RIDDOR_WORDS.get(r.status, enum_words(r.status))}"
        if r.overridden:
            status += f" (recorded by {r.overridden_by or 'a person'}, not the rule)"
        self.status.setText(status)
        self.reason.setText(f"Reason: {r.reason or 'None recorded'}")
        self.deadline.setText(
            f"Deadline: {format_date(r.deadline)}" if r.deadline else "Deadline: none"
        )
        submitted = format_date(r.submitted_on) if r.submitted_on else "not submitted"
        if r.reference:
            submitted += f" (HSE reference {r.reference})"
        self.state.setText(f"Submitted: {submitted}. {riddor_state_words(d)}")
        note = ""
        if r.overridden and r.rule_status is not r.status:
            words = RIDDOR_WORDS.get(r.rule_status, "")
            why = r.rule_reason
            if why.lower().startswith(words.lower()):
                why = why[len(words) :].lstrip(": ")
            note = f"The rule now says: {words} – {why}"
        self.note.setText(note)
        self.note.setVisible(bool(note))
        warning = riddor_warning(d, today)
        self.warning.setText(warning)
        self.warning.setAccessibleName(warning)
        self.warning.setVisible(bool(warning))
        for w in (self.status, self.reason, self.deadline, self.state):
            w.setAccessibleName(w.text())

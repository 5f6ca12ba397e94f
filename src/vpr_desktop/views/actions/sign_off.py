"""The sign-off section of an action's detail panel: where each side stands, and the buttons
that move the action on (accept a proposal, sign off, progress, reopen, cancel).

Why a widget of its own: it is the part of the panel that shows the joint sign-off, which both
sides read first; the panel decides which buttons show and what they do, this section only
lays them out (wrapping, so none is ever cut off) and says each side's state in words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.action_rules import SIDE_LABELS
from vpr_desktop.domain.action_rules import SIDE_NAMES
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import Side
from vpr_desktop.views.actions.record import sign_off_line
from vpr_desktop.views.actions.record import sign_off_summary
from vpr_desktop.views.common.flow import button_row
from vpr_desktop.views.common.widgets import headed_box
from vpr_desktop.views.common.widgets import label

if TYPE_CHECKING:
    from vpr_desktop.services.actions.records import ActionDetail

#: Buttons for the plain progress moves, by target status (reopen/cancel/close have their own).
PROGRESS_BUTTONS = {
    ActionStatus.IN_PROGRESS: "Mark in progress",
    ActionStatus.OPEN: "Mark as open",
    ActionStatus.AWAITING_SIGN_OFF: "Mark done",
}
PROGRESS_NAMES = {
    ActionStatus.IN_PROGRESS: "Mark in progress",
    ActionStatus.OPEN: "Mark as open (work not started)",
    ActionStatus.AWAITING_SIGN_OFF: "Mark done: awaiting both sides' sign-off",
}


class SignOffSection(QFrame):
    """Each side's sign-off in words, and the buttons that move the action on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = headed_box(self, "Sign-off")
        self.sign_lines = {
            side: label("", self, name="signOffState", selectable=True)
            for side in (Side.MANAGEMENT, Side.STAFF_SIDE)
        }
        for side, line in self.sign_lines.items():
            line.setAccessibleName(SIDE_LABELS[side])
            box.addWidget(line)
        self.sign_summary = label("", self, name="mutedText")
        box.addWidget(self.sign_summary)
        self.sign_buttons = {
            Side.MANAGEMENT: QPushButton("Sign off for management", self),
            Side.STAFF_SIDE: QPushButton("Sign off for the staff side", self),
        }
        for side, button in self.sign_buttons.items():
            button.setAccessibleName(f"Sign off this action for the {SIDE_NAMES[side]}")
        self.progress_buttons = {
            status: QPushButton(text, self) for status, text in PROGRESS_BUTTONS.items()
        }
        for status, button in self.progress_buttons.items():
            button.setAccessibleName(PROGRESS_NAMES[status])
            button.setToolTip(PROGRESS_NAMES[status])
        self.reopen_button = QPushButton("Reopen…", self)
        self.reopen_button.setAccessibleName("Reopen this action (asks for a reason)")
        self.cancel_button = QPushButton("Cancel action…", self)
        self.cancel_button.setAccessibleName("Cancel this action (asks for a reason)")
        self.accept_button = QPushButton("Accept for management", self)
        self.accept_button.setProperty("primary", True)
        self.accept_button.setAccessibleName(
            "Accept this staff-side proposal for management, with the management owner chosen"
        )  # worded for the side accepting each proposal shown (the panel's _accepting)
        self.accept_hint = label(
            "Choose the management owner below, then accept the proposal.",
            self,
            name="fieldHint",
        )
        row = button_row(
            self.accept_button,
            *self.sign_buttons.values(),
            *self.progress_buttons.values(),
            self.reopen_button,
            self.cancel_button,
        )
        box.addSpacing(4)
        box.addLayout(row)
        box.addWidget(self.accept_hint)

    def show_detail(self, detail: ActionDetail) -> None:
        """Say where each side stands on ``detail`` (the text is also each line's name)."""
        for side, line in self.sign_lines.items():
            text = sign_off_line(detail, side)
            line.setText(text)
            line.setAccessibleName(text)
        self.sign_summary.setText(sign_off_summary(detail))

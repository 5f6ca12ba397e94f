"""Small dialogs of the action log: new action and a reason (reopen, cancel); the meeting and
decision dialogs are in :mod:`vpr_desktop.views.actions.meeting_dialogs`.

Each is window-modal and opened with ``open()`` (no nested event loop, so background work keeps
reporting). None of them saves by itself: it emits ``submitted`` with what was typed, the page
runs the write in the background, and the dialog closes only when the write succeeded — if it
fails, the dialog stays open with everything the user typed and says what went wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.action_rules import SIDE_LABELS
from vpr_desktop.domain.enums import Side
from vpr_desktop.views.actions.forms import DATE_HINT
from vpr_desktop.views.actions.forms import FIELD_TITLES
from vpr_desktop.views.actions.forms import ActionForm
from vpr_desktop.views.actions.forms import name_combo_lists
from vpr_desktop.views.common.dialog_title import set_dialog_title
from vpr_desktop.views.common.form import WaitsForSave
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import text_box

if TYPE_CHECKING:
    from vpr_desktop.services.actions.people import PersonChoice


class FormDialog(ScreenFitDialog, WaitsForSave):
    """Heading, explanation, fields, a line for problems, and Confirm / Back buttons.

    Signals:
        submitted(object): the values to save (the caller saves, then calls :meth:`done_ok`
            or :meth:`failed`).
    """

    submitted = Signal(object)

    def __init__(
        self,
        title: str,
        explanation: str,
        confirm: str,
        parent: QWidget | None = None,
        *,
        back: str = "Back",
        width_chars: int = 64,
    ) -> None:
        super().__init__(parent)
        set_dialog_title(self, "actionDialog", title, modal=True)
        self.heading = label(title, self, name="dialogHeading")
        self.explanation = label(explanation, self, name="dialogMessage")
        self.body = QVBoxLayout()
        self.body.setSpacing(4)
        self.problem = label("", self, name="pageError", selectable=True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(self)
        self.confirm = QPushButton(confirm, self)
        self.confirm.setProperty("primary", True)
        self.confirm.setDefault(True)
        self.confirm.setAccessibleName(confirm)
        self.back = QPushButton(back, self)
        self.back.setAccessibleName(f"{back}, without saving")
        self.buttons.addButton(self.confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.back, QDialogButtonBox.ButtonRole.RejectRole)
        self.confirm.clicked.connect(self._submit)
        self.back.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        if explanation:
            layout.addWidget(self.explanation)
        else:
            self.explanation.hide()
        layout.addLayout(self.body, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * width_chars)
        self._busy = False

    def add_captioned(self, caption: str, widget: QWidget) -> QLabel:
        """Add ``widget`` to the fields under its ``caption`` (the caption is its buddy, so
        its mnemonic moves there) and return the caption.

        Why one place: the reason, meeting, decision, needs, target, RIDDOR, step time and
        step owner dialogs each captioned their fields by hand.
        """
        text = label(caption, self, name="fieldName")
        text.setBuddy(widget)
        self.body.addWidget(text)
        self.body.addWidget(widget)
        return text

    def showEvent(self, event: Any) -> None:  # Qt override
        name_combo_lists(self)
        super().showEvent(event)

    def values(self) -> Any:
        """What the dialog collects, passed on by ``submitted``; each subclass says what."""
        raise NotImplementedError  # pragma: no cover - each dialog says what it collects

    def valid(self) -> bool:
        """Whether Confirm may be pressed; subclasses check their fields."""
        return True

    def update_state(self) -> None:
        """Enable Confirm only while the fields are valid and nothing is saving."""
        self.confirm.setEnabled(self.valid() and not self._busy)

    def _submit(self) -> None:
        if not self.valid() or self._busy:
            return
        self.start_saving()
        self.submitted.emit(self.values())


class ReasonDialog(FormDialog):
    """A reason, required (reopen, cancel): the confirm button waits until one is given."""

    def __init__(
        self,
        title: str,
        explanation: str,
        prompt: str,
        confirm: str,
        parent: QWidget | None = None,
        *,
        sides: Sequence[Side] = (),
        back: str = "Back",
    ) -> None:
        super().__init__(title, explanation, confirm, parent, back=back)
        self.reason = text_box(self, 4, spoken=prompt)
        self.needed = label(
            "A reason is needed; it is kept in the action's timeline.", self, name="fieldError"
        )
        self.add_captioned(prompt, self.reason)
        self.body.addWidget(self.needed)
        self.side: QComboBox | None = None
        if len(sides) > 1:  # someone who acts for both sides says which
            self.side = QComboBox(self)
            self.side.setAccessibleName("Acting for which side")
            for side in sides:
                self.side.addItem(SIDE_LABELS[side], side.value)
            self.add_captioned("Acting for", self.side)
        self.reason.textChanged.connect(self.update_state)
        self.update_state()
        self.reason.setFocus()

    def valid(self) -> bool:
        """A reason is required."""
        return bool(self.reason.toPlainText().strip())

    def update_state(self) -> None:
        """Show the "reason needed" line while the reason is empty."""
        self.needed.setVisible(not self.valid())
        super().update_state()

    def values(self) -> tuple[str, Side | None]:
        """The reason, and the side it applies to when the dialog asks for one."""
        side = Side(self.side.currentData()) if self.side is not None else None
        return self.reason.toPlainText().strip(), side


#: What the New action dialog says to each side: the log is joint, either side raises.
RAISED_BY = {
    Side.MANAGEMENT: "You raise it for the management side: the action log is joint. It "
    "stays proposed until the staff side accepts it and names its staff-side owner; name the "
    "management owner, so both owners are known when it goes live.",
    Side.STAFF_SIDE: "You raise it for the staff side: the action log is joint. It stays "
    "proposed until management accepts it and names its management owner; name the "
    "staff-side owner, so both owners are known when it goes live.",
}
#: Said while an action that needs both owners and a due date lacks one of them.
COMPLETE_NEEDED = "Name both owners and give a due date before raising it."


class NewActionDialog(FormDialog):
    """The action form for a new action; Create waits until the form is valid.

    ``complete`` (an action raised from an assessment gap) also waits for both owners and a
    due date, because an improvement action nobody owns and nobody dates is never done.
    """

    def __init__(
        self,
        finder: Callable[[str], list[PersonChoice]],
        owners: tuple[Sequence[PersonChoice], Sequence[PersonChoice]],
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        raised_by: Side = Side.MANAGEMENT,
        heading: str = "New action",
        explanation: str = "",
        confirm: str = "Create action",
        complete: bool = False,
    ) -> None:
        super().__init__(
            heading,
            explanation or RAISED_BY[raised_by],
            confirm,
            parent,
            back="Cancel",
            width_chars=72,
        )
        self.complete = complete
        self.back.setAccessibleName("Cancel, without creating an action")
        self.form = ActionForm(finder, owners, self, today=today)
        if complete:  # say at each field that it is needed here
            for key in ("due_date", "management_owner_id", "staff_side_owner_id"):
                self.form.captions[key].setText(f"{FIELD_TITLES[key]} (required)")
                self.form.widgets[key].setAccessibleName(f"{FIELD_TITLES[key]} (required)")
            self.form.due.setPlaceholderText(DATE_HINT)
        self.body.addWidget(scrolling(self.form, self))
        self.needed = label(COMPLETE_NEEDED, self, name="fieldError")
        self.needed.hide()
        self.body.addWidget(self.needed)
        self.form.edited.connect(self.update_state)
        self.update_state()
        line = self.fontMetrics().lineSpacing()
        screen = self.screen().availableGeometry().height() if self.screen() else line * 40
        self.resize(self.minimumWidth(), min(line * 40, int(screen * 0.9)))
        self.form.title.setFocus()

    def _incomplete(self) -> bool:
        if not self.complete:
            return False
        values = self.form.values()
        return any(
            values.get(key) is None
            for key in ("management_owner_id", "staff_side_owner_id", "due_date")
        )

    def valid(self) -> bool:
        """Confirm needs every required field of the action form filled in correctly (and,
        for a ``complete`` action, both owners and the due date)."""
        return self.form.is_valid() and not self._incomplete()

    def update_state(self) -> None:
        """Say what is still missing for a ``complete`` action."""
        if hasattr(self, "needed"):
            self.needed.setVisible(self.form.is_valid() and self._incomplete())
        super().update_state()

    def values(self) -> dict[str, Any]:
        """The new action's field values, keyed as the action service expects."""
        return self.form.values()

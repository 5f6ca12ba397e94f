"""View > View as role…: the dialog that asks which role to preview, with what each one sees.

Built only when asked for, after the first paint; the ``Qt`` namespace and the role list are
imported when it is made, as in :mod:`vpr_desktop.views.view_as`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QButtonGroup
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QRadioButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.dialog_title import set_dialog_title
from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import label

if TYPE_CHECKING:
    from vpr_desktop.domain.enums import Role


class RoleChoiceDialog(ScreenFitDialog):
    """Which role to view the app as: one choice per role, with what that role sees."""

    def __init__(self, current: Role | None = None, parent: QWidget | None = None) -> None:
        from vpr_desktop.views.admin.users import ROLE_CHOICES

        super().__init__(parent)
        title = "View as role"
        set_dialog_title(self, "viewAsDialog", title, modal=True)
        layout = QVBoxLayout(self)
        layout.addWidget(label(title, self, name="dialogHeading"))
        layout.addWidget(
            label(
                "See the pages and figures a role sees, to show people what they will get. "
                "Nothing can be changed while you do: go back to your own view to work.",
                self,
                name="dialogMessage",
            )
        )
        self.group = QButtonGroup(self)
        self.choices: dict[Role, QRadioButton] = {}
        for role, what in ROLE_CHOICES:
            choice = QRadioButton(role.label, self)
            choice.setAccessibleName(f"View as {role.label}")
            choice.setAccessibleDescription(what)
            choice.setToolTip(what)
            self.group.addButton(choice)
            self.choices[role] = choice
            layout.addWidget(choice)
            hint = label(what, self, name="fieldHint")
            hint.setContentsMargins(24, 0, 0, 4)
            layout.addWidget(hint)
        first = current if current is not None else ROLE_CHOICES[2][0]  # the staff side
        self.choices[first].setChecked(True)
        self.confirm = QPushButton("View as this role", self)
        self.confirm.setProperty("primary", True)
        self.confirm.setDefault(True)
        self.confirm.setAccessibleName("View the app as the chosen role, read-only")
        back = QPushButton("Cancel", self)
        back.setAccessibleName("Cancel, keep the current view")
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(back, QDialogButtonBox.ButtonRole.RejectRole)
        self.confirm.clicked.connect(self.accept)
        back.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

    def role(self) -> Role:
        for role, choice in self.choices.items():
            if choice.isChecked():
                return role
        return next(iter(self.choices))

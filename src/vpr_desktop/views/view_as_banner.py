"""The banner above the pages while a lead or administrator views the app as another role.

It says which role and that nothing can be changed, in words, with the way back beside it;
:mod:`vpr_desktop.views.view_as` shows and hides it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button

if TYPE_CHECKING:
    from vpr_desktop.domain.enums import Role


def banner_text(role: Role) -> str:
    return f"Viewing as {role.label} — read-only"


class ViewAsBanner(QFrame):
    """Above the pages while previewing: which role, read-only, and the way back.

    Signals:
        back_requested(): "Back to my own view" was pressed.
    """

    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("viewAsBanner")
        self.text = label("", self, name="readOnlyNote", wrap=True)
        self.back_button = push_button(
            "Back to my own view",
            self,
            self.back_requested.emit,
            spoken="Back to my own view: stop viewing as another role",
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.back_button)
        self.hide()

    def show_role(self, role: Role | None) -> None:
        if role is None:
            self.hide()
            self.text.setText("")
            return
        text = banner_text(role)
        self.text.setText(text)
        self.text.setAccessibleName(text)
        self.setAccessibleName(text)
        self.show()

"""Small widgets the risk register's screens share: a field's message line, the date field and
the owner field (the shared ``views.common.people.PersonField``).

Fields validate as the user types and say what is wrong in words (``problem()``); the form
decides where to show the message and whether Save is enabled. The score fields are
``risks.score_field`` and ``risks.score_grid``; band chips are ``risks.chips``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDateEdit
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.people import PersonField
from vpr_desktop.views.common.people import person_finder
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import vertical

ModelIndex = QModelIndex | QPersistentModelIndex
# --------------------------------------------------------------------------- fields


def name_popups(root: QWidget) -> None:
    """Give every combo box's own list (and line edit) the combo's accessible name.

    Qt builds each combo's drop-down list as a focusable child without a name; a screen
    reader would announce it as "list". Called once a page or dialog is built.
    """
    for combo in root.findChildren(QComboBox):
        name = combo.accessibleName()
        if not name:
            continue
        view = combo.view()
        if view is not None and not view.accessibleName():
            view.setAccessibleName(f"{name}: choices")
        edit = combo.lineEdit()
        if edit is not None and not edit.accessibleName():
            edit.setAccessibleName(name)


def error_label(parent: QWidget, name: str) -> QLabel:
    """The message under a field ("Consequence must be …"); hidden while the field is fine."""
    widget = label("", parent, name="fieldError")
    widget.setAccessibleName(f"{name}: problem")
    widget.hide()
    return widget


def stacked(field: QWidget, error: QWidget) -> QWidget:
    """A field with its message under it, as one form row."""
    box = QWidget(field.parentWidget())
    vertical(box, field, error, margins=0, spacing=2)
    return box


def show_problem(widget: QLabel, problem: str | None) -> None:
    """Show ``problem`` under a field (None or "" hides the line and its spoken name)."""
    widget.setText(problem or "")
    widget.setAccessibleName(problem or "")
    widget.setVisible(bool(problem))


class DateField(QDateEdit):
    """A date that may be empty ("Not set"): Delete clears it; dates read ``dd Mon yyyy``.

    Signals:
        changed(): the date was changed or cleared.
    """

    changed = Signal()
    UNSET = QDate(2000, 1, 1)

    def __init__(
        self, spoken: str, parent: QWidget | None = None, *, optional: bool = True
    ) -> None:
        super().__init__(parent)
        self.optional = optional
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd MMM yyyy")
        self.setMinimumDate(self.UNSET)
        self.setMaximumDate(QDate(2099, 12, 31))
        if optional:
            self.setSpecialValueText("Not set")
        self.setAccessibleName(spoken)
        self.setAccessibleDescription("Press Delete to clear the date" if optional else "")
        self.setToolTip("Press Delete to clear the date" if optional else "")
        self.lineEdit().setAccessibleName(spoken)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.dateChanged.connect(lambda _date: self.changed.emit())
        self.set_value(None)

    def value(self) -> dt.date | None:
        """The date, or None when an optional field is "Not set"."""
        if self.optional and self.date() == self.UNSET:
            return None
        date = self.date()
        return dt.date(date.year(), date.month(), date.day())

    def set_value(self, value: dt.date | None) -> None:
        """Show ``value``; None means "Not set" when optional, else today."""
        if value is None:
            self.setDate(self.UNSET if self.optional else QDate.currentDate())
        else:
            self.setDate(QDate(value.year, value.month, value.day))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if self.optional and event.key() == Qt.Key.Key_Delete:
            self.set_value(None)
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # Qt override
        if self.value() is None:  # open the calendar on this month, not on January 2000
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        super().mousePressEvent(event)


OWNER_UNMATCHED = "Choose the owner from the suggestions (type a name or employee number)."


def owner_field(
    find_owners: Callable[[str], list[tuple[int, str, str]]], spoken: str, parent: QWidget
) -> PersonField:
    """The shared person picker over the register's owner search (``(id, number, name)``)."""
    return PersonField(
        person_finder(find_owners),
        (),
        parent,
        spoken=spoken,
        delay_ms=200,
        unmatched=OWNER_UNMATCHED,
    )

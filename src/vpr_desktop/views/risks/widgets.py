"""Small widgets the risk register's screens share: score and date fields (the owner field is
the shared ``views.common.people.PersonField``).

Fields validate as the user types and say what is wrong in words (``problem()``); the form
decides where to show the message and whether Save is enabled. Band chips are in
``risk_chips``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLabel,
    QSizePolicy,
    QWidget,
)

from vpr_desktop.views.common import flow
from vpr_desktop.views.common.dialogs import confirm as confirm  # moved; list pages import it here
from vpr_desktop.views.common.people import PersonField, person_finder
from vpr_desktop.views.common.widgets import label, vertical
from vpr_desktop.views.risks.chip_label import ChipLabel

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


class ScoreField(QComboBox):
    """A likelihood or consequence: pick "4 Likely" from the list, or type 1–5 or the word.

    Typing is allowed (and checked as you type) so a mistyped "7" says what is allowed
    instead of silently refusing the key.

    Signals:
        changed(): the text or the choice changed.
    """

    changed = Signal()

    def __init__(
        self,
        axis: str,
        descriptors: Sequence[tuple[int, str]],
        *,
        spoken: str,
        required: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.axis = axis  # "Likelihood" | "Consequence"
        self.required = required
        self._words = {word.casefold(): score for score, word in descriptors}
        self._labels = dict(descriptors)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if not required:
            self.addItem("")
        for score, word in descriptors:
            self.addItem(f"{score} {word}", score)
        self.setAccessibleName(spoken)
        self.lineEdit().setAccessibleName(spoken)
        self.lineEdit().setPlaceholderText("1–5" if required else "same as current")
        self.setMinimumContentsLength(14)  # "5 Almost certain" whole
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.editTextChanged.connect(lambda _text: self.changed.emit())
        self.set_value(None)

    def scale_text(self) -> str:
        """The allowed values in words ("1 Rare, 2 Unlikely, …"), for problems and help."""
        return ", ".join(f"{n} {w}" for n, w in self._labels.items())

    def parsed(self) -> tuple[int | None, str | None]:
        """(value, problem): value 1–5 or None when empty; problem in words, else None."""
        text = self.currentText().strip()
        if not text:
            return None, (f"{self.axis} is needed." if self.required else None)
        match = re.match(r"^(\d+)\s*[-–:.]?\s*(.*)$", text)
        if match:
            number, rest = int(match[1]), match[2].strip().casefold()
            word = self._labels.get(number, "").casefold()
            if 1 <= number <= 5 and (not rest or word.startswith(rest)):
                return number, None
        elif text.casefold() in self._words:
            return self._words[text.casefold()], None
        return None, (f"{self.axis} must be a whole number from 1 to 5 ({self.scale_text()}).")

    def value(self) -> int | None:
        """The score chosen or typed, or None when empty or not valid."""
        return self.parsed()[0]

    def problem(self) -> str | None:
        """What is wrong with the typed text in words (an empty required field too), or None."""
        return self.parsed()[1]

    def set_value(self, value: int | None) -> None:
        """Choose ``value`` (None empties the field)."""
        if value is None:
            self.setCurrentIndex(-1)
            self.setEditText("")
            return
        self.setCurrentIndex(self.findData(value))


class ScoreGrid(QWidget):
    """Likelihood and consequence pickers for one or more scores, each with its band chip.

    Each score takes two lines — its name with the resulting chip ("Current *  High 12"),
    then the two pickers side by side — so "5 Almost certain" is never cut in a narrow panel.

    Signals:
        changed(): any picker changed.
    """

    changed = Signal()

    def __init__(
        self,
        matrix: Any,
        parts: Sequence[tuple[str, str, bool, str]],
        parent: QWidget | None = None,
    ) -> None:
        """``parts``: (key, caption, required, what the chip says when there is no score)."""
        super().__init__(parent)
        from PySide6.QtWidgets import QGridLayout, QHBoxLayout

        self.matrix = matrix
        self.fields: dict[str, tuple[ScoreField, ScoreField]] = {}
        self.chips: dict[str, ChipLabel] = {}
        self.empty_text: dict[str, str] = {}
        likelihood = [(d.score, d.label) for d in matrix.likelihood]
        consequence = [(d.score, d.label) for d in matrix.consequence]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        grid.addWidget(label("Likelihood", self, name="fieldName", wrap=False), 0, 0)
        grid.addWidget(label("Consequence", self, name="fieldName", wrap=False), 0, 1)
        row = 1
        for key, caption, required, empty in parts:
            spoken = caption.rstrip(" *")
            lk = ScoreField(
                f"{spoken} likelihood",
                likelihood,
                required=required,
                spoken=f"{spoken} likelihood" + (" (required)" if required else ""),
                parent=self,
            )
            cq = ScoreField(
                f"{spoken} consequence",
                consequence,
                required=required,
                spoken=f"{spoken} consequence" + (" (required)" if required else ""),
                parent=self,
            )
            # "Agreed current score" is already a score: never read out "… score score"
            chip_name = spoken if spoken.lower().endswith("score") else f"{spoken} score"
            chip = ChipLabel(self, name=chip_name)
            heading = QWidget(self)
            line = QHBoxLayout(heading)
            line.setContentsMargins(0, 6 if row > 1 else 2, 0, 0)
            line.setSpacing(8)
            line.addWidget(label(caption, heading, wrap=False))
            line.addWidget(chip)
            line.addStretch(1)
            grid.addWidget(heading, row, 0, 1, 2)
            grid.addWidget(lk, row + 1, 0)
            grid.addWidget(cq, row + 1, 1)
            row += 2
            self.fields[key] = (lk, cq)
            self.chips[key] = chip
            self.empty_text[key] = empty
            lk.changed.connect(self.changed.emit)
            cq.changed.connect(self.changed.emit)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

    def value(self, key: str) -> tuple[int | None, int | None]:
        """The (likelihood, consequence) of the score ``key``; either may be None."""
        lk, cq = self.fields[key]
        return lk.value(), cq.value()

    def cell(self, key: str) -> Any:
        """The matrix cell (band and score) of the score ``key``, or None until both are set."""
        lk, cq = self.value(key)
        return self.matrix.cell(lk, cq) if lk is not None and cq is not None else None

    def set_value(self, key: str, likelihood: int | None, consequence: int | None) -> None:
        """Set both parts of the score ``key``."""
        lk, cq = self.fields[key]
        lk.set_value(likelihood)
        cq.set_value(consequence)

    def texts(self) -> tuple[str, ...]:
        """Every field's text as typed, to tell whether anything changed."""
        return tuple(f.currentText().strip() for pair in self.fields.values() for f in pair)

    def problems(self, pair_message: Callable[[str], str]) -> list[str]:
        """Each picker's problem, then any optional score given by one half only."""
        out = [p for pair in self.fields.values() for f in pair if (p := f.problem())]
        if not out:
            for key, (lk, cq) in self.fields.items():
                if not lk.required and (lk.value() is None) != (cq.value() is None):
                    out.append(pair_message(key))
        return out

    def show_chips(self, fallback: Callable[[str], Any] | None = None) -> None:
        """Band chip per score; an empty optional score may show ``fallback(key)``."""
        for key, chip in self.chips.items():
            cell = self.cell(key)
            if cell is None and fallback is not None:
                cell = fallback(key)
            chip.set_cell(cell, self.empty_text[key])

    def all_fields(self) -> list[ScoreField]:
        """Every field, likelihood then consequence per score (for tab order)."""
        return [f for pair in self.fields.values() for f in pair]


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


# --------------------------------------------------------------------------- moved

# ``FlowLayout`` and ``confirm`` now live in ``views.common``; the register's list modules still
# import them from here. The register's filter bar lets its search box take the rest of a line.


class FlowLayout(flow.FlowLayout):
    """The shared wrapping layout, with expanding widgets filling their line (``fill``)."""

    def __init__(
        self, parent: QWidget | None = None, spacing: int = 12, line_spacing: int = 8
    ) -> None:
        super().__init__(parent, spacing, line_spacing, fill=True)

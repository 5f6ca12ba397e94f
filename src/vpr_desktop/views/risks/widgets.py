"""Small widgets the risk register's screens share: score, date and owner fields, a wrapping
layout for filter bars and button rows, and the confirmation for changes that cannot be undone.

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
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QMessageBox,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.risks.chips import ChipLabel

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
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(error)
    return box


def show_problem(widget: QLabel, problem: str | None) -> None:
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
        return self.parsed()[0]

    def problem(self) -> str | None:
        return self.parsed()[1]

    def set_value(self, value: int | None) -> None:
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
            chip = ChipLabel(self, name=f"{spoken} score")
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
        lk, cq = self.fields[key]
        return lk.value(), cq.value()

    def cell(self, key: str) -> Any:
        lk, cq = self.value(key)
        return self.matrix.cell(lk, cq) if lk is not None and cq is not None else None

    def set_value(self, key: str, likelihood: int | None, consequence: int | None) -> None:
        lk, cq = self.fields[key]
        lk.set_value(likelihood)
        cq.set_value(consequence)

    def texts(self) -> tuple[str, ...]:
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
        if self.optional and self.date() == self.UNSET:
            return None
        date = self.date()
        return dt.date(date.year(), date.month(), date.day())

    def set_value(self, value: dt.date | None) -> None:
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


class OwnerField(QLineEdit):
    """Type part of a name or an employee number and pick the person from the suggestions.

    ``lookup(term)`` returns ``(person id, employee number, name)`` rows (the service's owner
    search); it is asked after a short pause in typing, never on every key.

    Signals:
        changed(): the text or the chosen person changed.
    """

    changed = Signal()
    DELAY_MS = 200

    def __init__(
        self,
        lookup: Callable[[str], list[tuple[int, str, str]]],
        spoken: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from PySide6.QtCore import QStringListModel

        self._lookup = lookup
        self._chosen: tuple[int, str] | None = None  # (id, text shown for them)
        self._offered: dict[str, int] = {}
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.activated.connect(self._picked)
        self._completer.popup().setAccessibleName(f"{spoken}: suggestions")
        self.setCompleter(self._completer)
        self.setPlaceholderText("Type a name or employee number")
        self.setAccessibleName(spoken)
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self._suggest)
        self.textEdited.connect(lambda _text: self._timer.start())
        self.textChanged.connect(lambda _text: self.changed.emit())

    def set_owner(self, person_id: int | None, name: str | None) -> None:
        self._chosen = (person_id, name or "") if person_id is not None else None
        self.setText(name or "" if person_id is not None else "")

    def value(self) -> int | None:
        text = self.text().strip()
        if not text:
            return None
        if self._chosen is not None and text == self._chosen[1]:
            return self._chosen[0]
        return self._offered.get(text)

    def problem(self) -> str | None:
        if self.text().strip() and self.value() is None:
            return "Choose the owner from the suggestions (type a name or employee number)."
        return None

    def suggest_now(self) -> None:
        self._timer.stop()
        self._suggest()

    def _suggest(self) -> None:
        term = self.text().strip()
        if len(term) < 2:
            return
        rows = self._lookup(term)
        self._offered = {f"{name} ({number})": pid for pid, number, name in rows}
        self._model.setStringList(list(self._offered))
        if rows and self.hasFocus():
            self._completer.complete()

    def _picked(self, text: str) -> None:
        pid = self._offered.get(text)
        if pid is not None:
            self._chosen = (pid, text)
        self.changed.emit()


# --------------------------------------------------------------------------- layout


_EXPANDING = (QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding)


class FlowLayout(QLayout):
    """Lays widgets left to right and wraps to a new line when the row is full.

    A widget whose horizontal size policy expands (a search box) takes the rest of its line.

    A filter bar of six controls fits one line on a wide screen and wraps, rather than being
    clipped, at 1366×768 with 150% scaling.
    """

    def __init__(
        self, parent: QWidget | None = None, spacing: int = 12, line_spacing: int = 8
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._line_spacing = line_spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # Qt override
        self._items.append(item)

    def count(self) -> int:  # Qt override
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]  # Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]  # Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # Qt override
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # Qt override
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # Qt override
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # Qt override
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x = area.x()
                y += line_height + self._line_spacing
                line_height = 0
            if move:
                width = min(hint.width(), area.width())
                if widget is not None and widget.sizePolicy().horizontalPolicy() in _EXPANDING:
                    width = max(width, area.right() + 1 - x)
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


# --------------------------------------------------------------------------- confirming

#: What a confirmation answers when dialogs are headless (tests, unattended runs).
HEADLESS_CONFIRM = True


def confirm(
    parent: QWidget, title: str, text: str, yes: str, on_yes: Callable[[], None]
) -> QMessageBox | None:
    """Ask before a change that cannot simply be undone; ``on_yes`` runs if confirmed.

    Window-modal via ``open()`` (no nested event loop, so background jobs keep reporting).
    """
    from vpr_desktop.views.common import dialogs

    dialogs.recent.append(("confirm", title, text))
    if dialogs.headless():
        if HEADLESS_CONFIRM:
            on_yes()
        return None
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAccessibleName(title)
    go = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    go.setAccessibleName(yes)
    keep = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    keep.setAccessibleName("Cancel, change nothing")
    box.setDefaultButton(keep)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done(_result: int) -> None:
        if box.clickedButton() is go:
            on_yes()

    box.finished.connect(done)
    box.open()
    return box

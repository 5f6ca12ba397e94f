"""A risk's controls: the table on the detail panel and the dialog that adds or edits one.

A control is what is done about the risk (training, a lone-worker device, a door entry
system), with its owner, when it was expected and implemented, and how well it works. One
that is past its expected date and not implemented needs a barrier note saying what is in the
way: the dialog asks for it as soon as the dates show the control is late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.flow import FlowLayout
from vpr_desktop.views.common.formatting import enum_words
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.read_only import rows_table
from vpr_desktop.views.common.screen_fit import ScreenFitDialog
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import text_box
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.risks.widgets import DateField
from vpr_desktop.views.risks.widgets import error_label
from vpr_desktop.views.risks.widgets import name_popups
from vpr_desktop.views.risks.widgets import owner_field
from vpr_desktop.views.risks.widgets import show_problem
from vpr_desktop.views.risks.widgets import stacked

CONTROL_COLUMNS = (
    "Type",
    "Control",
    "Owner",
    "Expected",
    "Implemented",
    "Effectiveness",
    "Next review",
    "On time?",
)


def control_state(control: Any) -> str:
    """Where a control stands, in words (the table's last column)."""
    if control.late:
        return "Late – barrier noted" if control.barrier_note else "Late – no barrier note"
    if control.on_time is True:
        return "On time"
    if control.on_time is False:
        return "Implemented late"
    return "Not yet due" if control.expected_date else "No expected date"


class ControlsTab(QWidget):
    """The table of controls with Add / Edit / Remove.

    Signals:
        add_requested(): Add control….
        edit_requested(object): Edit control… for this ``ControlView``.
        remove_requested(object): Remove this ``ControlView``.
    """

    add_requested = Signal()
    edit_requested = Signal(object)
    remove_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controls: tuple[Any, ...] = ()
        self._can_edit = False
        self.intro = label(
            "What is done about this risk, and how well it works.", self, name="mutedText"
        )
        self.table = rows_table(self, CONTROL_COLUMNS, "controlsTable", "Controls")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setMinimumHeight(self.fontMetrics().lineSpacing() * 7)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self._edit())
        self.empty_note = label(
            "No controls recorded yet: an assessment with no control is flagged as too generic.",
            self,
            name="mutedText",
        )

        self.add_button = push_button(
            "Add control…", self, self.add_requested.emit, spoken="Add a control"
        )
        self.edit_button = push_button(
            "Edit control…", self, self._edit, spoken="Edit the selected control"
        )
        self.remove_button = push_button(
            "Remove control", self, self._remove, spoken="Remove the selected control"
        )
        button_row = QWidget(self)
        buttons = FlowLayout(button_row, spacing=8, line_spacing=6, fill=True)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)

        vertical(
            self,
            self.intro,
            self.empty_note,
            (self.table, 1),
            button_row,
            margins=(0, 8, 0, 0),
            spacing=8,
        )
        self._selection_changed()

    def set_controls(self, controls: tuple[Any, ...], can_edit: bool) -> None:
        """Show ``controls`` (keeping the selected one); buttons follow ``can_edit``."""
        selected = self.selected()
        self.controls = controls
        self._can_edit = can_edit
        self.table.setRowCount(len(controls))
        for row, control in enumerate(controls):
            values = (
                enum_words(control.control_type),
                control.description,
                control.owner or "",
                format_date(control.expected_date),
                format_date(control.implemented_date),
                enum_words(control.effectiveness),
                format_date(control.next_review_date),
                control_state(control),
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
            if selected is not None and control.id == selected.id:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        width = self.fontMetrics().averageCharWidth() * 30
        if self.table.columnWidth(1) > width:
            self.table.setColumnWidth(1, width)
        self.empty_note.setVisible(not controls)
        self.add_button.setVisible(can_edit)
        self.edit_button.setVisible(can_edit)
        self.remove_button.setVisible(can_edit)
        self._selection_changed()

    def selected(self) -> Any:
        """The selected control, or None."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.controls):
            return None
        return self.controls[rows[0].row()]

    def set_busy(self, busy: bool) -> None:
        """Disable the buttons while a write runs."""
        self.add_button.setEnabled(not busy)
        self._selection_changed(busy)

    def _selection_changed(self, busy: bool = False) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen and not busy)
        self.remove_button.setEnabled(chosen and not busy)

    def _edit(self) -> None:
        control = self.selected()
        if control is not None and self._can_edit:
            self.edit_requested.emit(control)

    def _remove(self) -> None:
        control = self.selected()
        if control is not None:
            self.remove_requested.emit(control)


class ControlDialog(ScreenFitDialog):
    """Add or edit one control; Save is enabled once the control is valid (and changed).

    The dialog does not write: ``submitted`` hands the ``ControlInput`` to the panel, which
    saves it in the background and then closes the dialog — or shows why not, with everything
    typed still in place.

    Signals:
        submitted(object): a ``ControlInput`` to save.
    """

    submitted = Signal(object)

    def __init__(
        self,
        control: Any,
        find_owners: Callable[[str], list[tuple[int, str, str]]],
        risk_label: str,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        from vpr_desktop.domain.enums import ControlType
        from vpr_desktop.domain.enums import Effectiveness

        self.control = control
        self._today = today
        adding = control is None
        title = "Add a control" if adding else "Edit control"
        self.setObjectName("controlDialog")
        self.setWindowTitle(f"{title} – {risk_label}")
        self.setAccessibleName(title)
        heading = label(title, self, name="dialogHeading")
        context = label(f"Risk {risk_label}", self, name="mutedText")

        self.type_box = QComboBox(self)
        self.type_box.setAccessibleName("Control type")
        for kind in ControlType:
            self.type_box.addItem(enum_words(kind), kind)
        self.description = text_box(self, 3, spoken="Control description")
        self.description_error = error_label(self, "Description")
        self.owner = owner_field(find_owners, "Control owner", self)
        self.owner_error = error_label(self, "Owner")
        self.expected = DateField("Expected by", self)
        self.implemented = DateField("Implemented on", self)
        self.implemented_error = error_label(self, "Implemented on")
        self.barrier = text_box(self, 2, spoken="Barrier note")
        self.barrier.setAccessibleDescription(
            "What is in the way, needed when the control is past its expected date"
        )
        self.barrier_error = error_label(self, "Barrier note")
        self.effectiveness = QComboBox(self)
        self.effectiveness.setAccessibleName("Effectiveness")
        for value in Effectiveness:
            self.effectiveness.addItem(enum_words(value), value)
        self.next_review = DateField("Next effectiveness review", self)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Type", self.type_box)
        form.addRow("Description *", stacked(self.description, self.description_error))
        form.addRow("Owner", stacked(self.owner, self.owner_error))
        form.addRow("Expected by", self.expected)
        form.addRow("Implemented on", stacked(self.implemented, self.implemented_error))
        form.addRow("Barrier note", stacked(self.barrier, self.barrier_error))
        form.addRow("Effectiveness", self.effectiveness)
        form.addRow("Next review", self.next_review)

        self.message = label("", self, name="pageError", selectable=True)
        self.message.hide()
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("Save control", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setAccessibleName("Save the control")
        self.save_button.setProperty("primary", True)
        self.save_button.setDefault(True)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel, change nothing")
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(context)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        if control is not None:
            self.type_box.setCurrentIndex(self.type_box.findData(control.control_type))
            self.description.setPlainText(control.description)
            self.owner.set_person(control.owner_id, control.owner)
            self.expected.set_value(control.expected_date)
            self.implemented.set_value(control.implemented_date)
            self.barrier.setPlainText(control.barrier_note or "")
            self.effectiveness.setCurrentIndex(self.effectiveness.findData(control.effectiveness))
            self.next_review.set_value(control.next_review_date)
        self._loaded = self._values()
        for signal in (
            self.type_box.currentIndexChanged,
            self.description.textChanged,
            self.owner.changed,
            self.expected.changed,
            self.implemented.changed,
            self.barrier.textChanged,
            self.effectiveness.currentIndexChanged,
            self.next_review.changed,
        ):
            signal.connect(self._check)
        self._check()
        name_popups(self)
        width = self.fontMetrics().averageCharWidth() * 64
        self.resize(width, self.sizeHint().height())

    def _values(self) -> tuple[Any, ...]:
        return (
            self.type_box.currentData(),
            self.description.toPlainText().strip(),
            self.owner.text().strip(),
            self.expected.value(),
            self.implemented.value(),
            self.barrier.toPlainText().strip(),
            self.effectiveness.currentData(),
            self.next_review.value(),
        )

    def problems(self) -> dict[str, str]:
        """What must be fixed before saving, keyed by field; empty when it can be saved."""
        out: dict[str, str] = {}
        if not self.description.toPlainText().strip():
            out["description"] = "Describe the control."
        if problem := self.owner.problem():
            out["owner"] = problem
        implemented, expected = self.implemented.value(), self.expected.value()
        today = self._today()
        if implemented is not None and implemented > today:
            out["implemented"] = "Date is after today."
        late = implemented is None and expected is not None and expected < today
        if late and not self.barrier.toPlainText().strip():
            out["barrier"] = (
                f"The control was expected by {format_date(expected)} and is not "
                "implemented: say what is in the way."
            )
        return out

    def _check(self) -> None:
        problems = self.problems()
        show_problem(self.description_error, problems.get("description"))
        show_problem(self.owner_error, problems.get("owner"))
        show_problem(self.implemented_error, problems.get("implemented"))
        show_problem(self.barrier_error, problems.get("barrier"))
        changed = self.control is None or self._values() != self._loaded
        self.save_button.setEnabled(not problems and changed)

    def control_input(self) -> Any:
        """The control as the risk service takes it, with its enums restored."""
        from vpr_desktop.domain.enums import ControlType
        from vpr_desktop.domain.enums import Effectiveness
        from vpr_desktop.services.risks.inputs import ControlInput

        return ControlInput(  # item data comes back as plain text: back to the enums
            control_type=ControlType(self.type_box.currentData()),
            description=self.description.toPlainText().strip(),
            owner_id=self.owner.value(),
            expected_date=self.expected.value(),
            implemented_date=self.implemented.value(),
            barrier_note=self.barrier.toPlainText().strip() or None,
            effectiveness=Effectiveness(self.effectiveness.currentData()),
            next_review_date=self.next_review.value(),
        )

    def _submit(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.message.hide()
        self.save_button.setEnabled(False)
        self.submitted.emit(self.control_input())

    def show_failure(self, text: str) -> None:
        """Saving failed: say why; everything typed stays."""
        self.message.setText(text)
        self.message.show()
        self._check()

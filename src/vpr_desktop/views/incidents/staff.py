"""The staff affected by an incident, one row each: absence, restricted duties, stress-related
absence and, for users allowed to see them and with the person's consent, protected
characteristics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from vpr_desktop.domain.enums import ProtectedCharacteristic
from vpr_desktop.views.common.formatting import enum_words
from vpr_desktop.views.common.widgets import label

MAX_DAYS = 3660


def name_spin_edits(root: QWidget) -> None:
    """A spin box's inner text field takes the spin box's name (screen readers land on it)."""
    for spin in root.findChildren(QSpinBox):
        edit = spin.findChild(QLineEdit)
        if edit is not None:
            edit.setAccessibleName(spin.accessibleName())


@dataclass
class StaffEntry:
    """One staff member affected by an incident, as the staff rows edit it."""

    person_id: int
    name: str
    staff_group_id: int | None = None
    days_absent: int = 0
    restricted_duties_days: int = 0
    absence_reason_stress: bool = False
    pc_consent: bool = False
    characteristics: dict[ProtectedCharacteristic, str] | None = None
    consent_to_contact: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class StaffRow(QFrame):
    """One affected member of staff: absence, restricted duties, stress, consent."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(
        self, entry: StaffEntry, show_characteristics: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.entry = entry
        self.setAccessibleName(f"Affected: {entry.name}")
        self.name = label(entry.name, self, name="fieldName", wrap=True)
        self.days_absent = QSpinBox(self)
        self.days_absent.setRange(0, MAX_DAYS)
        self.days_absent.setValue(entry.days_absent)
        self.days_absent.setAccessibleName(f"Days absent: {entry.name}")
        self.restricted = QSpinBox(self)
        self.restricted.setRange(0, MAX_DAYS)
        self.restricted.setValue(entry.restricted_duties_days)
        self.restricted.setAccessibleName(f"Restricted-duty days: {entry.name}")
        self.stress = QCheckBox("Absence is stress-related", self)
        self.stress.setChecked(entry.absence_reason_stress)
        self.stress.setAccessibleName(f"Absence is stress-related: {entry.name}")
        self.remove = QPushButton("Remove", self)
        self.remove.setAccessibleName(f"Remove {entry.name} from the staff affected")
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.error = label("", self, name="fieldError")
        self.error.hide()
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.name, 0, 0, 1, 3)
        grid.addWidget(self.remove, 0, 3, Qt.AlignmentFlag.AlignRight)
        absent_caption = label("Days absent", self, name="mutedText", wrap=False)
        absent_caption.setBuddy(self.days_absent)
        restricted_caption = label("Restricted-duty days", self, name="mutedText", wrap=False)
        restricted_caption.setBuddy(self.restricted)
        grid.addWidget(absent_caption, 1, 0)
        grid.addWidget(self.days_absent, 1, 1)
        grid.addWidget(restricted_caption, 1, 2)
        grid.addWidget(self.restricted, 1, 3)
        grid.addWidget(self.stress, 2, 0, 1, 4)
        self.pc_consent: QCheckBox | None = None
        self.characteristics: dict[ProtectedCharacteristic, QLineEdit] = {}
        self._pc_box: QWidget | None = None
        row = 3
        if show_characteristics:
            self.pc_consent = QCheckBox("Consents to recording protected characteristics", self)
            self.pc_consent.setChecked(entry.pc_consent)
            self.pc_consent.setAccessibleName(
                f"Consents to recording protected characteristics: {entry.name}"
            )
            grid.addWidget(self.pc_consent, row, 0, 1, 4)
            row += 1
            box = QWidget(self)
            pc_grid = QGridLayout(box)
            pc_grid.setContentsMargins(16, 0, 0, 0)
            for i, kind in enumerate(ProtectedCharacteristic):
                edit = QLineEdit(box)
                edit.setMaxLength(120)
                edit.setAccessibleName(f"{enum_words(kind)}: {entry.name}")
                edit.setText((entry.characteristics or {}).get(kind, ""))
                caption = label(enum_words(kind), box, name="mutedText", wrap=False)
                caption.setBuddy(edit)
                pc_grid.addWidget(caption, i, 0)
                pc_grid.addWidget(edit, i, 1)
                edit.textChanged.connect(lambda _t: self.changed.emit())
                self.characteristics[kind] = edit
            self._pc_box = box
            grid.addWidget(box, row, 0, 1, 4)
            row += 1
            self.pc_consent.toggled.connect(self._consent_toggled)
            box.setVisible(entry.pc_consent)
        grid.addWidget(self.error, row, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        name_spin_edits(self)
        for signal in (
            self.days_absent.valueChanged,
            self.restricted.valueChanged,
            self.stress.toggled,
        ):
            signal.connect(lambda *_a: self.changed.emit())

    def _consent_toggled(self, on: bool) -> None:
        if self._pc_box is not None:
            self._pc_box.setVisible(on)
        self.changed.emit()

    def problem(self) -> str:
        """What must be fixed before saving this row; "" when it is fine."""
        if self.stress.isChecked() and self.days_absent.value() == 0:
            return "A stress-related absence needs the days absent."
        return ""

    def show_problem(self, text: str) -> None:
        """Show ``text`` under the row ("" hides the line)."""
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def value(self) -> StaffEntry:
        """The row as edited; protected characteristics are kept only with consent."""
        e = self.entry
        chars = e.characteristics
        consent = e.pc_consent
        if self.pc_consent is not None:
            consent = self.pc_consent.isChecked()
            typed = {
                k: w.text().strip() for k, w in self.characteristics.items() if w.text().strip()
            }
            chars = typed if consent else ({} if e.characteristics else None)
        return StaffEntry(
            person_id=e.person_id,
            name=e.name,
            staff_group_id=e.staff_group_id,
            days_absent=self.days_absent.value(),
            restricted_duties_days=self.restricted.value(),
            absence_reason_stress=self.stress.isChecked(),
            pc_consent=consent,
            characteristics=chars,
            consent_to_contact=e.consent_to_contact,
        )

    def tab_chain(self) -> list[QWidget]:
        """The row's widgets in tab order, for the form to link after its own fields."""
        chain: list[QWidget] = [self.remove, self.days_absent, self.restricted, self.stress]
        if self.pc_consent is not None:
            chain += [self.pc_consent, *self.characteristics.values()]
        return chain

"""The staff affected by an incident, one row each: absence, restricted duties, stress-related
absence and, for users allowed to see them and with the person's consent, protected
characteristics — and the section of the incident form that lists them with a person picker.

A section of its own (rather than inside ``incidents.form``) because adding a person is a small
dialogue of its own: look the typed name up, refuse a duplicate, and say why next to the picker,
without the rest of the form knowing how.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QGridLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QSpinBox
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import ProtectedCharacteristic
from vpr_desktop.views.common.formatting import enum_words
from vpr_desktop.views.common.people import PersonField
from vpr_desktop.views.common.people import PersonPick
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button

if TYPE_CHECKING:
    from vpr_desktop.services.incidents.records import AffectedStaffView

MAX_DAYS = 3660


def name_spin_edits(root: QWidget) -> None:
    """A spin box's inner text field takes the spin box's name (screen readers land on it)."""
    for spin in root.findChildren(QSpinBox):
        edit = spin.findChild(QLineEdit)
        if edit is not None:
            edit.setAccessibleName(spin.accessibleName())


@dataclass
class StaffEntry:
    """One affected person as the form holds them (what a :class:`StaffRow` shows and edits)."""

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


#: Said at every days-absent input: RIDDOR counts calendar days, so working days typed here
#: would make a reportable injury look "not reportable".
CALENDAR_DAYS = (
    "Count calendar days, weekends and rest days included (not the day of the incident)."
)


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
        self.days_absent.setAccessibleName(f"Days absent, in calendar days: {entry.name}")
        self.days_absent.setAccessibleDescription(CALENDAR_DAYS)
        self.restricted = QSpinBox(self)
        self.restricted.setRange(0, MAX_DAYS)
        self.restricted.setValue(entry.restricted_duties_days)
        self.restricted.setAccessibleName(f"Restricted-duty days, in calendar days: {entry.name}")
        self.restricted.setAccessibleDescription(CALENDAR_DAYS)
        self.stress = QCheckBox("Absence is stress-related", self)
        self.stress.setChecked(entry.absence_reason_stress)
        self.stress.setAccessibleName(f"Absence is stress-related: {entry.name}")
        self.remove = push_button(
            "Remove",
            self,
            lambda: self.remove_requested.emit(self),
            spoken=f"Remove {entry.name} from the staff affected",
        )
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
        self.calendar_note = label(CALENDAR_DAYS, self, name="mutedText")
        grid.addWidget(self.calendar_note, 2, 0, 1, 4)
        grid.addWidget(self.stress, 3, 0, 1, 4)
        self.pc_consent: QCheckBox | None = None
        self.characteristics: dict[ProtectedCharacteristic, QLineEdit] = {}
        self._pc_box: QWidget | None = None
        row = 4
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
        if self.stress.isChecked() and self.days_absent.value() == 0:
            return "A stress-related absence needs the days absent."
        return ""

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def value(self) -> StaffEntry:
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
        chain: list[QWidget] = [self.remove, self.days_absent, self.restricted, self.stress]
        if self.pc_consent is not None:
            chain += [self.pc_consent, *self.characteristics.values()]
        return chain


class StaffSection(QWidget):
    """The "Staff affected" field: a row per person and a picker to add one more.

    ``finder`` looks people up by name or number (``(id, number, name)`` tuples, as the
    service returns them). Protected characteristics are offered on new rows only while
    :attr:`show_characteristics` is set (the detail decides, by the user's permission).

    Signals:
        changed(): a person was added or removed, or a row was edited.
    """

    changed = Signal()

    def __init__(
        self,
        finder: Callable[[str], list[tuple[int, str, str]]],
        show_characteristics: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._finder = finder
        self.show_characteristics = show_characteristics
        self.rows: list[StaffRow] = []
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(6)
        self.empty = label(
            "No one added yet. Add each member of staff affected; the "
            "support pathway's steps are created for each.",
            self,
            name="mutedText",
        )
        box.addWidget(self.empty)
        box.addLayout(self.rows_box)
        add_row = QHBoxLayout()
        self.picker = PersonField(self.find_people, (), self)
        self.picker.setAccessibleName("Find a member of staff to add")
        self.add_button = push_button(
            "Add person", self, self.add_picked, spoken="Add the member of staff found as affected"
        )
        self.picker.returnPressed.connect(self.add_picked)
        add_row.addWidget(self.picker, 1)
        add_row.addWidget(self.add_button)
        box.addLayout(add_row)
        self.picker_error = label("", self, name="fieldError")
        self.picker_error.hide()
        box.addWidget(self.picker_error)

    def find_people(self, term: str) -> list[PersonPick]:
        """People matching ``term``, as the picker lists them."""
        return [PersonPick(i, name, number) for i, number, name in self._finder(term)]

    def add_picked(self) -> bool:
        """Add the person chosen in the picker; says why not next to it."""
        text = self.picker.text().strip()
        if not text:
            return False
        if text not in self.picker._ids:  # typed but not looked up yet
            self.picker.add_choices(self.find_people(text))
        try:
            person_id = self.picker.person_id()
        except ValueError:
            matches = self.find_people(text)
            if len(matches) == 1:
                person_id = matches[0].id
                self.picker.add_choices(matches)
                text = matches[0].label
            else:
                self.picker_problem(self.picker.problem())
                return False
        if person_id is None:
            return False
        if any(r.entry.person_id == person_id for r in self.rows):
            self.picker_problem("That person is already listed.")
            return False
        self.add(StaffEntry(person_id=person_id, name=text))
        self.picker.clear()
        self.picker_problem("")
        return True

    def picker_problem(self, text: str) -> None:
        """Say ``text`` under the picker (empty hides it), for screen readers too."""
        self.picker_error.setText(text)
        self.picker_error.setVisible(bool(text))
        self.picker.setAccessibleDescription(text)

    def add(self, entry: StaffEntry) -> StaffRow:
        """A row for ``entry`` at the end of the list."""
        row = StaffRow(entry, self.show_characteristics, self)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self.remove)
        self.rows.append(row)
        self.rows_box.addWidget(row)
        self.empty.setVisible(False)
        self.changed.emit()
        return row

    def remove(self, row: StaffRow) -> None:
        """Take ``row`` off the list (nothing is written until the incident is saved)."""
        if row in self.rows:
            self.rows.remove(row)
            self.rows_box.removeWidget(row)
            row.hide()
            row.deleteLater()
            self.empty.setVisible(not self.rows)
            self.changed.emit()

    def clear(self) -> None:
        """No rows, an empty picker and no problem said (before a load)."""
        for row in self.rows:
            self.rows_box.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows = []
        self.empty.setVisible(True)
        self.picker.clear()
        self.picker_problem("")

    def fill(self, staff: Sequence[AffectedStaffView]) -> None:
        """A row for each person recorded on a saved incident."""
        for st in staff:
            chars = dict(st.characteristics) if st.characteristics is not None else None
            self.add(
                StaffEntry(
                    person_id=st.person_id,
                    name=f"{st.name} ({st.employee_number})" if st.employee_number else st.name,
                    staff_group_id=st.staff_group_id,
                    days_absent=st.days_absent,
                    restricted_duties_days=st.restricted_duties_days,
                    absence_reason_stress=st.absence_reason_stress,
                    pc_consent=st.pc_consent,
                    characteristics=chars,
                )
            )

    def tab_chain(self) -> list[QWidget]:
        """Each row's fields, then the picker and its button."""
        chain: list[QWidget] = []
        for row in self.rows:
            chain += row.tab_chain()
        return [*chain, self.picker, self.add_button]

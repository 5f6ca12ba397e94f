"""The course form beside the Catalogue tab's table (the dialog that sets a course's target for
one location is ``training.target_dialog``).

Apart from the tab (``training.catalogue``), which loads the catalogue and runs the writes:
the form only holds and checks what is typed, and how a course is read from its fields ("36"
months, "85%") is written once here, for the form and the target dialog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import text_box
from vpr_desktop.views.common.widgets import vertical

if TYPE_CHECKING:
    from vpr_desktop.services.training.records import CourseInfo


def parse_months(text: str) -> int | None:
    """``""`` -> None (no expiry); ``"36"`` -> 36; anything else raises ValueError."""
    text = text.strip().removesuffix("months").strip()
    return int(text) if text else None


def parse_percent(text: str) -> float:
    """``"85%"`` -> 85.0; anything not a number raises ValueError."""
    return float(text.strip().removesuffix("%").strip())


class CourseForm(QFrame):
    """Code, name, refresher, ESR competency names, target, RRN certified, active."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.code = QLineEdit(self)
        self.code.setMaxLength(20)
        self.name = QLineEdit(self)
        self.refresher = QLineEdit(self)
        self.refresher.setPlaceholderText("Blank: no expiry")
        self.target = QLineEdit(self)
        self.target.setPlaceholderText("85")
        self.rrn = QCheckBox("RRN certified", self)
        self.rrn.setToolTip("Certified against the Restraint Reduction Network training standards")
        self.active = QCheckBox("Active (counted in compliance)", self)
        self.competencies = text_box(self, 4)
        self.heading = label("", self, name="panelHeading")
        self.heading.setAccessibleName("Course")
        self.error = label("", self, name="fieldError")
        self.error.setAccessibleName("Problem with the course")
        self.error.hide()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.names: dict[QWidget, str] = {}
        for title, widget in (
            ("Code", self.code),
            ("Name", self.name),
            ("Refresher (months; blank: no expiry)", self.refresher),
            ("Target (%)", self.target),
            ("ESR competency names, one a line", self.competencies),
        ):
            caption = label(title, self, name="fieldName")
            caption.setBuddy(widget)
            form.addRow(caption, widget)
            self.names[widget] = title
        form.addRow(self.rrn)
        form.addRow(self.active)
        self.names[self.refresher] = "Refresher period in months (blank: no expiry)"
        self.names[self.target] = "Target percent"
        self.names[self.rrn] = "RRN certified"
        self.names[self.active] = "Active"
        for widget, name in self.names.items():
            widget.setAccessibleName(name)
        for line in (self.refresher, self.target, self.code, self.name):
            line.textChanged.connect(self._check)
        vertical(self, self.heading, form, self.error, margins=(12, 10, 12, 10))

    #: The target a new course starts with (the trust's setting; the catalogue sets it).
    default_target: float = 85.0

    def load(self, course: CourseInfo | None) -> None:
        """Show ``course`` (None: a new course with the usual 12 months and the trust's
        default target)."""
        self.heading.setText(f"{course.code} – {course.name}" if course else "New course")
        self.code.setText(course.code if course else "")
        self.name.setText(course.name if course else "")
        months = course.refresher_months if course else 12
        self.refresher.setText("" if months is None else str(months))
        self.target.setText(f"{course.target_percent if course else self.default_target:g}")
        self.rrn.setChecked(course.rrn_certified if course else False)
        self.active.setChecked(course.active if course else True)
        self.competencies.setPlainText("\n".join(course.esr_competencies) if course else "")
        for line in (self.code, self.name):
            line.setCursorPosition(0)
        self._check()

    def values(self) -> dict[str, Any]:
        """The course as ``save_course`` takes it (check :meth:`problem` first)."""
        return {
            "code": self.code.text().strip(),
            "name": self.name.text().strip(),
            "refresher_months": parse_months(self.refresher.text()),
            "esr_competencies": [
                t.strip() for t in self.competencies.toPlainText().splitlines() if t.strip()
            ],
            "target_percent": parse_percent(self.target.text() or f"{self.default_target:g}"),
            "rrn_certified": self.rrn.isChecked(),
            "active": self.active.isChecked(),
        }

    def problem(self) -> str:
        """The first thing stopping a save, in words ("" when the form can be saved)."""
        if not self.code.text().strip() or not self.name.text().strip():
            return "A course needs a code and a name."
        try:
            months = parse_months(self.refresher.text())
        except ValueError:
            return "Write the refresher period as a whole number of months, or leave it blank."
        if months is not None and not 1 <= months <= 120:
            return "The refresher period must be 1 to 120 months (blank: no expiry)."
        try:
            target = parse_percent(self.target.text() or "85")
        except ValueError:
            return "Write the target as a percentage, for example 85."
        if not 0 <= target <= 100:
            return "The target must be between 0 and 100%."
        return ""

    def _check(self) -> None:
        text = self.problem()
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def set_editable(self, editable: bool) -> None:
        """Read-only for roles that may not change the catalogue (the names say so)."""
        for line in (self.code, self.name, self.refresher, self.target):
            line.setReadOnly(not editable)
        self.competencies.setReadOnly(not editable)
        for box in (self.rrn, self.active):
            box.setEnabled(editable)
        for widget, name in self.names.items():
            widget.setAccessibleName(name if editable else f"{name} (read-only)")

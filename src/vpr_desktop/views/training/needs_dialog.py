"""The dialog that changes one cell of the needs analysis: the courses a staff group needs in a
kind of setting, ticked, with the rationale kept with the change.

Why apart from the tab (``training.needs``), which saves the change in the background: the
dialog only holds what is ticked and typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.actions.dialogs import FormDialog
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import text_box

if TYPE_CHECKING:
    from vpr_desktop.services.training.records import CourseInfo


class NeedsCellDialog(FormDialog):
    """Tick the courses a staff group needs in a setting, and say why."""

    def __init__(
        self,
        group: str,
        setting: str,
        courses: Sequence[CourseInfo],
        chosen: set[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            f"{group} in {setting}",
            "Tick every course this staff group needs in this kind of setting. "
            "Compliance counts only what the needs analysis requires.",
            "Save",
            parent,
            back="Cancel",
            width_chars=70,
        )
        self.back.setAccessibleName("Cancel, without changing the needs analysis")
        self.confirm.setAccessibleName(f"Save the courses for {group} in {setting}")
        self.boxes: dict[int, QCheckBox] = {}
        self.body.addWidget(label("Courses", self, name="fieldName"))
        for course in courses:
            text = f"{course.code} – {course.name}" + ("" if course.active else " (inactive)")
            box = QCheckBox(text, self)
            box.setAccessibleName(text)
            box.setChecked(course.id in chosen)
            self.boxes[course.id] = box
            self.body.addWidget(box)
        if not courses:
            self.body.addWidget(label("The catalogue has no courses yet.", self, name="fieldHint"))
        self.rationale = text_box(self, 3, spoken="Rationale")
        self.add_captioned("Rationale (why these courses; kept with the change)", self.rationale)

    def chosen(self) -> list[int]:
        """The ticked course ids, sorted."""
        return sorted(cid for cid, box in self.boxes.items() if box.isChecked())

    def values(self) -> tuple[list[int], str]:
        """The ticked course ids and the rationale for the change."""
        return self.chosen(), self.rationale.toPlainText().strip()

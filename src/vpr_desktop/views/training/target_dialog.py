"""The dialog that sets a course's compliance target for one location.

Why apart from the course form (``training.course_form``): the form edits the course itself,
while a location's target is a separate change the Catalogue tab saves on its own; both read a
percentage the same way (``parse_percent``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.actions.dialogs import FormDialog
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import line_box
from vpr_desktop.views.training.course_form import parse_percent
from vpr_desktop.views.training.models import percent_text

if TYPE_CHECKING:
    from vpr_desktop.services.training.records import CourseInfo


class TargetDialog(FormDialog):
    """A course's target for one location (compliance there is measured against it)."""

    def __init__(
        self,
        course: CourseInfo,
        locations: Sequence[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            f"Target for {course.code} at a location",
            f"{course.name} has a target of {percent_text(course.target_percent)}"
            " everywhere. Set a different target for one location here.",
            "Set target",
            parent,
            back="Cancel",
            width_chars=60,
        )
        self.back.setAccessibleName("Cancel, without changing a target")
        self.location = QComboBox(self)
        self.location.setAccessibleName("Location")
        for lid, name in locations:
            self.location.addItem(name, lid)
        self.percent = line_box(
            self, "Target percent for this location", text=f"{course.target_percent:g}"
        )
        self.percent.textChanged.connect(self.update_state)
        for caption, widget in (
            ("Location", self.location),
            ("Target (%, 0 to 100)", self.percent),
        ):
            self.add_captioned(caption, widget)
        if not locations:
            self.body.addWidget(
                label("No locations yet: import the staff list first.", self, name="fieldHint")
            )
        self.update_state()

    def valid(self) -> bool:
        """Set target stays off until a location is chosen and the target is 0 to 100."""
        try:
            percent = parse_percent(self.percent.text())
        except ValueError:
            return False
        return self.location.currentData() is not None and 0 <= percent <= 100

    def values(self) -> tuple[int, float]:
        """(location id, target percent), once :meth:`valid`."""
        return int(self.location.currentData()), parse_percent(self.percent.text())

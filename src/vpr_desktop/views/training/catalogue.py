"""The Catalogue tab: the courses, their refresher periods, ESR competency names and targets.

The table lists every course (inactive ones too, marked); the form beside it shows the chosen
one. Saving sends the version that was loaded, so if someone else saved the course meanwhile
nothing is overwritten: the form keeps what was typed and says "Someone else changed this
course; reload". A target can also be set for one location ("Target for a location…"), which
compliance then uses for that course there instead of the course's own target. The table's
columns and the one background read are ``training.catalogue_data``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.actions.forms import name_combo_lists
from vpr_desktop.views.common.flow import button_row
from vpr_desktop.views.common.form_bars import ConflictBanner
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.training.catalogue_data import COLUMNS
from vpr_desktop.views.training.catalogue_data import CatalogueData
from vpr_desktop.views.training.catalogue_data import fetch_catalogue
from vpr_desktop.views.training.common import TrainingTab
from vpr_desktop.views.training.course_form import CourseForm
from vpr_desktop.views.training.models import Reflow
from vpr_desktop.views.training.models import RowsModel
from vpr_desktop.views.training.models import fit_columns
from vpr_desktop.views.training.models import make_table
from vpr_desktop.views.training.models import percent_text
from vpr_desktop.views.training.target_dialog import TargetDialog

if TYPE_CHECKING:
    from vpr_desktop.services.training.records import CourseInfo

STALE = (
    "Someone else changed this course; reload to see their version. What you typed is "
    "still in the form."
)
READ_NOTE = "You can read the catalogue; changing it needs the VPR lead role."


class CatalogueTab(TrainingTab):
    NAME = "trainingCatalogue"
    LOADING = "Loading the course catalogue…"

    def build(self) -> None:
        self.data: CatalogueData | None = None
        self.course: CourseInfo | None = None
        self.creating = False
        self.target_dialog: TargetDialog | None = None

        self.model = RowsModel(COLUMNS, self)
        self.table = make_table(self.model, "courseTable", "Courses", self)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.form = CourseForm(self)
        self.form.set_editable(self.access.can_edit)
        self.banner = ConflictBanner(
            self,
            reload=("Reload the course", "Reload the course, discarding what I typed"),
            text_spoken="Problem saving the course",
            on_reload=self.reload_course,
        )
        self.reload_button = self.banner.reload_button
        self.new_button = push_button(
            "New course", self, self.new_course, spoken="Add a new course to the catalogue"
        )
        self.save_button = push_button(
            "Save course", self, self.save, spoken="Save the course", primary=True
        )
        self.target_button = push_button(
            "Target for a location…",
            self,
            self.ask_target,
            spoken="Set this course's target for one location",
        )
        self.starter_button = push_button(
            "Add the starter catalogue…",
            self,
            self.add_starter,
            spoken="Add the nine ESR staff groups, the usual VPR courses and the needs that "
            "national rules set, where they are missing",
        )
        self.starter_button.setToolTip(self.starter_button.accessibleName())
        for button in (self.new_button, self.save_button, self.target_button, self.starter_button):
            button.setVisible(self.access.can_edit)
        self.note = label(
            "" if self.access.can_edit else (self.access.edit_note or READ_NOTE),
            self,
            name="mutedText",
        )
        self.note.setAccessibleName("About editing")
        self.note.setVisible(not self.access.can_edit)
        self.saved = label("", self, name="saveState")
        self.saved.setAccessibleName("Save state")

        side = QWidget(self)
        side_box = vertical(
            side, self.note, self.banner, self.form, margins=(8, 0, 4, 8), spacing=8
        )
        side_box.addLayout(
            button_row(self.save_button, self.new_button, self.target_button, self.starter_button)
        )
        side_box.addWidget(self.saved)
        side_box.addStretch(1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("catalogueSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(scrolling(side, self))
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        chars = self.fontMetrics().averageCharWidth()
        self.splitter.setSizes([chars * 100, chars * 50])
        self.layout_.addWidget(self.splitter, 1)
        Reflow(self.splitter, 110)
        self.writer.busy_changed.connect(lambda _b: self._update())
        chain = [
            self.table,
            self.reload_button,
            self.form.code,
            self.form.name,
            self.form.refresher,
            self.form.target,
            self.form.competencies,
            self.form.rrn,
            self.form.active,
            self.save_button,
            self.new_button,
            self.target_button,
            self.starter_button,
        ]
        for first, second in pairwise(chain):  # reading order, not creation order
            self.setTabOrder(first, second)
        name_combo_lists(self)
        self._update()

    def fetch(self) -> Callable[[], Any]:
        service = self.service
        return lambda: fetch_catalogue(service)

    def show_data(self, data: CatalogueData, select: int | None = None) -> None:
        self.data = data
        self.form.default_target = data.default_target
        wanted = select if select is not None else (self.course.id if self.course else None)
        self.model.set_rows(data.courses)
        fit_columns(self.table, stretch=(6,), max_chars=28)
        if self.creating:
            return
        if wanted is None and data.courses:
            wanted = data.courses[0].id
        if wanted is not None:
            self.select_course(wanted)
        elif self.access.can_edit:
            self.new_course()
        else:
            self.form.load(None)
        self._update()

    def select_course(self, course_id: int) -> bool:
        """Make course ``course_id`` current and show it; False when it is not listed."""
        course = self.model.select_where(self.table, lambda c: c.id == course_id)
        if course is not None:
            self._show(course)
        return course is not None

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            course = self.model.row(current.row())
            if self.course is None or course.id != self.course.id or self.creating:
                self._show(course)

    def _show(self, course: CourseInfo) -> None:
        self.course = course
        self.creating = False
        self.banner.hide_message()
        self.form.load(course)
        self.saved.setText("")
        self._update()

    def new_course(self) -> None:
        if not self.access.can_edit:
            return
        self.course = None
        self.creating = True
        self.banner.hide_message()
        self.table.clearSelection()
        self.form.load(None)
        self.saved.setText("Fill in the course and Save.")
        self.form.code.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update()

    def _update(self) -> None:
        busy = self.writer.is_busy()
        showing = self.course is not None or self.creating
        self.save_button.setEnabled(self.access.can_edit and showing and not busy)
        self.new_button.setEnabled(self.access.can_edit and not busy)
        self.target_button.setEnabled(
            self.access.can_edit and self.course is not None and not busy and self.data is not None
        )
        self.starter_button.setEnabled(self.access.can_edit and not busy)

    def add_starter(self) -> None:
        """Add the starter catalogue (asked first; nothing already here changes)."""
        if not self.access.can_edit or self.writer.is_busy():
            return
        from vpr_desktop.views.common.dialogs import confirm

        service = self.service

        def go() -> None:
            def done(added: Any) -> None:
                self.saved.setText(added.describe())
                self.load()

            self.write(
                service.add_starter_catalogue,
                doing="Adding the starter catalogue…",
                done="Starter catalogue added",
                on_done=done,
            )
            self._update()

        confirm(
            self,
            "Add the starter catalogue",
            "Add the nine ESR staff groups, the usual violence prevention courses and the "
            "needs-analysis entries national rules set (conflict resolution for everyone; "
            "RRN-certified restrictive intervention in inpatient mental health and "
            "learning disability)? Courses and staff groups already here are left as "
            "they are.",
            "Add",
            go,
        )

    # ------------------------------------------------------------------ saving

    def save(self) -> None:
        if not self.access.can_edit or self.writer.is_busy():
            return
        problem = self.form.problem()
        if problem:
            self.banner.show_message(problem)
            return
        values = self.form.values()
        course = self.course
        service = self.service
        if course is None:
            call: Callable[[], Any] = lambda: service.save_course(**values)  # noqa: E731
        else:
            call = lambda: service.save_course(  # noqa: E731
                **values, course_id=course.id, expected_version=course.version
            )
        self.banner.hide_message()

        def done(saved: CourseInfo) -> None:
            self.course = saved
            self.creating = False
            self.saved.setText(f"{saved.code} saved.")
            self.load_then_select(saved.id)

        self.write(
            call,
            doing=f"Saving {values['code'] or 'the course'}…",
            done="Course saved",
            on_done=done,
            on_error=self.banner.show_message,
            on_conflict=lambda _w: self.banner.show_message(STALE, stale=True),
        )
        self._update()

    def load_then_select(self, course_id: int) -> None:
        service = self.service

        self.reader.read(
            lambda: fetch_catalogue(service),
            label=self.LOADING,
            on_done=lambda data: self._reloaded(data, course_id),
            on_error=self._load_failed,
        )

    def _reloaded(self, data: CatalogueData, course_id: int) -> None:
        self.loaded = True
        self.show_data(data, select=course_id)
        self.loads += 1

    def reload_course(self) -> None:
        """After a stale save: show the saved version (discarding what was typed)."""
        self.banner.hide_message()
        if self.course is not None:
            self.load_then_select(self.course.id)
        else:
            self.load()

    # ------------------------------------------------------------------ location targets

    def ask_target(self) -> TargetDialog | None:
        course = self.course
        if not self.access.can_edit or course is None or self.data is None:
            return None
        dialog = TargetDialog(course, self.data.locations, self)
        dialog.submitted.connect(lambda v: self._set_target(dialog, course, v))
        self.target_dialog = dialog
        from vpr_desktop.views.common.dialogs import headless

        if not headless():
            dialog.open()
        return dialog

    def _set_target(
        self, dialog: TargetDialog, course: CourseInfo, values: tuple[int, float]
    ) -> None:
        location_id, percent = values
        service = self.service
        where = dict(self.data.locations).get(location_id, "") if self.data else ""

        def done(_result: Any) -> None:
            dialog.done_ok()
            self.saved.setText(
                f"Target for {course.code} at {where} set to {percent_text(percent)}."
            )

        if not self.write(
            lambda: service.set_target(course.id, percent, location_id=location_id),
            doing="Saving the target…",
            done="Target saved",
            on_done=done,
            on_error=dialog.failed,
        ):
            dialog.failed("Another change is still being saved; try again in a moment.")

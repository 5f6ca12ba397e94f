"""The People tab (only for roles that may see names): one person's training, course by course.

Search by name, employee number or assignment number (Ctrl+F), choose a person, and see for
each assignment every course the needs analysis requires with its status in words ("In
date", "Expired", "Missing"), when it was completed and when it expires. Courses the person
holds but does not need are listed apart, under "Held, not required": they never count in
compliance. The panel names the person's line manager (to whom the support steps of an incident
they report go by default), and a lead can change it there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.dialogs import headless
from vpr_desktop.views.common.errors import known_words
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.people import PersonPick
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.training.common import TrainingTab
from vpr_desktop.views.training.line_manager import LineManagerDialog
from vpr_desktop.views.training.line_manager import manager_words
from vpr_desktop.views.training.models import Reflow
from vpr_desktop.views.training.models import RowsModel
from vpr_desktop.views.training.models import fit_columns
from vpr_desktop.views.training.models import make_table
from vpr_desktop.views.training.person_data import HIT_COLUMNS
from vpr_desktop.views.training.person_data import STATUS_COLUMNS
from vpr_desktop.views.training.person_data import PersonData
from vpr_desktop.views.training.person_data import status_summary

SEARCH_LIMIT = 200
PICK = "Search for a person, then choose them to see their training."


class PeopleTab(TrainingTab):
    """Search for a person and see which courses they need and hold."""

    NAME = "trainingPeople"
    LOADING = "Searching…"

    def build(self) -> None:
        self.person: PersonData | None = None
        self.person_runner = JobRunner(self, name="Loading a person's training")
        self.search = QLineEdit(self)
        self.search.setObjectName("peopleSearch")
        self.search.setPlaceholderText("Name, employee number or assignment number")
        self.search.setAccessibleName("Search people (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.load)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.load)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.found = label("", self, name="resultCount")
        self.found.setAccessibleName("People found")
        self.hits_model = RowsModel(HIT_COLUMNS, self)
        self.hits = make_table(self.hits_model, "peopleFound", "People found", self)
        self.hits.selectionModel().currentRowChanged.connect(self._hit_changed)
        self.hits.activated.connect(lambda _i: self.status_table.setFocus())
        left = QWidget(self)
        vertical(left, self.search, self.found, (self.hits, 1), margins=0, spacing=6)

        right = QWidget(self)
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(8, 0, 0, 0)
        right_box.setSpacing(6)
        self.heading = label(PICK, right, name="panelHeading", selectable=True)
        self.heading.setAccessibleName("Person")
        self.details = label("", right, name="mutedText", selectable=True)
        self.details.setAccessibleName("Person's details")
        self.manager_line = label("", right, selectable=True)
        self.manager_line.setAccessibleName("Line manager")
        self.change_manager = QPushButton("Change line manager…", right)
        self.change_manager.setObjectName("changeLineManager")
        self.change_manager.setAccessibleName("Change this person's line manager")
        self.change_manager.clicked.connect(self.ask_line_manager)
        self.change_manager.setVisible(self.access.can_edit)
        self.manager_dialog: LineManagerDialog | None = None
        self.summary = label("", right, selectable=True)
        self.summary.setAccessibleName("Training summary")
        self.status_model = RowsModel(STATUS_COLUMNS, self)
        self.status_table = make_table(
            self.status_model, "personRequired", "Required courses", right
        )
        self.held_caption = label(
            "Held, not required (not counted in compliance)", right, name="panelHeading"
        )
        self.held_model = RowsModel(STATUS_COLUMNS, self)
        self.held_table = make_table(self.held_model, "personHeld", "Held, not required", right)
        self.held_table.setMaximumHeight(self.fontMetrics().lineSpacing() * 9)
        right_box.addWidget(self.person_runner)
        right_box.addWidget(self.heading)
        right_box.addWidget(self.details)
        manager_row = QHBoxLayout()
        manager_row.setSpacing(8)
        manager_row.addWidget(self.manager_line, 1)
        manager_row.addWidget(self.change_manager, 0, Qt.AlignmentFlag.AlignTop)
        right_box.addLayout(manager_row)
        right_box.addWidget(self.summary)
        right_box.addWidget(self.status_table, 2)
        right_box.addWidget(self.held_caption)
        right_box.addWidget(self.held_table, 1)
        lines = self.fontMetrics().lineSpacing()
        self.hits.setMinimumHeight(lines * 8)
        self.status_table.setMinimumHeight(lines * 8)
        self.held_table.setMinimumHeight(lines * 5)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("peopleSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(scrolling(right, self))  # scrolls at 150-200%
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        chars = self.fontMetrics().averageCharWidth()
        self.splitter.setSizes([chars * 44, chars * 100])
        self.layout_.addWidget(self.splitter, 1)
        Reflow(self.splitter, 100)
        self._show_person(None)

    def focus_search(self) -> None:
        """Ctrl+F: focus the search box with its text selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ------------------------------------------------------------------ searching

    def fetch(self) -> Callable[[], Any]:
        """Search people off the GUI thread (at most ``SEARCH_LIMIT`` hits)."""
        service, text = self.service, self.search.text().strip()
        return lambda: service.search_people(text, limit=SEARCH_LIMIT)

    def show_data(self, hits: list[Any]) -> None:
        """Show the hits, and say when the list was cut at ``SEARCH_LIMIT``."""
        self.hits_model.set_rows(hits)
        fit_columns(self.hits, stretch=(0,))
        text = self.search.text().strip()
        if len(hits) >= SEARCH_LIMIT:
            self.found.setText(
                f"The first {SEARCH_LIMIT:,} people"
                + (f" matching \u201c{text}\u201d" if text else "")
                + " are listed; type more of a name or number to narrow."
            )
        elif hits:
            self.found.setText(
                f"{plural(len(hits), 'person', 'people')} found"
                + (f" for \u201c{text}\u201d." if text else ".")
            )
        else:
            self.found.setText(
                f"No one found for \u201c{text}\u201d."
                if text
                else "No people yet: import the staff list from ESR."
            )
        if self.person is not None:
            for row, hit in enumerate(hits):
                if hit.person_id == self.person.person.person_id:
                    self.hits.setCurrentIndex(self.hits_model.index(row, 0))
                    return

    def _hit_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_person(self.hits_model.row(current.row()).person_id)

    # ------------------------------------------------------------------ one person

    def show_person(self, person_id: int) -> None:
        """Load the person's training status as of today, in the background."""
        service = self.service
        day = dt.date.today()

        self.person_runner.read(
            lambda: PersonData(
                service.person_summary(person_id), service.person_status(person_id, day), day
            ),
            label="Loading the person's training…",
            on_done=self._show_person,
            on_error=self._person_failed,
        )

    def _show_person(self, data: PersonData | None) -> None:
        self.person = data
        if data is None:
            self.heading.setText(PICK)
            self.details.setText("")
            self.manager_line.setText("")
            self.change_manager.setEnabled(False)
            self.summary.setText("")
            self.status_model.set_rows([])
            self.held_model.set_rows([])
            self.held_caption.setText("Held, not required (not counted in compliance)")
            return
        p = data.person
        self.heading.setText(p.name + (" (has left)" if p.left else ""))
        parts = [
            f"Employee number {p.employee_number}" if p.employee_number else "",
            plural(len(p.assignments), "assignment")
            + (f" ({', '.join(p.assignments)})" if p.assignments else ""),
            p.location_name or "",
            p.staff_group_name or "",
        ]
        self.details.setText(" · ".join(x for x in parts if x))
        self.manager_line.setText(manager_words(p.line_manager_name, p.line_manager_number))
        self.change_manager.setEnabled(True)
        required = [s for s in data.statuses if s.required]
        held = [s for s in data.statuses if not s.required]
        self.summary.setText(f"On {format_date(data.as_of)}: {status_summary(data.statuses)}")
        self.summary.setAccessibleDescription(self.summary.text())
        self.status_model.set_rows(required)
        self.held_model.set_rows(held)
        for table in (self.status_table, self.held_table):
            fit_columns(table, stretch=(1,))
        self.held_caption.setText(f"Held, not required (not counted in compliance): {len(held):,}")

    # ------------------------------------------------------------------ line manager

    def ask_line_manager(self) -> LineManagerDialog | None:
        """Open the line manager dialog for the person shown (leads only)."""
        if not self.access.can_edit or self.person is None:
            return None
        p = self.person.person
        current = (
            PersonPick(p.line_manager_id, p.line_manager_name, p.line_manager_number)
            if p.line_manager_id is not None
            else None
        )
        search = self.service.search_people
        dialog = LineManagerDialog(
            p.name,
            current,
            lambda term: [
                PersonPick(h.person_id, h.name, h.employee_number)
                for h in search(term, limit=20)
                if h.person_id != p.person_id
            ],
            self,
        )
        dialog.submitted.connect(lambda manager: self._save_manager(dialog, p, manager))
        self.manager_dialog = dialog
        if not headless():
            dialog.open()
        return dialog

    def _save_manager(self, dialog: LineManagerDialog, p: Any, manager: int | None) -> None:
        service = self.service

        def saved(_result: Any) -> None:
            dialog.done_ok()
            self.show_person(p.person_id)

        if not self.write(
            lambda: service.set_line_manager(p.person_id, manager, p.version),
            doing="Saving the line manager…",
            done="Line manager saved",
            on_done=saved,
            on_error=dialog.failed,
            on_conflict=dialog.failed,
        ):
            dialog.failed("Another change is still being saved; try again in a moment.")

    def _person_failed(self, exc: BaseException) -> None:
        words = known_words(exc, self)
        if words is None:
            return
        self.show_problem(words)

"""Action log: the joint management / staff-side action log, its meetings, and its export.

The list is the window's one lazy table model over ``ActionListSource``: every filter, search
and sort is a new SQL request, paged by keyset, so it opens at once whatever the log's size.
Beside it (a splitter whose position is remembered) the detail panel shows the chosen action
(``action_detail``); the Meetings tab holds committee meetings, their agendas and decisions
(``action_meetings``). Writes and the Excel export run as background jobs; after a write the
list, the meetings and the sidebar's badges (the home summary) are refreshed.

Keys: Ctrl+N new action (new meeting on the Meetings tab), Ctrl+F search, Ctrl+S save,
F5 refresh (the window's), Enter or double-click opens the form, Esc goes back to the list.
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import Side
from vpr_desktop.views.actions.detail import ActionDetailPanel
from vpr_desktop.views.actions.dialogs import NewActionDialog
from vpr_desktop.views.actions.filters import ActionFilterBar
from vpr_desktop.views.actions.forms import name_combo_lists
from vpr_desktop.views.actions.meetings import MeetingsView
from vpr_desktop.views.actions.table_model import ActionTableModel
from vpr_desktop.views.common.dated_export import DatedExport
from vpr_desktop.views.common.dialogs import open_held
from vpr_desktop.views.common.export import rows_job
from vpr_desktop.views.common.export import run_export
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.list_base import ListTexts
from vpr_desktop.views.common.list_base import link_tab_order
from vpr_desktop.views.common.list_base import new_button
from vpr_desktop.views.common.list_page import ListPage
from vpr_desktop.views.common.table_model import LazyTableModel
from vpr_desktop.views.common.table_model import ModelIndex
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.write_guard import allow
from vpr_desktop.views.common.write_guard import write_refusal

if TYPE_CHECKING:
    from vpr_desktop.services.actions.people import OwnerChoices
    from vpr_desktop.services.actions.records import ActionDetail

SETTINGS_SPLITTER = "pages/actions/splitter"
SETTINGS_EXPORT_DIR = "pages/actions/export_dir"
XLSX_FILTER = "Excel workbook (*.xlsx)"
EMPTY_HEADING = "No actions yet"
EMPTY_LINES_EDITOR = [
    "The joint action log holds actions from assessment gaps, risks, incident learning and "
    "committee decisions, each owned by management and the staff side together.",
    "Next step: New action (Ctrl+N).",
]
EMPTY_LINES_READER = [
    "The joint action log holds actions from assessment gaps, risks, incident learning and "
    "committee decisions, each owned by management and the staff side together.",
    "Actions appear here once management adds them.",
]
MAX_COLUMN_CHARS = 30
#: Columns in reading order: the status and when it is due before where it came from.
COLUMN_ORDER = (
    "reference",
    "title",
    "status",
    "overdue",
    "due_date",
    "priority",
    "source",
    "management_owner",
    "staff_side_owner",
)
TITLE_COLUMN_CHARS = 26


class ActionLogPage(DatedExport, ListPage):
    """The action log: a list page with a Meetings tab beside its list and an Excel export.

    Signals:
        data_changed(): something was written (the window refreshes the home summary and badges).
    """

    TEXTS = ListTexts(
        table_name="actionTable",
        table_label="Actions",
        count_label="Number of actions shown",
        problem_heading="The action log cannot be shown",
        empty_heading=EMPTY_HEADING,
        runner_name="Exporting the action log",
        splitter_name="actionSplitter",
        splitter_key=SETTINGS_SPLITTER,
    )
    MODEL = ActionTableModel
    EXPORT_DIR_KEY = SETTINGS_EXPORT_DIR
    COLUMN_ORDER = COLUMN_ORDER
    SEARCH_CLOSES_FORM = False

    # ------------------------------------------------------------------ building

    def setup(self) -> None:
        """Services, owner choices and the header's New / Export buttons, before the list is
        built.
        """
        self.service = self.services.action_log()
        self.people = self.services.action_people()
        self.owners: OwnerChoices | None = None
        from vpr_desktop.domain.action_rules import editing_sides

        # The log is joint: either side raises actions (the service decides the same way).
        self.raising_sides = editing_sides(self.services.actor.permissions)
        self.can_create = bool(self.raising_sides)
        self.new_dialog: NewActionDialog | None = None
        self.new_button = new_button("New action", self.new_action, self, visible=self.can_create)
        self.refusal = write_refusal(self.services.db)  # a preview shows it, held
        allow(self.new_button, True, self.refusal)
        self.export_button = QPushButton("Export to Excel…", self)
        self.export_button.setAccessibleName("Export the actions shown to Excel")
        self.export_button.setToolTip("Export the actions shown (with their timelines) to Excel")
        self.export_button.clicked.connect(self.ask_export)
        self.header.add_action(self.export_button)
        self.header.add_action(self.new_button)
        self.exporter = self.runner

    def empty_lines(self) -> list[str]:
        """What the empty list says: editors are told how to add the first action."""
        return EMPTY_LINES_EDITOR if self.can_create else EMPTY_LINES_READER

    def make_filter_bar(self) -> ActionFilterBar:
        """The action filters, kept as attributes so tests and shortcuts can reach them."""
        bar = ActionFilterBar(self)
        self.status_filter, self.source_filter = bar.status, bar.source
        self.management_filter, self.staff_filter = bar.management, bar.staff_side
        self.overdue_filter, self.mine_filter = bar.overdue, bar.mine
        self.clear_button = bar.clear_button
        return bar

    def make_detail(self) -> ActionDetailPanel:
        """The action panel; a save there reloads the list and keeps the selection."""
        self.detail = ActionDetailPanel(self.service, self.people, self)
        self.detail.changed.connect(self._written)
        self.detail.escape.connect(self.close_form)
        return self.detail

    def build(self) -> None:
        """Put the list and the meetings in tabs beside the detail panel."""
        if self.can_create:
            empty_new = new_button(
                "New action", self.new_action, self.empty, primary=False, tooltip=""
            )
            allow(empty_new, True, self.refusal)
            self.empty.add_button(empty_new)
        tab = QWidget(self)
        box = QVBoxLayout(tab)
        box.setContentsMargins(0, 8, 0, 0)
        box.setSpacing(6)
        for widget in (self.filter_bar, self.showing):
            box.addWidget(widget)
        box.addWidget(self.area, 1)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("actionTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Action log: actions and meetings")
        self.tabs.tabBar().setAccessibleName("Action log views")
        self.tabs.addTab(tab, "Actions")
        self.meetings = MeetingsView(self.service, self.tabs)
        self.meetings.changed.connect(self._meetings_changed)
        self.meetings.open_action.connect(self.show_action)
        self.tabs.addTab(self.meetings, "Meetings")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.export_note = label("", self, name="mutedText", selectable=True)
        self.export_note.hide()
        self.lay_out(self.header, self.exporter, self.export_note, main=self.tabs)
        self.add_shortcuts(
            (QKeySequence.StandardKey.New, self._ctrl_n),
            (QKeySequence.StandardKey.Save, self.detail.save),
        )
        link_tab_order(
            [
                self.export_button,
                self.new_button,
                self.tabs.tabBar(),
                *self.filter_bar.tab_chain(),
                self.table,
                *self.detail.tab_chain(),
                *self.meetings.tab_chain(),
            ]
        )
        name_combo_lists(self)

    # ------------------------------------------------------------------ page interface

    def refresh(self) -> None:
        """F5: the list, the owners, the chosen action (unless it has unsaved changes)."""
        if self.model is None:
            self.open_list()
            return
        self._load_owners()
        self.reload_keeping_selection()
        if self.detail.detail is not None and not self.detail.has_unsaved():
            self.detail.reload()
        if self.meetings.loaded:
            self.meetings.load()

    def show_view(self, view: str) -> bool:
        """A Home card's or the sidebar badge's actions (``overdue``, ``sign_off``,
        ``attention``), on the list tab."""
        if not self.filter_bar.show_view(view):
            return False
        self.tabs.setCurrentIndex(0)
        return True

    def focus_search(self) -> bool:
        """Ctrl+F: back to the list tab, then the search box."""
        self.tabs.setCurrentIndex(0)
        return super().focus_search()

    # ------------------------------------------------------------------ the list

    def make_source(self) -> Any:
        """The action list query the lazy table pages through."""
        return self.services.action_list()

    def list_opened(self, model: LazyTableModel) -> None:
        """Owner choices are loaded once the list is open, for the New action dialog."""
        self._load_owners()

    def row_key(self, values: tuple[Any, ...]) -> str:
        """An action is keyed by its reference (column 0), which survives reloads."""
        return str(values[0])  # the reference

    def column_chars(self, key: str) -> int:
        """Long titles are cut with "…" (the whole title is in the tooltip)."""
        return TITLE_COLUMN_CHARS if key == "title" else MAX_COLUMN_CHARS

    def count_text(self, loaded: int, total: int) -> str:
        """The line above the table: how many are shown, or how to see any at all."""
        if total == 0:
            return "No actions match these filters. Clear filters to see every action."
        return f"Showing {loaded:,} of {plural(total, 'action')}"

    def empty_shown(self, empty: bool, total: int) -> None:
        """Export only makes sense while there are actions to export."""
        super().empty_shown(empty, total)
        # The export is audited, so a database that refuses writes refuses it too.
        allow(self.export_button, not empty and total > 0, self.refusal)

    def _load_owners(self) -> None:
        from vpr_desktop.domain.errors import VprError

        try:
            owners = self.people.owners()
        except VprError:
            return
        self.owners = owners
        self.filter_bar.set_owners(owners)
        try:
            self.filter_bar.set_waiting(self.service.waiting_counts())
        except VprError:
            self.filter_bar.set_waiting({})
        self.detail.set_owner_choices(owners)

    def row_selected(self, key: Hashable, current: ModelIndex, previous: ModelIndex) -> None:
        """Show the chosen action, unless unsaved edits to the one shown would be lost."""
        reference = str(key)
        if reference == self.current_key and self.detail.detail is not None:
            return
        shown = self.current_key
        if self.detail.has_unsaved() and shown is not None:
            QTimer.singleShot(0, lambda: self.select_key(shown))
            self.detail.show_banner(
                f"Save or undo your changes to {shown} (or clear the "
                "update you were writing) before opening another action."
            )
            return
        self._show_reference(reference)

    def _show_reference(self, reference: str) -> None:
        self.current_key = reference
        self.detail.load(reference)

    def show_action(self, reference: str) -> None:
        """Open an action by reference (from the Meetings tab): in the list if it is there."""
        self.tabs.setCurrentIndex(0)
        if self.detail.has_unsaved() and reference != self.current_key:
            self.detail.show_banner(
                f"Save or undo your changes to {self.current_key} before opening {reference}."
            )
            return
        self.select_key(reference)  # highlighted if the list shows it
        if reference != self.current_key or self.detail.detail is None:
            self._show_reference(reference)
        self.open_form()

    def row_activated(self) -> None:
        """Enter or double-click opens the action's form."""
        self.open_form()

    def open_form(self) -> None:
        """Enter or double-click: the chosen action's form fills the tab (room at 150–200%)."""
        if self.detail.detail is None:
            return
        super().open_form()
        self.detail.focus_form()

    def set_detail_full(self, full: bool) -> None:
        """Let the detail panel take the whole width (or give it back)."""
        self.detail.set_full(full)

    # ------------------------------------------------------------------ after writes

    def _written(self, detail: ActionDetail) -> None:
        self.current_key = detail.reference
        self._load_owners()
        self.reload_keeping_selection()
        if self.meetings.loaded:
            self.meetings.load()
        self.data_changed.emit()

    def _meetings_changed(self) -> None:
        if self.detail.detail is not None and not self.detail.has_unsaved():
            self.detail.reload()  # a decision is in the action's timeline too
        self.data_changed.emit()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.meetings and not self.meetings.loaded:
            self.meetings.load()

    # ------------------------------------------------------------------ new action

    def _ctrl_n(self) -> None:
        if self.tabs.currentWidget() is self.meetings:
            self.meetings.ask_new_meeting()
        else:
            self.new_action()

    def new_action(self) -> NewActionDialog | None:
        """Open (or raise) the New action dialog; None for people who may not create, or
        while the database refuses writes (Ctrl+N reaches here past the held button)."""
        if not self.can_create or self.refusal:
            return None
        if self.new_dialog is not None:
            self.new_dialog.raise_()
            return self.new_dialog
        owners = self.owners
        choices = (owners.management, owners.staff_side) if owners is not None else ((), ())
        side = Side.MANAGEMENT if Side.MANAGEMENT in self.raising_sides else Side.STAFF_SIDE
        dialog = NewActionDialog(
            self.people.find, choices, self, today=lambda: self.service.today, raised_by=side
        )
        dialog.submitted.connect(lambda values: self._create(dialog, values))
        return open_held(self, "new_dialog", dialog)

    def _create(self, dialog: NewActionDialog, values: dict[str, Any]) -> None:
        from vpr_desktop.services.actions.records import ActionDraft

        draft = ActionDraft(**values)
        service = self.service

        def opened(detail: ActionDetail) -> None:
            if self.model is not None and not self.select_key(detail.reference):
                self.clear_filters()
                self.select_key(detail.reference)

        self.detail.write_and_show(
            lambda: service.create(draft),
            "Creating the action…",
            "Action created",
            dialog=dialog,
            after=opened,
        )

    # ------------------------------------------------------------------ export

    def ask_export(self) -> None:
        """Ask where to save, then export the actions shown to Excel in the background."""
        self.ask_dated_export("Export the action log to Excel", "action-log", ".xlsx", XLSX_FILTER)

    def export_to(self, path: str | Path) -> None:
        """Write the actions the list shows (same filters, search and order) to ``path``."""
        if self.model is None or self.exporter.is_busy():
            return
        target = Path(path)
        service = self.service

        def write(request: Any, target: Path) -> Any:
            from vpr_desktop.reports.action_log_xlsx import export_action_log

            return export_action_log(service, target, request)

        run_export(
            self,
            self.exporter,
            rows_job(
                self.model, target, write, lambda n: f"{plural(n, 'action')} and their timelines"
            ),
            label="Exporting the action log to Excel…",
            target=target,
            buttons=[self.export_button],
            note=self.export_note,
            saved=lambda result: (
                f"Saved {plural(result.actions, 'action')} and "
                f"{plural(result.timeline_entries, 'timeline entry', 'timeline entries')} "
                f"to {result.path}"
            ),
        )

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

import datetime as dt
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vpr_desktop.domain.permissions import Permission
from vpr_desktop.views.actions.detail import ActionDetailPanel
from vpr_desktop.views.actions.dialogs import NewActionDialog
from vpr_desktop.views.actions.filters import ActionFilterBar, ActionTableModel
from vpr_desktop.views.actions.forms import name_combo_lists
from vpr_desktop.views.actions.meetings import MeetingsView
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.page import Page, page_layout
from vpr_desktop.views.common.table_model import LazyTableModel, ModelIndex
from vpr_desktop.views.common.widgets import EmptyState, label
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.navigation import PageSpec

if TYPE_CHECKING:
    from vpr_desktop.services.actions.people import OwnerChoices
    from vpr_desktop.services.actions.records import ActionDetail
    from vpr_desktop.services.container import Services

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


class ActionLogPage(Page):
    """Signals:
    data_changed(): something was written (the window refreshes the home summary and badges).
    """

    data_changed = Signal()

    def __init__(
        self,
        spec: PageSpec,
        services: Services,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(spec, parent)
        self.services = services
        self.settings = settings if settings is not None else QSettings()
        self.service = services.action_log()
        self.people = services.action_people()
        self.model: ActionTableModel | None = None
        self._source: Any = None
        self.owners: OwnerChoices | None = None
        self.can_create = services.actor.can(Permission.EDIT_ACTIONS_MANAGEMENT)
        self.new_dialog: NewActionDialog | None = None
        self._selecting = False
        self._shown_ref: str | None = None
        self.full_form = False

        self.new_button = QPushButton("New action", self)
        self.new_button.setProperty("primary", True)
        self.new_button.setAccessibleName("New action (Ctrl+N)")
        self.new_button.setToolTip("New action (Ctrl+N)")
        self.new_button.clicked.connect(self.new_action)
        self.new_button.setVisible(self.can_create)
        self.export_button = QPushButton("Export to Excel…", self)
        self.export_button.setAccessibleName("Export the actions shown to Excel")
        self.export_button.setToolTip("Export the actions shown (with their timelines) to Excel")
        self.export_button.clicked.connect(self.ask_export)
        self.header.add_action(self.export_button)
        self.header.add_action(self.new_button)
        self.exporter = JobRunner(self, name="Exporting the action log")

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("actionTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Action log: actions and meetings")
        self.tabs.tabBar().setAccessibleName("Action log views")
        self.tabs.addTab(self._build_list_tab(), "Actions")
        self.meetings = MeetingsView(self.service, self.tabs)
        self.meetings.changed.connect(self._meetings_changed)
        self.meetings.open_action.connect(self.show_action)
        self.tabs.addTab(self.meetings, "Meetings")
        self.tabs.currentChanged.connect(self._tab_changed)

        layout = page_layout(self)
        layout.setContentsMargins(24, 14, 24, 12)  # height is scarce at 1366×768 and 150%
        layout.setSpacing(8)
        layout.addWidget(self.header)
        layout.addWidget(self.exporter)
        self.export_note = label("", self, name="mutedText", selectable=True)
        self.export_note.hide()
        layout.addWidget(self.export_note)
        layout.addWidget(self.tabs, 1)

        for keys, slot in (
            (QKeySequence.StandardKey.New, self._ctrl_n),
            (QKeySequence.StandardKey.Save, self.detail.save),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # only while shown
            shortcut.activated.connect(slot)
        self._order_tabs()
        name_combo_lists(self)

    # ------------------------------------------------------------------ building

    def _build_list_tab(self) -> QWidget:
        tab = QWidget(self)
        box = QVBoxLayout(tab)
        box.setContentsMargins(0, 8, 0, 0)
        box.setSpacing(6)

        self.filter_bar = ActionFilterBar(tab)
        self.filter_bar.changed.connect(self._apply_filters)
        bar = self.filter_bar
        self.search = bar.search
        self.status_filter, self.source_filter = bar.status, bar.source
        self.management_filter, self.staff_filter = bar.management, bar.staff_side
        self.overdue_filter, self.mine_filter = bar.overdue, bar.mine
        self.clear_button = bar.clear_button
        box.addWidget(bar)

        self.showing = label("", tab, name="resultCount")
        self.showing.setAccessibleName("Number of actions shown")
        box.addWidget(self.showing)

        self.table = QTableView(tab)
        self.table.setObjectName("actionTable")
        self.table.setAccessibleName("Actions")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().lineSpacing() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        self.table.activated.connect(lambda _i: self.open_form())
        self.table.doubleClicked.connect(lambda _i: self.open_form())

        self.detail = ActionDetailPanel(self.service, self.people, tab)
        self.detail.changed.connect(self._written)
        self.detail.escape.connect(self.close_form)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, tab)
        self.splitter.setObjectName("actionSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        state = self.settings.value(SETTINGS_SPLITTER)
        if state is None or not self.splitter.restoreState(state):
            char = self.fontMetrics().averageCharWidth()
            self.splitter.setSizes([char * 100, char * 80])
        self.splitter.splitterMoved.connect(self._save_splitter)

        self.empty = EmptyState(
            EMPTY_HEADING, EMPTY_LINES_EDITOR if self.can_create else EMPTY_LINES_READER, tab
        )
        if self.can_create:
            empty_new = QPushButton("New action", self.empty)
            empty_new.setAccessibleName("New action (Ctrl+N)")
            empty_new.clicked.connect(self.new_action)
            self.empty.add_button(empty_new)
        self.problem = EmptyState("The action log cannot be shown", [""], tab)
        holder = QWidget(tab)
        holder_box = QVBoxLayout(holder)
        holder_box.setContentsMargins(0, 0, 0, 0)
        holder_box.addWidget(self.empty)
        holder_box.addWidget(self.problem)
        holder_box.addStretch(1)
        self._holder = holder
        self.stack = QStackedWidget(tab)
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(holder)
        box.addWidget(self.stack, 1)
        return tab

    def _order_tabs(self) -> None:
        chain: list[QWidget] = [
            self.export_button,
            self.new_button,
            self.tabs.tabBar(),
            *self.filter_bar.tab_chain(),
            self.table,
            *self.detail.tab_chain(),
            *self.meetings.tab_chain(),
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _save_splitter(self, *_args: object) -> None:
        if not self.full_form:  # the list hidden is not a position to remember
            self.settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())

    # ------------------------------------------------------------------ page interface

    def activated(self) -> None:
        if self.model is None:
            self._open_list()

    def refresh(self) -> None:
        """F5: the list, the owners, the chosen action (unless it has unsaved changes)."""
        if self.model is None:
            self._open_list()
            return
        self._load_owners()
        self._reload_keeping_selection()
        if self.detail.detail is not None and not self.detail.has_unsaved():
            self.detail.reload()
        if self.meetings.loaded:
            self.meetings.load()

    def focus_search(self) -> bool:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
        return True

    def shutdown(self) -> None:
        self._save_splitter()
        super().shutdown()

    # ------------------------------------------------------------------ the list

    def _open_list(self) -> None:
        from vpr_desktop.domain.errors import VprError

        try:
            source = self.services.action_list()
            model = ActionTableModel(source, self, fetch_now=False)
            model.set_filters(self.filters())  # the bar's filters: one count, one page
        except VprError as exc:
            self._show_problem(exc)
            return
        self.model = model
        self._source = source
        model.loaded.connect(self._update_count)
        model.load_failed.connect(self._show_problem)
        model.modelReset.connect(self.table.scrollToTop)
        self.table.setModel(model)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        header = self.table.horizontalHeader()
        for visual, key in enumerate(COLUMN_ORDER):  # what a reader scans first, first
            logical = model.column_index(key)
            if logical >= 0:
                header.moveSection(header.visualIndex(logical), visual)
        self._size_columns(model)
        default = model.column_index(model.request.sort_key or "")
        if default >= 0:
            order = (
                Qt.SortOrder.DescendingOrder
                if model.request.descending
                else Qt.SortOrder.AscendingOrder
            )
            self.table.horizontalHeader().setSortIndicator(default, order)
        self.table.setSortingEnabled(True)
        self._load_owners()
        self._update_count(model.loaded_count, model.total)
        if model.rowCount():
            self.table.selectRow(0)

    def _size_columns(self, model: LazyTableModel) -> None:
        """Fit columns to their heading and first rows; long titles are cut with "…"."""
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(40)
        char = self.fontMetrics().averageCharWidth()
        for i, column in enumerate(model.columns):
            content = self.table.sizeHintForColumn(i) + 16
            limit = char * (TITLE_COLUMN_CHARS if column.key == "title" else MAX_COLUMN_CHARS)
            header.resizeSection(i, max(header.sectionSizeHint(i), min(content, limit)))

    def filters(self) -> dict[str, Any]:
        """The filter bar as ``ActionListSource`` filters (the export uses the same)."""
        return self.filter_bar.filters()

    def _apply_filters(self) -> None:
        model = self.model
        if model is None:
            return
        search, filters = self.filter_bar.search_text(), self.filters()
        if (search, filters) == (model.request.search, model.request.filters):
            return
        self._selecting = True
        try:
            model.set_filters(filters)
            model.set_search(search)
        finally:
            self._selecting = False
        if self._shown_ref is not None:
            self._select_reference(self._shown_ref)

    def clear_filters(self) -> None:
        self.filter_bar.clear()

    def _load_owners(self) -> None:
        from vpr_desktop.domain.errors import VprError

        try:
            owners = self.people.owners()
        except VprError:
            return
        self.owners = owners
        self.filter_bar.set_owners(owners)
        self.detail.set_owner_choices(owners)

    def _reload_keeping_selection(self) -> None:
        if self.model is None:
            return
        keep = self._shown_ref
        self._selecting = True
        try:
            self.model.reload()
        finally:
            self._selecting = False
        if keep is not None:
            self._select_reference(keep)

    def _select_reference(self, reference: str) -> bool:
        model = self.model
        if model is None:
            return False
        for row in range(model.rowCount()):
            if model.row_values(row)[0] == reference:
                self._selecting = True
                try:
                    self.table.selectRow(row)
                    self.table.scrollTo(model.index(row, 0))
                finally:
                    self._selecting = False
                return True
        self.table.clearSelection()
        return False

    def _row_changed(self, current: ModelIndex, previous: ModelIndex) -> None:
        if self._selecting or self.model is None or not current.isValid():
            return
        reference = str(self.model.row_values(current.row())[0])
        if reference == self._shown_ref and self.detail.detail is not None:
            return
        if self.detail.has_unsaved() and self._shown_ref is not None:
            shown = self._shown_ref
            QTimer.singleShot(0, lambda: self._select_reference(shown))
            self.detail.show_banner(
                f"Save or undo your changes to {shown} (or clear the "
                "update you were writing) before opening another action."
            )
            return
        self._show_reference(reference)

    def _show_reference(self, reference: str) -> None:
        self._shown_ref = reference
        self.detail.load(reference)

    def show_action(self, reference: str) -> None:
        """Open an action by reference (from the Meetings tab): in the list if it is there."""
        self.tabs.setCurrentIndex(0)
        if self.detail.has_unsaved() and reference != self._shown_ref:
            self.detail.show_banner(
                f"Save or undo your changes to {self._shown_ref} before opening {reference}."
            )
            return
        self._select_reference(reference)  # highlighted if the list shows it
        if reference != self._shown_ref or self.detail.detail is None:
            self._show_reference(reference)
        self.open_form()

    def _update_count(self, loaded: int, total: int) -> None:
        if total == 0 and self.filter_bar.is_default() and self._log_is_empty():
            self.stack.setCurrentWidget(self._holder)
            self.empty.show()
            self.problem.hide()
            self.showing.setText("")
            self.filter_bar.hide()  # nothing to filter yet
            self.export_button.setEnabled(False)
            return
        if not self.full_form:
            self.filter_bar.show()
        self.export_button.setEnabled(total > 0)
        self.stack.setCurrentWidget(self.splitter)
        if total == 0:
            text = "No actions match these filters. Clear filters to see every action."
        else:
            text = f"Showing {loaded:,} of {plural(total, 'action')}"
        self.showing.setText(text)
        self.showing.setAccessibleName(text)

    def _log_is_empty(self) -> bool:
        from vpr_desktop.services.common.paging import PageRequest

        return self._source is None or self._source.count(PageRequest()) == 0

    def _show_problem(self, exc: object) -> None:
        message = getattr(exc, "message", str(exc))
        next_step = getattr(exc, "next_step", "")
        self.problem.paragraphs[0].setText(f"{message} {next_step}".strip())
        self.stack.setCurrentWidget(self._holder)
        self.empty.hide()
        self.problem.show()
        self.showing.setText("")

    def open_form(self) -> None:
        """Enter or double-click: the chosen action's form fills the tab (room at 150–200%)."""
        if self.detail.detail is None:
            return
        if not self.full_form:
            self._save_splitter()
            self.full_form = True
            for widget in (self.filter_bar, self.showing, self.table):
                widget.hide()
            self.detail.set_full(True)
        self.detail.focus_form()

    def close_form(self) -> None:
        """Esc: back to the list beside the detail, on the row of the action shown."""
        if self.full_form:
            self.full_form = False
            for widget in (self.filter_bar, self.showing, self.table):
                widget.show()
            self.detail.set_full(False)
            state = self.settings.value(SETTINGS_SPLITTER)
            if state is not None:
                self.splitter.restoreState(state)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ------------------------------------------------------------------ after writes

    def _written(self, detail: ActionDetail) -> None:
        self._shown_ref = detail.reference
        self._load_owners()
        self._reload_keeping_selection()
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
        if not self.can_create:
            return None
        if self.new_dialog is not None:
            self.new_dialog.raise_()
            return self.new_dialog
        owners = self.owners
        choices = (owners.management, owners.staff_side) if owners is not None else ((), ())
        dialog = NewActionDialog(self.people.find, choices, self, today=lambda: self.service.today)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "new_dialog", None))
        dialog.submitted.connect(lambda values: self._create(dialog, values))
        self.new_dialog = dialog
        dialog.open()
        return dialog

    def _create(self, dialog: NewActionDialog, values: dict[str, Any]) -> None:
        from vpr_desktop.services.actions.records import ActionDraft

        draft = ActionDraft(**values)
        service = self.service

        def opened(detail: ActionDetail) -> None:
            if self.model is not None and not self._select_reference(detail.reference):
                self.clear_filters()
                self._select_reference(detail.reference)

        self.detail._run(
            lambda: service.create(draft),
            "Creating the action…",
            "Action created",
            dialog=dialog,
            after=opened,
        )

    # ------------------------------------------------------------------ export

    def ask_export(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        suggested = f"action-log-{dt.date.today().isoformat()}.xlsx"
        start = str(Path(self.settings.value(SETTINGS_EXPORT_DIR, str(Path.home()))) / suggested)
        path, _chosen = QFileDialog.getSaveFileName(
            self, "Export the action log to Excel", start, XLSX_FILTER
        )
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            self.settings.setValue(SETTINGS_EXPORT_DIR, str(Path(path).parent))
            self.export_to(path)

    def export_to(self, path: str | Path) -> None:
        """Write the actions the list shows (same filters, search and order) to ``path``."""
        if self.model is None or self.exporter.is_busy():
            return
        target = Path(path)
        request = self.model.request
        total = self.model.total
        service = self.service

        def run(progress: Any, _cancelled: Any) -> Any:
            from vpr_desktop.reports.action_log_xlsx import export_action_log

            progress(-1, f"Writing {plural(total, 'action')} and their timelines to {target.name}…")
            return export_action_log(service, target, request)

        self.export_button.setEnabled(False)
        self.export_note.hide()
        self.exporter.start(
            run,
            label="Exporting the action log to Excel…",
            on_done=self._exported,
            on_error=self._export_failed,
            purpose="write",
            cancellable=False,
            done_note=f"Saved to {target}",
        )

    def _exported(self, result: Any) -> None:
        self.export_button.setEnabled(True)
        text = (
            f"Saved {plural(result.actions, 'action')} and "
            f"{plural(result.timeline_entries, 'timeline entry', 'timeline entries')} "
            f"to {result.path}"
        )
        self.export_note.setText(text)
        self.export_note.setAccessibleName(text)
        self.export_note.show()

    def _export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        from vpr_desktop.views.crash import report_error

        report_error(exc, self)

"""Audit page: who changed what, when — filtered, read change by change, exported.

For administrators and VPR leads (the service refuses anyone else, whatever the window shows).
The list is the window's lazy table model over ``AuditListSource``: every filter and sort is a
new SQL request, keyset paged, so years of audit rows open at once. Beside it (a splitter whose
position is remembered) the chosen event's before/after is shown side by side, one row per
field. Export CSV… and Export Excel… write what the list shows (same filters and order) as a
background job; the export is itself audited. Protected characteristics are never in the
audit as values (a change shows as "(changed)"), so nothing here can reveal them.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.actions.forms import name_combo_lists
from vpr_desktop.views.admin.audit_filters import AuditFilterBar
from vpr_desktop.views.admin.audit_parts import AuditDetailPanel
from vpr_desktop.views.common.dated_export import DatedExport
from vpr_desktop.views.common.errors import problem_words
from vpr_desktop.views.common.export import rows_job
from vpr_desktop.views.common.export import run_export
from vpr_desktop.views.common.filter_bar import fold_for_height
from vpr_desktop.views.common.formatting import enum_words
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.list_base import make_table
from vpr_desktop.views.common.page import ServicesPage
from vpr_desktop.views.common.page import page_layout
from vpr_desktop.views.common.split_memory import SplitMemory
from vpr_desktop.views.common.table_model import LazyTableModel
from vpr_desktop.views.common.table_model import ModelIndex
from vpr_desktop.views.common.widgets import EmptyState
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.common.write_guard import allow
from vpr_desktop.views.common.write_guard import write_refusal

if TYPE_CHECKING:
    from vpr_desktop.services.admin.audit import AuditService

SETTINGS_SPLITTER = "pages/audit/splitter"
SETTINGS_EXPORT_DIR = "pages/audit/export_dir"
SEARCH_DELAY_MS = 250
FORMATS = {
    "csv": ("Export the audit trail to CSV", "CSV file (*.csv)", ".csv"),
    "xlsx": ("Export the audit trail to Excel", "Excel workbook (*.xlsx)", ".xlsx"),
}


class AuditTableModel(LazyTableModel):
    """The lazy model with plain words for the action and the record type."""

    WORDS = frozenset({"action", "entity"})

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            index.isValid()
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
            and self.columns[index.column()].key in self.WORDS
        ):
            return enum_words(self.row_values(index.row())[index.column()])
        return super().data(index, role)


class AuditPage(DatedExport, ServicesPage):
    """The audit trail: filter bar, lazy list, before/after of the chosen event, exports."""

    EXPORT_DIR_KEY = SETTINGS_EXPORT_DIR

    def build_page(self) -> None:
        self.service: AuditService | None = None
        self.model: AuditTableModel | None = None

        self.csv_button = push_button(
            "Export CSV…",
            self,
            lambda: self.ask_export("csv"),
            spoken="Export the events shown to a CSV file",
        )
        self.xlsx_button = push_button(
            "Export Excel…",
            self,
            lambda: self.ask_export("xlsx"),
            spoken="Export the events shown to an Excel workbook",
        )
        self.header.add_action(self.csv_button)
        self.header.add_action(self.xlsx_button)
        self.exporter = JobRunner(self, name="Exporting the audit trail")

        self.filter_bar = AuditFilterBar(self)
        self.filter_bar.changed.connect(self._apply_filters)
        self.showing = label("", self, name="resultCount")
        self.showing.setAccessibleName("Number of audit events shown")
        self.export_note = label("", self, name="mutedText", selectable=True)
        self.export_note.setAccessibleName("Export result")
        self.export_note.hide()

        # The registers' table (fixed row height): a dozen events at 150% on 1366 x 768.
        self.table = make_table(self, "auditTable", "Audit events")
        self.detail = AuditDetailPanel(self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("auditSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        char = self.fontMetrics().averageCharWidth()
        self.splitter.setSizes([char * 100, char * 70])
        self.split_memory = SplitMemory(self.splitter, self.settings, SETTINGS_SPLITTER)

        self.problem = EmptyState("The audit trail cannot be shown", [""], self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.splitter)
        # The notice at the top of the page, not spread over its height by the stack.
        self.problem_area = QWidget(self)
        vertical(self.problem_area, self.problem, 1, margins=0)
        self.stack.addWidget(self.problem_area)

        layout = page_layout(self)
        layout.setContentsMargins(24, 14, 24, 12)
        layout.setSpacing(8)
        layout.addWidget(self.header)
        layout.addWidget(self.exporter)
        layout.addWidget(self.export_note)
        layout.addWidget(self.filter_bar)
        self.filter_bar.add_trailing(self.showing)  # beside the filters: no line of its own
        layout.addWidget(self.stack, 1)
        chain: list[QWidget] = [
            self.csv_button,
            self.xlsx_button,
            *self.filter_bar.tab_chain(),
            self.table,
            *self.detail.tab_chain(),
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        name_combo_lists(self)

    # ------------------------------------------------------------------ page interface

    def resizeEvent(self, event: Any) -> None:  # Qt override
        """A short page (150% on 1366x768) folds the filters behind "More filters"."""
        super().resizeEvent(event)
        fold_for_height(self, self.filter_bar)

    def activated(self) -> None:
        if self.model is None:
            self._open_list()

    def refresh(self) -> None:
        """F5: the choices, the list and the chosen event, read again."""
        if self.model is None:
            self._open_list()
            return
        self._load_choices()
        keep = self.detail.entry.id if self.detail.entry is not None else None
        self.model.reload()
        if keep is not None:
            self._select_event(keep)

    def focus_search(self) -> bool:
        self.filter_bar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_bar.search.selectAll()
        return True

    def shutdown(self) -> None:
        self.split_memory.save()
        super().shutdown()

    # ------------------------------------------------------------------ the list

    def _open_list(self) -> None:
        from vpr_desktop.domain.errors import VprError

        try:
            service = self.services.audit()
            model = AuditTableModel(service.list_source(), self, fetch_now=False)
            self.service = service
            self._load_choices()
            filters = self.filter_bar.filters()
            if filters != model.request.filters:
                model.set_filters(filters)  # one count, one page
            else:
                model.reload()
        except VprError as exc:
            self._show_problem(exc)
            return
        self.model = model
        model.loaded.connect(self._update_count)
        model.load_failed.connect(self._show_problem)
        model.modelReset.connect(self.table.scrollToTop)
        model.modelReset.connect(lambda: self.detail.show_entry(None))
        self.table.setModel(model)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        char = self.fontMetrics().averageCharWidth()
        header = self.table.horizontalHeader()
        for i in range(model.columnCount()):  # fit heading and first rows; long detail is cut
            content = min(self.table.sizeHintForColumn(i) + 16, char * 40)
            header.resizeSection(i, max(header.sectionSizeHint(i), content))
        default = model.column_index(model.request.sort_key or "")
        if default >= 0:
            order = (
                Qt.SortOrder.DescendingOrder
                if model.request.descending
                else Qt.SortOrder.AscendingOrder
            )
            header.setSortIndicator(default, order)
        self.table.setSortingEnabled(True)
        self._update_count(model.loaded_count, model.total)
        if model.rowCount():
            self.table.selectRow(0)

    def _load_choices(self) -> None:
        if self.service is not None:
            self.filter_bar.set_choices(self.service.users(), self.service.record_types())

    def _apply_filters(self) -> None:
        model = self.model
        if model is None:
            return
        search, filters = self.filter_bar.search_text(), self.filter_bar.filters()
        if (search, filters) == (model.request.search, model.request.filters):
            return
        model.set_filters(filters)
        model.set_search(search)

    def _update_count(self, loaded: int, total: int) -> None:
        self.stack.setCurrentWidget(self.splitter)
        # Each export is itself audited, so a database that refuses writes refuses it too.
        refusal = write_refusal(self.services.db)
        for button in (self.csv_button, self.xlsx_button):
            allow(button, total > 0 and not self.exporter.is_busy(), refusal)
        if total == 0:
            text = (
                "No audit events yet."
                if self.filter_bar.is_default()
                else "No audit events match these filters. Clear filters to see every event."
            )
        else:
            text = f"Showing {loaded:,} of {plural(total, 'event')}"
        self.showing.setText(text)
        self.showing.setAccessibleName(text)

    def _show_problem(self, exc: object) -> None:
        self.problem.paragraphs[0].setText(problem_words(exc))
        self.stack.setCurrentWidget(self.problem_area)
        self.showing.setText("")
        for button in (self.csv_button, self.xlsx_button):
            button.setEnabled(False)

    def _row_changed(self, current: ModelIndex, _previous: ModelIndex) -> None:
        if self.model is None or self.service is None or not current.isValid():
            return
        from vpr_desktop.domain.errors import VprError

        event_id = int(self.model.row_values(current.row())[0])
        try:
            self.detail.show_entry(self.service.event(event_id))
        except VprError as exc:
            self.detail.show_entry(None)
            self.detail.summary.setText(getattr(exc, "message", "The event cannot be shown."))

    def _select_event(self, event_id: int) -> bool:
        model = self.model
        if model is None:
            return False
        for row in range(model.rowCount()):
            if model.row_values(row)[0] == event_id:
                self.table.selectRow(row)
                self.table.scrollTo(model.index(row, 0))
                return True
        return False

    # ------------------------------------------------------------------ export

    def ask_export(self, kind: str) -> None:
        """Ask where to save the events shown as ``kind`` ("csv" or "xlsx"), then save them."""
        title, file_filter, suffix = FORMATS[kind]
        self.ask_dated_export(title, "audit-trail", suffix, file_filter)

    def export_to(self, path: str | Path) -> None:
        """Write the events the list shows (same filters, search and order) to ``path``:
        CSV for ``.csv``, otherwise an Excel workbook."""
        if self.model is None or self.service is None or self.exporter.is_busy():
            return
        target = Path(path)
        service = self.service

        def write(request: Any, target: Path) -> Any:
            from vpr_desktop.reports.audit_export import export_audit

            return export_audit(service, target, request)

        def refresh() -> None:
            if self.model is not None:  # the export is itself an audit event
                self.refresh()

        run_export(
            self,
            self.exporter,
            rows_job(self.model, target, write, lambda n: plural(n, "audit event")),
            label="Exporting the audit trail…",
            target=target,
            buttons=[self.csv_button, self.xlsx_button],
            note=self.export_note,
            saved=lambda result: f"Saved {plural(result.events, 'audit event')} to {result.path}",
            after=refresh,
        )

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

import datetime as dt
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.views.actions.filters import captioned
from vpr_desktop.views.actions.forms import DATE_HINT, FlowLayout, name_combo_lists, parse_date
from vpr_desktop.views.common.formatting import enum_words, format_datetime, plural
from vpr_desktop.views.common.page import Page, page_layout
from vpr_desktop.views.common.table_model import LazyTableModel, ModelIndex
from vpr_desktop.views.common.widgets import EmptyState, label
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.navigation import PageSpec

if TYPE_CHECKING:
    from vpr_desktop.services.admin.audit import AuditEntry, AuditService, FieldChange, UserChoice
    from vpr_desktop.services.container import Services

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


class FieldChangeModel(QAbstractTableModel):
    """Before/after of one event, one row per field: Field | Before | After."""

    TITLES = ("Field", "Before", "After")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[FieldChange] = []

    def set_changes(self, changes: tuple[FieldChange, ...] | list[FieldChange]) -> None:
        self.beginResetModel()
        self._rows = list(changes)
        self.endResetModel()

    def change(self, row: int) -> FieldChange:
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.TITLES)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        change = self._rows[index.row()]
        text = (change.field, change.before, change.after)[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.TITLES[index.column()]}: {text or 'blank'}"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.TITLES)
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
        ):
            return self.TITLES[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class AuditFilterBar(QWidget):
    """Detail search, user, record type, record, from/to dates, action, clear.

    A date typed badly is said in words under the bar and left out of the filters until it
    reads as a date. The bar wraps (``FlowLayout``) rather than clipping at 150%.

    Signals:
        changed(): the filters or (after a pause in typing) the text fields changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        char = self.fontMetrics().averageCharWidth()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        holder = QWidget(self)
        flow = FlowLayout(holder, spacing=12)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.changed.emit)

        self.search = QLineEdit(holder)
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText("Search the detail")
        self.search.setAccessibleName("Search the audit detail")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(char * 26)
        self.user = QComboBox(holder)
        self.user.setAccessibleName("Changes made by user")
        self.user.addItem("Anyone", None)
        self.user.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.user.setMaximumWidth(char * 34)
        self.record_type = QComboBox(holder)
        self.record_type.setAccessibleName("Record type")
        self.record_type.addItem("Any record type", None)
        self.record_type.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.record_type.setMaximumWidth(char * 30)
        self.record = QLineEdit(holder)
        self.record.setPlaceholderText("id")
        self.record.setAccessibleName("Record number (id)")
        self.record.setClearButtonEnabled(True)
        self.record.setFixedWidth(char * 12)
        self.date_from = QLineEdit(holder)
        self.date_to = QLineEdit(holder)
        for edit, name in ((self.date_from, "From date"), (self.date_to, "To date")):
            edit.setPlaceholderText(DATE_HINT)
            edit.setAccessibleName(f"{name} ({DATE_HINT}), inclusive")
            edit.setFixedWidth(char * 17)
            edit.setClearButtonEnabled(True)
        self.action = QComboBox(holder)
        self.action.setAccessibleName("Action")
        self.action.addItem("Any action", None)
        for action in AuditAction:
            self.action.addItem(enum_words(action), action.value)
        self.clear_button = QPushButton("Clear filters", holder)
        self.clear_button.setAccessibleName("Clear filters and search")
        self.clear_button.clicked.connect(self.clear)

        for edit in self.edits():
            edit.textChanged.connect(lambda _t: self._timer.start())
            edit.editingFinished.connect(self._now)
        for combo in self.combos():
            combo.currentIndexChanged.connect(self._now)
        flow.add(self.search)
        flow.add(captioned("User", self.user, holder))
        flow.add(captioned("Record type", self.record_type, holder))
        flow.add(captioned("Record", self.record, holder))
        flow.add(captioned("From", self.date_from, holder))
        flow.add(captioned("To", self.date_to, holder))
        flow.add(captioned("Action", self.action, holder))
        flow.add(self.clear_button)
        outer.addWidget(holder)
        self.problem = label("", self, name="fieldError")
        self.problem.setAccessibleName("Filter problem")
        self.problem.hide()
        outer.addWidget(self.problem)

    def edits(self) -> tuple[QLineEdit, ...]:
        return (self.search, self.record, self.date_from, self.date_to)

    def combos(self) -> tuple[QComboBox, ...]:
        return (self.user, self.record_type, self.action)

    def _now(self, *_args: object) -> None:
        self._timer.stop()
        self.changed.emit()

    def set_choices(self, users: list[UserChoice], record_types: list[str]) -> None:
        """Fill the user and record-type lists, keeping what was chosen; no ``changed``."""
        for combo, first, items in (
            (self.user, "Anyone", [(u.label, u.username) for u in users]),
            (self.record_type, "Any record type", [(enum_words(t), t) for t in record_types]),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for text, value in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)

    def search_text(self) -> str:
        return self.search.text().strip()

    def _dates(self) -> tuple[dt.date | None, dt.date | None, str]:
        out: list[dt.date | None] = []
        for edit, name in ((self.date_from, "From"), (self.date_to, "To")):
            try:
                out.append(parse_date(edit.text()))
            except ValueError:
                return None, None, f"{name} date: write it as {DATE_HINT}."
        start, end = out
        if start and end and start > end:
            return None, None, "The From date is after the To date."
        return start, end, ""

    def filters(self) -> dict[str, Any]:
        """The bar as ``AuditListSource`` filters."""
        out: dict[str, Any] = {}
        start, end, problem = self._dates()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        if start is not None:
            out["date_from"] = start
        if end is not None:
            out["date_to"] = end
        for combo, key in (
            (self.user, "username"),
            (self.record_type, "entity"),
            (self.action, "action"),
        ):
            if (value := combo.currentData()) is not None:
                out[key] = value
        if record := self.record.text().strip():
            out["entity_id"] = record
        return out

    def is_default(self) -> bool:
        return not self.search_text() and not self.filters()

    def clear(self) -> None:
        """No filters, no search; one ``changed``."""
        widgets: list[QWidget] = [*self.edits(), *self.combos()]
        for widget in widgets:
            widget.blockSignals(True)
        for edit in self.edits():
            edit.clear()
        for combo in self.combos():
            combo.setCurrentIndex(0)
        for widget in widgets:
            widget.blockSignals(False)
        self._now()

    def tab_chain(self) -> list[QWidget]:
        return [
            self.search,
            self.user,
            self.record_type,
            self.record,
            self.date_from,
            self.date_to,
            self.action,
            self.clear_button,
        ]


class AuditDetailPanel(QWidget):
    """The chosen event: a one-line summary, its detail text, and before/after by field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditDetail")
        self.setAccessibleName("Chosen audit event")
        self.entry: AuditEntry | None = None
        self.summary = label("Choose an event to see what changed.", self, selectable=True)
        self.summary.setObjectName("detailTitle")
        self.summary.setAccessibleName("Event summary")
        self.detail = label("", self, name="mutedText", selectable=True)
        self.detail.setAccessibleName("Event detail")
        self.detail.hide()
        self.model = FieldChangeModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("auditChanges")
        self.table.setAccessibleName("Before and after, by field")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.none = label("No field changes were recorded for this event.", self)
        self.none.setObjectName("mutedText")
        self.none.hide()
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 0, 0, 0)
        box.setSpacing(6)
        box.addWidget(self.summary)
        box.addWidget(self.detail)
        box.addWidget(self.none)
        box.addWidget(self.table, 1)

    def show_entry(self, entry: AuditEntry | None) -> None:
        self.entry = entry
        if entry is None:
            self.summary.setText("Choose an event to see what changed.")
            self.detail.hide()
            self.none.hide()
            self.model.set_changes([])
            return
        record = f"{entry.record_type} {entry.entity_id}" if entry.entity_id else entry.record_type
        text = (
            f"Event {entry.id}: {enum_words(entry.action)} of {record} by {entry.username}, "
            f"{format_datetime(entry.at)}"
        )
        self.summary.setText(text)
        self.summary.setAccessibleDescription(text)
        self.detail.setText(entry.detail or "")
        self.detail.setVisible(bool(entry.detail))
        self.model.set_changes(entry.changes)
        self.none.setVisible(not entry.changes)
        self.table.resizeRowsToContents()

    def tab_chain(self) -> list[QWidget]:
        return [self.table]


class AuditPage(Page):
    """The audit trail: filter bar, lazy list, before/after of the chosen event, exports."""

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
        self.service: AuditService | None = None
        self.model: AuditTableModel | None = None

        self.csv_button = QPushButton("Export CSV…", self)
        self.csv_button.setAccessibleName("Export the events shown to a CSV file")
        self.csv_button.clicked.connect(lambda: self.ask_export("csv"))
        self.xlsx_button = QPushButton("Export Excel…", self)
        self.xlsx_button.setAccessibleName("Export the events shown to an Excel workbook")
        self.xlsx_button.clicked.connect(lambda: self.ask_export("xlsx"))
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

        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName("Audit events")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        self.detail = AuditDetailPanel(self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("auditSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        state = self.settings.value(SETTINGS_SPLITTER)
        if state is None or not self.splitter.restoreState(state):
            char = self.fontMetrics().averageCharWidth()
            self.splitter.setSizes([char * 100, char * 70])
        self.splitter.splitterMoved.connect(self._save_splitter)

        self.problem = EmptyState("The audit trail cannot be shown", [""], self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.problem)

        layout = page_layout(self)
        layout.setContentsMargins(24, 14, 24, 12)
        layout.setSpacing(8)
        layout.addWidget(self.header)
        layout.addWidget(self.exporter)
        layout.addWidget(self.export_note)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.showing)
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
        self._save_splitter()
        super().shutdown()

    def _save_splitter(self, *_args: object) -> None:
        self.settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())

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
        for button in (self.csv_button, self.xlsx_button):
            button.setEnabled(total > 0 and not self.exporter.is_busy())
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
        message = getattr(exc, "message", str(exc))
        next_step = getattr(exc, "next_step", "")
        self.problem.paragraphs[0].setText(f"{message} {next_step}".strip())
        self.stack.setCurrentWidget(self.problem)
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
        from PySide6.QtWidgets import QFileDialog

        title, file_filter, suffix = FORMATS[kind]
        suggested = f"audit-trail-{dt.date.today().isoformat()}{suffix}"
        folder = Path(str(self.settings.value(SETTINGS_EXPORT_DIR, str(Path.home()))))
        path, _chosen = QFileDialog.getSaveFileName(
            self, title, str(folder / suggested), file_filter
        )
        if path:
            if not path.lower().endswith(suffix):
                path += suffix
            self.settings.setValue(SETTINGS_EXPORT_DIR, str(Path(path).parent))
            self.export_to(path)

    def export_to(self, path: str | Path) -> None:
        """Write the events the list shows (same filters, search and order) to ``path``:
        CSV for ``.csv``, otherwise an Excel workbook."""
        if self.model is None or self.service is None or self.exporter.is_busy():
            return
        target = Path(path)
        request = self.model.request
        total = self.model.total
        service = self.service

        def run(progress: Any, _cancelled: Any) -> Any:
            from vpr_desktop.reports.audit_export import export_audit

            progress(-1, f"Writing {plural(total, 'audit event')} to {target.name}…")
            return export_audit(service, target, request)

        for button in (self.csv_button, self.xlsx_button):
            button.setEnabled(False)
        self.export_note.hide()
        self.exporter.start(
            run,
            label="Exporting the audit trail…",
            on_done=self._exported,
            on_error=self._export_failed,
            purpose="write",
            cancellable=False,
            done_note=f"Saved to {target}",
        )

    def _exported(self, result: Any) -> None:
        for button in (self.csv_button, self.xlsx_button):
            button.setEnabled(True)
        text = f"Saved {plural(result.events, 'audit event')} to {result.path}"
        self.export_note.setText(text)
        self.export_note.setAccessibleName(text)
        self.export_note.show()
        if self.model is not None:  # the export is itself an audit event
            self.refresh()

    def _export_failed(self, exc: BaseException) -> None:
        for button in (self.csv_button, self.xlsx_button):
            button.setEnabled(True)
        from vpr_desktop.views.crash import report_error

        report_error(exc, self)

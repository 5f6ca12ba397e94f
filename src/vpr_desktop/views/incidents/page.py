"""Incidents: the row-level incident list with its filter bar, and the detail / form beside it.

The list opens on the first page of the newest incidents whatever the size of the database
(a count and one keyset page), then loads more as the user scrolls. Every filter (date range,
location, type, harm, clinically related or deliberate, near miss) and the search are a new
SQL request; searching waits for a pause in typing (250 ms) so each keystroke does not query.

Beside the list (a splitter whose position is remembered) the detail panel shows the chosen
incident: its RIDDOR box, the staff affected with their support steps, and its timeline
(``incident_detail``). Enter or double-click opens it full width; Esc goes back to the list;
Ctrl+N starts a new incident; Ctrl+S saves the form. Writes run in the background; after one
the list is reloaded and ``data_changed`` tells the window to recount the sidebar's badges.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QWidget,
)

from vpr_desktop.views.actions.forms import name_combo_lists
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.page import Page, page_layout
from vpr_desktop.views.common.table_model import LazyTableModel, ModelIndex
from vpr_desktop.views.common.widgets import EmptyState, label
from vpr_desktop.views.incidents.detail import IncidentDetailPanel
from vpr_desktop.views.incidents.filters import SEARCH_DELAY_MS, IncidentFilterBar
from vpr_desktop.views.navigation import PageSpec

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services
    from vpr_desktop.services.incidents.records import IncidentDetail

__all__ = ["SEARCH_DELAY_MS", "IncidentsPage"]

SETTINGS_SPLITTER = "pages/incidents/splitter"
EMPTY_HEADING = "No incidents yet"
EMPTY_LINES = [
    "Incidents appear here, newest first, once they are in the database.",
    "Next step: New incident (Ctrl+N), or Data > Import incidents from Datix….",
]
EMPTY_LINES_READER = [
    "Incidents appear here, newest first, once they are in the database.",
    "They are recorded by the VPR team (New incident) or imported from Datix.",
]
#: Columns are sized from their heading and first rows (the source's pixel widths assume one
#: font size; the text itself scales with the display).
SIZE_SAMPLE_ROWS = 60
MAX_COLUMN_CHARS = 28
MIN_TEXT_COLUMN_CHARS = 14
CELL_PADDING = 16  # the style sheet's 6 px each side of a cell, and a little air
LONG_TEXT_CHARS = 22


class IncidentsPage(Page):
    """Signals:
    data_changed(): something was written (the window recounts the home summary and badges).
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
        self.model: LazyTableModel | None = None
        self._source: Any = None
        self._shown_id: int | None = None
        self._selecting = False
        self.full_form = False
        self.can_create = services.actor.can("edit_incidents")  # type: ignore[arg-type]

        self.new_button = QPushButton("New incident", self)
        self.new_button.setProperty("primary", True)
        self.new_button.setAccessibleName("New incident (Ctrl+N)")
        self.new_button.setToolTip("New incident (Ctrl+N)")
        self.new_button.clicked.connect(self.new_incident)
        self.new_button.setVisible(self.can_create)
        self.header.add_action(self.new_button)

        self.filter_bar = IncidentFilterBar(self)
        self.filter_bar.changed.connect(self._apply_filters)
        self.search = self.filter_bar.search

        self.showing = label("", self, name="resultCount", wrap=False)
        self.showing.setAccessibleName("Number of incidents shown")

        self.table = QTableView(self)
        self.table.setObjectName("incidentTable")
        self.table.setAccessibleName("Incidents")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
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

        self.empty = EmptyState(
            EMPTY_HEADING, EMPTY_LINES if self.can_create else EMPTY_LINES_READER, self
        )
        if self.can_create:
            empty_new = QPushButton("New incident", self.empty)
            empty_new.setAccessibleName("New incident (Ctrl+N)")
            empty_new.clicked.connect(self.new_incident)
            self.empty.add_button(empty_new)
        self.problem = EmptyState("Incidents cannot be shown", [""], self)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        empty_holder = QWidget(self.stack)
        holder_layout = page_layout(empty_holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.empty)
        holder_layout.addWidget(self.problem)
        holder_layout.addStretch(1)
        self.stack.addWidget(empty_holder)
        self._empty_holder = empty_holder

        self.detail: IncidentDetailPanel | None = None
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("incidentSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.stack)
        self._build_detail(services)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        state = self.settings.value(SETTINGS_SPLITTER)
        if state is None or not self.splitter.restoreState(state):
            char = self.fontMetrics().averageCharWidth()
            self.splitter.setSizes([char * 110, char * 70])
        self.splitter.splitterMoved.connect(self._save_splitter)

        layout = page_layout(self)
        layout.setContentsMargins(24, 14, 24, 12)  # height is scarce at 1366×768 and 150%
        layout.setSpacing(8)
        layout.addWidget(self.header)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.showing)
        layout.addWidget(self.splitter, 1)

        for keys, slot in (
            (QKeySequence.StandardKey.New, self.new_incident),
            (QKeySequence.StandardKey.Save, self._save),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # only while shown
            shortcut.activated.connect(slot)
        self._order_tabs()
        name_combo_lists(self)

    def _build_detail(self, services: Services) -> None:
        from vpr_desktop.domain.errors import VprError

        try:
            service = services.incidents()
            service.actor.require("read_incidents", "see individual incidents")  # type: ignore[arg-type]
        except VprError:
            return  # the list says why; no detail for someone who may not read incidents
        self.service = service
        self.detail = IncidentDetailPanel(service, self)
        self.detail.changed.connect(self._written)
        self.detail.escape.connect(self.close_form)
        self.splitter.addWidget(self.detail)

    def _order_tabs(self) -> None:
        chain: list[QWidget] = [self.new_button, *self.filter_bar.tab_chain(), self.table]
        if self.detail is not None:
            chain += self.detail.tab_chain()
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _save_splitter(self, *_args: object) -> None:
        if not self.full_form:
            self.settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())

    # ------------------------------------------------------------------ page interface

    def activated(self) -> None:
        if self.model is None:
            self._open_list()

    def refresh(self) -> None:
        """F5: the list, and the incident shown (unless it is being edited)."""
        if self.model is None:
            self._open_list()
            return
        self._reload_keeping_selection()
        if self.detail is not None and self.detail.detail is not None and not self.detail.editing:
            self.detail.reload()

    def focus_search(self) -> bool:
        if self.full_form:
            self.close_form()
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
            source = self.services.incident_list()
            model = LazyTableModel(source, self, fetch_now=False)
            if self.detail is not None:
                self.filter_bar.set_choices(self.detail.service.choices())
            model.set_filters(self.filter_bar.filters())
            model.set_search(self.filter_bar.search_text())
            if not model.request.filters and not model.request.search:
                model.reload()
        except VprError as exc:
            self._show_problem(exc)
            return
        self.model = model
        self._source = source
        model.loaded.connect(self._update_count)
        model.load_failed.connect(self._show_problem)
        model.modelReset.connect(self._after_reset)
        self.table.setModel(model)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self._size_columns(model)
        default = model.column_index(model.request.sort_key or "")
        if default >= 0:
            order = (
                Qt.SortOrder.DescendingOrder
                if model.request.descending
                else Qt.SortOrder.AscendingOrder
            )
            self.table.horizontalHeader().setSortIndicator(default, order)
        self.table.setSortingEnabled(True)  # asks the model to sort: same request, no query
        self._update_count(model.loaded_count, model.total)

    def _size_columns(self, model: LazyTableModel) -> None:
        """Fit columns to their heading and the first rows, within limits.

        Only the first :data:`SIZE_SAMPLE_ROWS` rows are measured (Qt would otherwise measure
        every loaded row), no column is made wider than :data:`MAX_COLUMN_CHARS` characters,
        and a cut-off cell shows its whole text in its tooltip.
        """
        self.layout().activate()  # the table's real width, even on the page's first showing
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(SIZE_SAMPLE_ROWS)
        metrics = self.fontMetrics()
        char = metrics.averageCharWidth()
        widest = char * MAX_COLUMN_CHARS
        minimum: list[int] = []
        for i, column in enumerate(model.columns):
            heading = header.sectionSizeHint(i)  # title, sort arrow and padding
            content = self.table.sizeHintForColumn(i) + CELL_PADDING
            header.resizeSection(i, max(heading, min(content, widest)))
            # Only long free text (a location's name) may give up width; short codes such as a
            # reference must stay whole.
            long_text = column.kind == "text" and content > char * LONG_TEXT_CHARS
            minimum.append(
                max(heading, char * MIN_TEXT_COLUMN_CHARS) if long_text else header.sectionSize(i)
            )
        # Wider than the view? Take the excess from long text columns (cut with "…" and shown
        # whole in the tooltip) before resorting to a sideways scrollbar.
        available = self.table.viewport().width() - 2
        excess = header.length() - available
        for i in sorted(range(len(minimum)), key=header.sectionSize, reverse=True):
            if excess <= 0:
                break
            give = min(excess, header.sectionSize(i) - minimum[i])
            if give > 0:
                header.resizeSection(i, header.sectionSize(i) - give)
                excess -= give

    def filters(self) -> dict[str, Any]:
        """The filter bar as ``IncidentListSource`` filters."""
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
        if self._shown_id is not None:
            self._select_id(self._shown_id)

    def _after_reset(self) -> None:
        self.table.scrollToTop()

    def _update_count(self, loaded: int, total: int) -> None:
        term = self.filter_bar.search_text()
        if total == 0 and self.filter_bar.is_default() and self._is_empty():
            self.stack.setCurrentWidget(self._empty_holder)
            self.empty.show()
            self.problem.hide()
            self.showing.setText("")
            self.filter_bar.setEnabled(False)
            return
        self.filter_bar.setEnabled(True)
        self.stack.setCurrentWidget(self.table)
        filtered = bool(self.filters())
        if total == 0:
            text = (
                f"No incidents match “{term}”"
                if term and not filtered
                else "No incidents match these filters. Clear filters to see every incident."
            )
        else:
            text = f"Showing {loaded:,} of {plural(total, 'incident')}"
            if term:
                text += f" matching “{term}”"
            if filtered:
                text += " (filtered)"
        self.showing.setText(text)
        self.showing.setAccessibleName(text)

    def _is_empty(self) -> bool:
        from vpr_desktop.services.common.paging import PageRequest

        return self._source is None or self._source.count(PageRequest()) == 0

    def _show_problem(self, exc: object) -> None:
        message = getattr(exc, "message", str(exc))
        next_step = getattr(exc, "next_step", "")
        self.problem.paragraphs[0].setText(f"{message} {next_step}".strip())
        self.stack.setCurrentWidget(self._empty_holder)
        self.empty.hide()
        self.problem.show()
        self.showing.setText("")
        self.new_button.hide()
        if self.detail is not None:
            self.detail.hide()

    def _row_id(self, row: int) -> int:
        assert self.model is not None and self._source is not None
        return int(self.model.row_values(row)[self._source.ID_INDEX])

    def _select_id(self, incident_id: int) -> bool:
        model = self.model
        if model is None:
            return False
        for row in range(model.rowCount()):
            if self._row_id(row) == incident_id:
                self._selecting = True
                try:
                    self.table.selectRow(row)
                    self.table.scrollTo(model.index(row, 0))
                finally:
                    self._selecting = False
                return True
        self.table.clearSelection()
        return False

    def _reload_keeping_selection(self) -> None:
        if self.model is None:
            return
        self._selecting = True
        try:
            self.model.reload()
        finally:
            self._selecting = False
        if self._shown_id is not None:
            self._select_id(self._shown_id)

    def _row_changed(self, current: ModelIndex, _previous: ModelIndex) -> None:
        if self._selecting or self.model is None or not current.isValid() or self.detail is None:
            return
        incident_id = self._row_id(current.row())
        if incident_id == self._shown_id and self.detail.detail is not None:
            return
        if self.detail.has_unsaved():
            self.detail.show_banner(
                "Save or cancel the incident you are editing before opening another."
            )
            return
        self.show_incident(incident_id, full=False)

    def show_incident(self, incident_id: int, *, full: bool = True) -> None:
        """Open one incident (from the list, or the support queue's "Open incident")."""
        if self.detail is None:
            return
        if self.detail.has_unsaved() and incident_id != self._shown_id:
            self.detail.show_banner(
                "Save or cancel the incident you are editing before opening another."
            )
            return
        self._shown_id = incident_id
        self.detail.load(incident_id)
        if self.model is not None and not self._selecting:
            self._select_id(incident_id)
        if full:
            self.open_form()

    def open_form(self) -> None:
        """Enter or double-click: the incident fills the page (room at 150% and 1366×768)."""
        if self.detail is None or (self.detail.detail is None and not self.detail.editing):
            return
        if not self.full_form:
            self._save_splitter()
            self.full_form = True
            for widget in (self.filter_bar, self.showing, self.stack):
                widget.hide()
            self.detail.set_full(True)
        self.detail.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_form(self) -> None:
        """Esc: back to the list beside the detail."""
        if (
            self.detail is not None
            and self.detail.editing
            and self.detail.detail is None
            and not self.detail.has_unsaved()
        ):
            self.detail.clear()  # an untouched new incident: nothing to keep
        if self.full_form:
            self.full_form = False
            for widget in (self.filter_bar, self.showing, self.stack):
                widget.show()
            if self.detail is not None:
                self.detail.set_full(False)
            state = self.settings.value(SETTINGS_SPLITTER)
            if state is not None:
                self.splitter.restoreState(state)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ------------------------------------------------------------------ writing

    def new_incident(self) -> Any:
        """Ctrl+N: the empty form, full width."""
        if not self.can_create or self.detail is None or not self.isVisible():
            return None
        if self.detail.has_unsaved():
            self.detail.show_banner("Save or cancel the incident you are editing first.")
            self.open_form()
            return None
        form = self.detail.new_incident()
        self.open_form()
        if form is not None:
            form.focus_first()
        return form

    def _save(self) -> None:
        if self.detail is not None:
            self.detail.save()

    def _written(self, detail: IncidentDetail) -> None:
        self._shown_id = detail.id
        if self.model is None:
            self._open_list()
        else:
            self._reload_keeping_selection()
        self.data_changed.emit()

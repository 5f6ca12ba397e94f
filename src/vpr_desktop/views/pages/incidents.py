"""Incidents: the row-level incident list, searched and sorted in SQL, 500 rows at a time.

The list opens on the first page of the newest incidents whatever the size of the database
(a count and one keyset page), then loads more as the user scrolls. Searching waits for a
pause in typing (250 ms) so each keystroke does not query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHeaderView,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QWidget,
)

from vpr_desktop.views.formatting import plural
from vpr_desktop.views.navigation import PageSpec
from vpr_desktop.views.pages.base import Page, page_layout
from vpr_desktop.views.table_model import LazyTableModel
from vpr_desktop.views.widgets import EmptyState, label

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services

SEARCH_DELAY_MS = 250
EMPTY_HEADING = "No incidents yet"
EMPTY_LINES = [
    "Incidents appear here, newest first, once they are in the database.",
    "Next step: Import from Datix… (coming with incident import) or New incident (coming with "
    "the incident form), both in a later release.",
]
#: Columns are sized from their heading and first rows (the source's pixel widths assume one
#: font size; the text itself scales with the display).
SIZE_SAMPLE_ROWS = 60
MAX_COLUMN_CHARS = 28
MIN_TEXT_COLUMN_CHARS = 14
CELL_PADDING = 16  # the style sheet's 6 px each side of a cell, and a little air
LONG_TEXT_CHARS = 22


class IncidentsPage(Page):
    def __init__(self, spec: PageSpec, services: Services,
                 parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.services = services
        self.model: LazyTableModel | None = None

        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText("Search reference, Datix ID or location")
        self.search.setAccessibleName("Search incidents")
        self.search.setAccessibleDescription(
            "Filters the list by incident reference, Datix ID or location name")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 24)
        self.search.textChanged.connect(self._search_soon)
        self.search.returnPressed.connect(self._apply_search)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)

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

        self.empty = EmptyState(EMPTY_HEADING, EMPTY_LINES, self)
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

        bar = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        bar.setSpacing(12)
        self.search.setMaximumWidth(self.fontMetrics().averageCharWidth() * 60)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.showing)
        self._bar = bar

        layout = page_layout(self)
        layout.addWidget(self.header)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.setTabOrder(self.search, self.table)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self._fit_bar()

    def _fit_bar(self) -> None:
        """Search box and "Showing …" side by side, or stacked when the page is narrow."""
        needed = (self.search.minimumWidth() + self._bar.spacing()
                  + self.fontMetrics().horizontalAdvance(
                      "Showing 500 of 1,000,000 incidents matching “something”") + 48)
        self._bar.setDirection(QBoxLayout.Direction.TopToBottom if self.width() < needed
                               else QBoxLayout.Direction.LeftToRight)

    # ------------------------------------------------------------------ page interface

    def activated(self) -> None:
        if self.model is None:
            self._open_list()

    def refresh(self) -> None:
        if self.model is None:
            self._open_list()
        else:
            self.model.reload()

    def focus_search(self) -> bool:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
        return True

    # ------------------------------------------------------------------ the list

    def _open_list(self) -> None:
        from vpr_desktop.domain.errors import VprError

        try:
            source = self.services.incident_list()
            model = LazyTableModel(source, self)
        except VprError as exc:
            self._show_problem(exc)
            return
        self.model = model
        model.loaded.connect(self._update_count)
        model.load_failed.connect(self._show_problem)
        model.modelReset.connect(self._after_reset)
        self.table.setModel(model)
        self._size_columns(model)
        default = model.column_index(model.request.sort_key or "")
        if default >= 0:
            order = (Qt.SortOrder.DescendingOrder if model.request.descending
                     else Qt.SortOrder.AscendingOrder)
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
            minimum.append(max(heading, char * MIN_TEXT_COLUMN_CHARS) if long_text
                           else header.sectionSize(i))
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

    def _search_soon(self) -> None:
        self._search_timer.start()

    def _apply_search(self) -> None:
        self._search_timer.stop()
        if self.model is not None:
            self.model.set_search(self.search.text())

    def _after_reset(self) -> None:
        self.table.scrollToTop()

    def _update_count(self, loaded: int, total: int) -> None:
        term = self.search.text().strip()
        if total == 0 and not term:
            self.stack.setCurrentWidget(self._empty_holder)
            self.empty.show()
            self.problem.hide()
            self.showing.setText("")
            self.search.setEnabled(False)
            return
        self.search.setEnabled(True)
        self.stack.setCurrentWidget(self.table)
        if total == 0:
            text = f"No incidents match “{term}”"
        else:
            text = f"Showing {loaded:,} of {plural(total, 'incident')}"
            if term:
                text += f" matching “{term}”"
        self.showing.setText(text)
        self.showing.setAccessibleName(text)

    def _show_problem(self, exc: object) -> None:
        message = getattr(exc, "message", str(exc))
        next_step = getattr(exc, "next_step", "")
        self.problem.paragraphs[0].setText(f"{message} {next_step}".strip())
        self.stack.setCurrentWidget(self._empty_holder)
        self.empty.hide()
        self.problem.show()
        self.showing.setText("")

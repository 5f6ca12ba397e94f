"""The one list page: filter bar, count, lazy table, detail beside it, empty and problem states.

Every register in the window (incidents, the support queue, the action log, the risk register,
the roles register) is the same page: a list that filters and searches in SQL, a line saying
how many rows it shows, and — on most — the chosen row's details beside it in a splitter whose
position is remembered. This module holds that wiring once; a page DECLARES what differs:

- its words (:class:`ListTexts`: the table's names, the count's noun, the empty state);
- its filter bar (``make_filter_bar``, a :class:`~vpr_desktop.views.common.filter_bar.FilterBar`);
- its list source and model (``make_source``, ``MODEL``), its columns' order (``COLUMN_ORDER``);
- how to make its detail widget (``make_detail``) and what choosing a row does
  (``row_selected``); its header actions and shortcuts in ``build``.

:class:`ListPageBase` (in ``list_base``) is the part every list shares, whatever its view (the
roles register is a grouped tree); :class:`ListPage` adds the lazy table: the first page of
rows on opening, refresh and filtering that keep the chosen row selected, the sort shown on the
header, and the "full form" mode where the detail fills the page.

The first page of rows is read on the GUI thread: it is one count and one keyset page (a few
milliseconds at any size), and it lets the page say at once how many rows there are. Writes run
as background jobs through the page's one :class:`JobRunner` (``run_write``).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.errors import problem_words
from vpr_desktop.views.common.filter_bar import FilterBar
from vpr_desktop.views.common.filter_bar import fold_for_height
from vpr_desktop.views.common.list_base import COMPACT_MARGINS
from vpr_desktop.views.common.list_base import MARGINS
from vpr_desktop.views.common.list_base import ListPageBase
from vpr_desktop.views.common.list_base import ListTexts
from vpr_desktop.views.common.list_base import link_tab_order
from vpr_desktop.views.common.list_base import make_table
from vpr_desktop.views.common.table_model import LazyTableModel
from vpr_desktop.views.common.table_model import ModelIndex
from vpr_desktop.views.common.widgets import label

# ListTexts and link_tab_order are also imported from here by the support queue page.
__all__ = ["ListPage", "ListTexts", "link_tab_order"]


class ListPage(ListPageBase):
    """A register over a lazy list source; see the module docstring for what a page declares."""

    #: The model class (a ``WordsTableModel`` for lists with their own words for values).
    MODEL: type[LazyTableModel] = LazyTableModel
    #: Columns by key in the order a reader scans them (the source's order stays in the model).
    COLUMN_ORDER: tuple[str, ...] = ()
    MAX_COLUMN_CHARS = 30
    #: The empty state stands beside the detail (True) or in place of list and detail.
    EMPTY_BESIDE_DETAIL = False
    #: Select the first row when the list opens (so the detail shows something).
    SELECT_FIRST = True
    COUNT_WRAPS = True
    #: Ctrl+F in the full-width form goes back to the list (else the search stays hidden).
    SEARCH_CLOSES_FORM = True
    ROW_PADDING = 10

    def build_page(self) -> None:
        self.model: LazyTableModel | None = None
        self._source: Any = None
        #: The rows shown are the start-up's early read (``views/early_rows.py``), read-only
        #: until the services arrive and the list opens for real.
        self.early = False
        self._selecting = False
        self.current_key: Hashable | None = None
        self.setup()
        self.filter_bar = self.make_filter_bar()
        self.filter_bar.changed.connect(self._apply_filters)
        self.search = self.filter_bar.search
        self.showing = self.make_count_label()
        self.table = self.make_table()
        side = self.make_detail()
        self.stack = QStackedWidget(self)
        states = self.make_states(self.stack)
        if side is None and not self.EMPTY_BESIDE_DETAIL:
            self.list_widget: QWidget = self.list_side()
            self.area: QWidget = self.stack
        elif self.EMPTY_BESIDE_DETAIL:
            self.list_widget = self.list_side()
            self.area = self.make_splitter(self, self.stack, side)
        else:
            self.list_widget = self.make_splitter(self.stack, self.list_side(), side)
            self.area = self.stack
        self.stack.addWidget(self.list_widget)
        self.stack.addWidget(states)
        self.build()

    def resizeEvent(self, event: Any) -> None:  # Qt override
        """On a short page (1366 x 768 at 150%) the filters fold behind "More filters" and
        the purpose line goes into the title's tooltip, so the list keeps its rows."""
        super().resizeEvent(event)
        if not isinstance(self.filter_bar, FilterBar):
            return
        compact = fold_for_height(self, self.filter_bar)
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(*(COMPACT_MARGINS if compact else MARGINS))
            layout.setSpacing(4 if compact else 8)

    # ------------------------------------------------------------------ what a page declares

    def setup(self) -> None:
        """Before the list is built: services, permissions, header actions."""

    def make_filter_bar(self) -> FilterBar:
        raise NotImplementedError  # every list page has its own filters

    def make_count_label(self) -> QLabel:
        showing = label("", self, name="resultCount", wrap=self.COUNT_WRAPS)
        showing.setAccessibleName(self.TEXTS.count_label)
        return showing

    def make_table(self) -> QTableView:
        table = make_table(
            self, self.TEXTS.table_name, self.TEXTS.table_label, row_padding=self.ROW_PADDING
        )
        table.activated.connect(lambda _i: self.row_activated())
        table.doubleClicked.connect(lambda _i: self.row_activated())
        return table

    def list_side(self) -> QWidget:
        """The widget holding the table (the risk register's also holds its heat map)."""
        return self.table

    def make_detail(self) -> QWidget | None:
        """The detail widget beside the list, or None for a list alone."""
        return None

    def build(self) -> None:
        """After the list is built: lay the page out, shortcuts, Tab order."""

    def make_source(self) -> Any:
        """The list source (may raise ``VprError``: the page then says why)."""
        raise NotImplementedError  # every list page reads its own source

    def prepare(self, source: Any) -> None:
        """Between reading the source and the first query: fill the filters' choices."""

    def list_opened(self, model: LazyTableModel) -> None:
        """The list shows its first rows (load what goes with it)."""

    def row_key(self, values: tuple[Any, ...]) -> Hashable:
        """What identifies a row across reloads (its id; the action log's reference)."""
        return values[int(getattr(self._source, "ID_INDEX", 0))]

    def row_selected(self, key: Hashable, current: ModelIndex, previous: ModelIndex) -> None:
        """The user chose a row (the detail pages show it, or keep the one being edited)."""
        self.current_key = key

    def row_activated(self) -> None:
        """Enter or a double-click on a row."""

    def kept_key(self) -> Hashable | None:
        """The row to keep selected when the list reloads."""
        return self.current_key

    def count_text(self, loaded: int, total: int) -> str:
        raise NotImplementedError  # each list says its count in its own words

    def is_empty_list(self, total: int) -> bool:
        """Nothing at all to list (not merely nothing matching): show the empty state."""
        return total == 0 and self.filter_bar.is_default() and self._source_is_empty()

    def empty_shown(self, empty: bool, total: int) -> None:
        """The empty state came or went: nothing to filter while the list is empty."""
        self.filter_bar.setVisible(not empty and not self.full_form)

    def problem_shown(self) -> None:
        """The list cannot be shown (the problem state is up)."""

    def filters_applied(self) -> None:
        """The list was filtered or searched again."""

    def size_columns(self, model: LazyTableModel) -> None:
        """Fit columns to their heading and first rows, none wider than ``MAX_COLUMN_CHARS``."""
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(40)
        char = self.fontMetrics().averageCharWidth()
        for i, column in enumerate(model.columns):
            content = self.table.sizeHintForColumn(i) + 16
            limit = char * self.column_chars(column.key)
            header.resizeSection(i, max(header.sectionSizeHint(i), min(content, limit)))

    def column_chars(self, key: str) -> int:
        return self.MAX_COLUMN_CHARS

    # ------------------------------------------------------------------ page interface

    def activated(self) -> None:
        if self.model is None or self.early:
            self.open_list()

    def refresh(self) -> None:
        """F5: the list again, keeping the chosen row."""
        if self.model is None:
            self.open_list()
        else:
            self.reload_keeping_selection()

    def live_refresh(self) -> None:
        """Another person's change: the list again (the chosen row and the rows scrolled
        through kept); a list never opened stays unopened."""
        if self.model is not None:
            self.refresh()

    def focus_search(self) -> bool:
        if self.full_form and self.SEARCH_CLOSES_FORM:
            self.close_form()
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
        return True

    # ------------------------------------------------------------------ the list

    def filters(self) -> dict[str, Any]:
        """The list source's filters as the bar (and anything else on the page) ask for."""
        return self.filter_bar.filters()

    def show_early_rows(self, source: Any) -> None:
        """Show rows read at start-up before the services (``views/early_rows.py``): sorted
        as the list will be, but nothing to choose, sort or filter until it opens for real
        (:meth:`open_list` then replaces them, keeping the row chosen and the scroll)."""
        self._source = source
        model = self.MODEL(source, self, request_factory=source.make_request)
        self.model = model
        self.early = True
        self.filter_bar.setEnabled(False)
        self._show_model(model)

    def open_list(self) -> None:
        """Read the source and show the first page of rows for the bar's filters."""
        from vpr_desktop.domain.errors import VprError

        early = self.early
        early_model = self.model if early else None
        kept = self.key_at(self.table.currentIndex().row()) if early else None
        scroll = self.table.verticalScrollBar().value()
        try:
            source = self.make_source()
            self._source = source
            self.prepare(source)
            model = self.MODEL(source, self, fetch_now=False)
            if not model.set_query(self.filters(), self.filter_bar.search_text()):
                model.reload()  # the bar asks for the source's own defaults
        except VprError as exc:
            self.show_problem(exc)
            return
        finally:
            if early:
                self.early = False
                self.filter_bar.setEnabled(True)
        self.model = model
        model.loaded.connect(self._update_count)
        model.load_failed.connect(self.show_problem)
        model.modelReset.connect(self.table.scrollToTop)
        self._show_model(model)
        if early_model is not None:
            early_model.deleteLater()  # (the early rows, now in the table's real model)
        self.table.setSortingEnabled(True)  # asks the model to sort: same request, no query
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.list_opened(model)
        self._update_count(model.loaded_count, model.total)
        if kept is not None and self.select_key(kept):
            self.table.verticalScrollBar().setValue(scroll)
            current = self.table.currentIndex()
            self.row_selected(kept, current, current)  # chosen before the services came
        elif early:
            self.table.verticalScrollBar().setValue(scroll)
        elif self.SELECT_FIRST and model.rowCount():
            self.table.selectRow(0)

    def _show_model(self, model: LazyTableModel) -> None:
        """Put ``model`` in the table with its columns ordered and sized, and its sort shown."""
        self.table.setModel(model)
        header = self.table.horizontalHeader()
        for visual, key in enumerate(self.COLUMN_ORDER):
            logical = model.column_index(key)
            if logical >= 0:
                header.moveSection(header.visualIndex(logical), visual)
        self.size_columns(model)
        default = model.column_index(model.request.sort_key or "")
        if default >= 0:
            descending = model.request.descending
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(default, order)

    def _apply_filters(self) -> None:
        model = self.model
        if model is None:
            return
        self._selecting = True
        try:
            changed = model.set_query(self.filters(), self.filter_bar.search_text())
        finally:
            self._selecting = False
        if changed:
            self._reselect()
            self.filters_applied()

    def clear_filters(self) -> None:
        self.filter_bar.clear()

    def reload_keeping_selection(self) -> None:
        """Read the list again as it stands: as many rows as were loaded (so a row chosen far
        down is still there to select) and the same scroll position."""
        model = self.model
        if model is None:
            return
        loaded = model.loaded_count
        scroll = self.table.verticalScrollBar().value()
        self._selecting = True
        try:
            model.reload()
            while model.loaded_count < loaded and model.canFetchMore():
                model.fetchMore()
        finally:
            self._selecting = False
        self._reselect()
        self.table.verticalScrollBar().setValue(scroll)

    def _reselect(self) -> None:
        key = self.kept_key()
        if key is not None:
            self.select_key(key)

    def row_of(self, key: Hashable) -> int:
        """The loaded row whose key is ``key``, or -1."""
        model = self.model
        if model is not None:
            for row in range(model.rowCount()):
                if self.row_key(model.row_values(row)) == key:
                    return row
        return -1

    def key_at(self, row: int) -> Hashable | None:
        model = self.model
        if model is None or not 0 <= row < model.rowCount():
            return None
        return self.row_key(model.row_values(row))

    def select_key(self, key: Hashable) -> bool:
        """Select (without re-showing) the row with ``key``; clear the selection if not loaded."""
        row = self.row_of(key)
        if row < 0 or self.model is None:
            self.table.clearSelection()
            return False
        self._selecting = True
        try:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        finally:
            self._selecting = False
        return True

    def _row_changed(self, current: ModelIndex, previous: ModelIndex) -> None:
        if self._selecting or self.model is None or not current.isValid():
            return
        key = self.key_at(current.row())
        if key is not None:
            self.row_selected(key, current, previous)

    def _source_is_empty(self) -> bool:
        from vpr_desktop.services.common.paging import PageRequest

        return self._source is None or self._source.count(PageRequest()) == 0

    def _update_count(self, loaded: int, total: int) -> None:
        if self.is_empty_list(total):
            self.stack.setCurrentWidget(self._holder)
            self.empty.show()
            self.problem.hide()
            self.showing.setText("")
            self.empty_shown(True, total)
            return
        self.empty_shown(False, total)
        self.stack.setCurrentWidget(self.list_widget)
        text = self.count_text(loaded, total)
        self.showing.setText(text)
        self.showing.setAccessibleName(text)

    def show_problem(self, exc: object) -> None:
        """Say why the list cannot be shown (a known error's message and next step)."""
        self.problem.paragraphs[0].setText(problem_words(exc))
        self.stack.setCurrentWidget(self._holder)
        self.empty.hide()
        self.problem.show()
        self.showing.setText("")
        self.problem_shown()

    # ------------------------------------------------------------------ the detail full width

    def open_form(self) -> None:
        """Enter or double-click: the detail fills the page (room at 150% and 1366×768)."""
        if not self.full_form and self.splitter is not None:
            self._save_splitter()
            self.full_form = True
            for widget in (self.filter_bar, self.showing, self.splitter.widget(0)):
                widget.hide()
            self.set_detail_full(True)

    def close_form(self) -> None:
        """Esc: back to the list beside the detail, on the chosen row."""
        if self.full_form and self.splitter is not None:
            self.full_form = False
            for widget in (self.filter_bar, self.showing, self.splitter.widget(0)):
                widget.show()
            self.set_detail_full(False)
            self._restore_splitter()
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_detail_full(self, full: bool) -> None:
        """Tell the detail it fills the page (it shows a Back button, wider fields)."""

"""Risk register: the register table, the 5×5 heat map and the selected risk's details.

The table is the shared lazy model over ``RiskRegisterService.list_source()``: it opens on the
first 500 risks, highest current score first, and every sort and filter is a new SQL query,
so 2,000 risks (or 100,000) open as fast as 20. Scores show as band chips with their words
("Extreme 16"); the heat map counts the same risks per cell (SQL ``GROUP BY``), and a click
on a cell filters the table to it. The list wiring is ``views.common.list_page``'s.

Keys: Ctrl+N new risk, Ctrl+F search, Ctrl+S save, F5 refresh (the window's), Enter or a
double-click opens the risk over the whole page, Esc goes back; both splitters are remembered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from collections.abc import Hashable
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QSettings
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.list_base import ListTexts
from vpr_desktop.views.common.list_base import link_tab_order
from vpr_desktop.views.common.list_base import new_button
from vpr_desktop.views.common.list_page import ListPage
from vpr_desktop.views.common.page import page_layout
from vpr_desktop.views.common.table_model import LazyTableModel
from vpr_desktop.views.common.table_model import ModelIndex
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.navigation import PageSpec
from vpr_desktop.views.risks.columns import COLUMN_ORDER
from vpr_desktop.views.risks.columns import size_register_columns
from vpr_desktop.views.risks.files import RegisterFiles
from vpr_desktop.views.risks.filters import RiskFilterBar
from vpr_desktop.views.risks.layout import RegisterLayout
from vpr_desktop.views.risks.listing import RiskListPanel
from vpr_desktop.views.risks.widgets import name_popups

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services
    from vpr_desktop.views.risks.detail import RiskDetailPanel
    from vpr_desktop.views.risks.import_dialog import ImportDialog

NOTHING_SELECTED_HINT = (
    "Select a risk in the register to see and change it here, or press New risk (Ctrl+N)."
)
EMPTY_HEADING = "No risk assessments yet"
EMPTY_LINES = [
    "Violence and aggression risk assessments appear here, highest current score first, "
    "with a heat map, their controls and their reviews.",
    "Next step: New risk (Ctrl+N) to assess one, or Import… to bring in an existing register "
    "from a CSV or Excel file.",
]


class RiskRegisterPage(RegisterFiles, RegisterLayout, ListPage):
    """The register as a list page, with the heat map above the table and the risk beside it.

    Signals:
        data_changed(): a risk was saved or risks were imported (the home summary recounts).
    """

    TEXTS = ListTexts(
        table_name="riskTable",
        table_label="Risk register",
        count_label="Number of risks shown",
        problem_heading="The risk register cannot be shown",
        empty_heading=EMPTY_HEADING,
        empty_lines=EMPTY_LINES,
        runner_name="Risk register task",
        splitter_name="riskSplitter",
    )
    COLUMN_ORDER = COLUMN_ORDER
    SELECT_FIRST = False

    def __init__(
        self,
        spec: PageSpec,
        services: Services,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self._today = today
        super().__init__(spec, services, parent, settings=settings)
        self.settings: QSettings | None = settings  # type: ignore[assignment]  # None: remember nothing

    def setup(self) -> None:
        self.service: Any = None
        self.source: Any = None
        self.matrix: Any = None
        self._detail: RiskDetailPanel | None = None  # built on first use: see ``detail``
        self._choices: Any = None  # the form's, read when the form is built
        self._locations: Any = ()
        self.import_dialog: ImportDialog | None = None
        self.cell: tuple[int, int] | None = None
        self.register_total = 0
        self.last_export: Any = None
        self._open_mode = False
        self._restoring = False  # defaults being applied: not the user's choice to remember
        self._sizes_before_open: list[int] = []

        from vpr_desktop.domain.permissions import Permission

        actor, db = self.services.actor, self.services.db
        self.can_edit = actor.can(Permission.EDIT_RISKS) and not db.read_only
        self.can_import = self.can_edit and actor.can(Permission.IMPORT_DATA)
        self.read_only_reason = (
            "The database is open read-only, so risks can be read but not changed here."
            if db.read_only
            else "You can read the register; adding or changing risks needs the VPR lead role."
            if not self.can_edit
            else ""
        )

        self.import_button = QPushButton("Import…", self)
        self.import_button.setObjectName("importButton")
        self.import_button.setAccessibleName("Import risk assessments from a CSV or Excel file")
        self.import_button.clicked.connect(self.open_import)
        self.import_button.setVisible(self.can_import)
        self.export_button = push_button(
            "Export to Excel…",
            self,
            lambda: self.export_excel(),
            spoken="Export the register, as filtered, to Excel",
        )
        self.new_button = new_button("New risk", self.new_risk, self, visible=self.can_edit)
        self.new_button.setObjectName("newRisk")
        for button in (self.import_button, self.export_button, self.new_button):
            self.header.add_action(button)

        self.heat_runner = JobRunner(self, name="Heat map task")
        self.heat_runner.setObjectName("heatMapRunner")
        self.list_panel = RiskListPanel()
        panel = self.list_panel  # its parts, by the names the rest of the page uses
        self.heat_map, self.heat_scroll = panel.heat_map, panel.heat_scroll
        self.heat_toggle, self.list_splitter = panel.heat_toggle, panel.splitter
        self.heat_map.cell_activated.connect(self.filter_to_cell)
        self.heat_map.which_changed.connect(self._which_changed)
        self.heat_map.clear_requested.connect(self.clear_cell)
        self.heat_toggle.toggled.connect(self._show_heat_map)
        panel.open_requested.connect(self.open_row)
        # The editor is built once the register has painted (it is not needed for the first
        # look, and is a third of the page's widgets), or at once if something needs it.
        panel.painted.connect(lambda: QTimer.singleShot(0, self._ensure_detail))

    def make_filter_bar(self) -> RiskFilterBar:
        bar = RiskFilterBar(self, today=self._today)
        bar.status_changed.connect(self.load_heat_map)
        self.status_box, self.location_box = bar.status_box, bar.location_box
        self.band_box, self.overdue_box, self.above_box = (
            bar.band_box,
            bar.overdue_box,
            bar.above_box,
        )
        return bar

    def make_count_label(self) -> QLabel:
        return self.list_panel.showing

    def make_table(self) -> QTableView:
        return self.list_panel.table  # Enter and double-click: ``open_requested``

    def list_side(self) -> QWidget:
        return self.list_panel

    def make_detail(self) -> QWidget:
        self.detail_holder = QFrame()
        self.detail_holder.setObjectName("detailPanel")
        holder_layout = QVBoxLayout(self.detail_holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        return self.detail_holder

    def build(self) -> None:
        assert self.splitter is not None
        self.splitter.setChildrenCollapsible(True)
        self.splitter.setCollapsible(0, True)
        self.splitter.setCollapsible(1, True)
        self.splitter.splitterMoved.connect(lambda _pos, _index: self._save_splitters())
        self.list_splitter.splitterMoved.connect(lambda _pos, _index: self._save_splitters())
        if self.can_import:
            empty_import = push_button(
                "Import…", self.empty, self.open_import, spoken="Import an existing risk register"
            )
            self.empty.add_button(empty_import)
        if self.can_edit:
            self.empty.add_button(new_button("New risk", self.new_risk, self.empty, tooltip=""))
        if self.read_only_reason:
            self.empty.paragraphs[-1].setText(self.read_only_reason)

        layout = page_layout(self)
        layout.setSpacing(12)
        for widget in (self.header, self.filter_bar, self.runner, self.heat_runner):
            layout.addWidget(widget)
        layout.addWidget(self.stack, 1)

        self.shortcuts: dict[str, QShortcut] = {}
        for keys, slot in (("Ctrl+N", self.new_risk), ("Ctrl+S", self.save)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # only while page shows
            shortcut.activated.connect(slot)
            self.shortcuts[keys] = shortcut
        # Reading order: header actions, filters, heat map (its cells are one stop), the
        # "Show heat map" line, the table, then the detail panel (linked when it is built).
        link_tab_order(
            [
                self.import_button,
                self.export_button,
                self.new_button,
                *self.filter_bar.tab_chain(),
                self.heat_map.current_button,
                self.heat_map.target_button,
                self.heat_map.clear_button,
                *self.heat_map.cells.values(),
                self.heat_toggle,
                self.table,
            ]
        )

    # ================================================================== page interface

    def refresh(self) -> None:
        if self.model is None:
            self.open_list()
            return
        self._reload_shown(say_kept=True)

    def live_refresh(self) -> None:
        """Someone else saved: the register, heat map and the open risk (unless it has unsaved
        changes: a save then offers to compare, see ``RiskDetailPanel``)."""
        if self.model is not None:
            self._reload_shown(say_kept=False)

    def _reload_shown(self, *, say_kept: bool) -> None:
        self.reload_all()
        if self._detail is not None and self._detail.mode == "edit":
            if not self._detail.has_changes():
                self._detail.reload()
            elif say_kept:
                self.runner.note.emit("The open risk has unsaved changes, so it was not reloaded.")

    def focus_search(self) -> bool:
        if self.stack.currentWidget() is not self.splitter:
            return False
        return super().focus_search()

    def make_source(self) -> Any:
        service = self.services.risk_register()
        matrix = service.matrix()
        # The filter bar's locations only: the form's choices (past activities, a DISTINCT
        # over every risk) are read when the form is built, after the register has painted.
        self._locations = service.locations()
        self.source = service.list_source()
        self.service, self.matrix = service, matrix
        return self.source

    def prepare(self, source: Any) -> None:
        self.filter_bar.fill(self._locations, self.matrix)
        name_popups(self)
        self.detail_hint = label(NOTHING_SELECTED_HINT, self.detail_holder, name="mutedText")
        self.detail_holder.layout().addWidget(self.detail_hint)
        self.detail_holder.layout().setContentsMargins(16, 16, 16, 16)
        self.detail_holder.layout().addStretch(1)

    def size_columns(self, model: LazyTableModel) -> None:
        panel = self.list_panel
        char = panel.fontMetrics().averageCharWidth()
        size_register_columns(panel.table, model, self.matrix, char)

    def list_opened(self, model: LazyTableModel) -> None:
        request = model.request
        if model.total > 0 and not request.filters and not request.search.strip():
            # Nothing narrows the list: the model's own count is the register's, so the
            # first paint does not wait for the same count twice. (A failed load counts 0:
            # then, as for an empty register, the register is counted on its own.)
            self.register_total = model.total
        else:
            self._count_register()
        self.load_heat_map()
        self.layout().activate()  # real sizes, even on the page's first showing
        self._restore_splitters()
        if self.matrix is not None and self.service.matrix_problem:
            self.runner.note.emit(self.service.matrix_problem)

    @property
    def detail(self) -> RiskDetailPanel | None:
        """The detail panel, built the first time anything needs it (None before opening)."""
        if self._detail is None and self.service is not None:
            self._build_detail()
        return self._detail

    def _ensure_detail(self) -> None:
        _ = self.detail

    def _build_detail(self) -> None:
        from vpr_desktop.views.risks.detail import RiskDetailPanel

        if self._choices is None:
            self._choices = self.service.choices()
        panel = RiskDetailPanel(
            self.service,
            self.matrix,
            self._choices,
            can_edit=self.can_edit,
            read_only_reason=self.read_only_reason,
            parent=self.detail_holder,
            today=self._today,
        )
        panel.saved.connect(self._risk_saved)
        panel.close_requested.connect(self.close_detail)
        panel.note.connect(self.runner.note)
        holder = self.detail_holder.layout()
        while holder.count():  # the hint and stretch that stood in for it
            item = holder.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        holder.setContentsMargins(0, 0, 0, 0)
        holder.addWidget(panel)
        panel.show()  # at once: built after the page painted, Qt would leave it hidden
        name_popups(panel)
        self.setTabOrder(self.table, panel)
        self._detail = panel

    def _show_heat_map(self, shown: bool) -> None:
        if not shown and self.cell is not None:
            self.clear_cell()  # no filter left behind that nothing on screen shows
        self._save_splitters()

    # ================================================================== filters

    def filters(self) -> dict[str, Any]:
        """The list request's filters: the filter bar's and the heat-map cell."""
        out = self.filter_bar.filters()
        if self.cell is not None:
            out["cell"] = (*self.cell, self.heat_map.which)
        return out

    def show_view(self, view: str) -> bool:
        """A Home card's or the sidebar badge's rows (``overdue``, ``control_overdue``,
        ``attention``): every other filter and the heat-map cell cleared."""
        self.cell = None
        self.heat_map.set_selected(None)
        return self.filter_bar.show_view(view)

    def _which_changed(self, _which: str) -> None:
        self.cell = None  # a cell of the other map means something else
        self.heat_map.set_selected(None)
        self._apply_filters()
        self.load_heat_map()

    def filter_to_cell(self, likelihood: int, consequence: int) -> None:
        """A heat-map cell was chosen: list its risks (choosing it again clears it)."""
        chosen = (likelihood, consequence)
        self.cell = None if self.cell == chosen else chosen
        self.heat_map.set_selected(self.cell)
        self._apply_filters()

    def clear_cell(self) -> None:
        self.cell = None
        self.heat_map.set_selected(None)
        self._apply_filters()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # ================================================================== loading

    def load_heat_map(self) -> None:
        """Count the heat map's cells off the GUI thread (a GROUP BY answered from an index,
        migration 0010), on a runner of its own so it never waits behind, or cancels, a list
        load, a save or an export. A newer request replaces one still running, so the map
        always ends with the filters last chosen."""
        if self.service is None:
            return
        service, which = self.service, self.heat_map.which
        statuses, noun = self.filter_bar.statuses(), self.filter_bar.noun()
        self.heat_runner.start(
            lambda _progress, _cancelled: service.heat_map(which, statuses),
            label="Counting the heat map…",
            on_done=lambda heat: self.heat_map.set_heat(heat, noun),
            on_error=self._heat_map_failed,
            quiet=True,
        )

    def _heat_map_failed(self, exc: BaseException) -> None:
        from vpr_desktop.domain.errors import VprError

        if isinstance(exc, VprError):
            self.runner.note.emit(f"The heat map could not be loaded: {exc.message}")
        else:
            self.known_error(exc)  # an unknown failure goes to the crash report

    def _count_register(self) -> None:
        from vpr_desktop.domain.errors import VprError
        from vpr_desktop.services.common.paging import PageRequest

        try:
            self.register_total = self.source.count(PageRequest())
        except VprError:
            self.register_total = 1  # unknown: show the list (and its own message)

    def reload_all(self) -> None:
        """After a change: the list (same request), the heat map, the emptiness check."""
        if self.model is None:
            return
        self._count_register()
        self.reload_keeping_selection()
        self.load_heat_map()

    def kept_key(self) -> Hashable | None:
        """The risk the detail panel shows, if any."""
        if self._detail is None or self._detail.detail is None:
            return None
        return self._detail.detail.id

    def risk_id_at(self, row: int) -> int | None:
        key = self.key_at(row)
        return None if key is None else int(str(key))

    def is_empty_list(self, total: int) -> bool:
        return self.register_total == 0 and (self._detail is None or self._detail.mode == "none")

    def empty_shown(self, empty: bool, total: int) -> None:
        self.filter_bar.setVisible(not empty)
        self.export_button.setEnabled(not empty)
        self.export_button.setToolTip("There is nothing to export yet" if empty else "")

    def count_text(self, loaded: int, total: int) -> str:
        """ "Showing 500 of 1,825 risks", with what narrows it and how to open one."""
        text = (
            f"Showing {loaded:,} of {plural(total, 'risk')}"
            if total
            else "No risks match these filters"
        )
        if term := self.search.text().strip():
            text += f" matching “{term}”"
        if self.cell:
            text += f" in the heat-map cell {self.heat_map.selection_words()}"
        if total and self.splitter is not None and self.splitter.sizes()[-1] == 0:
            text += " · Enter opens the selected risk"
        return text

    # ================================================================== the detail panel

    def row_selected(self, key: Hashable, current: ModelIndex, previous: ModelIndex) -> None:
        if self.detail is None:
            return
        risk_id = self.risk_id_at(current.row())
        shown = self.detail.detail
        if risk_id is None or (
            shown is not None and shown.id == risk_id and self.detail.mode == "edit"
        ):
            return

        def back() -> None:  # kept editing: the selection goes back to the risk being edited
            if previous.isValid():
                self.table.selectionModel().blockSignals(True)
                self.table.selectRow(previous.row())
                self.table.selectionModel().blockSignals(False)

        if self.detail.is_busy() or self.detail.has_changes():
            from vpr_desktop.views.common.dialogs import confirm

            if self.detail.is_busy():
                self.runner.note.emit("Wait for the save to finish first.")
                back()
                return
            back()
            what = (
                shown.row.reference
                if shown is not None and self.detail.mode == "edit"
                else "the new risk"
            )
            confirm(
                self,
                "Discard your changes?",
                f"You have changed {what} without saving. Discard your changes and open "
                "another risk?",
                "Discard changes",
                lambda: self._select_and_load(current.row(), risk_id),
            )
            return
        self.detail.load(risk_id)

    def _select_and_load(self, row: int, risk_id: int) -> None:
        if self.detail is None:
            return
        self.detail.load(risk_id)
        self.table.selectRow(row)

    def open_row(self, index: QModelIndex) -> None:
        """Enter or double-click: the selected risk over the whole page, cursor in its form."""
        if self.detail is None or not index.isValid():
            return
        risk_id = self.risk_id_at(index.row())
        if risk_id is None:
            return
        shown = self.detail.detail
        if shown is None or shown.id != risk_id or self.detail.mode != "edit":
            if self.detail.has_changes():
                return  # the selection handler has asked already
            if not self.detail.load(risk_id):
                return
        self._enter_open_mode()

    def new_risk(self) -> None:
        if not self.can_edit or self.detail is None or not self.isVisible():
            return

        def start() -> None:
            assert self.detail is not None
            self.stack.setCurrentWidget(self.splitter)
            self.table.clearSelection()
            self.detail.new_risk()
            self._enter_open_mode()

        self.detail.confirm_leave(start)

    def save(self) -> None:
        if self._detail is not None and self.isVisible():
            self._detail.save()

    def _enter_open_mode(self) -> None:
        assert self.detail is not None
        if not self._open_mode:
            self._save_splitters()
            self._sizes_before_open = self.splitter.sizes()
            self._open_mode = True
        total = sum(self.splitter.sizes()) or self.width()
        self.splitter.setSizes([0, total])
        self.detail.set_open(True)
        self.detail.focus_first_field()

    def close_detail(self) -> None:
        """Esc / Back: the register again, with the cursor on the risk's row."""
        if self._detail is None:
            return
        if self.detail.mode == "new" and not self.detail.has_changes():
            self.detail.show_nothing()
        if self._open_mode:
            self._open_mode = False
            self.splitter.setSizes(self._sizes_before_open or [2, 1])
            self.detail.set_open(False)
        if self.register_total == 0 and self.detail.mode == "none":
            self._update_count(0, 0)
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _risk_saved(self, detail: Any) -> None:
        self.reload_all()
        self.data_changed.emit()
        row = self.row_of(detail.id)
        if row >= 0:
            self.table.scrollTo(self.model.index(row, 0))  # type: ignore[union-attr]

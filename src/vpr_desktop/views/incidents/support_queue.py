"""Support queue: the open post-incident support steps, overdue first.

The list is the window's lazy table over ``IncidentService.support_queue()`` (sorted by due
time, so overdue steps come first), filtered by overdue only, step type and owner role, and
searched by incident reference, person or location. "Mark done" and "Not needed…" (asks why)
run in the background; afterwards the list reloads and ``data_changed`` tells the window to
recount the home summary, and so the sidebar's "Support queue (n)" badge. "Open incident"
asks the window to show the incident on the Incidents page.

Overdue is said in words ("Overdue"), never by colour alone.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vpr_desktop.views.actions.dialogs import ReasonDialog
from vpr_desktop.views.actions.filters import captioned
from vpr_desktop.views.actions.forms import FlowLayout, name_combo_lists
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.page import Page, page_layout
from vpr_desktop.views.common.table_model import LazyTableModel, ModelIndex
from vpr_desktop.views.common.widgets import EmptyState, label
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.navigation import PageSpec

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services

SEARCH_DELAY_MS = 250
MAX_COLUMN_CHARS = 30
EMPTY_HEADING = "No support steps are open"
EMPTY_LINES = [
    "When an incident is recorded, the trust's support pathway creates steps for each member "
    "of staff affected: a welfare check, manager contact, an offer of occupational health, a "
    "peer conversation, feedback to the reporter…",
    "Open steps are listed here, overdue first. Next step: record an incident on the "
    "Incidents page (New incident).",
]


class SupportQueueModel(LazyTableModel):
    """The lazy model, with "Overdue" / "Not yet due" in words."""

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role
            in (
                Qt.ItemDataRole.DisplayRole,
                Qt.ItemDataRole.AccessibleTextRole,
                Qt.ItemDataRole.ToolTipRole,
            )
            and index.isValid()
            and self.columns[index.column()].key == "overdue"
        ):
            return "Overdue" if self.row_values(index.row())[index.column()] else "Not yet due"
        return super().data(index, role)


class SupportQueuePage(Page):
    """Signals:
    data_changed(): a step was written (the window recounts the badges).
    open_incident(int): show this incident on the Incidents page.
    """

    data_changed = Signal()
    open_incident = Signal(int)

    def __init__(self, spec: PageSpec, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.services = services
        self.model: SupportQueueModel | None = None
        self._source: Any = None
        self.service: Any = None
        self.can_edit = services.actor.can("edit_incidents")  # type: ignore[arg-type]
        self.open_dialog: ReasonDialog | None = None

        self.runner = JobRunner(self, name="Recording a support step")
        self.runner.busy_changed.connect(lambda _b: self._update_buttons())
        char = self.fontMetrics().averageCharWidth()

        bar = QWidget(self)
        bar.setObjectName("filterBar")
        flow = FlowLayout(bar, spacing=12)
        self.search = QLineEdit(bar)
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText("Search incident, staff member or location")
        self.search.setAccessibleName("Search support steps")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(char * 42)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._apply_filters)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._apply_filters)
        self.overdue = QCheckBox("Overdue only", bar)
        self.overdue.setAccessibleName("Overdue only")
        self.overdue.toggled.connect(self._apply_filters)
        self.step_type = QComboBox(bar)
        self.step_type.setAccessibleName("Step")
        self.step_type.addItem("All steps", None)
        self.owner_role = QComboBox(bar)
        self.owner_role.setAccessibleName("Owner")
        self.owner_role.addItem("All owners", None)
        for combo in (self.step_type, self.owner_role):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(char * 36)
            combo.currentIndexChanged.connect(self._apply_filters)
        flow.add(self.search)
        flow.add(self.overdue)
        flow.add(captioned("Step", self.step_type, bar))
        flow.add(captioned("Owner", self.owner_role, bar))
        self.filter_bar = bar

        self.showing = label("", self, name="resultCount", wrap=False)
        self.showing.setAccessibleName("Number of support steps shown")

        self.table = QTableView(self)
        self.table.setObjectName("supportTable")
        self.table.setAccessibleName("Open support steps")
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
        self.table.activated.connect(lambda _i: self.open_selected_incident())
        self.table.doubleClicked.connect(lambda _i: self.open_selected_incident())

        self.done_button = QPushButton("Mark done", self)
        self.done_button.setProperty("primary", True)
        self.done_button.setAccessibleName("Mark the selected step done now")
        self.done_button.clicked.connect(self.mark_done)
        self.not_needed_button = QPushButton("Not needed…", self)
        self.not_needed_button.setAccessibleName(
            "Mark the selected step not needed (asks for a reason)"
        )
        self.not_needed_button.clicked.connect(self.ask_not_needed)
        self.open_button = QPushButton("Open incident", self)
        self.open_button.setAccessibleName("Open the incident of the selected step")
        self.open_button.clicked.connect(self.open_selected_incident)
        self.selected_text = label("", self, name="mutedText")
        self.selected_text.setAccessibleName("Selected step")
        actions = QWidget(self)
        actions_flow = FlowLayout(actions, spacing=8)
        for button in (self.done_button, self.not_needed_button, self.open_button):
            actions_flow.add(button)
        self.note = label("", self, name="fieldHint", selectable=True)
        self.note.setAccessibleName("Last change")

        self.empty = EmptyState(EMPTY_HEADING, EMPTY_LINES, self)
        self.problem = EmptyState("The support queue cannot be shown", [""], self)
        holder = QWidget(self)
        holder_box = QVBoxLayout(holder)
        holder_box.setContentsMargins(0, 0, 0, 0)
        holder_box.addWidget(self.empty)
        holder_box.addWidget(self.problem)
        holder_box.addStretch(1)
        self._holder = holder
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(holder)

        layout = page_layout(self)
        layout.setContentsMargins(24, 14, 24, 12)
        layout.setSpacing(8)
        layout.addWidget(self.header)
        layout.addWidget(self.runner)
        layout.addWidget(bar)
        layout.addWidget(self.showing)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.selected_text)
        layout.addWidget(actions)
        layout.addWidget(self.note)
        for before, after in pairwise(
            [
                self.search,
                self.overdue,
                self.step_type,
                self.owner_role,
                self.table,
                self.done_button,
                self.not_needed_button,
                self.open_button,
            ]
        ):
            QWidget.setTabOrder(before, after)
        self._update_buttons()

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
            self.service = self.services.incidents()
            choices = self.service.choices()
            source = self.service.support_queue()
            for choice in choices.step_types:
                self.step_type.addItem(choice.label, choice.key)
            for choice in choices.owner_roles:
                self.owner_role.addItem(choice.label, choice.key)
            name_combo_lists(self)
            model = SupportQueueModel(source, self, fetch_now=False)
            model.set_filters(self.filters())
            if not model.request.filters:
                model.reload()
        except VprError as exc:
            self._show_problem(exc)
            return
        self.model = model
        self._source = source
        model.loaded.connect(self._update_count)
        model.load_failed.connect(self._show_problem)
        model.modelReset.connect(self.table.scrollToTop)
        model.modelReset.connect(self._update_buttons)
        self.table.setModel(model)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(40)
        char = self.fontMetrics().averageCharWidth()
        for i, _column in enumerate(model.columns):
            content = self.table.sizeHintForColumn(i) + 16
            header.resizeSection(
                i, max(header.sectionSizeHint(i), min(content, char * MAX_COLUMN_CHARS))
            )
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

    def filters(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.overdue.isChecked():
            out["overdue"] = True
        if (step := self.step_type.currentData()) is not None:
            out["step_type"] = step
        if (owner := self.owner_role.currentData()) is not None:
            out["owner_role"] = owner
        return out

    def _apply_filters(self, *_args: object) -> None:
        self._timer.stop()
        if self.model is None:
            return
        self.model.set_filters(self.filters())
        self.model.set_search(self.search.text())
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    def _update_count(self, loaded: int, total: int) -> None:
        filtered = bool(self.filters()) or bool(self.search.text().strip())
        if total == 0 and not filtered:
            self.stack.setCurrentWidget(self._holder)
            self.empty.show()
            self.problem.hide()
            self.showing.setText("")
            return
        self.stack.setCurrentWidget(self.table)
        if total == 0:
            text = "No open steps match these filters."
        else:
            text = f"Showing {loaded:,} of {plural(total, 'open step')}"
            if self.overdue.isChecked():
                text = f"Showing {loaded:,} of {plural(total, 'overdue step')}"
        self.showing.setText(text)
        self.showing.setAccessibleName(text)

    def _show_problem(self, exc: object) -> None:
        message = getattr(exc, "message", str(exc))
        next_step = getattr(exc, "next_step", "")
        self.problem.paragraphs[0].setText(f"{message} {next_step}".strip())
        self.stack.setCurrentWidget(self._holder)
        self.empty.hide()
        self.problem.show()
        self.showing.setText("")
        self._update_buttons()

    # ------------------------------------------------------------------ the chosen step

    def selected(self) -> tuple[int, int, int, tuple[Any, ...]] | None:
        """(step id, step version, incident id, row) of the selected row."""
        model, source = self.model, self._source
        if model is None or source is None:
            return None
        chosen = self.table.selectionModel().selectedRows()
        if not chosen:
            return None
        row = model.row_values(chosen[0].row())
        return (
            int(row[source.STEP_ID_INDEX]),
            int(row[source.STEP_VERSION_INDEX]),
            int(row[source.INCIDENT_ID_INDEX]),
            row,
        )

    def _describe(self, row: tuple[Any, ...]) -> str:
        model = self.model
        assert model is not None

        def value(key: str) -> Any:
            return row[model.column_index(key)]

        from vpr_desktop.views.common.formatting import format_datetime

        state = "Overdue" if value("overdue") else "Due"
        return (
            f"{value('step')} for {value('person')} ({value('reference')}) – {state}: due "
            f"{format_datetime(value('due_by'))}"
        )

    def _update_buttons(self) -> None:
        chosen = self.selected()
        busy = self.runner.is_busy()
        for button in (self.done_button, self.not_needed_button):
            button.setVisible(self.can_edit)
            button.setEnabled(chosen is not None and not busy)
        self.open_button.setEnabled(chosen is not None)
        text = self._describe(chosen[3]) if chosen is not None else "No step selected."
        self.selected_text.setText(text)
        self.selected_text.setAccessibleName(f"Selected step: {text}")

    def open_selected_incident(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.open_incident.emit(chosen[2])

    # ------------------------------------------------------------------ writing

    def _run(self, write: Any, doing: str, done: str, dialog: ReasonDialog | None = None) -> None:
        if self.runner.is_busy():
            if dialog is not None:
                dialog.failed("Another change is still being saved; try again in a moment.")
            return

        def job(_progress: Any, _cancelled: Any) -> Any:
            return write()

        def succeeded(_result: Any) -> None:
            if dialog is not None:
                dialog.done_ok()
            self.note.setText(done)
            self.note.setAccessibleName(done)
            if self.model is not None:
                self.model.reload()
                if self.model.rowCount():
                    self.table.selectRow(0)
            self._update_buttons()
            self.data_changed.emit()

        def failed(exc: BaseException) -> None:
            from vpr_desktop.domain.errors import ConflictError, VprError

            if not isinstance(exc, VprError):
                if dialog is not None:
                    dialog.failed("Something went wrong; nothing was saved.")
                from vpr_desktop.views.crash import report_error

                report_error(exc, self)
                return
            text = f"{exc.message} {exc.next_step}".strip()
            if isinstance(exc, ConflictError):
                text = (
                    "Someone else changed this step after the list was loaded, so nothing "
                    "was saved. The list has been reloaded; check the step and try again."
                )
                if self.model is not None:
                    self.model.reload()
            if dialog is not None:
                dialog.failed(text)
            self.note.setText(text)
            self.note.setAccessibleName(text)
            self._update_buttons()

        self.runner.start(
            job,
            label=doing,
            on_done=succeeded,
            on_error=failed,
            purpose="write",
            cancellable=False,
            done_note=done,
        )
        self._update_buttons()

    def mark_done(self) -> None:
        chosen = self.selected()
        if chosen is None or self.service is None or not self.can_edit:
            return
        step_id, version, _iid, row = chosen
        service = self.service
        what = self._describe(row).split(" – ")[0]
        self._run(
            lambda: service.complete_step(step_id, expected_version=version),
            "Recording the step as done…",
            f"Done: {what}.",
        )

    def ask_not_needed(self) -> ReasonDialog | None:
        chosen = self.selected()
        if chosen is None or self.service is None or not self.can_edit:
            return None
        step_id, version, _iid, row = chosen
        what = self._describe(row).split(" – ")[0]
        dialog = ReasonDialog(
            "Mark the step not needed?",
            f"{what} leaves the queue. The reason is kept with the step and in the incident's "
            "timeline; the step can be reopened later.",
            "Why is it not needed (or declined)?",
            "Mark not needed",
            self,
            back="Keep it open",
        )
        dialog.needed.setText("A reason is needed; it is kept with the step.")
        service = self.service

        def submitted(values: tuple[str, Any]) -> None:
            reason, _side = values
            self._run(
                lambda: service.mark_not_needed(step_id, reason, expected_version=version),
                "Recording the step as not needed…",
                f"Not needed: {what}.",
                dialog=dialog,
            )

        dialog.submitted.connect(submitted)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "open_dialog", None))
        self.open_dialog = dialog
        dialog.open()
        return dialog

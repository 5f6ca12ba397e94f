"""Self-assessment: a cycle's domain → indicator tree with RAG chips and counts, the indicator
editor beside it, progress in words, filters, a "Compare cycles" tab and a "Crosswalk" tab
(the 2020 → 2024 links, confirmed one by one).

Every figure comes from ``AssessmentService.tree``/``summary``/``compare`` (the one summary the
packs and the export use), loaded in background jobs; the page never counts on its own.
Keys: Ctrl+S saves the indicator, Ctrl+F goes to the search box, F5 reloads (the window's).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import CycleStatus
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import Side
from vpr_desktop.services.assessment.records import TreeFilter
from vpr_desktop.views.assessment.chart_figures import progress_lines
from vpr_desktop.views.assessment.chart_figures import progress_spec
from vpr_desktop.views.assessment.charts import ChartPanel
from vpr_desktop.views.assessment.common import WORKING_SUMMARY_NOTE
from vpr_desktop.views.assessment.common import counts_text
from vpr_desktop.views.assessment.common import cycle_status_text
from vpr_desktop.views.assessment.common import refusal_words
from vpr_desktop.views.assessment.compare import ComparePanel
from vpr_desktop.views.assessment.crosswalk import CrosswalkPanel
from vpr_desktop.views.assessment.cycle import NewCycleDialog
from vpr_desktop.views.assessment.editor import IndicatorEditor
from vpr_desktop.views.assessment.statement import StatementPanel
from vpr_desktop.views.assessment.tree import indicator_tree
from vpr_desktop.views.assessment.tree_filter import TreeFilterBar
from vpr_desktop.views.assessment.tree_model import RATING_ID
from vpr_desktop.views.assessment.tree_model import IndicatorTreeModel
from vpr_desktop.views.common.filter_bar import captioned
from vpr_desktop.views.common.flow import FlowLayout
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.page import ServicesPage
from vpr_desktop.views.common.page import page_layout
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.split_memory import SplitMemory
from vpr_desktop.views.common.widgets import EmptyState
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.worker import CancelledFn
from vpr_desktop.views.common.worker import JobRunner
from vpr_desktop.views.common.worker import ProgressFn
from vpr_desktop.views.risks.widgets import name_popups

SETTINGS_SPLITTER = "pages/assessment/splitter"
#: How the tree and the editor share the width until the person drags the handle.
TREE_SHARE, EDITOR_SHARE = 2, 3
#: The indicators' tabs are at least this many lines tall; a shorter page scrolls instead.
TABS_MIN_LINES = 20


class AssessmentPage(ServicesPage):
    DEFAULT_SETTINGS = False  # remembers nothing unless the window gives settings

    def build_page(self) -> None:
        services = self.services
        self.cycles: list[Any] = []
        self.tree_data: Any = None
        self._loaded = False
        self._select_after: int | None = None
        self._select_cycle: int | None = None
        self.created: Any = None  # the last CreatedCycle made from this page

        from vpr_desktop.domain.permissions import Permission

        self.can_edit = services.actor.can(Permission.EDIT_ASSESSMENT) and not services.db.read_only
        reason = (
            "The database is open read-only."
            if services.db.read_only
            else "You can read the assessment; rating indicators needs the VPR lead role."
        )

        # ------------------------------------------------------------ cycle bar
        self.cycle_box = QComboBox(self)
        self.cycle_box.setAccessibleName("Assessment cycle")
        self.cycle_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.cycle_box.currentIndexChanged.connect(lambda _i: self.load_tree())
        self.status = label("", self, name="cycleStatus", selectable=True)
        self.mark = label(WORKING_SUMMARY_NOTE, self, name="workingSummaryMark")
        self.progress = label("", self, name="progressStrip", selectable=True)
        self.progress.setAccessibleName("Progress")
        self.message = label("", self, name="pageMessage", selectable=True)
        self.message.setAccessibleName("Message")
        self.message.hide()

        # ------------------------------------------------------------ cycle workflow
        self.can_sign = (
            services.actor.can(Permission.SIGN_OFF_ASSESSMENT) and not services.db.read_only
        )
        self.new_button = push_button(
            "New cycle…", self, self.ask_new_cycle, spoken="Start a new assessment cycle…"
        )
        self.new_button.setVisible(self.can_edit)
        self.submit_button = push_button(
            "Submit for review", self, self.submit_for_review, spoken="Submit the cycle for review"
        )
        self.sign_management_button = push_button(
            "Sign off as management",
            self,
            lambda: self.sign_off(Side.MANAGEMENT),
            spoken="Sign off the cycle as the management lead (VPR lead)",
        )
        self.sign_staff_button = push_button(
            "Sign off as staff side",
            self,
            lambda: self.sign_off(Side.STAFF_SIDE),
            spoken="Sign off the cycle as the staff-side lead",
        )
        for button in (self.submit_button, self.sign_management_button, self.sign_staff_button):
            button.hide()

        # ------------------------------------------------------------ filters
        self.filters = TreeFilterBar(self)
        self.filters.changed.connect(self.load_tree)
        self.rag_box = self.filters.rag_box
        self.no_evidence = self.filters.no_evidence
        self.past_review = self.filters.past_review
        self.reconfirm = self.filters.reconfirm
        self.search = self.filters.search
        self.showing = label("", self, name="showingCount")

        # ------------------------------------------------------------ tree + editor
        self.model = IndicatorTreeModel(self)
        self.tree = indicator_tree(self.model, self)
        self.tree.selectionModel().currentRowChanged.connect(self._row_changed)

        self.editor = IndicatorEditor(
            services, self, can_edit=self.can_edit, cant_edit_reason=reason
        )
        self.editor.saved.connect(self._rating_saved)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("assessmentSplitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.editor)
        # The editor gets most of the width (wording, narrative, evidence and roles must fit
        # at 1366x768); the tree keeps enough to scan. Dragging the handle is remembered.
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, TREE_SHARE)
        self.splitter.setStretchFactor(1, EDITOR_SHARE)
        self.splitter.setSizes([TREE_SHARE * 100, EDITOR_SHARE * 100])
        self.split_memory = SplitMemory(self.splitter, self.settings, SETTINGS_SPLITTER)

        self.runner = JobRunner(self, name="Self-assessment task")
        self.loading_detail = JobRunner(self, name="Indicator loading task")
        self.compare = ComparePanel(services, self)
        self.crosswalk = CrosswalkPanel(services, self)
        self.progress_chart = ChartPanel("progressChart", self)
        self.can_load_standard = (
            services.actor.can(Permission.IMPORT_DATA) and not services.db.read_only
        )
        self.load_standard_button = push_button(
            "Load standard…",
            self,
            self.open_load_standard,
            spoken="Load or update a standard from a spreadsheet…",
        )
        self.load_standard_button.setVisible(self.can_load_standard)
        self.load_dialog: Any = None
        self.empty = EmptyState(
            "No assessment cycles yet",
            [
                "A cycle rates the trust against every indicator of an edition of the standard, "
                "with a narrative and evidence, and is signed off by both sides.",
                "Next step: New cycle… above starts one (so does the command line, vpr-desktop "
                "assessment), or open "
                "the demo database, which holds two demo cycles.",
            ],
            self,
        )

        rated = QWidget(self)
        vertical(rated, self.filters, self.showing, (self.splitter, 1), margins=(0, 8, 0, 0))
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Assessment views")
        self.tabs.tabBar().setAccessibleName("Indicators, Progress, Compare cycles or Crosswalk")
        self.tabs.addTab(rated, "Indicators")
        self.tabs.addTab(self.progress_chart, "Progress")
        self.tabs.addTab(self.compare, "Compare cycles")
        self.tabs.addTab(self.crosswalk, "Crosswalk")
        # The staff side's statement: a staff-side rep's own place to write it.
        self.statement: StatementPanel | None = None
        if Role.STAFF_SIDE_REP in services.actor.roles:
            self.statement = StatementPanel(services, self)
            self.tabs.addTab(self.statement, "Staff-side statement")
            self.tabs.tabBar().setAccessibleName(
                "Indicators, Progress, Compare cycles, Crosswalk or Staff-side statement"
            )
        self.tabs.currentChanged.connect(self._tab_changed)

        # The cycle, its status and the buttons wrap onto more lines (``FlowLayout``) when
        # the page is narrow (150% on a 1366×768 screen) rather than cutting the buttons' text.
        cycle_bar = QWidget(self)
        cycle_bar.setObjectName("cycleBar")
        cycle_row = FlowLayout(cycle_bar, spacing=12)
        cycle_row.add(captioned("Cycle", self.cycle_box, cycle_bar, name="cycleCaption"))
        self.status.setWordWrap(False)
        cycle_row.add(self.status)
        for button in (
            self.submit_button,
            self.sign_management_button,
            self.sign_staff_button,
            self.new_button,
            self.load_standard_button,
        ):
            cycle_row.add(button)
        # The page scrolls when it is short (150% on 1366x768): the tree and the editor keep
        # a usable height (TABS_MIN_LINES) rather than shrinking under the cycle's lines.
        content = QWidget(self)
        content.setObjectName("assessmentContent")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content, self))
        self.tabs.setMinimumHeight(self.fontMetrics().lineSpacing() * TABS_MIN_LINES)
        layout = page_layout(content)
        layout.setSpacing(8)
        layout.addWidget(self.header)
        layout.addWidget(cycle_bar)
        layout.addWidget(self.message)
        layout.addWidget(self.mark)
        layout.addWidget(self.progress)
        layout.addWidget(self.runner)
        layout.addWidget(self.empty)
        layout.addWidget(self.tabs, 1)
        self.empty.hide()

        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.editor.save)
        name_popups(self)

    # ------------------------------------------------------------ Page protocol
    def activated(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.refresh()

    def live_refresh(self) -> None:
        """Someone else changed the database: read the cycles again, unless an indicator's
        rating or narrative is being typed (its own save reloads the tree afterwards)."""
        if not self.editor.has_changes():
            self.refresh()

    def refresh(self) -> None:
        self.runner.read(
            lambda: self.services.assessment().list_cycles(),
            label="Loading assessment cycles…",
            on_done=self._cycles,
        )

    def focus_search(self) -> bool:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus()
        self.search.selectAll()
        return True

    # ------------------------------------------------------------ loading
    def _cycles(self, cycles: list[Any]) -> None:
        current = self.cycle_box.currentData()
        self.cycles = sorted(cycles, key=lambda c: (c.period_start, c.id), reverse=True)
        has = bool(self.cycles)
        self.empty.setVisible(not has)
        self.tabs.setVisible(has)
        self.cycle_box.blockSignals(True)
        self.cycle_box.clear()
        for cycle in self.cycles:
            self.cycle_box.addItem(f"{cycle.name} ({cycle.status_label})", cycle.id)
        wanted = self._select_cycle if self._select_cycle is not None else current
        self._select_cycle = None
        index = self.cycle_box.findData(wanted)
        self.cycle_box.setCurrentIndex(index if index >= 0 else 0)
        self.cycle_box.blockSignals(False)
        self.compare.set_cycles(self.cycles)
        if has:
            self.load_tree()
        else:
            self.status.setText("")
            self.progress.setText("")
            self.mark.hide()
            self._show_workflow(None)

    def current_filter(self) -> TreeFilter:
        return self.filters.current()

    def load_tree(self) -> None:
        cycle_id = self.cycle_box.currentData()
        if cycle_id is None:
            return
        if self.statement is not None and self.statement.cycle_id != cycle_id:
            self.statement.load(cycle_id)
        wanted = self.current_filter()

        self.runner.read(
            lambda: self.services.assessment().tree(cycle_id, wanted),
            label="Loading the assessment…",
            on_done=self.show_tree,
        )

    def show_tree(self, tree: Any) -> None:
        self.tree_data = tree
        summary = tree.summary
        cycle = summary.cycle
        self.status.setText(cycle_status_text(cycle))
        self._show_workflow(cycle)
        self.mark.setVisible(cycle.working_summary)
        overall = summary.overall
        self.progress.setText(
            f"{overall.percent_rated:g}% rated ({overall.rated} of "
            f"{plural(overall.total, 'indicator')}) · {counts_text(overall, summary.scale)} · "
            f"To re-confirm {summary.to_reconfirm + summary.carried_forward} · "
            f"No evidence {summary.no_evidence} · Evidence past review "
            f"{summary.evidence_past_review} · Open gap actions {summary.open_gap_actions}"
        )
        lines = progress_lines(summary)
        self.progress_chart.set_chart(
            (cycle.id, tuple(lines)),
            f"Ratings by domain: {cycle.name}",
            lines,
            lambda: progress_spec(summary),
        )
        selected = self.selected_rating_id()
        keep = self._select_after or selected
        self._select_after = None
        self.model.fill(tree)
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        self.tree.expandAll()
        self.showing.setText(
            f"Showing {plural(tree.shown, 'indicator')} of {tree.total}"
            + (" (filtered)" if tree.filter.active else "")
        )
        target = self.index_of(keep) if keep is not None else None
        if target is not None:
            self.tree.setCurrentIndex(target)
        elif self.editor.detail is not None and self.editor.detail.rating.cycle_id != cycle.id:
            self.editor.show_rating(None)

    # ------------------------------------------------------------ cycle workflow
    def signable_sides(self) -> set[Side]:
        """The sides the person may sign for: VPR lead → management, staff-side rep → staff."""
        if not self.can_sign:
            return set()
        roles = self.services.actor.roles
        return ({Side.MANAGEMENT} if Role.VPR_LEAD in roles else set()) | (
            {Side.STAFF_SIDE} if Role.STAFF_SIDE_REP in roles else set()
        )

    def _show_workflow(self, cycle: Any) -> None:
        status = cycle.status if cycle is not None else None
        sides = self.signable_sides() if status is CycleStatus.IN_REVIEW else set()
        signed = {
            Side.MANAGEMENT: getattr(cycle, "management_signed_by", None),
            Side.STAFF_SIDE: getattr(cycle, "staff_side_signed_by", None),
        }
        self.submit_button.setVisible(self.can_edit and status is CycleStatus.DRAFT)
        for side, button in (
            (Side.MANAGEMENT, self.sign_management_button),
            (Side.STAFF_SIDE, self.sign_staff_button),
        ):
            button.setVisible(side in sides and not signed[side])

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _failed(self, exc: BaseException) -> None:
        self.show_message(refusal_words(exc))

    def ask_new_cycle(self) -> None:
        """Load the editions, then ask for the new cycle's name, period and edition."""
        if not self.can_edit:
            return

        self.runner.read(
            lambda: self.services.standards().list_editions(),
            label="Loading the editions…",
            on_done=self._editions_loaded,
            on_error=self._failed,
        )

    def _editions_loaded(self, editions: list[Any]) -> NewCycleDialog | None:
        if not editions:
            self.show_message(
                "No edition of the standard is loaded yet, so there is nothing to assess against."
            )
            return None
        dialog = NewCycleDialog(editions, self.cycles, self)
        dialog.accepted.connect(lambda: self.create_cycle(**dialog.values()))
        from vpr_desktop.views.common.dialogs import headless

        if not headless():
            dialog.open()
        return dialog

    def create_cycle(
        self, edition: str, name: str, start: Any, end: Any, carry_from: int | None = None
    ) -> None:
        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> Any:
            return self.services.assessment().create_cycle(
                edition, name, start, end, carry_from=carry_from
            )

        self.runner.start(
            work,
            label=f"Creating {name}…",
            on_done=self._cycle_created,
            on_error=self._failed,
            cancellable=False,
            purpose="write",
        )

    def _cycle_created(self, created: Any) -> None:
        self.created = created
        carried = created.carried
        text = f"Started '{created.cycle.name}'."
        if carried is not None:
            text += (
                f" Carried forward from '{carried.from_cycle_name}': "
                f"{plural(carried.ratings, 'rating')}, "
                f"{plural(carried.narratives, 'narrative')}, "
                f"{plural(carried.evidence_links, 'evidence link')}."
            )
        self.show_message(text)
        self._select_cycle = created.cycle.id
        self.refresh()

    def open_load_standard(self) -> Any:
        """The "Load standard…" dialog: file, column mapping, preview, dry run, load."""
        if not self.can_load_standard:
            return None
        from vpr_desktop.views.assessment.standard_load import LoadStandardDialog
        from vpr_desktop.views.common.dialogs import headless

        dialog = LoadStandardDialog(self.services, self)
        dialog.loaded.connect(self._standard_loaded)
        self.load_dialog = dialog
        if not headless():
            dialog.open()
        return dialog

    def _standard_loaded(self, text: str) -> None:
        self.show_message(text)
        self.refresh()

    def submit_for_review(self) -> None:
        cycle_id = self.cycle_box.currentData()
        if cycle_id is None:
            return

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> Any:
            return self.services.assessment().submit_for_review(cycle_id)

        self.runner.start(
            work,
            label="Submitting the cycle for review…",
            on_done=lambda c: self._workflow_done(c, "Submitted for review."),
            on_error=self._failed,
            cancellable=False,
            purpose="write",
        )

    def sign_off(self, side: Side) -> None:
        cycle_id = self.cycle_box.currentData()
        if cycle_id is None:
            return
        words = "management" if side is Side.MANAGEMENT else "staff side"

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> Any:
            return self.services.assessment().sign_off(cycle_id, side)

        self.runner.start(
            work,
            label=f"Signing off as {words}…",
            on_done=lambda c: self._workflow_done(c, f"Signed as {words}."),
            on_error=self._failed,
            cancellable=False,
            purpose="write",
        )

    def _workflow_done(self, cycle: Any, text: str) -> None:
        self.show_message(f"{text} '{cycle.name}' is now {cycle.status_label.lower()}.")
        self.refresh()  # the picker's labels carry the status; the tree reloads after

    # ------------------------------------------------------------ queries for tests/selection
    def index_of(self, rating_id: int) -> QModelIndex | None:
        return self.model.index_of(rating_id)

    def selected_rating_id(self) -> int | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        return index.siblingAtColumn(0).data(RATING_ID)

    def domain_rows(self) -> list[tuple[str, str]]:
        """(title, counts text) of every domain row, as shown."""
        return self.model.domain_rows()

    def chip_text(self, rating_id: int) -> str:
        index = self.index_of(rating_id)
        return "" if index is None else str(index.siblingAtColumn(1).data() or "")

    def select_rating(self, rating_id: int) -> None:
        index = self.index_of(rating_id)
        if index is not None:
            self.tree.setCurrentIndex(index)

    # ------------------------------------------------------------ editor
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        rating_id = current.siblingAtColumn(0).data(RATING_ID) if current.isValid() else None
        if rating_id is None:
            self.editor.show_rating(None)
            return

        self.loading_detail.read(
            lambda: self.services.assessment().rating(rating_id),
            label="Loading the indicator…",
            on_done=self._detail_loaded,
        )

    def _detail_loaded(self, detail: Any) -> None:
        summary = self.tree_data.summary if self.tree_data is not None else None
        self.editor.show_rating(
            detail, summary.scale if summary else (), summary.cycle if summary else None
        )

    def _rating_saved(self, view: Any) -> None:
        if view is not None:
            self._select_after = view.id
        self.load_tree()
        self.compare.load()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.compare and self.compare.comparison is None:
            self.compare.load()
        if self.tabs.widget(index) is self.crosswalk and self.crosswalk.items is None:
            self.crosswalk.load()

"""The Compliance tab: training compliance against target, by course and in detail.

Filters (course, location, staff group, "as of" date) sit above a chart of compliance per
course with each target marked, the same figures in a "By course" table beside it (with how
many required assignments expire within 30, 60 and 90 days), and the detail table — one row
per course x location x staff group — below. Every status is in words ("Below target").

Double-click or Enter on a row lists the names behind it (not compliant, and expiring within
30 days) for a role that may see names; for any other role the tab says names are not
available. Everything is read on the read pool (compliance over the large demo's 116,000
training records is a few tenths of a second), so the window never waits on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.actions.forms import name_combo_lists
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.page import scrolling
from vpr_desktop.views.common.widgets import EmptyState
from vpr_desktop.views.common.widgets import horizontal
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.training.chart import ComplianceChart
from vpr_desktop.views.training.common import TrainingTab
from vpr_desktop.views.training.compliance_columns import COURSE_COLUMNS
from vpr_desktop.views.training.compliance_columns import DETAIL_COLUMNS
from vpr_desktop.views.training.compliance_columns import CourseLine
from vpr_desktop.views.training.compliance_data import ComplianceData
from vpr_desktop.views.training.compliance_data import fetch_compliance
from vpr_desktop.views.training.compliance_data import summary_text
from vpr_desktop.views.training.compliance_filters import ComplianceFilters
from vpr_desktop.views.training.models import ROW_ROLE
from vpr_desktop.views.training.models import Reflow
from vpr_desktop.views.training.models import RowsModel
from vpr_desktop.views.training.models import fit_columns
from vpr_desktop.views.training.models import make_table
from vpr_desktop.views.training.names import NamesDialog

NAMES_HINT = "Double-click a row, or select it and press Enter, to see the names behind it."
NO_NAMES = (
    "Names are not available to your role: this tab shows numbers only. Ask the VPR "
    "lead for the names behind a row."
)


class ComplianceTab(ComplianceFilters, TrainingTab):
    """Signals:
    import_requested(str): the empty state's "Import staff list…" / "Import training…".
    """

    import_requested = Signal(str)

    NAME = "trainingCompliance"
    LOADING = "Counting training compliance…"

    def build(self) -> None:
        self.data: ComplianceData | None = None
        self.names_dialog: NamesDialog | None = None
        self._filling = False
        self._fitted = False

        bar = self._filter_bar()
        # Everything below scrolls as one, so at 150-200% or 1366x768 the chart and the
        # table keep a readable height instead of being squeezed to a line each.
        self.body = QWidget(self)
        self.body.setObjectName("complianceBody")
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 4, 0)
        body.setSpacing(8)
        body.addLayout(bar)

        self.summary = label("", self, name="summaryStrip", selectable=True)
        self.summary.setAccessibleName("Compliance summary")
        body.addWidget(self.summary)

        # ------------------------------------------------------------ chart + by course
        self.chart = ComplianceChart(self)
        self.course_model = RowsModel(COURSE_COLUMNS, self)
        self.course_table = self._names_table(
            self.course_model, "courseCompliance", "Compliance by course, with expiry counts"
        )
        self.course_caption = label(
            "By course: the chart's figures in words, and how many "
            "required assignments expire within 30, 60 and 90 days "
            "(whole trust).",
            self,
            name="mutedText",
        )
        right = QWidget(self)
        vertical(right, self.course_caption, (self.course_table, 1), margins=0, spacing=4)
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.setObjectName("complianceTopSplitter")
        top.setChildrenCollapsible(False)
        top.addWidget(self.chart)
        top.addWidget(right)
        top.setStretchFactor(0, 5)
        top.setStretchFactor(1, 6)
        self.top_splitter = top

        # ------------------------------------------------------------ detail
        self.detail_model = RowsModel(DETAIL_COLUMNS, self)
        self.table = self._names_table(
            self.detail_model, "complianceTable", "Compliance by course, location and staff group"
        )
        self.count = label("", self, name="resultCount", selectable=True)
        self.count.setAccessibleName("Rows shown")
        self.names_note = label(
            NAMES_HINT if self.access.can_names else NO_NAMES, self, name="mutedText"
        )
        self.names_note.setAccessibleName("About names")
        bottom = QWidget(self)
        bottom_box = QVBoxLayout(bottom)
        bottom_box.setContentsMargins(0, 4, 0, 0)
        bottom_box.setSpacing(4)
        bottom_box.addLayout(horizontal(self.count, (self.names_note, 1)))
        bottom_box.addWidget(self.table, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("complianceSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)

        self.empty = EmptyState(
            "No training compliance to show yet",
            [
                "Compliance needs three things: the staff list from ESR, the training records "
                "from ESR, and the needs analysis saying which staff groups need which course "
                "in which setting.",
                "Next step: in a new database, add the starter catalogue (Catalogue tab) so "
                "ESR's staff groups and the usual courses are known; then import the staff list, "
                "then the training records."
                if self.access.can_import
                else "The VPR lead imports the staff list and training records from ESR.",
            ],
            self,
        )
        if self.access.can_import:
            for text, kind in (
                ("Import staff list…", "staff"),
                ("Import training records…", "training"),
            ):
                button = push_button(
                    text,
                    self.empty,
                    lambda _c=False, k=kind: self.import_requested.emit(k),
                    spoken=text,
                )
                self.empty.add_button(button)
        holder = QWidget(self)
        vertical(holder, self.empty, 1, margins=0)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(holder)
        body.addWidget(self.stack, 1)
        self.layout_.addWidget(scrolling(self.body, self), 1)
        lines = self.fontMetrics().lineSpacing()
        self.chart.setMinimumHeight(lines * 12)
        right.setMinimumHeight(lines * 12)
        self.table.setMinimumHeight(lines * 12)
        Reflow(top, 100)
        name_combo_lists(self)

    def _names_table(self, model: RowsModel, name: str, accessible: str) -> QTableView:
        """Both tables open the names behind a row (Enter or a double-click), for a role
        that may see them."""
        table = make_table(model, name, accessible, self)
        table.activated.connect(self._open_names)
        table.doubleClicked.connect(self._open_names)
        return table

    # ------------------------------------------------------------------ loading

    def fetch(self) -> Callable[[], Any]:
        service, filters = self.service, self.filters()
        return lambda: fetch_compliance(service, filters)

    def show_data(self, data: ComplianceData) -> None:
        self.data = data
        self._fill_filters(data)
        self.detail_model.set_rows(data.rows)
        lines = [CourseLine(r, data.expiring.get(r.course_name, {})) for r in data.by_course]
        self.course_model.set_rows(lines)
        if not self._fitted and data.rows:
            self._fitted = True
            fit_columns(self.table, stretch=(0, 1, 2))
            fit_columns(self.course_table, stretch=(0,))
        scope = self.scope_words()
        self.summary.setText(summary_text(data, scope))
        self.summary.setAccessibleDescription(self.summary.text())
        self.chart.set_bars(
            [(r.course_name, r.percent, r.target_percent) for r in data.by_course],
            f"Compliance by course against target: {scope}",
        )
        self.count.setText(f"{plural(len(data.rows), 'row')}.")
        nothing_at_all = not data.rows and self.filters_are_clear()
        self.stack.setCurrentIndex(1 if nothing_at_all else 0)

    # ------------------------------------------------------------------ names

    def _open_names(self, index: QModelIndex) -> None:
        if not index.isValid() or self.data is None:
            return
        item = index.data(ROW_ROLE)
        if isinstance(item, CourseLine):
            row = item.row
            location_id = self.data.filters.location_id
            group_id = self.data.filters.staff_group_id
            where = [
                row.course_name,
                self.location_filter.currentText(),
                self.group_filter.currentText(),
            ]
        else:
            row = item
            location_id, group_id = row.location_id, row.staff_group_id
            where = [row.course_name, row.location_name, row.staff_group_name]
        if not self.access.can_names:
            self.names_note.setText(NO_NAMES)
            self.names_note.setAccessibleDescription(NO_NAMES)
            return
        self.names_dialog = NamesDialog(
            self.service,
            row.course_id,
            location_id,
            group_id,
            self.data.filters.as_of,
            " · ".join(where),
            self,
        )
        from vpr_desktop.views.common.dialogs import headless

        if not headless():
            self.names_dialog.open()

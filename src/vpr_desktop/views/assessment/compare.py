"""Compare cycles: two cycle pickers, a table of indicators with both results and the change in
words (Improved / Declined / Unchanged / New, ``assessment.compare_table``), and the counts per
change from ``AssessmentService.compare`` (so the figures are the ones the packs show).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.standard_library import Change
from vpr_desktop.views.assessment.chart_figures import change_counts
from vpr_desktop.views.assessment.chart_figures import change_spec
from vpr_desktop.views.assessment.charts import ChartPanel
from vpr_desktop.views.assessment.common import CHANGE_WORDS
from vpr_desktop.views.assessment.compare_table import compare_table
from vpr_desktop.views.assessment.compare_table import fill_compare_table
from vpr_desktop.views.common.widgets import horizontal
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.common.worker import JobRunner

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services

SHOWN_CHANGES = (
    Change.IMPROVED,
    Change.DECLINED,
    Change.UNCHANGED,
    Change.NEW,
    Change.NOT_ASSESSED,
)


class ComparePanel(QWidget):
    """Two cycles side by side: each indicator's results and the change in words."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparePanel")
        self.services = services
        self.comparison: Any = None
        self.runner = JobRunner(self, name="Cycle comparison task")
        self.cycle_a = QComboBox(self)
        self.cycle_a.setAccessibleName("Cycle A (earlier)")
        self.cycle_b = QComboBox(self)
        self.cycle_b.setAccessibleName("Cycle B (later)")
        for box in (self.cycle_a, self.cycle_b):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(lambda _i: self.load())
        self.counts = label("", self, name="changeCounts", selectable=True)
        self.counts.setAccessibleName("Counts per change")
        self.note = label("", self, name="compareNote")
        self.chart = ChartPanel("changeChart", self)
        self.chart.setFixedHeight(260)
        self.table = compare_table(self)

        pickers = horizontal(
            label("Compare", self, wrap=False),
            self.cycle_a,
            label("with", self, wrap=False),
            self.cycle_b,
            1,
        )
        vertical(
            self,
            pickers,
            self.counts,
            self.note,
            self.runner,
            self.chart,
            (self.table, 1),
            margins=(0, 8, 0, 0),
        )

    def set_cycles(self, cycles: list[Any]) -> None:
        """Cycles newest first; A defaults to the one before the newest, B to the newest."""
        for box in (self.cycle_a, self.cycle_b):
            box.blockSignals(True)
            box.clear()
            for cycle in cycles:
                box.addItem(f"{cycle.name} ({cycle.status_label})", cycle.id)
            box.blockSignals(False)
        if cycles:
            self.cycle_b.setCurrentIndex(0)
            self.cycle_a.setCurrentIndex(min(1, len(cycles) - 1))
        self.load()

    def load(self) -> None:
        """Compare the two chosen cycles in the background; says why when there are not two."""
        a, b = self.cycle_a.currentData(), self.cycle_b.currentData()
        if a is None or b is None:
            self.counts.setText(
                "Two cycles are needed to compare; create a second cycle "
                "carried forward from the first."
            )
            return

        self.runner.read(
            lambda: self.services.assessment().compare(a, b),
            label="Comparing the cycles…",
            on_done=self.show_comparison,
        )

    def show_comparison(self, comparison: Any) -> None:
        """Show the counts per change and the indicators that differ."""
        self.comparison = comparison
        counts = comparison.change_counts
        self.counts.setText(
            " · ".join(f"{CHANGE_WORDS[c.value]} {counts.get(c, 0)}" for c in SHOWN_CHANGES)
        )
        self.note.setText(
            ""
            if comparison.same_edition
            else "The cycles are of different editions: nothing is matched, so every "
            "rated indicator of cycle B counts as new."
        )
        self.note.setVisible(not comparison.same_edition)
        chart_counts = change_counts(comparison)
        lines = [f"{word} {n}" for word, n in chart_counts.items()]
        self.chart.set_chart(
            (comparison.a.cycle.id, comparison.b.cycle.id, tuple(lines)),
            f"Change from {comparison.a.cycle.name} to {comparison.b.cycle.name}",
            lines,
            lambda: change_spec(comparison),
        )
        fill_compare_table(self.table, comparison)

    def change_texts(self) -> list[str]:
        """The change column as text, row by row (for tests)."""
        return [self.table.item(r, 4).text() for r in range(self.table.rowCount())]

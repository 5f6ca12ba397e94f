"""The Compare tab's table: each indicator's code and wording, its result in both cycles as
chips, and the change in words.

Why apart from the panel (``assessment.compare``), which picks the cycles and runs the
comparison: the table only lays out rows from a ``CycleComparison``, with the two cycles' names
as its column headings.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.standard_library import strip_mark
from vpr_desktop.views.assessment.common import CHANGE_WORDS
from vpr_desktop.views.assessment.common import set_rag
from vpr_desktop.views.common.table_model import rows_only
from vpr_desktop.views.risks.chips import ChipDelegate

COLUMNS = ("Code", "Indicator", "Cycle A", "Cycle B", "Change")


def compare_table(parent: QWidget) -> QTableWidget:
    """The empty table: whole rows selected, both results as chips, the wording stretched."""
    table = QTableWidget(0, len(COLUMNS), parent)
    table.setObjectName("compareTable")
    table.setAccessibleName("Indicators in both cycles with the change")
    table.setHorizontalHeaderLabels(list(COLUMNS))
    rows_only(table, one_at_a_time=False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.setItemDelegateForColumn(2, ChipDelegate(table))
    table.setItemDelegateForColumn(3, ChipDelegate(table))
    header = table.horizontalHeader()
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    for column in (0, 2, 3, 4):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return table


def fill_compare_table(table: QTableWidget, comparison: Any) -> None:
    """Replace the rows with ``comparison``'s indicators; the cycles' names head the results."""
    levels_a = {s.id: s for s in comparison.a.scale}
    levels_b = {s.id: s for s in comparison.b.scale}
    table.setHorizontalHeaderLabels(
        ["Code", "Indicator", comparison.a.cycle.name, comparison.b.cycle.name, "Change"]
    )
    table.setRowCount(len(comparison.rows))
    for row, item in enumerate(comparison.rows):
        cells = [
            QTableWidgetItem(item.code),
            QTableWidgetItem(strip_mark(item.text)),
            QTableWidgetItem(),
            QTableWidgetItem(),
            QTableWidgetItem(CHANGE_WORDS[item.change.value]),
        ]
        set_rag(cells[2], levels_a.get(item.rag_a) if item.rag_a else None)
        set_rag(cells[3], levels_b.get(item.rag_b) if item.rag_b else None)
        cells[1].setToolTip(item.text)
        for column, cell in enumerate(cells):
            table.setItem(row, column, cell)
    table.resizeRowsToContents()

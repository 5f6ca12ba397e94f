"""``views.common.read_only``: a named view that never edits in place."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.assessment.sheet_tables import read_only_table
from vpr_desktop.views.common.read_only import read_only


def test_read_only_names_the_view_and_stops_editing(qapp: Any) -> None:
    table = QTableWidget(0, 0)
    assert read_only(table, "sheetRows", "Rows of the sheet") is table
    assert table.objectName() == "sheetRows"
    assert table.accessibleName() == "Rows of the sheet"
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers


def test_the_file_tables_keep_their_set_up(qapp: Any) -> None:
    parent = QWidget()
    table = read_only_table(parent, "columnRows", "Rows as read")
    assert table.parent() is parent
    assert table.objectName() == "columnRows"
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not table.wordWrap()


def test_rows_table_heads_the_columns_and_picks_whole_rows(qapp: Any) -> None:
    from vpr_desktop.views.common.read_only import rows_table

    parent = QWidget()
    table = rows_table(parent, ("Row", "Why"), "importProblems", "Problems found")
    assert table.parent() is parent and table.columnCount() == 2 and table.rowCount() == 0
    assert [table.horizontalHeaderItem(c).text() for c in range(2)] == ["Row", "Why"]
    assert table.objectName() == "importProblems"
    assert table.accessibleName() == "Problems found"
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert table.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert table.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert not table.tabKeyNavigation() and not table.wordWrap()
    assert table.verticalHeader().isHidden()

    many = rows_table(parent, ("A",), "history", "History", one_at_a_time=False, wrap=True)
    assert many.selectionMode() != QAbstractItemView.SelectionMode.SingleSelection
    assert many.wordWrap()

"""``views.common.read_only``: a named view that never edits in place."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QWidget

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

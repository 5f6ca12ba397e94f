"""The file's rows as read-only tables in Load standard…: made, filled and read back the same
way in the sheet step (the first rows of the sheet) and the columns step (the rows as they
would be read).

Why apart from the dialog (``assessment.standard_load``) and its pages
(``assessment.standard_load_steps``): both steps show rows of text from the file, each column
as wide as its text but never wider than :data:`MAX_COLUMN_PX`, and tests read them back as
text.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.read_only import read_only

#: A column is as wide as its text, up to this many pixels (the table scrolls sideways).
MAX_COLUMN_PX = 320


def read_only_table(parent: QWidget, name: str, accessible: str) -> QTableWidget:
    """A table of rows read from the file: named for screen readers, not editable."""
    table = read_only(QTableWidget(0, 0, parent), name, accessible)
    table.setWordWrap(False)
    return table


def show_rows(
    table: QTableWidget,
    rows: Sequence[Sequence[str]],
    width: int,
    *,
    row_labels: list[str] | None = None,
    column_labels: list[str] | None = None,
) -> None:
    """Put ``rows`` of text in ``table`` (``width`` columns), each column sized to its text."""
    table.setColumnCount(width)
    if column_labels is not None:
        table.setHorizontalHeaderLabels(column_labels)
    table.setRowCount(len(rows))
    if row_labels is not None:
        table.setVerticalHeaderLabels(row_labels)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    for c in range(width):
        table.setColumnWidth(c, min(table.columnWidth(c), MAX_COLUMN_PX))


def table_texts(table: QTableWidget) -> list[list[str]]:
    """Every cell of ``table`` as shown, row by row (tests and screen readers)."""
    return [
        [(table.item(r, c).text() if table.item(r, c) else "") for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]

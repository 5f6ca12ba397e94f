"""A named, read-only item view: what every table that only shows rows starts from.

Why: the Training page's lists and grids (``training.models.read_only_view``) and Load
standard…'s file tables (``assessment.sheet_tables``) each named their view for tests and screen
readers and stopped it editing in place with the same calls; changes go through a form or
dialog that checks them, never through a cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.table_model import rows_only

V = TypeVar("V", bound=QAbstractItemView)


def read_only(view: V, name: str, accessible: str) -> V:
    """``view`` named ``name`` (tests, the style sheet) and ``accessible`` (screen readers),
    never editing in place; returned for use in an assignment."""
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view


def rows_table(
    parent: QWidget,
    columns: Sequence[str],
    name: str,
    accessible: str,
    *,
    one_at_a_time: bool = True,
    wrap: bool = False,
) -> QTableWidget:
    """A table of rows to read and pick, headed by ``columns``: whole rows selected
    (``one_at_a_time``: a single row), never edited in place, Tab leaving it for the next
    control, no row numbers, and each row on one line unless ``wrap``.

    Why one place: a risk's controls and reviews and an import's problem list each set their
    table up with these same calls.
    """
    table = read_only(QTableWidget(0, len(columns), parent), name, accessible)
    table.setHorizontalHeaderLabels(list(columns))
    rows_only(table, one_at_a_time=one_at_a_time)
    table.setTabKeyNavigation(False)
    table.setWordWrap(wrap)
    table.verticalHeader().hide()
    return table

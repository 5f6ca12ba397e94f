"""The Training page's shared table-view set-up (``read_only_view`` and ``make_table``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView

from vpr_desktop.views.training.models import Column
from vpr_desktop.views.training.models import RowsModel
from vpr_desktop.views.training.models import make_table
from vpr_desktop.views.training.models import read_only_view


def _model() -> RowsModel:
    return RowsModel([Column("Course", lambda r: r)])


def test_read_only_view_is_named_and_never_edits(qapp: Any) -> None:
    model = _model()
    view = read_only_view(model, "needsGrid", "Needs analysis", None)
    assert view.objectName() == "needsGrid"
    assert view.accessibleName() == "Needs analysis"
    assert view.model() is model
    assert view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not view.tabKeyNavigation()


def test_make_table_adds_whole_row_selection(qapp: Any) -> None:
    table = make_table(_model(), "courseTable", "Courses")
    assert table.objectName() == "courseTable"
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert table.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert not table.tabKeyNavigation() and not table.wordWrap()
    assert table.horizontalHeader().accessibleName() == "Courses: columns"

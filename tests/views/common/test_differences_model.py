"""The conflict dialog's table (``DifferencesModel``), a :class:`TitledTableModel`: its
headings, its rows counted, and each cell in words."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from vpr_desktop.views.common.differences import Difference
from vpr_desktop.views.common.differences import Who
from vpr_desktop.views.common.differences_model import DifferencesModel

ROWS = [
    Difference("title", "Title", "Fire door", "Fire doors", Who.BOTH),
    Difference("owner", "Owner", "", "A. Person", Who.ME),
    Difference("score", "Score", "12", "12", Who.NOBODY),
]


def test_headings_are_shown_and_spoken(qtbot: Any) -> None:
    model = DifferencesModel(ROWS)
    across = Qt.Orientation.Horizontal
    assert [model.headerData(c, across) for c in range(model.columnCount())] == [
        "Field",
        "Who changed it",
        "Saved now (theirs)",
        "Yours",
    ]
    assert model.headerData(3, across, Qt.ItemDataRole.AccessibleTextRole) == "Yours"
    assert model.headerData(0, Qt.Orientation.Vertical) is None


def test_rows_are_counted_and_said_in_words(qtbot: Any) -> None:
    model = DifferencesModel(ROWS)
    assert (model.rowCount(), model.columnCount()) == (3, 4)
    assert [model.data(model.index(1, c)) for c in range(4)] == [
        "Owner",
        "Changed by you",
        "(empty)",
        "A. Person",
    ]
    tip = model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    assert tip == "Fire door"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(2, 0), Qt.ItemDataRole.FontRole) is None  # unchanged: plain
    assert model.data(model.index(5, 0)) is None
    assert model.row(2).key == "score"
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no row has children
    flags = model.flags(model.index(0, 0))
    assert flags & Qt.ItemFlag.ItemIsSelectable and not flags & Qt.ItemFlag.ItemIsEditable

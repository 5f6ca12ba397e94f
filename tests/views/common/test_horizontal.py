"""``horizontal``: a row filled as ``vertical`` fills a column (widgets, stretches, layouts)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.widgets import horizontal
from vpr_desktop.views.common.widgets import vertical


def test_a_row_holds_its_items_in_order_with_their_stretch(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    caption, box, check = QLabel("Edition"), QLabel("2027"), QPushButton("Check the file")
    row = horizontal(caption, (box, 1), check, 2, spacing=12)
    assert isinstance(row, QHBoxLayout) and row.parent() is None  # nested by the caller
    assert row.count() == 4 and row.spacing() == 12
    assert [row.itemAt(i).widget() for i in range(3)] == [caption, box, check]
    assert [row.stretch(i) for i in range(4)] == [0, 1, 0, 2]
    assert row.itemAt(3).spacerItem() is not None  # the trailing number: an empty stretch
    vertical(parent, row)
    assert caption.parent() is parent and check.parent() is parent


def test_margins_and_a_nested_layout(qtbot: Any) -> None:
    inner = QVBoxLayout()
    row = horizontal(inner, margins=(1, 2, 3, 4))
    margins = row.contentsMargins()
    assert (margins.left(), margins.top(), margins.right(), margins.bottom()) == (1, 2, 3, 4)
    assert row.itemAt(0).layout() is inner
    assert horizontal(margins=5).contentsMargins().left() == 5

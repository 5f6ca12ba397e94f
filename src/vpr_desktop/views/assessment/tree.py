"""The Self-assessment page's indicator tree view: whole rows selected, the result as a chip
with its words, the wording stretched, and the narrow columns given up first on a narrow
window.

What the rows hold is the model's (``assessment.tree_model``); the filter row above the tree
is ``assessment.tree_filter``'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtCore import QObject
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QStyledItemDelegate
from PySide6.QtWidgets import QStyleOptionViewItem
from PySide6.QtWidgets import QTreeView
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.assessment.tree_model import IndicatorTreeModel
from vpr_desktop.views.common.table_model import rows_only
from vpr_desktop.views.common.widgets import column_modes
from vpr_desktop.views.risks.chips import ChipDelegate

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex
    from PySide6.QtCore import QPersistentModelIndex

#: The flags column's width in characters (the full list is in its tooltip).
FLAGS_CHARS = 16


def chip_height(hint: QSize, option: QStyleOptionViewItem) -> QSize:
    """``hint`` made tall enough for a chip with its words (at 100 %, 150 % and 200 %)."""
    widget = option.widget
    if widget is not None:
        hint.setHeight(max(hint.height(), widget.fontMetrics().height() + 10))
    return hint


class _RowDelegate(QStyledItemDelegate):
    """Rows tall enough for a chip with its words (at 100 %, 150 % and 200 %)."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return chip_height(super().sizeHint(option, index), option)


class _RagDelegate(ChipDelegate):
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return chip_height(super().sizeHint(option, index), option)


def indicator_tree(model: IndicatorTreeModel, parent: QWidget) -> QTreeView:
    """The tree view: whole rows selected, the result as a chip, the wording stretched and
    first in its cell; the flags column narrow."""
    tree = QTreeView(parent)
    tree.setObjectName("assessmentTree")
    tree.setAccessibleName("Domains and indicators")
    tree.setModel(model)
    rows_only(tree, one_at_a_time=False)
    tree.setUniformRowHeights(True)
    tree.setWordWrap(False)
    tree.setItemDelegate(_RowDelegate(tree))
    tree.setItemDelegateForColumn(1, _RagDelegate(tree))
    tree.header().setStretchLastSection(False)
    # Flags give up width to the wording: a set width (they are whole in the tooltip and
    # the editor), resizable by dragging.
    column_modes(
        tree,
        QHeaderView.ResizeMode.Stretch,
        QHeaderView.ResizeMode.ResizeToContents,
        QHeaderView.ResizeMode.ResizeToContents,
        QHeaderView.ResizeMode.Interactive,
    )
    tree.header().resizeSection(3, tree.fontMetrics().averageCharWidth() * FLAGS_CHARS)
    tree.installEventFilter(_NarrowColumns(tree))
    return tree


class _NarrowColumns(QObject):
    """In a narrow tree (the editor has the width at 1366x768 and 150%) the wording keeps
    its room: the flags column goes first, then the work status (both are in the editor and
    the row's tooltip); they come back when the tree is widened."""

    #: (column, the tree's width in average characters below which it is hidden)
    HIDE_BELOW = ((3, 72), (2, 52))

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self.tree = tree

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.tree and event.type() == QEvent.Type.Resize:
            chars = self.tree.width() // max(self.tree.fontMetrics().averageCharWidth(), 1)
            for column, below in self.HIDE_BELOW:
                self.tree.setColumnHidden(column, chars < below)
        return False

"""The roles register's tree view: one selectable row per entry, cells wrapped, never elided.

Why apart from the model (``roles.register``): the model decides what each cell holds; the
view decides how wide each column is drawn and how tall a row must be for its wrapped words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QRect
from PySide6.QtCore import QSize
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QStyledItemDelegate
from PySide6.QtWidgets import QStyleOptionViewItem
from PySide6.QtWidgets import QTreeView
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.table_model import rows_only
from vpr_desktop.views.roles.register import GAPS_COLUMN
from vpr_desktop.views.roles.register import HOURS_COLUMN
from vpr_desktop.views.roles.register import RegisterModel

if TYPE_CHECKING:
    from PySide6.QtCore import QPersistentModelIndex


class WrapDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text in each column's current width (never elided)."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        spanned = not index.parent().isValid()  # a level heading spans the row
        width = self.view.viewport().width() if spanned else self.view.columnWidth(index.column())
        if index.column() == 0 and not spanned:
            width -= self.view.indentation()
        text = opt.text or " "
        rect = opt.fontMetrics.boundingRect(
            QRect(0, 0, max(width - 12, 20), 100_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(width, rect.height() + 6)


def register_tree(model: RegisterModel, parent: QWidget, name: str, spoken: str) -> QTreeView:
    """The register's tree view: one selectable row per entry, cells wrapped, never elided.

    The columns are sized for the words they hold and the Gaps column shown straight after the
    people, so the gaps are seen at 1366×768 and 150% without scrolling sideways.
    """
    tree = QTreeView(parent)
    tree.setObjectName(name)
    tree.setAccessibleName(spoken)
    tree.setModel(model)
    tree.setUniformRowHeights(False)
    tree.setWordWrap(True)
    tree.setAlternatingRowColors(True)
    tree.setRootIsDecorated(False)
    tree.setItemsExpandable(False)
    rows_only(tree)
    tree.header().setAccessibleName("Register columns")
    tree.header().setStretchLastSection(True)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    chars = parent.fontMetrics().averageCharWidth()
    # Cells wrap rather than elide; the gaps come straight after the people (visual
    # order only), so they show without scrolling sideways at 1366×768 and 150%.
    for column, width in enumerate((17, 11, 13, 12, 6, 12, 20, 24)):
        tree.setColumnWidth(column, width * chars + 12)
    tree.header().moveSection(GAPS_COLUMN, HOURS_COLUMN)
    tree.header().sectionResized.connect(lambda *_a: tree.doItemsLayout())
    tree.setTextElideMode(Qt.TextElideMode.ElideNone)
    tree.setItemDelegate(WrapDelegate(tree))
    return tree

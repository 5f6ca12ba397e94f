"""The conflict dialog's table: field, who changed it, the value saved now, and yours.

Read-only, with who changed each field in words; the dialog
(:mod:`vpr_desktop.views.common.conflict`) lists the changed fields first.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.differences import Difference
from vpr_desktop.views.common.differences import Who

ModelIndex = QModelIndex | QPersistentModelIndex


class DifferencesModel(QAbstractTableModel):
    """The comparison as a read-only table: field, who changed it, saved now, yours."""

    HEADERS = ("Field", "Who changed it", "Saved now (theirs)", "Yours")

    def __init__(self, rows: Sequence[Difference], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = list(rows)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (row.label, row.who.value, row.theirs or "(empty)", row.mine or "(empty)")[
                index.column()
            ]
        if role == Qt.ItemDataRole.FontRole and row.who is not Who.NOBODY:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)  # the words in the second column say the same: not style alone
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def row(self, number: int) -> Difference:
        """The difference shown on row ``number``."""
        return self._rows[number]

"""The conflict dialog's table: field, who changed it, the value saved now, and yours.

Read-only, with who changed each field in words; the dialog
(:mod:`vpr_desktop.views.common.conflict`) lists the changed fields first.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.differences import Difference
from vpr_desktop.views.common.differences import Who
from vpr_desktop.views.common.table_model import ModelIndex
from vpr_desktop.views.common.table_model import TitledTableModel


class DifferencesModel(TitledTableModel):
    """The comparison as a read-only table: field, who changed it, saved now, yours.

    Holding, counting and heading the rows is :class:`TitledTableModel`'s work; this model
    only says what each cell shows.
    """

    TITLES = ("Field", "Who changed it", "Saved now (theirs)", "Yours")

    def __init__(self, rows: Sequence[Difference], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = list(rows)

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

    def row(self, number: int) -> Difference:
        """The difference shown on row ``number``."""
        return self._rows[number]

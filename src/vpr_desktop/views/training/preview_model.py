"""The first rows of an ESR export as they were read, for the import dialog's preview table.

Why apart from the dialog (``training.import_dialog``): the model only shows what was read,
headed by the file's own headings and the field each used column feeds, so a person can see
that the columns are mapped right before anything is checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from vpr_desktop.services.importing.preview import FilePreview


class PreviewModel(QAbstractTableModel):
    """The first rows of the file as read, headed by the file's own headings (and, for a
    column the import uses, the field it feeds)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers: tuple[str, ...] = ()
        self.rows: tuple[tuple[str, ...], ...] = ()
        self.used: dict[str, str] = {}  # header -> field label
        self.first_row = 0

    def set_preview(self, preview: FilePreview | None, used: Mapping[str, str]) -> None:
        """Show ``preview`` (None empties the table); ``used`` maps a heading to the field it
        feeds, so the heading says where each column goes."""
        self.beginResetModel()
        self.headers = preview.headers if preview else ()
        self.rows = preview.rows if preview else ()
        self.first_row = preview.header_row + 1 if preview else 0
        self.used = dict(used)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """A cell's text as read (also its tooltip: long values are cut in the cell)."""
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self.rows[index.row()]
        return row[index.column()] if index.column() < len(row) else ""

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Vertical:
            return f"Row {self.first_row + section}"
        if section >= len(self.headers):
            return None
        heading = self.headers[section] or f"(column {section + 1})"
        field = self.used.get(self.headers[section])
        return f"{heading}\n→ {field}" if field else f"{heading}\n(not used)"

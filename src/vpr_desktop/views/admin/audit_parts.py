"""The audit page's detail parts: the before/after model and the panel for the chosen event."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.formatting import enum_words
from vpr_desktop.views.common.formatting import format_datetime
from vpr_desktop.views.common.table_model import ModelIndex
from vpr_desktop.views.common.table_model import TitledTableModel
from vpr_desktop.views.common.widgets import column_modes
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import vertical

if TYPE_CHECKING:
    from vpr_desktop.services.admin.audit import AuditEntry
    from vpr_desktop.services.admin.audit import FieldChange


class FieldChangeModel(TitledTableModel):
    """Before/after of one event, one row per field: Field | Before | After."""

    TITLES = ("Field", "Before", "After")

    def change(self, row: int) -> FieldChange:
        return self._rows[row]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        change = self._rows[index.row()]
        text = (change.field, change.before, change.after)[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.TITLES[index.column()]}: {text or 'blank'}"
        return None


class AuditDetailPanel(QWidget):
    """The chosen event: a one-line summary, its detail text, and before/after by field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditDetail")
        self.setAccessibleName("Chosen audit event")
        self.entry: AuditEntry | None = None
        self.summary = label("Choose an event to see what changed.", self, selectable=True)
        self.summary.setObjectName("detailTitle")
        self.summary.setAccessibleName("Event summary")
        self.detail = label("", self, name="mutedText", selectable=True)
        self.detail.setAccessibleName("Event detail")
        self.detail.hide()
        self.model = FieldChangeModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("auditChanges")
        self.table.setAccessibleName("Before and after, by field")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        fit = QHeaderView.ResizeMode
        column_modes(self.table, fit.ResizeToContents, fit.Stretch, fit.Stretch)
        self.none = label("No field changes were recorded for this event.", self)
        self.none.setObjectName("mutedText")
        self.none.hide()
        vertical(
            self,
            self.summary,
            self.detail,
            self.none,
            (self.table, 1),
            margins=(8, 0, 0, 0),
            spacing=6,
        )

    def show_entry(self, entry: AuditEntry | None) -> None:
        self.entry = entry
        if entry is None:
            self.summary.setText("Choose an event to see what changed.")
            self.detail.hide()
            self.none.hide()
            self.model.set_rows([])
            return
        record = f"{entry.record_type} {entry.entity_id}" if entry.entity_id else entry.record_type
        text = (
            f"Event {entry.id}: {enum_words(entry.action)} of {record} by {entry.username}, "
            f"{format_datetime(entry.at)}"
        )
        self.summary.setText(text)
        self.summary.setAccessibleDescription(text)
        self.detail.setText(entry.detail or "")
        self.detail.setVisible(bool(entry.detail))
        self.model.set_rows(entry.changes)
        self.none.setVisible(not entry.changes)
        self.table.resizeRowsToContents()

    def tab_chain(self) -> list[QWidget]:
        return [self.table]

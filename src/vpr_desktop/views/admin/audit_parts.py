"""The audit page's parts: the filter bar, the before/after model and the detail panel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableView,
    QWidget,
)

from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.views.actions.forms import DATE_HINT, typed_date_range
from vpr_desktop.views.common.filter_bar import FilterBar
from vpr_desktop.views.common.formatting import enum_words, format_datetime
from vpr_desktop.views.common.table_model import ModelIndex, TitledTableModel
from vpr_desktop.views.common.widgets import label, vertical

if TYPE_CHECKING:
    from vpr_desktop.services.admin.audit import AuditEntry, FieldChange, UserChoice


class FieldChangeModel(TitledTableModel):
    """Before/after of one event, one row per field: Field | Before | After."""

    TITLES = ("Field", "Before", "After")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[FieldChange] = []

    def set_changes(self, changes: tuple[FieldChange, ...] | list[FieldChange]) -> None:
        self.beginResetModel()
        self._rows = list(changes)
        self.endResetModel()

    def change(self, row: int) -> FieldChange:
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.TITLES)

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


class AuditFilterBar(FilterBar):
    """Detail search, user, record type, record, from/to dates, action, clear.

    A date typed badly is said in words under the bar and left out of the filters until it
    reads as a date. The bar wraps rather than clipping at 150%, and on a short page folds
    the filters behind "More filters" (:class:`FilterBar`); what the filters mean stays here.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, spacing=12, problem_line=True)
        char = self.char
        holder = self.holder
        self.add_search("Search the detail", "Search the audit detail", chars=26)
        self.user = self.add_combo(
            None, "Changes made by user", [("Anyone", None)], caption="User", max_chars=34
        )
        self.record_type = self.add_combo(
            None, "Record type", [("Any record type", None)], caption="Record type", max_chars=30
        )
        self.record = QLineEdit(holder)
        self.record.setPlaceholderText("id")
        self.record.setAccessibleName("Record number (id)")
        self.record.setClearButtonEnabled(True)
        self.record.setFixedWidth(char * 12)
        self.watch_text(self.record)
        self.add(self.record, "Record")
        self.date_from = QLineEdit(holder)
        self.date_to = QLineEdit(holder)
        for edit, name in ((self.date_from, "From"), (self.date_to, "To")):
            edit.setPlaceholderText(DATE_HINT)
            edit.setAccessibleName(f"{name} date ({DATE_HINT}), inclusive")
            edit.setFixedWidth(char * 17)
            edit.setClearButtonEnabled(True)
            self.watch_text(edit)
            self.add(edit, name)
        self.action = self.add_combo(
            None,
            "Action",
            [("Any action", None), *((enum_words(a), a.value) for a in AuditAction)],
            caption="Action",
        )
        self.clear_button = self.add_clear_button()
        assert self.problem is not None
        self.problem.setAccessibleName("Filter problem")

    def edits(self) -> tuple[QLineEdit, ...]:
        return (self.search, self.record, self.date_from, self.date_to)

    def set_choices(self, users: list[UserChoice], record_types: list[str]) -> None:
        """Fill the user and record-type lists, keeping what was chosen; no ``changed``."""
        for combo, first, items in (
            (self.user, "Anyone", [(u.label, u.username) for u in users]),
            (self.record_type, "Any record type", [(enum_words(t), t) for t in record_types]),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for text, value in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)

    def filters(self) -> dict[str, Any]:
        """The bar as ``AuditListSource`` filters."""
        out: dict[str, Any] = {}
        start, end, problem = typed_date_range(self.date_from, self.date_to)
        self.show_problem(problem)
        if start is not None:
            out["date_from"] = start
        if end is not None:
            out["date_to"] = end
        for combo, key in (
            (self.user, "username"),
            (self.record_type, "entity"),
            (self.action, "action"),
        ):
            if (value := combo.currentData()) is not None:
                out[key] = value
        if record := self.record.text().strip():
            out["entity_id"] = record
        return out

    def is_default(self) -> bool:
        return not self.search_text() and not self.filters()

    def tab_chain(self) -> list[QWidget]:
        return [
            self.search,
            self.more,
            self.user,
            self.record_type,
            self.record,
            self.date_from,
            self.date_to,
            self.action,
            self.clear_button,
        ]


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
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
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
            self.model.set_changes([])
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
        self.model.set_changes(entry.changes)
        self.none.setVisible(not entry.changes)
        self.table.resizeRowsToContents()

    def tab_chain(self) -> list[QWidget]:
        return [self.table]

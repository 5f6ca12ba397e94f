"""The action log's filter bar and its table model.

The bar turns what the user picked into ``ActionListSource`` filters — the same dictionary the
Excel export and the packs use, so "overdue, staff-side owner X" means one thing everywhere.
It wraps onto more lines when the window is narrow or scaled (``FlowLayout``) rather than
clipping. Searching waits for a pause in typing so each keystroke does not query.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from vpr_desktop.domain.action_rules import (
    LIVE_STATUSES,
    PRIORITY_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
)
from vpr_desktop.domain.enums import ActionSource, ActionStatus, Priority
from vpr_desktop.views.actions.forms import FlowLayout
from vpr_desktop.views.common.table_model import LazyTableModel, ModelIndex
from vpr_desktop.views.common.widgets import label

if TYPE_CHECKING:
    from vpr_desktop.services.actions.people import OwnerChoices, PersonChoice

SEARCH_DELAY_MS = 250
LIVE = "live"
ALL = "all"
#: What the bar shows before the user touches it: the live actions.
DEFAULT_FILTERS = {"status": sorted(s.value for s in LIVE_STATUSES)}


class ActionTableModel(LazyTableModel):
    """The lazy model with the log's own words for status, source, priority and overdue."""

    WORDS: dict[str, Any] = {
        "status": lambda v: STATUS_LABELS[ActionStatus(v)],
        "source": lambda v: SOURCE_LABELS[ActionSource(v)],
        "priority": lambda v: PRIORITY_LABELS[Priority(v)],
        "overdue": lambda v: "Overdue" if v else "",
    }

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role
            in (
                Qt.ItemDataRole.DisplayRole,
                Qt.ItemDataRole.AccessibleTextRole,
                Qt.ItemDataRole.ToolTipRole,
            )
            and index.isValid()
        ):
            key = self.columns[index.column()].key
            words = self.WORDS.get(key)
            if words is not None:
                value = self.row_values(index.row())[index.column()]
                return "" if value is None else words(value)
        return super().data(index, role)


def captioned(caption: str, widget: QWidget, parent: QWidget) -> QWidget:
    """A control with its caption to the left, kept together when the bar wraps."""
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    text = label(caption, box, name="fieldName", wrap=False)
    text.setBuddy(widget)
    row.addWidget(text)
    row.addWidget(widget)
    return box


class ActionFilterBar(QWidget):
    """Search, status, source, each side's owner, overdue only, my actions, clear.

    Signals:
        changed(): the filters or (after a pause in typing) the search changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        char = self.fontMetrics().averageCharWidth()
        flow = FlowLayout(self, spacing=14)
        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText("Search reference or title")
        self.search.setAccessibleName("Search actions")
        self.search.setAccessibleDescription("Filters the list by action reference or title")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(char * 34)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.changed.emit)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._now)

        self.status = QComboBox(self)
        self.status.setAccessibleName("Show actions with status")
        self.status.addItem("Live (not closed or cancelled)", LIVE)
        self.status.addItem("All statuses", ALL)
        for status, text in STATUS_LABELS.items():
            self.status.addItem(text, status.value)
        self.source = QComboBox(self)
        self.source.setAccessibleName("Show actions from source")
        self.source.addItem("All sources", None)
        for source, text in SOURCE_LABELS.items():
            self.source.addItem(text, source.value)
        self.management = QComboBox(self)
        self.management.setAccessibleName("Management owner")
        self.staff_side = QComboBox(self)
        self.staff_side.setAccessibleName("Staff-side owner")
        for combo in (self.management, self.staff_side):
            combo.addItem("Anyone", None)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(char * 30)
        self.overdue = QCheckBox("Overdue only", self)
        self.overdue.setAccessibleName("Overdue only")
        self.mine = QCheckBox("My actions", self)
        self.mine.setAccessibleName("My actions: ones I own for either side")
        self.clear_button = QPushButton("Clear filters", self)
        self.clear_button.setAccessibleName("Clear filters and search")
        self.clear_button.clicked.connect(self.clear)
        for combo in self.combos():
            combo.currentIndexChanged.connect(self._now)
        for check in (self.overdue, self.mine):
            check.toggled.connect(self._now)
        flow.add(self.search)
        flow.add(captioned("Status", self.status, self))
        flow.add(captioned("Source", self.source, self))
        flow.add(captioned("Management owner", self.management, self))
        flow.add(captioned("Staff-side owner", self.staff_side, self))
        flow.add(self.overdue)
        flow.add(self.mine)
        flow.add(self.clear_button)

    def combos(self) -> tuple[QComboBox, ...]:
        return (self.status, self.source, self.management, self.staff_side)

    def _now(self, *_args: object) -> None:
        self._timer.stop()
        self.changed.emit()

    def search_text(self) -> str:
        return self.search.text().strip()

    def filters(self) -> dict[str, Any]:
        """The bar as ``ActionListSource`` filters."""
        out: dict[str, Any] = {}
        status = self.status.currentData()
        if status == LIVE:
            out.update(DEFAULT_FILTERS)
        elif status not in (ALL, None):
            out["status"] = [status]
        if (source := self.source.currentData()) is not None:
            out["source"] = [source]
        if (pid := self.management.currentData()) is not None:
            out["management_owner_id"] = pid
        if (pid := self.staff_side.currentData()) is not None:
            out["staff_side_owner_id"] = pid
        if self.overdue.isChecked():
            out["overdue"] = True
        if self.mine.isChecked():
            out["mine"] = True
        return out

    def is_default(self) -> bool:
        return not self.search_text() and self.filters() == DEFAULT_FILTERS

    def clear(self) -> None:
        """Back to every live action, no search; one ``changed``."""
        widgets: list[QWidget] = [self.search, *self.combos(), self.overdue, self.mine]
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        for combo in self.combos():
            combo.setCurrentIndex(0)
        self.overdue.setChecked(False)
        self.mine.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self._now()

    def set_owners(self, owners: OwnerChoices) -> None:
        """Fill both owner lists, keeping whoever was chosen; no ``changed``."""
        for combo, people in (
            (self.management, owners.management),
            (self.staff_side, owners.staff_side),
        ):
            _fill_people(combo, people)
        self.mine.setEnabled(owners.me is not None)
        self.mine.setToolTip(
            f"Actions owned by {owners.me.name} for either side"
            if owners.me is not None
            else "Your login is not linked to a staff record, so no actions are yours here."
        )

    def tab_chain(self) -> list[QWidget]:
        return [self.search, *self.combos(), self.overdue, self.mine, self.clear_button]


def _fill_people(combo: QComboBox, people: Iterable[PersonChoice]) -> None:
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem("Anyone", None)
    for person in people:
        combo.addItem(person.name, person.id)
        combo.setItemData(combo.count() - 1, person.label, Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))
    combo.blockSignals(False)

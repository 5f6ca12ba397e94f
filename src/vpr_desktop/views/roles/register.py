"""The roles register's model: a heading row per level, then one row per entry, each cell
with the words shown (``roles.register_words``), a value to sort by and the entry's id.

Kept apart from the page (``roles.page``), which wires the tree to the detail form and the
writes, and from the tree view that shows it (``roles.register_tree``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtGui import QStandardItem
from PySide6.QtGui import QStandardItemModel

from vpr_desktop.domain.vpr_roles_rules import LEVEL_ORDER
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.roles.form import format_hours
from vpr_desktop.views.roles.register_words import competence_text
from vpr_desktop.views.roles.register_words import entry_gap_text
from vpr_desktop.views.roles.register_words import holder_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from vpr_desktop.services.roles.service import RoleEntry

COLUMNS = (
    "Role",
    "Scope",
    "Holder",
    "Deputy",
    "Hours a week",
    "Review date",
    "Competence (held / expires)",
    "Gaps",
)
HOURS_COLUMN = 4
GAPS_COLUMN = 7
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class RegisterModel(QStandardItemModel):
    """The register grouped by level: a heading row per level, then one row per entry.

    Each cell carries the entry's id (``ID_ROLE``) and a raw value to sort by (``SORT_ROLE``),
    and an accessible text that names its column, so a screen reader hears "Gaps: No deputy
    named" rather than a bare cell.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(list(COLUMNS))

    def fill(self, entries: Sequence[RoleEntry], bold: QFont) -> None:
        """Replace the rows with ``entries`` grouped by level (levels without entries left out)."""
        self.removeRows(0, self.rowCount())
        for level in LEVEL_ORDER:
            rows = [e for e in entries if e.level == level]
            if not rows:
                continue
            gaps = sum(len(e.gaps) for e in rows)
            text = f"{level.label} – {plural(len(rows), 'role')}"
            if gaps:
                text += f", {plural(gaps, 'gap')}"
            group = QStandardItem(text)
            group.setFont(bold)
            group.setSelectable(False)
            group.setData(level.value, SORT_ROLE)
            group.setAccessibleText(text)
            extras = [QStandardItem("") for _ in COLUMNS[1:]]
            for extra in extras:
                extra.setSelectable(False)
            self.appendRow([group, *extras])
            for entry in rows:
                group.appendRow(row_items(entry, bold))

    def row_texts(self) -> list[tuple[str, list[str]]]:
        """(level heading, the cells of each of its rows) — what the register shows."""
        out = []
        for row in range(self.rowCount()):
            group = self.item(row, 0)
            for child in range(group.rowCount()):
                out.append(
                    (group.text(), [group.child(child, c).text() for c in range(len(COLUMNS))])
                )
        return out

    def index_of(self, entry_id: int) -> QModelIndex:
        """The first cell of ``entry_id``'s row (invalid if the register does not hold it)."""
        for row in range(self.rowCount()):
            group = self.item(row, 0)
            for child in range(group.rowCount()):
                if group.child(child, 0).data(ID_ROLE) == entry_id:
                    return group.child(child, 0).index()
        return QModelIndex()


def row_items(entry: RoleEntry, bold: QFont) -> list[QStandardItem]:
    """One register row: the words shown, with raw values to sort by and the id to find it."""
    values = (
        entry.role_label,
        entry.scope,
        holder_text(entry),
        entry.deputy_name or ("No deputy" if entry.holder_id else ""),
        format_hours(entry.hours_per_week),
        format_date(entry.review_date),
        competence_text(entry),
        entry_gap_text(entry),
    )
    raw = (
        entry.role_label,
        entry.scope,
        entry.holder_name or "",
        entry.deputy_name or "",
        entry.hours_per_week,
        entry.review_date.isoformat() if entry.review_date else "",
        entry.competence_expires.isoformat() if entry.competence_expires else "",
        len(entry.gaps),
    )
    items = []
    for column, (text, sort) in enumerate(zip(values, raw, strict=True)):
        item = QStandardItem(text)
        item.setData(entry.id, ID_ROLE)
        item.setData(sort, SORT_ROLE)
        item.setToolTip(text)
        item.setAccessibleText(f"{COLUMNS[column]}: {text}" if text else COLUMNS[column])
        if column == HOURS_COLUMN:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column == GAPS_COLUMN and entry.gaps:
            item.setFont(bold)  # with the words themselves: never colour alone
        items.append(item)
    return items

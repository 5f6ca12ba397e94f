"""The roles register's tree: the words each cell shows, rows that wrap, and filling it.

Kept apart from the page (``roles.page``), which wires the tree to the detail form and the
writes: what a register row says ("Vacant (required)", "No deputy named") is decided here once,
so the tree, the tests and any other reader of the register word an entry the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QRect, QSize, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from vpr_desktop.domain.vpr_roles_rules import LEVEL_ORDER
from vpr_desktop.views.common.formatting import format_date, plural
from vpr_desktop.views.common.table_model import rows_only
from vpr_desktop.views.roles.form import format_hours

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtCore import QPersistentModelIndex

    from vpr_desktop.services.roles.service import RoleEntry, RolesSummary

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
NO_GAPS = "None"


# --------------------------------------------------------------------------- words


def gap_words(message: str) -> str:
    """The service's gap sentence without the role's name: ``No deputy named``."""
    _role, sep, rest = message.partition(": ")
    text = rest if sep else message
    return text[:1].upper() + text[1:]


def entry_gap_text(entry: RoleEntry) -> str:
    """Every gap of ``entry`` in words, or "None": the Gaps cell is never blank or a colour."""
    return "; ".join(gap_words(g.message) for g in entry.gaps) or NO_GAPS


def summary_text(s: RolesSummary) -> str:
    """``11 roles · 9 filled · 1 vacant · 2 competence gaps · 1 holder has left``."""
    left = f"{s.holders_left:,} holder{' has' if s.holders_left == 1 else 's have'} left"
    parts = [
        plural(s.roles, "role"),
        f"{s.filled:,} filled",
        f"{s.vacant:,} vacant",
        f"{s.no_deputy:,} without a deputy",
        plural(s.competence_gaps, "competence gap"),
        f"{s.reviews_overdue:,} review{'' if s.reviews_overdue == 1 else 's'} overdue",
        left,
    ]
    return " · ".join(parts)


def holder_text(entry: RoleEntry) -> str:
    """Who holds the role, saying "Vacant" and "(has left)" so a gap reads without the Gaps
    column."""
    if entry.holder_id is None:
        return "Vacant (required)" if entry.required else "Vacant"
    name = entry.holder_name or "Filled"
    if any(g.kind == "holder_left" for g in entry.gaps):
        name += " (has left)"
    return name


def competence_text(entry: RoleEntry) -> str:
    """What competence is held and when it expires, or why there is none to show."""
    if entry.competence_held:
        text = entry.competence_held
        if entry.competence_expires is not None:
            text += f" / expires {format_date(entry.competence_expires)}"
        return text
    if entry.competence_required:
        return "Not recorded"
    return "None expected"


def entry_name(entry: RoleEntry) -> str:
    """``VPR lead (Trust-wide)``: how dialogs and messages name an entry."""
    return f"{entry.role_label} ({entry.scope})"


# --------------------------------------------------------------------------- wrapping cells


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


# --------------------------------------------------------------------------- the model


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

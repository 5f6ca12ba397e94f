"""The Self-assessment indicator tree's model: a row per domain (with its counts in words) and
under it a row per indicator (result chip, work status, flags).

Kept apart from the page (``assessment.page``), which loads the tree in the background and
wires it to the editor, and from the view that shows it (``assessment.tree``): how a domain's
counts and an indicator's flags are worded is decided here once, for the tree and for the tests
that read it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem
from PySide6.QtGui import QStandardItemModel

from vpr_desktop.domain.standard_library import strip_mark
from vpr_desktop.views.assessment.common import counts_text
from vpr_desktop.views.assessment.common import flags_of
from vpr_desktop.views.assessment.common import set_rag
from vpr_desktop.views.common.formatting import plural

TREE_COLUMNS = ("Indicator", "Result", "Work status", "Flags and counts")
RATING_ID = Qt.ItemDataRole.UserRole + 1
DOMAIN_TITLE = Qt.ItemDataRole.UserRole + 2


class IndicatorTreeModel(QStandardItemModel):
    """Domains (bold, spanning the row) with their indicators under them.

    The first cell of an indicator's row carries its rating id (``RATING_ID``); a domain's
    first cell carries its title (``DOMAIN_TITLE``) so tests and selection need not parse
    the words shown.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, len(TREE_COLUMNS), parent)
        self.setHorizontalHeaderLabels(list(TREE_COLUMNS))

    def fill(self, tree: Any) -> None:
        """Replace the rows with ``tree`` (an ``AssessmentTree``: domains, ratings, summary)."""
        summary = tree.summary
        self.removeRows(0, self.rowCount())
        levels = {s.id: s for s in summary.scale}
        for node in tree.domains:
            counts = node.summary.counts
            shown = len(node.ratings)
            title = f"{node.code}. {node.title}"
            counts_line = (
                f"{plural(counts.total, 'indicator')}: "
                + counts_text(counts, summary.scale)
                + ("" if not tree.filter.active else f" · {shown} shown")
            )
            domain_items = [
                QStandardItem(f"{title} — {counts_line}"),
                QStandardItem(""),
                QStandardItem(""),
                QStandardItem(counts_line),
            ]
            domain_items[0].setData(title, DOMAIN_TITLE)
            for item in domain_items:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                item.setSelectable(True)
            domain_items[0].setData(None, RATING_ID)
            domain_items[0].setData(
                f"Domain {title}, {shown} shown", Qt.ItemDataRole.AccessibleTextRole
            )
            for view in node.ratings:
                flags = ", ".join(flags_of(view))
                row = [
                    # The wording first: what the indicator asks is what people scan for;
                    # the code follows, for finding it in the standard.
                    QStandardItem(f"{strip_mark(view.text)} ({view.code})"),
                    QStandardItem(),
                    QStandardItem(view.work_status_label),
                    QStandardItem(flags),
                ]
                row[0].setData(view.id, RATING_ID)
                row[0].setToolTip(
                    f"{view.code}: {view.text}\nWork status: {view.work_status_label}"
                    + (f"\nFlags: {flags}" if flags else "")
                )
                row[3].setToolTip(flags)
                set_rag(row[1], levels.get(view.rag, view.level))
                domain_items[0].appendRow(row)
            self.appendRow(domain_items)

    def index_of(self, rating_id: int) -> QModelIndex | None:
        """The first cell of the indicator ``rating_id`` (None if filtered out)."""
        for d in range(self.rowCount()):
            domain = self.item(d, 0)
            for r in range(domain.rowCount()):
                if domain.child(r, 0).data(RATING_ID) == rating_id:
                    return domain.child(r, 0).index()
        return None

    def domain_rows(self) -> list[tuple[str, str]]:
        """(title, counts text) of every domain row, as shown."""
        return [
            (self.item(d, 0).data(DOMAIN_TITLE), self.item(d, 3).text())
            for d in range(self.rowCount())
        ]

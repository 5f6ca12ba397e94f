"""The Self-assessment page's indicator tree: a row per domain (with its counts in words) and
under it a row per indicator (result chip, work status, flags), and the filter row above it.

Kept apart from the page (``assessment.page``), which loads the tree in the background and
wires it to the editor: how a domain's counts and an indicator's flags are worded is decided
here once, for the tree and for the tests that read it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.standard_library import strip_mark
from vpr_desktop.services.assessment.records import TreeFilter
from vpr_desktop.views.assessment.common import counts_text, flags_of, set_rag
from vpr_desktop.views.common.formatting import plural
from vpr_desktop.views.common.table_model import rows_only
from vpr_desktop.views.risks.chips import ChipDelegate

if TYPE_CHECKING:
    from PySide6.QtCore import QPersistentModelIndex

TREE_COLUMNS = ("Indicator", "Result", "Work status", "Flags and counts")
#: The flags column's width in characters (the full list is in its tooltip).
FLAGS_CHARS = 16
RATING_ID = Qt.ItemDataRole.UserRole + 1
DOMAIN_TITLE = Qt.ItemDataRole.UserRole + 2
RAG_CHOICES = (
    ("Any result", None),
    ("Red", Rag.RED),
    ("Amber", Rag.AMBER),
    ("Green", Rag.GREEN),
    ("Red or amber", "red_amber"),
    ("Not assessed", Rag.NOT_RATED),
)


def chip_height(hint: QSize, option: QStyleOptionViewItem) -> QSize:
    """``hint`` made tall enough for a chip with its words (at 100 %, 150 % and 200 %)."""
    widget = option.widget
    if widget is not None:
        hint.setHeight(max(hint.height(), widget.fontMetrics().height() + 10))
    return hint


class _RowDelegate(QStyledItemDelegate):
    """Rows tall enough for a chip with its words (at 100 %, 150 % and 200 %)."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return chip_height(super().sizeHint(option, index), option)


class _RagDelegate(ChipDelegate):
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return chip_height(super().sizeHint(option, index), option)


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


def indicator_tree(model: IndicatorTreeModel, parent: QWidget) -> QTreeView:
    """The tree view: whole rows selected, the result as a chip, the wording stretched and
    first in its cell; the flags column narrow."""
    tree = QTreeView(parent)
    tree.setObjectName("assessmentTree")
    tree.setAccessibleName("Domains and indicators")
    tree.setModel(model)
    rows_only(tree, one_at_a_time=False)
    tree.setUniformRowHeights(True)
    tree.setWordWrap(False)
    tree.setItemDelegate(_RowDelegate(tree))
    tree.setItemDelegateForColumn(1, _RagDelegate(tree))
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    # Flags give up width to the wording: a set width (they are whole in the tooltip and
    # the editor), resizable by dragging.
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(3, tree.fontMetrics().averageCharWidth() * FLAGS_CHARS)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
    tree.installEventFilter(_NarrowColumns(tree))
    return tree


class _NarrowColumns(QObject):
    """In a narrow tree (the editor has the width at 1366x768 and 150%) the wording keeps
    its room: the flags column goes first, then the work status (both are in the editor and
    the row's tooltip); they come back when the tree is widened."""

    #: (column, the tree's width in average characters below which it is hidden)
    HIDE_BELOW = ((3, 72), (2, 52))

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self.tree = tree

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.tree and event.type() == QEvent.Type.Resize:
            chars = self.tree.width() // max(self.tree.fontMetrics().averageCharWidth(), 1)
            for column, below in self.HIDE_BELOW:
                self.tree.setColumnHidden(column, chars < below)
        return False


class TreeFilterBar(QWidget):
    """Result, evidence and re-confirm filters and the search box above the tree.

    The search waits a quarter of a second after the last key so typing does not reload the
    tree on every letter.

    Signals:
        changed(): the filter changed (the page reloads the tree).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rag_box = QComboBox(self)
        self.rag_box.setAccessibleName("Filter by result")
        for text, value in RAG_CHOICES:
            self.rag_box.addItem(text, value)
        self.no_evidence = QCheckBox("No evidence", self)
        self.past_review = QCheckBox("Evidence past review", self)
        self.reconfirm = QCheckBox("To re-confirm", self)
        for box, name in (
            (self.no_evidence, "Show only indicators with no evidence"),
            (self.past_review, "Show only indicators with evidence past review"),
            (self.reconfirm, "Show only indicators to re-confirm"),
        ):
            box.setAccessibleName(name)
            box.toggled.connect(lambda _on: self.changed.emit())
        self.rag_box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.search = QLineEdit(self)
        self.search.setAccessibleName("Search code, wording or narrative")
        self.search.setPlaceholderText("Search code, wording or narrative")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.changed)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.rag_box)
        for widget in (self.no_evidence, self.past_review, self.reconfirm):
            row.addWidget(widget)
        row.addWidget(self.search, 1)

    def current(self) -> TreeFilter:
        """The filter as the service takes it."""
        value = self.rag_box.currentData()
        rags: frozenset[Rag] = frozenset()
        if value == "red_amber":
            rags = frozenset({Rag.RED, Rag.AMBER})
        elif value is not None:
            rags = frozenset({Rag(value)})
        return TreeFilter(
            rags=rags,
            no_evidence=self.no_evidence.isChecked(),
            evidence_past_review=self.past_review.isChecked(),
            to_reconfirm=self.reconfirm.isChecked(),
            search=self.search.text(),
        )

"""Shared pieces of the Training page: a table model over the service's result rows, the
words every tab uses for a status, and a table view set up the house way.

The lists here are small once aggregated (a few hundred compliance rows, a few dozen courses,
one person's courses), so :class:`RowsModel` keeps the service's frozen rows as they came and
sorts them in Python by each column's raw value (numbers as numbers, dates as dates) — never
by the text shown, and never through a ``QSortFilterProxyModel`` copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QEvent
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.read_only import read_only
from vpr_desktop.views.common.table_model import ModelIndex
from vpr_desktop.views.common.table_model import cell_alignment
from vpr_desktop.views.common.table_model import column_heading
from vpr_desktop.views.common.table_model import rows_only
from vpr_desktop.views.common.table_model import selectable_flags

#: The row object behind a cell (a ``ComplianceRow``, ``CourseInfo``…), for the page's code.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

CONTENTS_PRECISION = 100
MEETS = "Meets target"
BELOW = "Below target"
NO_EXPIRY = "No expiry"
NONE_MARK = "—"
#: ``CourseStatus.status`` and ``PersonCompliance.status`` in words (never colour alone).
STATUS_WORDS = {
    "required_held": "In date",
    "in_date": "In date",
    "expired": "Expired",
    "missing": "Missing",
    "held_not_required": "Held, not required",
}


def percent_text(value: float) -> str:
    """``85%`` / ``72.5%``: one decimal place only when it is not a whole number."""
    rounded = round(value, 1)
    return f"{rounded:.0f}%" if float(rounded).is_integer() else f"{rounded:.1f}%"


def target_words(percent: float, target: float) -> str:
    """Whether ``percent`` meets the compliance ``target``, in words."""
    return BELOW if percent < target else MEETS


def yes_no(value: bool) -> str:
    """ "Yes" or "No"."""
    return "Yes" if value else "No"


@dataclass(frozen=True)
class Column:
    """One column: its title, the text of a row's cell, and the raw value it sorts by."""

    title: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    numeric: bool = False
    tip: str = ""


def _sortable(value: Any) -> tuple[int, Any]:
    """None last, then by value (dates, numbers and text each compare among themselves)."""
    if value is None:
        return (1, 0)
    if isinstance(value, str):
        return (0, value.lower())
    return (0, value)


class RowsModel(QAbstractTableModel):
    """A read-only table over a list of result rows, sortable by each column's raw value."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self._sorted: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace the rows, keeping the sort the user chose."""
        self.beginResetModel()
        self.rows = list(rows)
        if self._sorted is not None:
            self._sort_rows(*self._sorted)
        self.endResetModel()

    def row(self, index: int) -> Any:
        """The row object at ``index``."""
        return self.rows[index]

    def current(self, table: QTableView) -> Any | None:
        """The row object at ``table``'s current index, or None."""
        index = table.currentIndex()
        return self.rows[index.row()] if index.isValid() else None

    def select_where(self, table: QTableView, match: Callable[[Any], bool]) -> Any | None:
        """Make the first row ``match`` accepts current in ``table``; that row, or None."""
        for number, row in enumerate(self.rows):
            if match(row):
                table.setCurrentIndex(self.index(number, 0))
                return row
        return None

    def replace_keeping_current(
        self, table: QTableView, rows: Sequence[Any], key: Callable[[Any], Any]
    ) -> None:
        """Replace the rows; the row that was current in ``table`` (same ``key``) stays current
        after a reload, so a refresh never loses a person's place."""
        current = self.current(table)
        self.set_rows(rows)
        if current is not None:
            wanted = key(current)
            self.select_where(table, lambda row: key(row) == wanted)

    def texts(self) -> list[list[str]]:
        """Every cell as shown, row by row (what a reader sees; tests read this)."""
        return [[c.text(r) for c in self.columns] for r in self.rows]

    # ------------------------------------------------------------------ Qt model interface

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Each column's text for display, tooltip and screen readers."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{column.title}: {column.text(row)}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return cell_alignment(right=column.numeric)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return (column.sort or column.text)(row)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        tip = column.tip or f"Sort by {column.title.lower()}"
        return column_heading(column.title, tip, cell_alignment(right=column.numeric), role)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Rows are selectable but never editable."""
        return selectable_flags(index)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows in memory (these lists are short) by the column's sort key or text."""
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._sorted = (column, order)
        self._sort_rows(column, order)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        key = self.columns[column].sort or self.columns[column].text
        self.rows.sort(
            key=lambda r: _sortable(key(r)), reverse=order == Qt.SortOrder.DescendingOrder
        )


def read_only_view(
    model: QAbstractTableModel, name: str, accessible: str, parent: QWidget | None = None
) -> QTableView:
    """A view of ``model`` that never edits in place, named for tests and the style sheet
    (``name``) and for screen readers (``accessible``); Tab leaves it rather than moving from
    cell to cell.

    Why one place: the Training page's lists (``make_table``), the needs grid and the import
    preview each set their view up with these same calls."""
    table = read_only(QTableView(parent), name, accessible)
    table.setModel(model)
    table.setTabKeyNavigation(False)
    return table


def make_table(
    model: QAbstractTableModel,
    name: str,
    accessible: str,
    parent: QWidget | None = None,
    *,
    sortable: bool = True,
    widths: Sequence[int] = (),
) -> QTableView:
    """A read-only, row-selecting table as the other pages have them (``widths`` in average
    characters; the last column stretches)."""
    table = read_only_view(model, name, accessible, parent)
    rows_only(table)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().lineSpacing() + 10)
    header = table.horizontalHeader()
    header.setAccessibleName(f"{accessible}: columns")
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # Column widths come from the first rows only: measuring thousands of rows would keep
    # the GUI thread busy for a quarter of a second on the large demo.
    header.setResizeContentsPrecision(CONTENTS_PRECISION)
    if sortable:
        # No indicator first: enabling sorting sorts by the indicator's column, and Qt's
        # default order is descending (the service's own order is the one to start with).
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
    chars = table.fontMetrics().averageCharWidth()
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width * chars + 16)
    return table


def fit_columns(
    table: QTableView, *, stretch: Sequence[int] = (), max_chars: int = 34, min_chars: int = 14
) -> None:
    """Size each column to its contents and heading (at most ``max_chars`` wide). The
    ``stretch`` columns (long names) share whatever width is left, but never shrink below
    ``min_chars`` (the table scrolls sideways instead, at 150-200% or in a narrow window);
    with none, the last column takes the rest."""
    header = table.horizontalHeader()
    count = table.model().columnCount()
    chars = table.fontMetrics().averageCharWidth()
    font = QFont(header.font())
    font.setBold(True)  # headings are bold (ui/style.qss)
    bold = QFontMetrics(font)
    header.setStretchLastSection(not stretch)
    header.setMinimumSectionSize(chars * 5)
    floors: dict[int, int] = {}
    for column in range(count):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        title = str(table.model().headerData(column, Qt.Orientation.Horizontal) or "")
        heading = max((bold.horizontalAdvance(t) for t in title.split("\n")), default=0)
        wanted = min(max(heading + 30, table.sizeHintForColumn(column) + 6), max_chars * chars + 24)
        if column in stretch:
            floors[column] = min(wanted, min_chars * chars + 24)
        else:
            table.setColumnWidth(column, wanted)
    stretcher = table.findChild(ColumnStretcher)
    if stretch:
        if stretcher is None:
            stretcher = ColumnStretcher(table)
        stretcher.floors = floors
        stretcher.apply()
    elif stretcher is not None:
        stretcher.floors = {}


class ColumnStretcher(QObject):
    """Gives a table's long-name columns the width the others leave (see ``fit_columns``),
    again whenever the table is resized; the user can still drag any column wider."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self.floors: dict[int, int] = {}
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.Resize and self.floors:
            self.apply()
        return False

    def apply(self) -> None:
        """Share the width the fixed columns leave among the long-name columns."""
        header = self.table.horizontalHeader()
        fixed = sum(
            header.sectionSize(c)
            for c in range(header.count())
            if c not in self.floors and not header.isSectionHidden(c)
        )
        if not self.floors:
            return
        share = (self.table.viewport().width() - fixed) // len(self.floors)
        for column, floor in self.floors.items():
            self.table.setColumnWidth(column, max(floor, share))


class Reflow(QObject):
    """Turns a splitter's two panes from side by side to one above the other when the
    space it sits in is narrower than ``chars`` average characters (150-200%, 1366x768)."""

    def __init__(self, splitter: QSplitter, chars: int) -> None:
        super().__init__(splitter)
        self.splitter = splitter
        self.chars = chars
        splitter.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return False

    def apply(self) -> None:
        """Stack the panes when the splitter is too narrow for them side by side."""
        narrow = self.splitter.width() < self.splitter.fontMetrics().averageCharWidth() * self.chars
        wanted = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)


def date_text(value: dt.date | None) -> str:
    """The date in the app's format, "" when not recorded."""
    return format_date(value) if value is not None else ""

"""One lazy table model for every long list: rows arrive a page at a time, sorted in SQL.

The model wraps a list source from the services layer (duck-typed like
``services.paging.ListSource``: ``columns`` of (key, title, kind, width), ``count(request)`` and
``page(request, cursor, limit)`` returning rows and a keyset cursor). It holds only the rows the
user has scrolled to: Qt calls :meth:`fetchMore` as the view nears the end, and each call costs
one indexed query whatever the depth, because paging is by keyset, never by OFFSET.

Sorting and searching ask the source again with a new request (``ORDER BY``/``WHERE`` in SQL)
instead of a ``QSortFilterProxyModel``, which compares rows in Python and takes seconds at
25,000 rows. ``PageRequest`` is imported inside methods: ``services.paging`` imports SQLAlchemy,
and this module is on the start-up path where SQLAlchemy must not be loaded yet.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any
from typing import Protocol

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView

from vpr_desktop.views.common.formatting import RIGHT_ALIGNED_KINDS
from vpr_desktop.views.common.formatting import format_value
from vpr_desktop.views.common.formatting import sort_value

#: The raw value behind a cell (a datetime, a number, an enum's stored value), for code that
#: must not parse display text back. Sorting itself is done by the source in SQL.
SORT_ROLE = Qt.ItemDataRole.UserRole
PAGE_SIZE = 500

ModelIndex = QModelIndex | QPersistentModelIndex


class ColumnLike(Protocol):
    """One column of a list source: its key, heading, value kind (for formatting) and width."""

    key: str
    title: str
    kind: str
    width: int


class PageLike(Protocol):
    """One page of rows from a list source, with the keyset cursor for the next page."""

    rows: list[tuple[Any, ...]]
    cursor: Any


class ListSourceLike(Protocol):
    """What the model needs of a services-layer list source (``services.paging.ListSource``)."""

    columns: Sequence[ColumnLike]
    default_sort: str
    default_descending: bool

    def count(self, request: Any) -> int:
        """How many rows match ``request``'s filters and search."""

    def page(self, request: Any, cursor: Any = None, limit: int = PAGE_SIZE) -> PageLike:
        """Up to ``limit`` rows after ``cursor`` (None: from the start), in the request's order."""


def _default_request_factory(**fields: Any) -> Any:
    from vpr_desktop.services.common.paging import PageRequest

    return PageRequest(**fields)


class LazyTableModel(QAbstractTableModel):
    """A read-only table over a list source, fetched in pages of :data:`PAGE_SIZE`.

    Signals:
        loaded(int, int): rows loaded so far and the total the source counted
            (for "Showing 500 of 60,000").
        load_failed(object): a known error (``VprError``) while counting or fetching.
    """

    loaded = Signal(int, int)
    load_failed = Signal(object)

    def __init__(
        self,
        source: ListSourceLike,
        parent: Any = None,
        *,
        page_size: int = PAGE_SIZE,
        request_factory: Callable[..., Any] | None = None,
        fetch_now: bool = True,
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._columns = list(source.columns)
        self._page_size = page_size
        self._make_request = request_factory or _default_request_factory
        self._request = self._make_request(
            sort_key=getattr(source, "default_sort", None) or None,
            descending=bool(getattr(source, "default_descending", False)),
        )
        self._rows: list[tuple[Any, ...]] = []
        self._cursor: Any = None
        self._exhausted = True
        self._total = 0
        if fetch_now:
            self.reload()

    # ------------------------------------------------------------------ what the page reads

    @property
    def columns(self) -> list[ColumnLike]:
        """The source's columns, in display order."""
        return self._columns

    @property
    def total(self) -> int:
        """Rows the source counted for the current search (not only those loaded)."""
        return self._total

    @property
    def loaded_count(self) -> int:
        """How many rows have been fetched so far (not the total)."""
        return len(self._rows)

    @property
    def request(self) -> Any:
        """The current request (sort, filters and search) the rows answer."""
        return self._request

    def column_index(self, key: str) -> int:
        """The position of the column ``key``, or -1 if the source has none."""
        for i, column in enumerate(self._columns):
            if column.key == key:
                return i
        return -1

    def row_values(self, row: int) -> tuple[Any, ...]:
        """The raw values of a loaded row, in column order."""
        return self._rows[row]

    # ------------------------------------------------------------------ changing the request

    def set_search(self, text: str) -> None:
        """Search again for ``text`` (trimmed); nothing is asked if it is unchanged."""
        text = text.strip()
        if text != self._request.search:
            self._set_request(search=text)

    def set_filters(self, filters: dict[str, Any]) -> None:
        """Filters alone (search kept): one count and one page, and only if they changed."""
        if filters != self._request.filters:
            self._set_request(filters=dict(filters))

    def set_query(self, filters: dict[str, Any], search: str) -> bool:
        """Filters and search at once: one count and one page, and only if either changed."""
        search = search.strip()
        if (filters, search) == (self._request.filters, self._request.search):
            return False
        self._set_request(filters=dict(filters), search=search)
        return True

    def set_sort(self, key: str, descending: bool) -> None:
        """Sort by the column ``key`` in SQL, starting again from the first page."""
        if (key, descending) != (self._request.sort_key, self._request.descending):
            self._set_request(sort_key=key, descending=descending)

    def _set_request(self, **changes: Any) -> None:
        fields = {f.name: getattr(self._request, f.name) for f in dataclasses.fields(self._request)}
        fields.update(changes)
        self._request = self._make_request(**fields)
        self.reload()

    def reload(self) -> None:
        """Count again and load the first page for the current request (F5, sort, search)."""
        self.beginResetModel()
        self._rows = []
        self._cursor = None
        self._exhausted = False
        try:
            self._total = self._source.count(self._request)
            self._fetch_page()
        except Exception as exc:
            self._exhausted = True
            self._total = len(self._rows)
            self.endResetModel()
            self._failed(exc)
            return
        self._end_reset()
        self.loaded.emit(len(self._rows), self._total)

    def _end_reset(self) -> None:
        """Finish a reset without letting its listeners fetch while it is being announced.

        Views and model testers react to ``modelReset``; one that called :meth:`fetchMore`
        from there would insert rows inside the reset notification (re-entrant, and flagged by
        Qt's model tester). So the model answers "nothing more" until the announcement is
        over; a view asks again when it lays out, as it does after every reset.
        """
        exhausted, self._exhausted = self._exhausted, True
        try:
            self.endResetModel()
        finally:
            self._exhausted = exhausted

    def _fetch_page(self) -> list[tuple[Any, ...]]:
        page = self._source.page(self._request, self._cursor, self._page_size)
        self._rows.extend(page.rows)
        self._cursor = page.cursor
        self._exhausted = page.cursor is None or not page.rows
        return page.rows

    def _failed(self, exc: Exception) -> None:
        from vpr_desktop.domain.errors import VprError

        if isinstance(exc, VprError):
            self.load_failed.emit(exc)
        else:
            raise exc

    # ------------------------------------------------------------------ Qt model interface

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        try:
            page = self._source.page(self._request, self._cursor, self._page_size)
        except Exception as exc:
            self._exhausted = True
            self._failed(exc)
            return
        rows = page.rows
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._cursor = page.cursor
        self._exhausted = page.cursor is None or not rows
        self.loaded.emit(len(self._rows), self._total)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text formatted by column kind; the raw value under :data:`SORT_ROLE`."""
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if not (0 <= row < len(self._rows) and 0 <= col < len(self._columns)):
            return None
        value = self._rows[row][col]
        kind = self._columns[col].kind
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return format_value(kind, value)
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text of a cell the column cuts
            return format_value(kind, value) if kind in ("text", "enum") else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(kind)
        if role == SORT_ROLE:
            return value.score if kind == "score" and value is not None else sort_value(value)
        if kind == "score" and value is not None and role in _CHIP_ROLES:
            return _chip_colour(value, role)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        return column_heading(
            column.title, f"Sort by {column.title.lower()}", _alignment(column.kind), role
        )

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Rows are selectable but never editable."""
        return selectable_flags(index)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask the source for the rows in the new order (SQL ``ORDER BY``, keyset paged)."""
        if not 0 <= column < len(self._columns):
            return
        self.set_sort(self._columns[column].key, order == Qt.SortOrder.DescendingOrder)


_WORD_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.ToolTipRole,
)


class WordsTableModel(LazyTableModel):
    """The lazy model with a list's own words for some columns ("Overdue", "In progress").

    A page declares ``WORDS``: column key → function from the stored value to its words; the
    words are shown, read out and used as the tooltip, and an empty cell stays empty.
    """

    WORDS: dict[str, Callable[[Any], str]] = {}

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Columns named in ``WORDS`` show the page's own words instead of the stored value."""
        if role in _WORD_ROLES and index.isValid():
            words = self.WORDS.get(self.columns[index.column()].key)
            if words is not None:
                value = self.row_values(index.row())[index.column()]
                return "" if value is None else words(value)
        return super().data(index, role)


#: A "score" cell holds a ``ScoreCell``-like value (``colour``, ``text_colour``; its ``str()``
#: is "Extreme 16"): shown as a band chip whose colours come from the trust's matrix, with the
#: band's word always in the text (never colour alone).
_CHIP_ROLES = (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole)
_colours: dict[str, Any] = {}


def data_colour(hex_colour: str) -> Any:
    """A colour that is data (a band of the trust's matrix setting), as a ``QColor``.

    The only way views turn a stored colour into a Qt one; colours of the window itself are
    in ``ui/style.qss``.
    """
    colour = _colours.get(hex_colour)
    if colour is None:
        from PySide6.QtGui import QColor

        colour = _colours[hex_colour] = QColor.fromString(hex_colour)
    return colour


def _chip_colour(value: Any, role: int) -> Any:
    return data_colour(
        value.colour if role == Qt.ItemDataRole.BackgroundRole else value.text_colour
    )


def _alignment(kind: str) -> Qt.AlignmentFlag:
    return cell_alignment(right=kind in RIGHT_ALIGNED_KINDS)


def cell_alignment(*, right: bool) -> Qt.AlignmentFlag:
    """Numbers right-aligned (their digits line up), everything else left; centred upright."""
    horizontal = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
    return horizontal | Qt.AlignmentFlag.AlignVCenter


def rows_only(view: QAbstractItemView, *, one_at_a_time: bool = True) -> None:
    """A list view that selects whole rows (``one_at_a_time``: a single row) and never edits
    in place, as every list and history table here does: changes go through a form."""
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if one_at_a_time:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)


def selectable_flags(index: ModelIndex) -> Qt.ItemFlag:
    """Rows (or cells) that select but never edit in place: every change goes through a form
    or dialog that checks it, so a stray double-click cannot alter a list."""
    if not index.isValid():
        return Qt.ItemFlag.NoItemFlags
    return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def column_heading(title: str, tip: str, alignment: Qt.AlignmentFlag, role: int) -> Any:
    """A list's column heading for ``role``: its title (shown, and spoken by screen readers),
    ``tip`` as the tooltip, and the column's ``alignment`` so heading and cells line up."""
    if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
        return title
    if role == Qt.ItemDataRole.ToolTipRole:
        return tip
    if role == Qt.ItemDataRole.TextAlignmentRole:
        return alignment
    return None


class TitledTableModel(QAbstractTableModel):
    """A short read-only table whose column headings are fixed (``TITLES``): the headings,
    also as the columns' accessible names, and rows that select but never edit.

    It also holds the rows (one record each, all in memory: ``set_rows``) and counts them, so
    a subclass only says what each cell shows (``data``) — the accounts table and an audit
    event's before-and-after each kept and counted their rows the same way.
    """

    TITLES: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Iterable[Any]) -> None:
        """Show ``rows`` instead of what was shown (a reset: views keep no selection)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.TITLES)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.TITLES)
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
        ):
            return self.TITLES[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return selectable_flags(index)

"""Lists that page from SQL: sort and filter in the database, keyset paging, never whole tables.

A :class:`ListSource` describes its columns (with an allow-listed SQL expression each, so a sort
never formats user input into SQL) and answers ``count`` and ``page``. Pages are fetched by
keyset — ``WHERE (sort_key, id) > (last_key, last_id)`` — so page 300 costs what page 1 does.
Rows are plain tuples of display-ready raw values; the view formats them.
"""

from __future__ import annotations

from abc import ABC
from abc import abstractmethod
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeAlias
from typing import TypeVar

from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import and_
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import tuple_
from sqlalchemy.orm import QueryableAttribute

from vpr_desktop.services.common.columns import Column
from vpr_desktop.services.common.search_text import like_anywhere
from vpr_desktop.services.common.unit_of_work import reading

if TYPE_CHECKING:
    from vpr_desktop.store.database import Database
    from vpr_desktop.store.early_read import KeptStatement

__all__ = ["AnySelect", "Column", "ListSource", "Page", "PageRequest", "SqlColumn"]

#: The keyset columns a page's statement adds after the row's own (dropped from the rows).
KEYSET_COLUMNS = 2

T = TypeVar("T")

SqlColumn: TypeAlias = ColumnElement[T] | QueryableAttribute[T]
"""A column a list may sort or search on: a mapped attribute (``Action.title``) or an
expression (``func.coalesce(...)``); both compare, order and label the same way."""

AnySelect: TypeAlias = Select[*tuple[Any, ...]]
"""A SELECT of any columns: each list's base query has its own row shape."""


@dataclass(frozen=True)
class PageRequest:
    """What a list asks for: sort, direction, search text and filters (never SQL)."""

    sort_key: str | None = None
    descending: bool = False
    search: str = ""
    filters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    """One page of a list: display-ready rows and the keyset cursor for the next page."""

    rows: list[tuple[Any, ...]]
    # Keyset cursor for the next page: (sort value, id) of the last row; None when finished.
    cursor: tuple[Any, int] | None


class ListSource(ABC):
    """Subclasses set ``columns``, implement ``base_query``/``sort_expressions``/``id_column``."""

    columns: Sequence[Column] = ()
    default_sort: str = ""
    default_descending: bool = False
    search_columns: Sequence[SqlColumn[Any]] = ()

    #: Keep the first page's statement as sent to the database (:attr:`first_statement`), for
    #: the window to run again at the next start before the ORM loads (``store/early_read``).
    keep_first_statement: bool = False

    def __init__(self, db: Database) -> None:
        self.db = db
        self.first_statement: KeptStatement | None = None

    # -- to implement (abstract: a source lacking one cannot be made)
    @abstractmethod
    def base_query(self) -> AnySelect:
        """The SELECT of the list's columns, before filters, sort and paging."""

    @abstractmethod
    def sort_expressions(self) -> Mapping[str, SqlColumn[Any]]:
        """Each sortable column's key and the expression it sorts by."""

    @abstractmethod
    def id_column(self) -> SqlColumn[int]:
        """The row's id: the tie-break of every sort and the keyset cursor."""

    def filter_clauses(self, request: PageRequest) -> list[ColumnElement[bool]]:
        return []

    # -- shared
    def _where(self, request: PageRequest) -> list[ColumnElement[bool]]:
        clauses = list(self.filter_clauses(request))
        term = request.search.strip()
        if term and self.search_columns:
            like = like_anywhere(term)
            clauses.append(or_(*(c.ilike(like, escape="\\") for c in self.search_columns)))
        return clauses

    def page_where(self, request: PageRequest) -> list[ColumnElement[bool]]:
        """The WHERE of a page: the count's, unless a source steers its pages to the sort's
        index (a page stops at its limit, a count reads every match)."""
        return self._where(request)

    def _sort(self, request: PageRequest) -> tuple[SqlColumn[Any], bool]:
        exprs = self.sort_expressions()
        key = request.sort_key
        if key is not None and key in exprs:
            return exprs[key], request.descending
        return exprs[self.default_sort], self.default_descending

    def count(self, request: PageRequest) -> int:
        stmt = select(func.count()).select_from(self.base_query().subquery())
        where = self._where(request)
        if where:
            stmt = select(func.count()).select_from(
                self.base_query().where(and_(*where)).subquery()
            )
        with reading(self.db) as session:
            return int(session.scalar(stmt) or 0)

    def page_statement(
        self, request: PageRequest, cursor: tuple[Any, int] | None = None, limit: int = 500
    ) -> AnySelect:
        """The SELECT of one page: the row's columns, then the keyset's sort value and id."""
        sort_expr, desc = self._sort(request)
        id_col = self.id_column()
        stmt = self.base_query()
        where = self.page_where(request)
        if cursor is not None:
            last_value, last_id = cursor
            key = tuple_(sort_expr, id_col)
            where.append(
                key < tuple_(last_value, last_id) if desc else key > tuple_(last_value, last_id)
            )
        if where:
            stmt = stmt.where(and_(*where))
        order = (sort_expr.desc(), id_col.desc()) if desc else (sort_expr.asc(), id_col.asc())
        stmt = stmt.add_columns(sort_expr.label("_sort"), id_col.label("_id"))
        return stmt.order_by(*order).limit(limit)

    def page(
        self, request: PageRequest, cursor: tuple[Any, int] | None = None, limit: int = 500
    ) -> Page:
        stmt = self.page_statement(request, cursor, limit)
        with reading(self.db) as session:
            if cursor is None and self.keep_first_statement:
                from vpr_desktop.services.common.first_page import execute_keeping

                result, self.first_statement = execute_keeping(session, stmt, KEYSET_COLUMNS)
            else:
                result = session.execute(stmt).all()
        rows = [tuple(r[:-KEYSET_COLUMNS]) for r in result]
        next_cursor = (result[-1][-2], result[-1][-1]) if len(result) == limit else None
        return Page(rows=rows, cursor=next_cursor)

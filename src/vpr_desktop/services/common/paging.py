"""Lists that page from SQL: sort and filter in the database, keyset paging, never whole tables.

A :class:`ListSource` describes its columns (with an allow-listed SQL expression each, so a sort
never formats user input into SQL) and answers ``count`` and ``page``. Pages are fetched by
keyset — ``WHERE (sort_key, id) > (last_key, last_id)`` — so page 300 costs what page 1 does.
Rows are plain tuples of display-ready raw values; the view formats them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, tuple_

from vpr_desktop.services.common.unit_of_work import reading


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = "text"  # text | number | date | datetime | enum
    width: int = 120


@dataclass(frozen=True)
class PageRequest:
    sort_key: str | None = None
    descending: bool = False
    search: str = ""
    filters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    rows: list[tuple[Any, ...]]
    # Keyset cursor for the next page: (sort value, id) of the last row; None when finished.
    cursor: tuple[Any, int] | None


class ListSource:
    """Subclasses set ``columns``, implement ``base_query``/``sort_expressions``/``id_column``."""

    columns: Sequence[Column] = ()
    default_sort: str = ""
    default_descending: bool = False
    search_columns: Sequence[ColumnElement[Any]] = ()

    def __init__(self, db: Any) -> None:
        self.db = db

    # -- to implement
    def base_query(self) -> Select[Any]:
        raise NotImplementedError  # pragma: no cover - abstract

    def sort_expressions(self) -> dict[str, ColumnElement[Any]]:
        raise NotImplementedError  # pragma: no cover - abstract

    def id_column(self) -> ColumnElement[int]:
        raise NotImplementedError  # pragma: no cover - abstract

    def filter_clauses(self, request: PageRequest) -> list[ColumnElement[bool]]:
        return []

    # -- shared
    def _where(self, request: PageRequest) -> list[ColumnElement[bool]]:
        clauses = list(self.filter_clauses(request))
        term = request.search.strip()
        if term and self.search_columns:
            escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            like = "%" + escaped + "%"
            clauses.append(or_(*(c.ilike(like, escape="\\") for c in self.search_columns)))
        return clauses

    def _sort(self, request: PageRequest) -> tuple[ColumnElement[Any], bool]:
        exprs = self.sort_expressions()
        key = request.sort_key if request.sort_key in exprs else self.default_sort
        desc = request.descending if request.sort_key in exprs else self.default_descending
        return exprs[key], desc

    def count(self, request: PageRequest) -> int:
        stmt = select(func.count()).select_from(self.base_query().subquery())
        where = self._where(request)
        if where:
            stmt = select(func.count()).select_from(
                self.base_query().where(and_(*where)).subquery()
            )
        with reading(self.db) as session:
            return int(session.scalar(stmt) or 0)

    def page(
        self, request: PageRequest, cursor: tuple[Any, int] | None = None, limit: int = 500
    ) -> Page:
        sort_expr, desc = self._sort(request)
        id_col = self.id_column()
        stmt = self.base_query()
        where = self._where(request)
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
        stmt = stmt.order_by(*order).limit(limit)
        with reading(self.db) as session:
            result = session.execute(stmt).all()
        rows = [tuple(r[:-2]) for r in result]
        next_cursor = (result[-1][-2], result[-1][-1]) if len(result) == limit else None
        return Page(rows=rows, cursor=next_cursor)


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value

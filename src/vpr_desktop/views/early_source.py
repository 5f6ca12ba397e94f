"""The list source the Incidents page reads its early rows from, before the ORM is imported.

The lazy table model asks a source for its columns, a request, a count and pages;
:class:`EarlyRows` answers from rows already read (``views.early_rows``), with nothing from
SQLAlchemy or the services, so it can run before the first paint.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any


@dataclasses.dataclass(frozen=True)
class EarlyRequest:
    """The request the early rows answer (``PageRequest``'s fields, without SQLAlchemy)."""

    sort_key: str | None = None
    descending: bool = False
    search: str = ""
    filters: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class EarlyPage:
    """All the early rows, as one page with nothing after it."""

    rows: list[tuple[Any, ...]]
    cursor: Any = None


class EarlyRows:
    """A list source over rows already read: what the lazy table model asks of a source."""

    def __init__(
        self,
        columns: Sequence[Any],
        rows: list[tuple[Any, ...]],
        *,
        sort_key: str,
        descending: bool,
        id_index: int,
    ) -> None:
        self.columns = columns
        self.rows = rows
        self.default_sort = sort_key
        self.default_descending = descending
        self.ID_INDEX = id_index

    def make_request(self, **fields: Any) -> EarlyRequest:
        return EarlyRequest(**fields)

    def count(self, request: Any) -> int:
        return len(self.rows)

    def page(self, request: Any, cursor: Any = None, limit: int = 0) -> EarlyPage:
        """Every early row at once (they are one page already; ``limit`` changes nothing)."""
        return EarlyPage(rows=list(self.rows) if cursor is None else [])

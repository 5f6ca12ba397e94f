"""A register (the action log, the risk register) as a pack table.

Why one piece: a pack prints actions and risks the same way -- each item's own columns, then
how many days it is overdue only when the section gives a date to count from, then its owners
only when the pack may hold staff names (a board pack holds none). Kept here once, the two
registers cannot drift apart in the order of those columns or in how "overdue" is counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic
from typing import TypeVar

from vpr_desktop.services.packs.model import CellValue
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Table

#: The column of days past the due date (or the review date), counted from the section's date.
OVERDUE_COLUMN = Column("Days overdue", "int", 0.8)

T = TypeVar("T")


@dataclass(frozen=True)
class RegisterColumns(Generic[T]):
    """How one register's items become cells: its own columns and cells, the date that
    overdue days count from, and its owner columns and cells (names: shown only when allowed)."""

    columns: tuple[Column, ...]
    cells: Callable[[T], tuple[CellValue, ...]]
    due: Callable[[T], dt.date | None]
    owner_columns: tuple[Column, ...]
    owners: Callable[[T], tuple[CellValue, ...]]


def register_table(
    table_id: str,
    title: str,
    items: Sequence[T],
    layout: RegisterColumns[T],
    *,
    names: bool,
    as_at: dt.date | None,
    empty: str,
    pdf_rows: int | None,
) -> Table:
    """``items`` as a table: their own cells, then days overdue at ``as_at`` (only with
    ``as_at``; blank with no due date), then their owners (only when ``names``)."""
    cols = list(layout.columns)
    if as_at is not None:
        cols.append(OVERDUE_COLUMN)
    if names:
        cols += layout.owner_columns
    out: list[tuple[CellValue, ...]] = []
    for item in items:
        row = list(layout.cells(item))
        if as_at is not None:
            due = layout.due(item)
            row.append((as_at - due).days if due else None)
        if names:
            row += layout.owners(item)
        out.append(tuple(row))
    return Table(table_id, title, tuple(cols), tuple(out), empty_text=empty, pdf_rows=pdf_rows)

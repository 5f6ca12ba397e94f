"""The register table both the action log and the risk register print in a pack: days overdue
only with a date to count from, owners only where names may appear, in that order."""

from __future__ import annotations

import datetime as dt

from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.register_table import OVERDUE_COLUMN
from vpr_desktop.services.packs.register_table import RegisterColumns
from vpr_desktop.services.packs.register_table import register_table

AS_AT = dt.date(2026, 11, 30)
ITEMS = [("A-1", dt.date(2026, 11, 20), "Ann"), ("A-2", None, "Bob")]
LAYOUT = RegisterColumns[tuple[str, dt.date | None, str]](
    (Column("Ref"), Column("Due", "date")),
    lambda i: (i[0], i[1]),
    lambda i: i[1],
    (Column("Owner"),),
    lambda i: (i[2],),
)


def test_own_cells_only_without_a_date_or_names() -> None:
    t = register_table("t", "T", ITEMS, LAYOUT, names=False, as_at=None, empty="No.", pdf_rows=5)
    assert [c.title for c in t.columns] == ["Ref", "Due"]
    assert t.rows == (("A-1", dt.date(2026, 11, 20)), ("A-2", None))
    assert (t.id, t.title, t.empty_text, t.pdf_rows) == ("t", "T", "No.", 5)


def test_days_overdue_then_owners() -> None:
    t = register_table("t", "T", ITEMS, LAYOUT, names=True, as_at=AS_AT, empty="", pdf_rows=None)
    assert [c.title for c in t.columns] == ["Ref", "Due", "Days overdue", "Owner"]
    assert t.columns[2] is OVERDUE_COLUMN
    assert t.rows == (("A-1", dt.date(2026, 11, 20), 10, "Ann"), ("A-2", None, None, "Bob"))


def test_no_items_keeps_the_columns() -> None:
    t = register_table("t", "T", [], LAYOUT, names=True, as_at=None, empty="None.", pdf_rows=None)
    assert [c.title for c in t.columns] == ["Ref", "Due", "Owner"]
    assert t.rows == ()

"""``ImportContext.parsed_rows``: the valued imports' one reading loop -- every row read is
counted, rows the person chose to leave out are counted and skipped, other errors still stop
the import."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from vpr_desktop.services.importing.batch import ImportContext
from vpr_desktop.services.importing.reader import SourceRow
from vpr_desktop.services.importing.report import ProblemLog
from vpr_desktop.services.importing.value_map import LeftOut


def _context(*names: str) -> ImportContext:
    rows = [SourceRow(n, {"name": name}) for n, name in enumerate(names, start=2)]
    table: Any = SimpleNamespace(rows=lambda: iter(rows))
    uow: Any = None  # the loop never writes
    return ImportContext(uow, 1, table, ProblemLog(), dry_run=True)


def _parse(row: SourceRow) -> str:
    name = str(row["name"])
    if name.startswith("Old"):
        raise LeftOut("location name", name)
    return name.upper()


def test_rows_are_read_counted_and_chosen_ones_left_out() -> None:
    ctx = _context("Ward 7", "Old Ward", "ED", "Old Annexe")
    got = [(row.number, parsed) for row, parsed in ctx.parsed_rows(_parse)]
    assert got == [(2, "WARD 7"), (4, "ED")]
    assert (ctx.rows_read, ctx.rows_chosen_out) == (4, 2)
    ctx.chosen_left_out(ctx.rows_chosen_out, ["location name 'Old Ward'"])
    assert ctx.counts == {"left out as chosen": 2}


def test_other_errors_stop_the_reading() -> None:
    ctx = _context("Ward 7", "broken")

    def parse(row: SourceRow) -> str:
        if row["name"] == "broken":
            raise ValueError("not a row")
        return str(row["name"])

    with pytest.raises(ValueError, match="not a row"):
        list(ctx.parsed_rows(parse))
    assert (ctx.rows_read, ctx.rows_chosen_out) == (2, 0)

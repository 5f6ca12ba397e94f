"""The pack workbook: formula-looking text stays text, typed numbers and dates, README, tables,
frozen headers and native charts (acceptance 3, Excel half)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.reports.test_pack_pdf import make_pack
from tests.reports.test_pack_pdf import open_demo
from vpr_desktop.reports.pack_job import PackResult

EVIL_ACTION = '=HYPERLINK("http://x","y")'


@pytest.fixture
def demo(demo_copy: Path) -> Iterator[tuple[Any, Any]]:
    db, actor = open_demo(demo_copy)
    try:
        yield db, actor
    finally:
        db.close()


def xlsx_of(result: PackResult) -> Path:
    return next(f.path for f in result.files if f.file_format == "xlsx")


def test_formula_text_is_a_string_cell_without_formula(
    demo: tuple[Any, Any], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from vpr_desktop.domain.enums import ActionSource
    from vpr_desktop.domain.enums import Priority
    from vpr_desktop.services.actions.records import ActionDraft
    from vpr_desktop.services.actions.service import ActionLogService

    db, actor = demo
    ActionLogService(db, actor).create(
        ActionDraft(
            title=EVIL_ACTION,
            source=ActionSource.COMMITTEE,
            due_date=dt.date(2025, 1, 1),
            priority=Priority.HIGH,
        )
    )
    for kind in ("committee", "board"):
        path = xlsx_of(make_pack(db, actor, kind, tmp_path / kind))
        with zipfile.ZipFile(path) as z:
            sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
            xml = {n: z.read(n).decode("utf-8") for n in sheets}
        assert not any("<f>" in x or "<f " in x for x in xml.values())
        wb = load_workbook(path)
        found = [c for ws in wb for row in ws.iter_rows() for c in row if c.value == EVIL_ACTION]
        assert found, kind
        assert all(c.data_type == "s" and c.quotePrefix for c in found)


def test_sheets_readme_tables_and_types(demo: tuple[Any, Any], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    db, actor = demo
    result = make_pack(db, actor, "committee", tmp_path)
    wb = load_workbook(xlsx_of(result))
    assert wb.sheetnames[0] == "README"
    assert set(wb.sheetnames) >= {"README", "Changes", "Incidents", "Risks", "Actions"}
    readme = {r[0]: r[1] for r in wb["README"].iter_rows(values_only=True) if r and r[0]}
    assert readme["Period from"] == dt.datetime(2026, 4, 1)
    assert readme["Period to"] == dt.datetime(2026, 6, 30)
    assert isinstance(readme["Data as at"], dt.datetime)

    inc = wb["Incidents"]
    assert inc.freeze_panes == "A3"
    assert "t_incidents_spc_data" in inc.tables
    from openpyxl.chart import BarChart
    from openpyxl.chart import LineChart

    kinds = {type(c) for c in inc._charts}  # native charts a secretary can restyle
    assert kinds == {LineChart, BarChart}  # SPC: values, mean and limits; types: bars
    header = [c.value for c in inc[2]]
    assert header[:2] == ["Month", "Incidents"]
    months = [r for r in inc.iter_rows(min_row=3, max_row=26)]
    assert all(
        isinstance(r[0].value, dt.datetime) and r[0].number_format == "mmm yyyy" for r in months
    )
    assert all(isinstance(r[1].value, int) and r[1].data_type == "n" for r in months)

    risks = wb["Risks"]
    table = risks.tables["t_overdue_reviews"]
    first, last = re.match(r"A(\d+):[A-Z]+(\d+)", table.ref).groups()  # type: ignore[union-attr]
    model = next(t for s in result.pack.sections for t in s.tables if t.id == "overdue_reviews")
    assert model.pdf_rows == 30 and len(model.rows) >= 30
    assert int(last) - int(first) == len(model.rows)  # the workbook has the full list
    dates = [
        c.value
        for c in next(
            risks.iter_cols(min_col=7, max_col=7, min_row=int(first) + 1, max_row=int(last))
        )
    ]
    assert all(isinstance(d, dt.datetime) for d in dates if d is not None)
    assert table.autoFilter is not None

"""The standard as NHS England lays out its workbook (issue 17, acceptance 6), on SQLite AND
PostgreSQL: a sheet named as its authors chose, a title row above the headings, each domain
written once in a cell merged over its indicators; the sheet / header-row choice; row-by-row
refusal with nothing written; the template written from the library and loaded back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.services.assessment.test_standards import LEAD
from tests.services.assessment.test_standards import sheet_rows
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.reports.standard_template import save_standard_template
from vpr_desktop.services.assessment.standard_workbook import merged_fills
from vpr_desktop.services.assessment.standards import StandardsService

SHEET = "VPR Standard 2024"


def official_workbook(path: Path, rows: list[list[Any]], *, sheet: str = SHEET) -> Path:
    """A cover sheet first, then ``sheet``: a title row, a blank row, the headings on row 3,
    and each domain's name in one cell merged down over its indicator rows."""
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "Introduction"
    cover.append(["How to use this tool"])
    ws = wb.create_sheet(sheet)
    ws.append(["Violence prevention and reduction standard: assessment tool"])
    ws.merge_cells("A1:D1")
    ws.append([])
    ws.append(["Domain", "Ref", "Indicator", "Guidance"])
    start = 4
    group: list[int] = []
    last = None
    for n, (domain, code, text, guidance) in enumerate(rows, start=start):
        if domain != last:
            if len(group) > 1:
                ws.merge_cells(f"A{group[0]}:A{group[-1]}")
            group, last = [], domain
            ws.append([domain, code, text, guidance])
        else:
            ws.append([None, code, text, guidance])
        group.append(n)
    if len(group) > 1:
        ws.merge_cells(f"A{group[0]}:A{group[-1]}")
    wb.save(path)
    return path


def test_merged_domain_cells_apply_to_every_row(tmp_path: Path) -> None:
    rows = [
        ["1 Leadership", "L1", "One", None],
        ["1 Leadership", "L2", "Two", None],
        ["2 Data", "D1", "Three", None],
    ]
    fills = merged_fills(official_workbook(tmp_path / "m.xlsx", rows))
    assert fills[SHEET][(5, 0)] == "1 Leadership"
    assert (6, 0) not in fills[SHEET]  # a domain of one row is not merged
    assert fills["Introduction"] == {}


def test_sheet_layout_lists_sheets_and_finds_the_heading_row(db: Any, tmp_path: Path) -> None:
    std = StandardsService(db, LEAD)
    path = official_workbook(tmp_path / "tool.xlsx", sheet_rows(std))
    first = std.sheet_layout(path)
    assert first.sheets == ("Introduction", SHEET) and first.sheet == "Introduction"
    layout = std.sheet_layout(path, SHEET)
    assert layout.header_row == 3
    assert layout.rows[0][1][0].startswith("Violence prevention")
    assert layout.rows[2][1] == ("Domain", "Ref", "Indicator", "Guidance")
    assert std.suggested_edition(SHEET, path.name) == "2024"
    preview = std.preview_sheet(path, sheet=SHEET, header_row=3)
    assert preview.ok and "sheet 'VPR Standard 2024', header on row 3" in preview.source


def test_official_layout_loads_with_merged_domains(db: Any, tmp_path: Path) -> None:
    """Domain names only (no number) merged over codes that carry no domain prefix: only the
    merged cell can say which domain a row is in."""
    std = StandardsService(db, LEAD)
    rows = [
        ["1 Leadership and accountability", "LA-1", "Board owns the plan", "Minutes"],
        ["1 Leadership and accountability", "LA-2", "Named executive lead", None],
        ["1 Leadership and accountability", "LA-3", "Resources agreed", None],
        ["2 Data", "DA-1", "Incidents recorded", "Datix"],
        ["2 Data", "DA-2", "Data shared with staff side", None],
    ]
    path = official_workbook(tmp_path / "local.xlsx", rows, sheet="Our standard")
    check = std.load_sheet(
        path,
        "trust-local",
        1,
        title="Local standard",
        publisher="Our trust",
        sheet="Our standard",
        header_row=3,
        dry_run=True,
    )
    assert check.ok, [str(p) for p in check.problems]
    assert check.library is not None
    assert [(d.code, d.title) for d in check.library.domains] == [
        ("1", "Leadership and accountability"),
        ("2", "Data"),
    ]
    assert [(i.code, i.domain) for i in check.library.indicators] == [
        ("LA-1", "1"),
        ("LA-2", "1"),
        ("LA-3", "1"),
        ("DA-1", "2"),
        ("DA-2", "2"),
    ]
    with pytest.raises(NotFoundError):  # a dry run wrote nothing
        std.edition("trust-local")
    std.load_sheet(
        path, "trust-local", 1, title="Local standard", publisher="Our trust", sheet="Our standard"
    )
    detail = std.edition("trust-local")
    assert [len(d.indicators) for d in detail.domains] == [3, 2]


def test_a_bad_workbook_is_refused_row_by_row_and_nothing_written(db: Any, tmp_path: Path) -> None:
    std = StandardsService(db, LEAD)
    rows = sheet_rows(std)
    rows[1][1] = rows[0][1]  # a code twice: sheet row 5 repeats row 4
    rows[2][2] = None  # no wording on row 6
    before = std.edition("2024")
    path = official_workbook(tmp_path / "bad.xlsx", rows)
    result = std.load_sheet(path, "2024", 2, sheet=SHEET, header_row=3)
    assert not result.ok and result.changes is None and result.library is None
    assert {(p.row, p.column) for p in result.problems} == {(5, "Ref"), (6, "Indicator")}
    assert std.edition("2024") == before
    no_sheet = std.load_sheet(path, "2024", 2, sheet="Tool")
    assert not no_sheet.ok and "no sheet called 'Tool'" in str(no_sheet.problems[0])
    wrong_row = std.load_sheet(path, "2024", 2, sheet=SHEET, header_row=1)
    assert not wrong_row.ok and "no column for Code" in str(wrong_row.problems[0])
    assert std.edition("2024") == before


def test_the_template_round_trips(db: Any, tmp_path: Path) -> None:
    std = StandardsService(db, LEAD)
    before = std.edition("2024")
    path = save_standard_template(before, tmp_path / "template.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["VPR standard 2024"]
    assert wb.active["A3"].value == "Domain"
    result = std.load_sheet(path, "2024", before.summary.library_version + 1)
    assert result.ok, [str(p) for p in result.problems]
    assert result.changes is not None and not result.changes.changed_codes
    assert not result.changes.new_codes and not result.changes.retired_codes
    after = std.edition("2024")
    assert [(d.code, d.title) for d in after.domains] == [(d.code, d.title) for d in before.domains]
    assert [(i.code, i.text, i.guidance or None) for d in after.domains for i in d.indicators] == [
        (i.code, i.text, i.guidance or None) for d in before.domains for i in d.indicators
    ]

"""Workbook text cells: nothing a person typed can become a formula, illegal XML characters are
dropped, and overlong text is cut to what one Excel cell holds — checked in a saved workbook
read back with openpyxl, as a committee member's Excel would read it."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl import load_workbook

from vpr_desktop.reports.xlsx_safety import FORMULA_TRIGGERS
from vpr_desktop.reports.xlsx_safety import MAX_CELL_TEXT
from vpr_desktop.reports.xlsx_safety import clean_text
from vpr_desktop.reports.xlsx_safety import looks_like_formula
from vpr_desktop.reports.xlsx_safety import text_cell

RISKY = [
    '=HYPERLINK("http://example.invalid","click")',
    "+44 1632 960000",
    "-1+1",
    "@SUM(A1:A2)",
    "\tTabbed",
    "\rReturn",
    "\nNew line first",
]
SAFE = ["Ward 3 = busy", "Ash ward", "50% of staff", "", "email@example.org"]


@pytest.mark.parametrize("text", RISKY)
def test_text_starting_like_a_formula_is_flagged(text: str) -> None:
    assert looks_like_formula(text)


@pytest.mark.parametrize("text", SAFE)
def test_ordinary_text_is_not_flagged(text: str) -> None:
    assert not looks_like_formula(text)


def test_every_trigger_is_listed() -> None:
    assert set(FORMULA_TRIGGERS) == {"=", "+", "-", "@", "\t", "\r", "\n"}


def test_clean_text_drops_xml_illegal_characters_only() -> None:
    assert clean_text("Ash\x00 ward\x07\x1f") == "Ash ward"
    assert clean_text("Line one\nLine two\ttab") == "Line one\nLine two\ttab"
    assert clean_text("Café – “quoted” ✓") == "Café – “quoted” ✓"


def test_clean_text_cuts_at_the_cell_limit_with_an_ellipsis() -> None:
    exact = "x" * MAX_CELL_TEXT
    assert clean_text(exact) == exact
    cut = clean_text("y" * (MAX_CELL_TEXT + 10))
    assert len(cut) == MAX_CELL_TEXT and cut.endswith("…")
    assert MAX_CELL_TEXT == 32_767


def test_saved_cells_are_text_never_formulas(tmp_path: Path) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Log")
    values = [*RISKY, *SAFE, "Bad\x01char"]
    for value in values:
        ws.append([text_cell(ws, value, wrap=value == "Ash ward")])
    path = tmp_path / "safe.xlsx"
    wb.save(path)

    sheet = load_workbook(path)["Log"]
    cells = [row[0] for row in sheet.iter_rows()]
    assert len(cells) == len(values)
    for cell, value in zip(cells, values, strict=True):
        expected = clean_text(value)
        if not expected:
            assert cell.value is None  # an empty cell, not an empty formula
            continue
        assert cell.data_type == "s", value  # a string, never "f"
        assert cell.value == expected.replace("\r", "\n")  # XML reads a lone CR as LF
        assert cell.quotePrefix == looks_like_formula(expected), value
    wrapped = next(c for c in cells if c.value == "Ash ward")
    assert wrapped.alignment.wrap_text and wrapped.alignment.vertical == "top"
    assert cells[-1].value == "Badchar"

"""The shared export cells: one typing of values for every workbook, one CSV text rule.

Read back with openpyxl: what a committee opens in Excel is what is asserted.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl import load_workbook

from vpr_desktop.reports.raster_maths import stretch
from vpr_desktop.reports.xlsx_export import typed_cell
from vpr_desktop.reports.xlsx_safety import csv_safe

LONDON = ZoneInfo("Europe/London")


def written(tmp_path: Path, values: list[object], zone: ZoneInfo | None = None) -> list[object]:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cells")
    sheet.append([typed_cell(sheet, value, zone=zone) for value in values])
    path = tmp_path / "cells.xlsx"
    book.save(path)
    row = next(load_workbook(path)["Cells"].iter_rows())
    return [(cell.data_type, cell.value) for cell in row]


def test_values_are_typed_and_text_is_never_a_formula(tmp_path: Path) -> None:
    cells = written(tmp_path, ["=SUM(A1)", "ward", dt.date(2026, 3, 1), None, 7])
    assert cells[0] == ("s", "=SUM(A1)")
    assert cells[1] == ("s", "ward")
    assert cells[2] == ("d", dt.datetime(2026, 3, 1))
    assert cells[3] == ("n", None)  # nothing is an empty cell, not the text "None"
    assert cells[4] == ("n", 7)


def test_an_aware_time_is_written_in_the_trust_zone_when_given(tmp_path: Path) -> None:
    summer = dt.datetime(2026, 7, 1, 9, 30, tzinfo=dt.UTC)
    assert written(tmp_path, [summer], LONDON)[0] == ("d", dt.datetime(2026, 7, 1, 10, 30))
    assert written(tmp_path, [summer])[0] == ("d", dt.datetime(2026, 7, 1, 9, 30))


def test_a_csv_cell_that_would_run_as_a_formula_is_kept_as_text() -> None:
    for risky in ("=1+1", "+44 7700", "-2", "@SUM(A1)"):
        assert csv_safe(risky) == "'" + risky
    assert csv_safe("Ward 3") == "Ward 3"
    assert csv_safe("") == ""


def test_stretch_is_the_length_scale_of_a_transform() -> None:
    assert stretch((1, 0, 0, 1, 5, 5)) == 1
    assert stretch((2, 0, 0, 2, 0, 0)) == 2
    assert math.isclose(stretch((3, 0, 0, 1, 0, 0)), math.sqrt(3))
    assert stretch((0, -1, 1, 0, 0, 0)) == 1  # a quarter turn keeps lengths

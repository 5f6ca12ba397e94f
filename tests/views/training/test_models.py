"""The Training page's three table models with real rows: the compliance ``RowsModel`` (sorted by
raw values, never by the text shown), the needs-analysis grid and the import preview. Each runs
through ``qtmodeltester`` (the Python checks and Qt's own ``QAbstractItemModelTester``) on what
the demo trust's services return."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import Qt

from vpr_desktop.views.training.compliance_columns import COURSE_COLUMNS
from vpr_desktop.views.training.compliance_columns import DETAIL_COLUMNS
from vpr_desktop.views.training.compliance_columns import CourseLine
from vpr_desktop.views.training.compliance_columns import against_target
from vpr_desktop.views.training.compliance_columns import compliant_text
from vpr_desktop.views.training.compliance_columns import expiring_text
from vpr_desktop.views.training.compliance_data import Filters
from vpr_desktop.views.training.compliance_data import fetch_compliance
from vpr_desktop.views.training.compliance_data import summary_text
from vpr_desktop.views.training.models import BELOW
from vpr_desktop.views.training.models import MEETS
from vpr_desktop.views.training.models import NONE_MARK
from vpr_desktop.views.training.models import ROW_ROLE
from vpr_desktop.views.training.models import SORT_ROLE
from vpr_desktop.views.training.models import Column
from vpr_desktop.views.training.models import RowsModel
from vpr_desktop.views.training.models import date_text
from vpr_desktop.views.training.models import percent_text
from vpr_desktop.views.training.models import target_words
from vpr_desktop.views.training.models import yes_no
from vpr_desktop.views.training.needs_model import NeedsModel
from vpr_desktop.views.training.needs_model import fetch_needs
from vpr_desktop.views.training.needs_model import wrap_words
from vpr_desktop.views.training.preview_model import PreviewModel

DISPLAY = Qt.ItemDataRole.DisplayRole


# --------------------------------------------------------------------------- words


@pytest.mark.parametrize(
    ("value", "text"), [(85, "85%"), (72.5, "72.5%"), (72.46, "72.5%"), (99.99, "100%"), (0, "0%")]
)
def test_percent_text_shows_a_decimal_only_when_needed(value: float, text: str) -> None:
    assert percent_text(value) == text


def test_target_words_and_yes_no() -> None:
    assert target_words(84.9, 85) == BELOW == "Below target"
    assert target_words(85, 85) == MEETS == "Meets target"
    assert (yes_no(True), yes_no(False)) == ("Yes", "No")
    assert date_text(None) in ("", NONE_MARK)


def test_wrap_words_breaks_headings_near_the_width() -> None:
    assert wrap_words("Adult inpatient mental health ward", 12) == (
        "Adult\ninpatient\nmental\nhealth ward"
    )
    assert wrap_words("Community", 12) == "Community"


def test_expiring_text_lists_the_three_windows() -> None:
    assert expiring_text({30: 23, 60: 51, 90: 1080}) == "23 / 51 / 1,080"
    assert expiring_text({}) == "0 / 0 / 0"


# --------------------------------------------------------------------------- RowsModel


@dataclass(frozen=True)
class Fake:
    name: str
    count: int
    when: dt.date | None


FAKE_COLUMNS = (
    Column("Name", lambda r: r.name),
    Column("Count", lambda r: f"{r.count:,}", lambda r: r.count, numeric=True, tip="How many"),
    Column("When", lambda r: date_text(r.when), lambda r: r.when),
)
FAKES = [
    Fake("beta", 1200, dt.date(2026, 1, 5)),
    Fake("Alpha", 9, None),
    Fake("gamma", 80, dt.date(2025, 12, 31)),
]


@pytest.fixture
def fake_model(qapp: Any) -> RowsModel:
    model = RowsModel(FAKE_COLUMNS)
    model.set_rows(FAKES)
    return model


def test_rows_model_shows_text_and_keeps_the_row(fake_model: RowsModel) -> None:
    assert fake_model.rowCount() == 3 and fake_model.columnCount() == 3
    assert fake_model.texts()[0] == ["beta", "1,200", date_text(dt.date(2026, 1, 5))]
    index = fake_model.index(1, 1)
    assert fake_model.data(index, ROW_ROLE) is FAKES[1]
    assert fake_model.data(index, SORT_ROLE) == 9
    assert fake_model.data(index, Qt.ItemDataRole.AccessibleTextRole) == "Count: 9"
    align = Qt.AlignmentFlag(fake_model.data(index, Qt.ItemDataRole.TextAlignmentRole))
    assert align & Qt.AlignmentFlag.AlignRight
    assert fake_model.headerData(1, Qt.Orientation.Horizontal) == "Count"
    assert fake_model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        "How many"
    )
    assert fake_model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        "Sort by name"
    )
    assert fake_model.headerData(0, Qt.Orientation.Vertical) is None
    assert fake_model.data(fake_model.index(5, 0)) is None
    assert not fake_model.flags(QModelIndex())
    assert fake_model.flags(index) & Qt.ItemFlag.ItemIsSelectable


def test_rows_model_sorts_numbers_as_numbers_and_text_without_case(
    fake_model: RowsModel,
) -> None:
    fake_model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [r.count for r in fake_model.rows] == [9, 80, 1200]  # not "1,200" < "80" < "9"
    fake_model.sort(0, Qt.SortOrder.AscendingOrder)
    assert [r.name for r in fake_model.rows] == ["Alpha", "beta", "gamma"]
    fake_model.sort(2, Qt.SortOrder.AscendingOrder)
    assert [r.when for r in fake_model.rows] == [dt.date(2025, 12, 31), dt.date(2026, 1, 5), None]
    fake_model.sort(1, Qt.SortOrder.DescendingOrder)
    assert [r.count for r in fake_model.rows] == [1200, 80, 9]


def test_rows_model_keeps_its_sort_for_new_rows(fake_model: RowsModel) -> None:
    fake_model.sort(1, Qt.SortOrder.AscendingOrder)
    fake_model.set_rows([*FAKES, Fake("delta", 1, None)])
    assert [r.count for r in fake_model.rows] == [1, 9, 80, 1200]
    fake_model.sort(9)  # a column that does not exist: nothing happens
    assert [r.count for r in fake_model.rows] == [1, 9, 80, 1200]


def test_rows_model_passes_the_model_tester_while_sorted(
    fake_model: RowsModel, qtmodeltester: Any
) -> None:
    fake_model.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(fake_model, force_py=True)
    qtmodeltester.check(fake_model)


# --------------------------------------------------------------------------- real rows


@pytest.fixture(scope="module")
def compliance(demo_services: Any) -> Any:
    return fetch_compliance(demo_services.training(), Filters(as_of=dt.date.today()))


def test_compliance_rows_pass_the_model_tester(compliance: Any, qtmodeltester: Any) -> None:
    model = RowsModel(DETAIL_COLUMNS)
    model.set_rows(compliance.rows)
    assert model.rowCount() == len(compliance.rows) > 0
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)
    first = compliance.rows[0]
    assert model.texts()[0][:3] == [first.course_name, first.location_name, first.staff_group_name]
    assert model.texts()[0][8] == target_words(first.percent, first.target_percent)


def test_sorting_compliance_by_percent_orders_the_figures(compliance: Any) -> None:
    model = RowsModel(DETAIL_COLUMNS)
    model.set_rows(compliance.rows)
    percent = [c.title for c in DETAIL_COLUMNS].index("%")
    model.sort(percent, Qt.SortOrder.AscendingOrder)
    values = [r.percent for r in model.rows]
    assert values == sorted(values)
    status = [c.title for c in DETAIL_COLUMNS].index("Status")
    model.sort(status, Qt.SortOrder.AscendingOrder)
    words = [row[status] for row in model.texts()]
    if BELOW in words and MEETS in words:
        assert words.index(MEETS) > max(i for i, w in enumerate(words) if w == BELOW)


def test_by_course_rows_pass_the_model_tester(compliance: Any, qtmodeltester: Any) -> None:
    lines = [
        CourseLine(r, compliance.expiring.get(r.course_name, {})) for r in compliance.by_course
    ]
    model = RowsModel(COURSE_COLUMNS)
    model.set_rows(lines)
    assert model.rowCount() == len(compliance.by_course) > 0
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)
    row = compliance.by_course[0]
    assert model.texts()[0][1] == f"{percent_text(row.percent)} ({compliant_text(row)})"
    assert model.texts()[0][2] == against_target(row)
    assert model.texts()[0][3] == expiring_text(compliance.expiring.get(row.course_name, {}))
    window = [c.title for c in COURSE_COLUMNS].index("Expiring in\n30 / 60 / 90 days")
    model.sort(window, Qt.SortOrder.DescendingOrder)
    soonest = [line.expiring.get(30, 0) for line in model.rows]
    assert soonest[0] == max(soonest)


def test_the_summary_sentence_adds_up_the_rows(compliance: Any) -> None:
    text = summary_text(compliance, "all courses, all locations, all staff groups")
    required = sum(r.required for r in compliance.rows)
    compliant = sum(r.compliant for r in compliance.rows)
    assert f"{compliant:,} of {required:,}" in text


def test_the_needs_grid_passes_the_model_tester(demo_services: Any, qtmodeltester: Any) -> None:
    data = fetch_needs(demo_services.training())
    model = NeedsModel()
    model.set_data(data)
    assert model.rowCount() == len(data.reference.staff_groups) > 0
    assert model.columnCount() == len(data.reference.settings) > 0
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)
    codes = {c.id: c.code for c in data.courses}
    filled = next(key for key, ids in data.cells.items() if ids)
    row = [g[0] for g in model.groups].index(filled[0])
    column = [s[0] for s in model.settings].index(filled[1])
    text = ", ".join(codes[i] for i in data.cells[filled])
    assert model.data(model.index(row, column)) == text
    spoken = model.data(model.index(row, column), Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == f"{model.groups[row][1]} in {model.settings[column][1]}: {text}"


def test_an_empty_needs_cell_is_a_dash_and_said_as_no_course(demo_services: Any, qapp: Any) -> None:
    data = fetch_needs(demo_services.training())
    model = NeedsModel()
    model.set_data(data)
    empty = [
        (r, c)
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        if not model.course_ids(r, c)
    ]
    if not empty:
        pytest.skip("the demo needs analysis fills every cell")
    r, c = empty[0]
    assert model.cell_text(r, c) == NONE_MARK
    spoken = model.data(model.index(r, c), Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.endswith(": no course")
    heading = model.headerData(c, Qt.Orientation.Horizontal)
    assert heading == wrap_words(model.settings[c][1], 11)
    assert (
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        == (model.settings[c][1])
    )


def test_a_cell_naming_a_course_no_longer_listed_shows_its_number(
    demo_services: Any, qapp: Any
) -> None:
    data = fetch_needs(demo_services.training())
    group_id, setting = data.reference.staff_groups[0][0], data.reference.settings[0][0]
    cells = dict(data.cells)
    cells[(group_id, setting)] = (987654,)
    model = NeedsModel()
    model.set_data(type(data)(data.reference, data.courses, cells))
    assert model.cell_text(0, 0) == "#987654"


# --------------------------------------------------------------------------- import preview


def write_staff_csv(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Employee Number", "First Name", "Last Name", "Favourite Colour"])
        writer.writerow(["0001001", "Ann", "Able", "Blue"])
        writer.writerow(["0001002", "Bob", "Baker", "Green"])
        writer.writerow(["0001003", "Cat", "Cole"])
    return path


def test_the_import_preview_passes_the_model_tester(
    demo_services: Any, tmp_path: Path, qtmodeltester: Any
) -> None:
    imports = demo_services.training_imports()
    preview = imports.preview("staff", write_staff_csv(tmp_path / "staff.csv"))
    used = {header: key for key, header in preview.matched.items()}
    model = PreviewModel()
    model.set_preview(preview, used)
    assert model.rowCount() == 3 and model.columnCount() == len(preview.headers)
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)
    assert model.data(model.index(1, 1)) == "Bob"
    assert model.data(model.index(2, 3)) == ""  # a short row reads as empty, not as an error
    assert model.headerData(0, Qt.Orientation.Vertical) == f"Row {preview.header_row + 1}"
    colour = preview.headers.index("Favourite Colour")
    assert model.headerData(colour, Qt.Orientation.Horizontal) == "Favourite Colour\n(not used)"
    number = preview.headers.index("Employee Number")
    assert model.headerData(number, Qt.Orientation.Horizontal).startswith("Employee Number\n→ ")


def test_an_empty_preview_has_no_rows(qapp: Any) -> None:
    model = PreviewModel()
    model.set_preview(None, {})
    assert (model.rowCount(), model.columnCount()) == (0, 0)
    assert model.headerData(0, Qt.Orientation.Horizontal) is None
    assert model.data(model.index(0, 0)) is None

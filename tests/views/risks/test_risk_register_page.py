"""The risk register page: heat map against SQL, cell filter, sort, chips, the form, conflicts,
import with dry run, export, empty state, roles and accessibility.

Every test runs on a private copy of the small demo trust (``demo_copy``), opened the way the
app opens it, and counts what it expects with plain ``sqlite3`` on the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import Role
from vpr_desktop.views.common import dialogs
from vpr_desktop.views.risks.page import RiskRegisterPage

LIVE = "status IN ('open', 'tolerated')"
CHIP_TEXT = re.compile(r"^(Low|Moderate|High|Extreme) ([1-9]|1[0-9]|2[0-5])$")


@pytest.fixture
def demo(demo_copy: Path) -> Iterator[Any]:
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database

    db = open_database(demo_copy)
    services = build_services(db)
    yield services
    services.close()


def sql(path: Path, query: str, *params: Any) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def open_page(make_window: Any, services: Any) -> RiskRegisterPage:
    window = make_window(services)
    assert window.show_page("risks")
    page = window.pages["risks"]
    assert isinstance(page, RiskRegisterPage) and page.model is not None
    return heat_counted(page)


def heat_counted(page: RiskRegisterPage, timeout_s: float = 20) -> RiskRegisterPage:
    """Let the heat map's background count reach the page (what ``qtbot.waitUntil`` does,
    for the helpers here that have no ``qtbot``)."""
    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + timeout_s
    while page.heat_runner.is_busy():
        assert time.monotonic() < deadline, "the heat map was never counted"
        QCoreApplication.processEvents()
        time.sleep(0.005)
    return page


def column(page: RiskRegisterPage, key: str) -> int:
    assert page.model is not None
    index = page.model.column_index(key)
    assert index >= 0
    return index


def click_header(qtbot: Any, page: RiskRegisterPage, key: str) -> None:
    header = page.table.horizontalHeader()
    section = column(page, key)
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def select_risk(qtbot: Any, page: RiskRegisterPage, row: int = 0) -> int:
    page.table.selectRow(row)
    risk_id = page.risk_id_at(row)
    assert risk_id is not None and page.detail is not None
    qtbot.waitUntil(
        lambda: page.detail.detail is not None and page.detail.detail.id == risk_id, timeout=5000
    )
    return risk_id


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


# ----------------------------------------------------------------------- heat map


def test_heat_map_cells_equal_a_sql_count_per_cell(
    make_window: Any, demo: Any, demo_copy: Path
) -> None:
    """Acceptance 4: each cell says the count SQL gives for its (likelihood, consequence)."""
    page = open_page(make_window, demo)
    counts = {
        (lk, c): n
        for lk, c, n in sql(
            demo_copy,
            f"SELECT current_likelihood, current_consequence, count(*) "
            f"FROM risk_assessment WHERE {LIVE} GROUP BY 1, 2",
        )
    }
    assert sum(counts.values()) > 0
    for likelihood in range(1, 6):
        for consequence in range(1, 6):
            expected = counts.get((likelihood, consequence), 0)
            cell = page.heat_map.cells[(likelihood, consequence)]
            count_text, band_text = cell.text().split("\n")
            assert count_text == f"{expected:,}", (likelihood, consequence)
            assert band_text == page.matrix.label(likelihood * consequence)
            assert cell.accessibleName().endswith(
                f"risk{'' if expected == 1 else 's'}, {band_text}"
            )
    top = page.heat_map.cells[(4, 3)]
    assert top.accessibleName().startswith("Likelihood 4 Likely, consequence 3 Moderate: ")
    total = sql(demo_copy, f"SELECT count(*) FROM risk_assessment WHERE {LIVE}")[0][0]
    assert page.heat_map.caption.text().startswith(f"{total:,} live risks by current score")


def test_target_heat_map_counts_target_scores(
    make_window: Any, demo: Any, demo_copy: Path, qtbot: Any
) -> None:
    """The count runs in the background: the page shows it once the job has finished."""
    page = open_page(make_window, demo)
    page.heat_map.target_button.click()
    assert page.heat_runner.is_busy()  # off the GUI thread: its answer comes by signal
    counts = dict(
        ((lk, c), n)
        for lk, c, n in sql(
            demo_copy,
            f"SELECT target_likelihood, target_consequence, count(*) "
            f"FROM risk_assessment WHERE {LIVE} GROUP BY 1, 2",
        )
    )

    def shown() -> dict[tuple[int, int], int]:
        return {key: cell.count for key, cell in page.heat_map.cells.items() if cell.count}

    qtbot.waitUntil(lambda: shown() == counts, timeout=10000)
    assert not page.heat_runner.is_busy()
    assert page.heat_map.caption.text().startswith(
        f"{sum(counts.values()):,} live risks by target score"
    )


def test_clicking_a_cell_filters_the_register_to_exactly_that_cell(
    make_window: Any, demo: Any, demo_copy: Path, qtbot: Any
) -> None:
    page = open_page(make_window, demo)
    ((likelihood, consequence, expected),) = sql(
        demo_copy,
        f"SELECT current_likelihood, current_consequence, count(*) AS n "
        f"FROM risk_assessment WHERE {LIVE} GROUP BY 1, 2 ORDER BY n DESC LIMIT 1",
    )
    cell = page.heat_map.cells[(likelihood, consequence)]
    qtbot.mouseClick(cell, Qt.MouseButton.LeftButton)
    assert page.model is not None
    assert page.model.total == expected
    assert page.showing.text().startswith(
        f"Showing {expected} of {expected} risks in the heat-map cell likelihood {likelihood} "
    )
    assert cell.isChecked() and cell.count_text() == f"{expected}"
    assert page.heat_map.clear_button.isEnabled()
    shown = page.model.row_values(0)[column(page, "current")]
    assert (shown.likelihood, shown.consequence) == (likelihood, consequence)

    page.heat_map.clear_button.click()
    live = sql(demo_copy, f"SELECT count(*) FROM risk_assessment WHERE {LIVE}")[0][0]
    assert page.model.total == live and not cell.isChecked()


def test_enter_on_a_focused_cell_filters_too(make_window: Any, demo: Any, qtbot: Any) -> None:
    page = open_page(make_window, demo)
    page.window().activateWindow()
    start = page.heat_map.roving_cell()
    start.setFocus()
    qtbot.waitUntil(start.hasFocus, timeout=3000)
    qtbot.keyClick(start, Qt.Key.Key_Down)  # likelihood one lower
    moved = page.heat_map.roving_cell()
    assert (moved.likelihood, moved.consequence) == (start.likelihood - 1, start.consequence)
    assert moved.hasFocus() and start.focusPolicy() == Qt.FocusPolicy.ClickFocus
    qtbot.keyClick(moved, Qt.Key.Key_Return)
    assert page.cell == (moved.likelihood, moved.consequence)
    assert page.model is not None and page.model.total == moved.count


# ----------------------------------------------------------------------- the table


def test_sorting_by_current_score_puts_the_highest_first(
    make_window: Any, demo: Any, demo_copy: Path, qtbot: Any
) -> None:
    page = open_page(make_window, demo)
    assert page.model is not None
    highest = sql(demo_copy, f"SELECT max(current_score) FROM risk_assessment WHERE {LIVE}")
    current = column(page, "current")
    assert page.model.request.sort_key == "current" and page.model.request.descending
    assert page.model.row_values(0)[current].score == highest[0][0]
    click_header(qtbot, page, "title")
    assert page.model.request.sort_key == "title"
    click_header(qtbot, page, "current")  # ascending first, then highest first
    if not page.model.request.descending:
        click_header(qtbot, page, "current")
    assert page.model.request.descending
    scores = [page.model.row_values(r)[current].score for r in range(page.model.rowCount())]
    assert scores[0] == highest[0][0] and scores == sorted(scores, reverse=True)


def test_score_cells_are_chips_with_the_band_word_and_colour(make_window: Any, demo: Any) -> None:
    page = open_page(make_window, demo)
    model = page.model
    assert model is not None
    current = column(page, "current")
    seen: dict[str, str] = {}
    for row in range(model.rowCount()):
        index = model.index(row, current)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        assert CHIP_TEXT.match(text), text
        band = text.split()[0]
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        assert isinstance(background, QColor) and isinstance(foreground, QColor)
        seen[band] = foreground.name().upper()
        assert index.data(Qt.ItemDataRole.AccessibleTextRole) == text
    assert model.index(0, current).data(Qt.ItemDataRole.DisplayRole) == (
        page.matrix.label(model.row_values(0)[current].score)
    )
    # dark text on yellow and amber (white fails contrast there); white on green and red
    assert seen.get("Moderate", "#212B32") == seen.get("High", "#212B32") == "#212B32"
    assert seen.get("Extreme", "#FFFFFF") == "#FFFFFF"
    trend = model.index(0, column(page, "trend")).data(Qt.ItemDataRole.DisplayRole)
    assert trend.split(" ", 1)[0] in ("↑", "↓", "→", "–") and len(trend) > 2  # arrow + words
    review = next(
        model.index(r, column(page, "review_date")).data()
        for r in range(model.rowCount())
        if model.row_values(r)[column(page, "review_date")]
    )
    assert re.match(r"^\d\d [A-Z][a-z]{2} \d{4}$", review)


def test_filters_are_sql_filters(make_window: Any, demo: Any, demo_copy: Path) -> None:
    page = open_page(make_window, demo)
    assert page.model is not None
    page.status_box.setCurrentIndex(page.status_box.findText("Closed"))
    closed = sql(demo_copy, "SELECT count(*) FROM risk_assessment WHERE status = 'closed'")[0][0]
    assert page.model.total == closed
    assert heat_counted(page).heat_map.caption.text().startswith(f"{closed:,} closed risk")
    page.status_box.setCurrentIndex(0)
    page.band_box.setCurrentIndex(page.band_box.findData("extreme"))
    extreme = sql(
        demo_copy, f"SELECT count(*) FROM risk_assessment WHERE {LIVE} AND current_score >= 15"
    )[0][0]
    assert page.model.total == extreme
    page.band_box.setCurrentIndex(0)
    page.above_box.setChecked(True)
    above = sql(
        demo_copy,
        f"SELECT count(*) FROM risk_assessment WHERE {LIVE} AND "
        "current_score > target_likelihood * target_consequence",
    )[0][0]
    assert page.model.total == above


def test_search_waits_then_filters(make_window: Any, demo: Any, qtbot: Any) -> None:
    page = open_page(make_window, demo)
    assert page.model is not None
    reference = page.model.row_values(0)[column(page, "reference")]
    qtbot.keyClicks(page.search, reference)
    qtbot.waitUntil(lambda: page.model.request.search == reference, timeout=3000)
    assert page.model.total == 1
    assert page.showing.text() == f"Showing 1 of 1 risk matching “{reference}”"


# ----------------------------------------------------------------------- the form


def test_creating_a_risk_through_the_form_puts_it_in_the_list(
    make_window: Any, demo: Any, demo_copy: Path, qtbot: Any
) -> None:
    page = open_page(make_window, demo)
    detail = page.detail
    assert detail is not None and page.model is not None
    before = sql(demo_copy, "SELECT count(*) FROM risk_assessment")[0][0]
    page.shortcuts["Ctrl+N"].activated.emit()
    assert detail.mode == "new" and not detail.save_button.isEnabled()
    assert detail.state_label.text() == "Cannot save yet: check Title and Scores"
    assert not detail.form.title_error.isVisibleTo(detail)  # not before the field was used
    qtbot.keyClicks(detail.form.title_edit, "x")
    qtbot.keyClick(detail.form.title_edit, Qt.Key.Key_Backspace)
    assert detail.form.title_error.isVisibleTo(detail)
    assert detail.form.title_error.text() == "Title is needed."
    qtbot.keyClicks(detail.form.title_edit, "Lone working in the new annexe")
    lk, cq = detail.form.scores.fields["current"]
    qtbot.keyClicks(lk.lineEdit(), "4")
    qtbot.keyClicks(cq.lineEdit(), "Major")
    assert detail.form.scores.chips["current"].text() == "Extreme 16"
    assert detail.save_button.isEnabled(), detail.form.problems()
    detail.form.staff_groups.item(0).setCheckState(Qt.CheckState.Checked)
    save = page.shortcuts["Ctrl+S"]
    assert save.key().toString() == "Ctrl+S"
    save.activated.emit()  # what Ctrl+S does (offscreen windows are never "active")
    qtbot.waitUntil(lambda: detail.mode == "edit", timeout=10000)
    assert detail.detail.row.title == "Lone working in the new annexe"
    assert detail.detail.row.current.label == "Extreme 16"
    assert detail.heading.text().startswith(detail.detail.row.reference)
    assert sql(demo_copy, "SELECT count(*) FROM risk_assessment")[0][0] == before + 1
    qtbot.keyClicks(page.search, "new annexe")
    qtbot.waitUntil(lambda: page.model.request.search == "new annexe", timeout=3000)
    assert page.model.total == 1
    assert page.model.row_values(0)[column(page, "title")] == "Lone working in the new annexe"
    assert any("Too generic" in text for text in detail.flag_texts)  # no control yet


def test_an_invalid_consequence_disables_save_with_a_message(
    make_window: Any, demo: Any, qtbot: Any
) -> None:
    page = open_page(make_window, demo)
    select_risk(qtbot, page)
    detail = page.detail
    assert detail is not None
    assert not detail.save_button.isEnabled()  # nothing changed yet
    consequence = detail.form.scores.fields["current"][1]
    consequence.lineEdit().selectAll()
    qtbot.keyClicks(consequence.lineEdit(), "7")
    assert not detail.save_button.isEnabled()
    assert detail.form.score_error.isVisibleTo(detail)
    assert detail.form.score_error.text().startswith(
        "Current consequence must be a whole number from 1 to 5"
    )
    assert "5 Catastrophic" in detail.form.score_error.text()
    assert detail.state_label.text() == "Cannot save yet: check Scores"
    consequence.lineEdit().selectAll()
    qtbot.keyClicks(consequence.lineEdit(), "2")
    assert not detail.form.score_error.isVisibleTo(detail)
    assert detail.save_button.isEnabled()


def test_tolerated_needs_an_options_note(make_window: Any, demo: Any, qtbot: Any) -> None:
    page = open_page(make_window, demo)
    select_risk(qtbot, page)
    detail = page.detail
    assert detail is not None
    detail.form.options_note.clear()
    detail.form.status.setCurrentIndex(detail.form.status.findText("Tolerated"))
    assert not detail.save_button.isEnabled()
    assert "tolerated risk needs an options note" in detail.form.options_error.text()
    qtbot.keyClicks(detail.form.options_note, "Screens fitted; nothing more is practicable.")
    assert detail.save_button.isEnabled()


def test_a_stale_save_shows_the_conflict_and_keeps_the_typed_text(
    make_window: Any, demo: Any, qtbot: Any
) -> None:
    from vpr_desktop.domain.risk_matrix import RiskScore
    from vpr_desktop.services.risks.inputs import RiskInput

    page = open_page(make_window, demo)
    risk_id = select_risk(qtbot, page)
    detail = page.detail
    assert detail is not None
    # GIVEN someone else saves the risk after it was opened here
    other = demo.risk_register().get_risk(risk_id)
    demo.risk_register().update_risk(
        risk_id,
        RiskInput(
            title=other.row.title + " (changed elsewhere)",
            current=RiskScore(other.row.current.likelihood, other.row.current.consequence),
            location_id=other.row.location_id,
        ),
        other.version,
    )
    # WHEN this user types a new title and saves
    detail.form.title_edit.selectAll()
    qtbot.keyClicks(detail.form.title_edit, "My careful rewording")
    detail.save_button.click()
    qtbot.waitUntil(lambda: bool(detail.banner_message()), timeout=10000)
    # THEN the plain message shows with Reload, and nothing typed is lost
    message = detail.banner_message()
    assert message.startswith("Changed by someone else:")
    assert "Nothing was overwritten" in message and "still in the form" in message
    assert detail.reload_button.isVisibleTo(detail)
    assert detail.form.title_edit.text() == "My careful rewording"
    assert detail.has_changes() and detail.save_button.isEnabled()
    assert demo.risk_register().get_risk(risk_id).row.title.endswith("(changed elsewhere)")
    detail.reload_button.click()
    assert detail.form.title_edit.text().endswith("(changed elsewhere)")
    assert not detail.banner_message()


def test_leaving_an_edited_risk_asks_first(
    make_window: Any, demo: Any, qtbot: Any, monkeypatch: Any
) -> None:
    from vpr_desktop.views.common import dialogs as confirming

    page = open_page(make_window, demo)
    first = select_risk(qtbot, page, 0)
    detail = page.detail
    assert detail is not None
    qtbot.keyClicks(detail.form.title_edit, " (draft)")
    monkeypatch.setattr(confirming, "HEADLESS_CONFIRM", False)  # the user keeps editing
    page.table.selectRow(1)
    assert dialogs.recent[-1][:2] == ("confirm", "Discard your changes?")
    assert detail.detail.id == first and " (draft)" in detail.form.title_edit.text()
    assert page.table.currentIndex().row() == 0  # the selection stays with the edited risk
    monkeypatch.setattr(confirming, "HEADLESS_CONFIRM", True)  # now they discard
    page.table.selectRow(1)
    assert detail.detail.id == page.risk_id_at(1) and not detail.has_changes()


def test_data_menu_opens_the_import(make_window: Any, demo: Any) -> None:
    window = make_window(demo)
    window.ensure_setup()
    window.import_risks_action.trigger()
    page = window.pages["risks"]
    assert window.current_page() is page
    assert page.import_dialog is not None and page.import_dialog.isVisible()


def test_enter_opens_the_risk_over_the_page_and_esc_comes_back(
    make_window: Any, demo: Any, qtbot: Any
) -> None:
    page = open_page(make_window, demo)
    detail = page.detail
    assert detail is not None
    page.window().activateWindow()
    page.table.setFocus()
    page.table.selectRow(1)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert detail.detail is not None and detail.detail.id == page.risk_id_at(1)
    assert page.splitter.sizes()[0] == 0 and detail.back_button.isVisibleTo(detail)
    qtbot.waitUntil(detail.form.title_edit.hasFocus, timeout=3000)
    qtbot.keyClick(detail.form.title_edit, Qt.Key.Key_Escape)
    assert page.splitter.sizes()[0] > 0 and not detail.back_button.isVisibleTo(detail)
    qtbot.waitUntil(page.table.hasFocus, timeout=3000)


def test_controls_add_with_barrier_note_when_late(make_window: Any, demo: Any, qtbot: Any) -> None:
    page = open_page(make_window, demo)
    select_risk(qtbot, page)
    detail = page.detail
    assert detail is not None
    before = len(detail.detail.controls)
    detail.controls.add_button.click()
    dialog = detail.control_dialog
    assert dialog is not None and not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.description, "Personal alarms for the night team")
    dialog.expected.set_value(dt.date.today() - dt.timedelta(days=10))
    assert not dialog.save_button.isEnabled()
    assert "say what is in the way" in dialog.barrier_error.text()
    qtbot.keyClicks(dialog.barrier, "Supplier delay until next month")
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    qtbot.waitUntil(lambda: len(detail.detail.controls) == before + 1, timeout=10000)
    assert detail.control_dialog is None or not detail.control_dialog.isVisible()
    assert detail.tabs.tabText(1) == f"Controls ({before + 1})"
    texts = [
        detail.controls.table.item(r, 1).text() for r in range(detail.controls.table.rowCount())
    ]
    assert "Personal alarms for the night team" in texts


def test_recording_a_review_updates_the_trend(make_window: Any, demo: Any, qtbot: Any) -> None:
    page = open_page(make_window, demo)
    select_risk(qtbot, page)
    detail = page.detail
    assert detail is not None
    reviews = detail.reviews
    start = detail.detail.row.current
    lower = (max(start.likelihood - 1, 1), start.consequence)
    reviews.scores.set_value("agreed", *lower)
    qtbot.keyClicks(reviews.note, "Alarms issued and tested.")
    assert reviews.record_button.isEnabled()
    count = len(detail.detail.reviews)
    reviews.record_button.click()
    qtbot.waitUntil(lambda: len(detail.detail.reviews) == count + 1, timeout=10000)
    row = detail.detail.row
    assert (row.current.likelihood, row.current.consequence) == lower
    if lower[0] < start.likelihood:
        assert reviews.trend.text().startswith("Trend: ↓ Down")
    assert detail.tabs.tabText(2) == f"Reviews ({count + 1})"


def test_a_review_waits_for_unsaved_changes(make_window: Any, demo: Any, qtbot: Any) -> None:
    page = open_page(make_window, demo)
    select_risk(qtbot, page)
    detail = page.detail
    assert detail is not None
    qtbot.keyClicks(detail.form.title_edit, " (draft)")
    assert not detail.reviews.record_button.isEnabled()
    assert "Save or discard your changes" in detail.reviews.blocked_note.text()


# ----------------------------------------------------------------------- import and export


IMPORT_HEADER = [
    "Ref",
    "Risk title",
    "Ward",
    "Activity",
    "Staff groups",
    "Likelihood",
    "Consequence",
    "Target likelihood",
    "Target consequence",
    "Review date",
    "Status",
]


def test_import_with_three_bad_rows_lists_them_and_writes_nothing(
    make_window: Any, demo: Any, demo_copy: Path, tmp_path: Path, qtbot: Any
) -> None:
    page = open_page(make_window, demo)
    code = sql(demo_copy, "SELECT code FROM location ORDER BY id LIMIT 1")[0][0]
    path = write_csv(
        tmp_path / "register.csv",
        IMPORT_HEADER,
        [
            [
                "",
                "Lone working at night",
                "Nowhere Ward",
                "Lone working",
                "NMR",
                "4",
                "4",
                "2",
                "4",
                "30/09/2026",
                "Open",
            ],
            ["", "Car park abuse", code, "Car parks", "EST", "3", "7", "", "", "2026-10-01", ""],
            ["", "", code, "Reception", "ADMIN", "2", "4", "", "", "", "Open"],
            ["", "A good row", code, "Reception", "ADMIN", "2", "4", "", "", "", "Open"],
        ],
    )
    before = sql(demo_copy, "SELECT count(*) FROM risk_assessment")[0][0]
    dialog = page.open_import()
    assert dialog is not None and not dialog.import_button.isEnabled()
    dialog.set_path(path)  # checks straight away (dry run, in the background)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    problems = dialog.problem_texts()
    assert [(row, col) for row, col, _value, _why in problems] == [
        ("3", "Consequence"),
        ("4", "Risk title"),
    ]
    step = dialog.value_step  # the unknown ward: once, to map, create or leave out
    assert step is not None and not step.isHidden()
    assert [step.table.item(0, c).text() for c in range(3)] == [
        "Location name",
        "Nowhere Ward",
        "1",
    ]
    assert "1 to 5" in problems[0][3]
    assert dialog.summary.text().startswith("3 problems in 3 rows of 4; nothing was imported")
    assert not dialog.import_button.isEnabled()
    assert sql(demo_copy, "SELECT count(*) FROM risk_assessment")[0][0] == before
    report = dialog.save_report(tmp_path / "report.csv")
    assert report is not None
    with report.open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    assert lines[0] == ["Row", "Column", "Value", "Problem"] and len(lines) == 4


def test_import_after_a_passed_check(
    make_window: Any, demo: Any, demo_copy: Path, tmp_path: Path, qtbot: Any
) -> None:
    page = open_page(make_window, demo)
    assert page.model is not None
    code = sql(demo_copy, "SELECT code FROM location ORDER BY id LIMIT 1")[0][0]
    path = write_csv(
        tmp_path / "good.csv",
        IMPORT_HEADER,
        [
            ["", f"Imported risk {n}", code, "Reception", "ADMIN", "2", "4", "", "", "", "Open"]
            for n in range(3)
        ],
    )
    before = sql(demo_copy, "SELECT count(*) FROM risk_assessment")[0][0]
    live = page.model.total
    dialog = page.open_import()
    assert dialog is not None
    dialog.set_path(path)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    assert dialog.result.dry_run and dialog.import_button.isEnabled()
    assert dialog.summary.text().startswith("Check passed: 3 rows read, no problems.")
    assert sql(demo_copy, "SELECT count(*) FROM risk_assessment")[0][0] == before
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None and not dialog.result.dry_run, timeout=20000)
    assert dialog.summary.text().startswith("Imported 3 risks")
    assert sql(demo_copy, "SELECT count(*) FROM risk_assessment")[0][0] == before + 3
    assert page.model.total == live + 3  # the register reloaded behind the dialog
    assert not dialog.import_button.isEnabled()


def test_export_to_excel_runs_in_the_background(
    make_window: Any, demo: Any, tmp_path: Path, qtbot: Any
) -> None:
    import openpyxl

    page = open_page(make_window, demo)
    assert page.model is not None
    page.band_box.setCurrentIndex(page.band_box.findData("extreme"))
    target = tmp_path / "register"
    page.export_excel(target)
    qtbot.waitUntil(lambda: page.last_export is not None, timeout=30000)
    assert page.last_export.path == tmp_path / "register.xlsx"
    assert page.last_export.risks == page.model.total  # the list's filters apply
    workbook = openpyxl.load_workbook(page.last_export.path, read_only=True)
    assert workbook.sheetnames[0] == "Register"


# ----------------------------------------------------------------------- states and roles


def test_empty_register_says_what_to_do_next(make_window: Any, empty_services: Any) -> None:
    page = open_page(make_window, empty_services)
    assert page.stack.currentWidget() is not page.splitter
    assert not page.filter_bar.isVisibleTo(page) and not page.export_button.isEnabled()
    text = page.empty.text()
    assert text.startswith("No risk assessments yet")
    assert "New risk (Ctrl+N)" in text and "Import…" in text
    page.new_risk()
    assert page.stack.currentWidget() is page.splitter and page.detail.mode == "new"


def test_a_committee_chair_reads_but_cannot_change(
    make_window: Any, demo: Any, services_as: Any, actor_with: Any, qtbot: Any
) -> None:
    page = open_page(make_window, services_as(demo, actor_with(Role.COMMITTEE_CHAIR)))
    assert not page.new_button.isVisibleTo(page) and not page.import_button.isVisibleTo(page)
    select_risk(qtbot, page)
    detail = page.detail
    assert detail is not None and not detail.save_bar.isVisibleTo(detail)
    assert detail.form.title_edit.isReadOnly()
    assert "needs the VPR lead role" in detail.read_only_note.text()
    page.new_risk()
    assert detail.mode == "edit"


def test_splitters_are_remembered(make_window: Any, demo: Any, settings: Any) -> None:
    page = open_page(make_window, demo)
    page.splitter.setSizes([500, 400])
    page.splitter.splitterMoved.emit(500, 1)
    page.heat_toggle.setChecked(False)
    assert settings.value("pages/risks/splitter") is not None
    again = open_page(make_window, demo)
    assert not again.heat_toggle.isChecked()
    assert abs(again.splitter.sizes()[0] - page.splitter.sizes()[0]) <= 2


def test_tab_order_follows_the_reading_order(make_window: Any, demo: Any, qtbot: Any) -> None:
    from PySide6.QtWidgets import QApplication

    page = open_page(make_window, demo)
    select_risk(qtbot, page)
    window = page.window()
    window.activateWindow()
    page.import_button.setFocus()
    qtbot.waitUntil(page.import_button.hasFocus, timeout=3000)
    names = []
    for _ in range(18):
        names.append(QApplication.focusWidget().accessibleName())
        window.focusNextChild()
    assert names[:11] == [
        "Import risk assessments from a CSV or Excel file",
        "Export the register, as filtered, to Excel",
        "New risk (Ctrl+N)",
        "Status filter",
        "Location filter",
        "Current score band filter",
        "Only risks whose review is overdue",
        "Only risks with a control whose review is overdue",
        "Only risks whose review, or a control's review, is overdue",
        "Only risks scoring above their target",
        "Search risks",
    ]
    assert names[11] == "Heat map of current scores"  # one stop for the pair (arrows move)
    assert names[12].startswith("Likelihood 5 Almost certain, consequence 1 Negligible: ")
    assert names[13:15] == ["Show the heat map", "Risk register"]
    assert names[15:17] == ["Risk sections", "Title (required)"]  # then the detail panel


def test_every_focusable_widget_has_an_accessible_name(
    make_window: Any, demo: Any, qtbot: Any
) -> None:
    page = open_page(make_window, demo)
    select_risk(qtbot, page)
    assert page.detail is not None
    page.detail.open_control(None)
    page.open_import()
    missing = []
    for widget in page.findChildren(QWidget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not widget.accessibleName():
            if widget.objectName() == "qt_scrollarea_viewport":
                continue  # Qt's own inner viewport; the view around it is named
            missing.append(f"{type(widget).__name__}#{widget.objectName()}")
    assert missing == []
    assert dialogs.recent is not None  # headless: no dialog blocked the run


def test_form_built_after_first_paint_offers_past_activities(
    make_window: Any, demo: Any, demo_copy: Path
) -> None:
    """The register opens on the locations alone (its filter bar); the form's choices, with
    every activity typed before (a DISTINCT over the risks), are read when the form is built."""
    page = open_page(make_window, demo)
    # the register's total is the unfiltered list's own count (not counted a second time)
    assert page.register_total == sql(demo_copy, "SELECT count(*) FROM risk_assessment")[0][0]
    names = [page.location_box.itemText(i) for i in range(page.location_box.count())]
    active = sql(demo_copy, "SELECT count(*) FROM location WHERE active")[0][0]
    assert len(names) - 1 == active  # after the "any location" entry
    detail = page.detail
    assert detail is not None
    offered = [detail.form.activity.itemText(i) for i in range(detail.form.activity.count())]
    used = [a for (a,) in sql(demo_copy, "SELECT DISTINCT activity FROM risk_assessment") if a]
    assert used and set(used) <= set(offered)

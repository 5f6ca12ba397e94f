"""A risk's review history and "Record a review", on a private copy of the demo trust: the
history table says what the service holds, the trend sentence compares with the last review,
the form's rules (no future date, both halves of a target, a reason to close) hold, and a
review recorded through the tab lands in the database."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import RiskStatus
from vpr_desktop.views.common.formatting import enum_words
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.risks.reviews import HISTORY_COLUMNS
from vpr_desktop.views.risks.reviews import UNCHANGED
from vpr_desktop.views.risks.reviews import ReviewsTab
from vpr_desktop.views.risks.reviews import trend_sentence


def risk_ids(path: Path, with_reviews: bool) -> list[int]:
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT r.id FROM risk_assessment r WHERE r.status IN ('open', 'tolerated') AND "
            + ("" if with_reviews else "NOT ")
            + "EXISTS (SELECT 1 FROM risk_review v WHERE v.risk_id = r.id) ORDER BY r.id"
        ).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


@pytest.fixture
def today(lead: Any) -> dt.date:
    return dt.date.today()


@pytest.fixture
def make_tab(qtbot: Any, lead: Any, today: dt.date) -> Any:
    def make(detail: Any, can_edit: bool = True) -> ReviewsTab:
        tab = ReviewsTab(lead.risk_register().matrix(), today=lambda: today)
        qtbot.addWidget(tab)
        tab.resize(700, 900)
        tab.show()
        qtbot.waitExposed(tab)
        tab.set_detail(detail, can_edit)
        return tab

    return make


@pytest.fixture
def reviewed(lead: Any, demo_copy: Path) -> Any:
    ids = risk_ids(demo_copy, with_reviews=True)
    assert ids, "the demo trust has reviewed risks"
    return lead.risk_register().get_risk(ids[0])


@pytest.fixture
def unreviewed(lead: Any, demo_copy: Path) -> Any:
    ids = risk_ids(demo_copy, with_reviews=False)
    if not ids:
        pytest.skip("every live demo risk has been reviewed")
    return lead.risk_register().get_risk(ids[0])


def test_the_history_lists_every_review_newest_first(make_tab: Any, reviewed: Any) -> None:
    tab = make_tab(reviewed)
    reviews = reviewed.reviews
    assert tab.table.rowCount() == len(reviews)
    headers = [tab.table.horizontalHeaderItem(c).text() for c in range(len(HISTORY_COLUMNS))]
    assert headers == list(HISTORY_COLUMNS)
    for row, review in enumerate(reviews):
        assert tab.table.item(row, 0).text() == format_date(review.reviewed_on)
        assert tab.table.item(row, 1).text() == review.reviewed_by
        assert tab.table.item(row, 5).text() == (enum_words(review.status) if review.status else "")
        assert tab.table.item(row, 6).text() == (review.note or "")
    dates = [r.reviewed_on for r in reviews]
    assert dates == sorted(dates, reverse=True)
    assert tab.table.isVisibleTo(tab) and not tab.none_note.isVisibleTo(tab)


def test_the_trend_compares_with_the_last_review(make_tab: Any, reviewed: Any, lead: Any) -> None:
    tab = make_tab(reviewed)
    matrix = lead.risk_register().matrix()
    assert tab.trend.text() == trend_sentence(reviewed.row, reviewed.reviews, matrix)
    if reviewed.row.previous_score is not None:
        assert tab.trend.text().startswith(f"Trend: {reviewed.row.trend.label}: ")
        assert f"({format_date(reviewed.reviews[0].reviewed_on)})" in tab.trend.text()
        assert tab.trend.text().endswith(f"{reviewed.row.current.label} now.")


def test_a_risk_never_reviewed_says_so(make_tab: Any, unreviewed: Any) -> None:
    tab = make_tab(unreviewed)
    assert tab.trend.text() == "Trend: – Not yet reviewed (no review to compare with)."
    assert tab.none_note.isVisibleTo(tab) and tab.none_note.text() == "No reviews recorded yet."
    assert not tab.table.isVisibleTo(tab)


def test_the_form_starts_from_today_and_the_current_scores(
    make_tab: Any, reviewed: Any, today: dt.date
) -> None:
    tab = make_tab(reviewed)
    row = reviewed.row
    assert tab.form_box.isVisibleTo(tab)
    assert tab.reviewed_on.value() == today
    assert tab.scores.value("agreed") == (row.current.likelihood, row.current.consequence)
    assert tab.scores.value("target") == (row.target.likelihood, row.target.consequence)
    assert tab.status.itemText(0) == f"Unchanged ({enum_words(row.status)})"
    offered = [tab.status.itemData(i) for i in range(1, tab.status.count())]
    assert row.status.value not in offered
    assert len(offered) == len(RiskStatus) - 1
    assert tab.next_review.value() is None and tab.note.toPlainText() == ""
    assert tab.record_button.isEnabled()


def test_a_reader_sees_the_history_without_the_form(make_tab: Any, reviewed: Any) -> None:
    tab = make_tab(reviewed, can_edit=False)
    assert tab.table.rowCount() == len(reviewed.reviews)
    assert not tab.form_box.isVisibleTo(tab)
    assert not tab.record_button.isEnabled()


def test_half_a_target_is_refused_in_words(make_tab: Any, reviewed: Any) -> None:
    tab = make_tab(reviewed)
    tab.scores.set_value("target", 2, None)
    assert tab.problems() == {
        "scores": "Give both target likelihood and consequence, or neither (the target then "
        "stays as it is)."
    }
    assert tab.score_error.isVisibleTo(tab)
    assert not tab.record_button.isEnabled()
    tab.scores.set_value("target", None, None)
    assert tab.record_button.isEnabled()


def test_a_missing_agreed_score_is_needed(make_tab: Any, reviewed: Any) -> None:
    tab = make_tab(reviewed)
    tab.scores.set_value("agreed", None, 3)
    problems = tab.problems()
    assert "Agreed current score likelihood is needed." in problems["scores"]
    assert not tab.record_button.isEnabled()


def test_a_typed_score_out_of_range_says_the_scale(
    make_tab: Any, reviewed: Any, qtbot: Any
) -> None:
    tab = make_tab(reviewed)
    field = tab.scores.fields["agreed"][0]
    field.setEditText("")
    qtbot.keyClicks(field.lineEdit(), "7")
    assert tab.problems()["scores"].startswith(
        "Agreed current score likelihood must be a whole number from 1 to 5 (1 "
    )
    field.setEditText("")
    qtbot.keyClicks(field.lineEdit(), "4")
    assert "scores" not in tab.problems()
    assert tab.scores.value("agreed")[0] == 4


def test_closing_needs_a_reason(make_tab: Any, reviewed: Any, qtbot: Any) -> None:
    tab = make_tab(reviewed)
    tab.status.setCurrentIndex(tab.status.findData(RiskStatus.CLOSED.value))
    assert tab.problems() == {"note": "Say why the risk is being closed."}
    assert tab.note_error.isVisibleTo(tab)
    assert not tab.record_button.isEnabled()
    qtbot.keyClicks(tab.note, "The ward has closed.")
    assert tab.record_button.isEnabled()
    assert tab.review_input().status is RiskStatus.CLOSED


def test_unsaved_changes_to_the_risk_block_recording(make_tab: Any, reviewed: Any) -> None:
    tab = make_tab(reviewed)
    tab.set_blocked("Save or undo your changes to the risk first.")
    assert tab.blocked_note.isVisibleTo(tab)
    assert tab.blocked_note.text() == "Save or undo your changes to the risk first."
    assert not tab.record_button.isEnabled()
    tab.set_blocked(None)
    assert not tab.blocked_note.isVisibleTo(tab) and tab.record_button.isEnabled()
    tab.set_busy(True)
    assert not tab.record_button.isEnabled()


def test_an_unchanged_target_and_status_are_not_sent(
    make_tab: Any, reviewed: Any, today: dt.date
) -> None:
    tab = make_tab(reviewed)
    value = tab.review_input()
    assert value.reviewed_on == today
    assert value.target is None and value.status is None
    row = reviewed.row
    assert (value.current.likelihood, value.current.consequence) == (
        row.current.likelihood,
        row.current.consequence,
    )
    assert tab.status.currentData() == UNCHANGED


def test_recording_a_review_lands_in_the_database(
    make_tab: Any, reviewed: Any, lead: Any, qtbot: Any, today: dt.date
) -> None:
    service = lead.risk_register()
    before = len(service.reviews(reviewed.id))
    tab = make_tab(reviewed)
    tab.scores.set_value("agreed", 1, 2)
    tab.scores.set_value("target", 1, 1)
    tab.next_review.set_value(today + dt.timedelta(days=90))
    qtbot.keyClicks(tab.note, "Door entry fitted; incidents down.")
    with qtbot.waitSignal(tab.record_requested, timeout=1000) as signal:
        qtbot.mouseClick(tab.record_button, Qt.MouseButton.LeftButton)
    detail = service.record_review(reviewed.id, signal.args[0], reviewed.version)
    assert len(service.reviews(reviewed.id)) == before + 1
    newest = detail.reviews[0]
    assert newest.reviewed_on == today
    assert newest.note == "Door entry fitted; incidents down."
    assert (detail.row.current.likelihood, detail.row.current.consequence) == (1, 2)
    assert (detail.row.target.likelihood, detail.row.target.consequence) == (1, 1)
    assert detail.row.review_date == today + dt.timedelta(days=90)
    tab.set_detail(detail, True)
    assert tab.table.rowCount() == before + 1
    assert tab.table.item(0, 6).text() == "Door entry fitted; incidents down."
    assert tab.trend.text().endswith(f"{detail.row.current.label} now.")
    assert tab.note.toPlainText() == ""  # the form is ready for the next review


def test_every_control_of_the_form_has_a_name(make_tab: Any, reviewed: Any) -> None:
    tab = make_tab(reviewed)
    missing = [
        type(w).__name__
        for w in tab.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.isVisibleTo(tab)
        and not w.accessibleName()
    ]
    assert missing == []
    assert tab.record_button.accessibleName() == "Record the review"
    assert tab.table.accessibleName() == "Review history, newest first"


def test_the_score_chips_are_read_out_without_a_doubled_word(make_tab: Any, reviewed: Any) -> None:
    tab = make_tab(reviewed)
    names = [chip.accessibleName() for chip in tab.scores.chips.values()]
    assert not any("score score" in name for name in names), names

"""RIDDOR in the window (issue 18): a "judgement needed" incident is decided in the incident
form with a required reason; the box never says no submission is required while a judgement
is pending; overdue is a warning in words; the days-absent inputs say calendar days; and
Home's "RIDDOR reports overdue" card opens the Incidents page filtered to exactly its rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.views.incidents.page import IncidentsPage
from vpr_desktop.views.incidents.riddor import REASON_NEEDED
from vpr_desktop.views.incidents.staff import CALENDAR_DAYS

WAIT_MS = 15000


@pytest.fixture
def page(opened: Any, lead: Any) -> IncidentsPage:
    page = opened(IncidentsPage, "incidents", lead, (1366, 768))
    assert page.model is not None
    return page


def idle(qtbot: Any, page: IncidentsPage) -> None:
    assert page.detail is not None
    qtbot.waitUntil(lambda: not page.detail.runner.is_busy(), timeout=WAIT_MS)


def rows_shown(qtbot: Any, page: IncidentsPage) -> list[str]:
    model = page.model
    assert model is not None
    qtbot.waitUntil(lambda: model.loaded_count == model.total, timeout=WAIT_MS)
    return [str(model.row_values(i)[0]) for i in range(model.rowCount())]


def test_deciding_a_judgement_needed_incident_as_reportable(
    page: IncidentsPage, lead: Any, qtbot: Any
) -> None:
    service = lead.incidents()
    bar = page.filter_bar
    assert bar.show_riddor("judgement")
    pending = rows_shown(qtbot, page)
    assert pending, "the demo trust has incidents waiting for a RIDDOR judgement"
    assert page.model.total == len(pending)
    page.show_incident(int(str(page.key_at(0))), full=False)
    detail = page.detail
    assert detail is not None and detail.detail is not None
    chosen = detail.detail
    assert chosen.riddor.status is RiddorStatus.JUDGEMENT_NEEDED
    state = detail.riddor_state.text()
    assert "No submission to HSE is required" not in state
    assert "Not decided yet" in state
    assert detail.decide_button.isVisible()
    assert detail.decide_button.text() == "Decide whether it is reportable…"

    qtbot.mouseClick(detail.decide_button, Qt.MouseButton.LeftButton)
    form = detail.form
    assert form is not None and detail.editing
    box = form.riddor
    assert box.isVisible() and box.why.text().startswith("Judgement needed: ")
    assert box.decision.hasFocus()
    assert form.captions["days_lost"].text() == (
        "Days lost (calendar days, weekends and rest days included)"
    )
    for row in form.staff_rows:
        assert row.calendar_note.text() == CALENDAR_DAYS
        assert "calendar days, weekends and rest days included" in row.calendar_note.text()
    box.decision.setCurrentIndex(box.decision.findData(RiddorStatus.REPORTABLE.value))
    assert form.errors["riddor"].text() == REASON_NEEDED
    assert not detail.save_button.isEnabled()
    box.reason.setPlainText("Stress absence caused by the assault; H&S adviser agrees.")
    assert form.errors["riddor"].isHidden()
    assert detail.save_button.isEnabled()
    qtbot.keyClick(detail.save_button, Qt.Key.Key_Space)
    idle(qtbot, page)
    saved = detail.detail
    assert saved is not None and not detail.editing, detail.banner_message()
    assert saved.riddor.status is RiddorStatus.REPORTABLE
    assert saved.riddor.overridden
    assert detail.riddor_status.text().startswith("Decision: Reportable to HSE (recorded by ")
    assert detail.riddor_reason.text() == (
        "Reason: Stress absence caused by the assault; H&S adviser agrees."
    )
    assert not detail.decide_button.isVisible()
    deadline = saved.riddor.deadline
    assert deadline is not None
    today = service.today()
    if deadline < today:  # an old incident: overdue at once, said as a warning in words
        warning = detail.riddor_warning.text()
        assert warning.startswith("Warning: the RIDDOR report is overdue by ")
        assert detail.riddor_warning.isVisible()
        assert bar.show_riddor("overdue")
        assert chosen.reference in rows_shown(qtbot, page)
    else:
        assert detail.riddor_warning.isHidden()
    assert bar.show_riddor("judgement")
    assert chosen.reference not in rows_shown(qtbot, page)


def test_an_overdue_report_is_a_warning_in_words(
    page: IncidentsPage, lead: Any, qtbot: Any
) -> None:
    assert page.filter_bar.show_riddor("overdue")
    overdue = rows_shown(qtbot, page)
    assert overdue
    page.show_incident(int(str(page.key_at(0))), full=False)
    detail = page.detail
    assert detail is not None and detail.detail is not None
    warning = detail.riddor_warning.text()
    assert warning.startswith("Warning: the RIDDOR report is overdue by ")
    assert detail.riddor_warning.objectName() == "warningNote"
    assert detail.riddor_warning.accessibleName() == warning
    assert "Overdue – not submitted" in detail.riddor_state.text()


def test_the_home_card_opens_the_incidents_page_filtered_to_its_figure(
    make_window: Any, summary_shown: Any, lead: Any, demo_db: Any, qtbot: Any
) -> None:
    window = make_window(lead)
    summary = summary_shown(window)
    item = next(a for a in summary.attention if a.key == "riddor_overdue")
    assert item.count > 0
    card = next(c for c in window.home_page._cards if c.item.key == "riddor_overdue")
    assert card.count_label.text() == f"{item.count:,}"
    assert card.link is not None
    qtbot.mouseClick(card.link, Qt.MouseButton.LeftButton)
    page = window.current_page()
    assert isinstance(page, IncidentsPage)
    assert page.filter_bar.riddor.currentText() == "RIDDOR overdue"
    assert page.model is not None
    shown = rows_shown(qtbot, page)
    with reading(demo_db) as s:
        sql = s.scalar(
            text(
                "SELECT count(*) FROM incident WHERE riddor_status = 'reportable' "
                "AND riddor_submitted_on IS NULL AND riddor_deadline < :today"
            ),
            {"today": dt.date.today()},
        )
    assert item.count == page.model.total == len(shown) == sql
    assert page.showing.text() == f"Showing {len(shown):,} of {len(shown):,} incidents (filtered)"
    source = lead.incident_list()
    assert source.count(PageRequest(filters={"riddor": "overdue"})) == item.count

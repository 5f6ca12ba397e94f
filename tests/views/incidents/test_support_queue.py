"""The Support queue page on a private copy of the demo trust: overdue first, filters, Mark
done / Not needed, Open incident, the sidebar badge, and who may see it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.support_pathway import DEFAULT_PATHWAY
from vpr_desktop.domain.support_pathway import StepState
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.views.actions.dialogs import ReasonDialog
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.incidents.fields import london
from vpr_desktop.views.incidents.step_done import StepDoneDialog
from vpr_desktop.views.incidents.support_queue import SupportQueuePage
from vpr_desktop.views.navigation import PAGES_BY_KEY

WAIT_MS = 15000


@pytest.fixture
def open_page(qtbot: Any) -> Any:
    def make(services: Any) -> SupportQueuePage:
        page = SupportQueuePage(PAGES_BY_KEY["support"], services)
        qtbot.addWidget(page)
        page.resize(1280, 760)
        page.show()
        qtbot.waitExposed(page)
        page.activated()
        assert page.model is not None
        return page

    return make


def idle(qtbot: Any, page: SupportQueuePage) -> None:
    qtbot.waitUntil(lambda: not page.runner.is_busy(), timeout=WAIT_MS)


def overdue_count(services: Any) -> int:
    return services.incidents().support_queue().count(PageRequest(filters={"overdue": True}))


def test_overdue_first_with_the_services_count(open_page: Any, lead: Any) -> None:
    overdue = overdue_count(lead)
    everything = lead.incidents().support_queue().count(PageRequest())
    assert overdue > 0
    page = open_page(lead)
    assert page.model.total == everything
    column = page.model.column_index("overdue")
    shown = [page.model.row_values(r)[column] for r in range(page.model.rowCount())]
    first_not = shown.index(False) if False in shown else len(shown)
    assert all(shown[:first_not]) and not any(shown[first_not:])  # overdue first
    assert first_not == min(overdue, page.model.rowCount())
    index = page.model.index(0, column)
    assert page.model.data(index) == "Overdue"  # in words, not colour
    page.overdue.setChecked(True)
    assert page.model.total == overdue
    assert page.showing.text() == f"Showing {min(overdue, 500):,} of {overdue:,} overdue steps"


def test_mark_done_removes_the_step_from_the_overdue_list(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    overdue = overdue_count(lead)
    page = open_page(lead)
    page.overdue.setChecked(True)
    page.table.selectRow(0)
    step_id = page.selected()[0]
    assert page.done_button.isEnabled()
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    dialog = page.open_dialog
    assert isinstance(dialog, StepDoneDialog)
    assert dialog.confirm.isEnabled()  # today, now: a valid default
    dialog.confirm.click()
    idle(qtbot, page)
    assert page.model.total == overdue - 1 == overdue_count(lead)
    ids = {
        page.model.row_values(r)[page._source.STEP_ID_INDEX] for r in range(page.model.rowCount())
    }
    assert step_id not in ids
    assert page.note.text().startswith("Done: ")


def test_not_needed_asks_for_a_reason(open_page: Any, lead: Any, qtbot: Any) -> None:
    overdue = overdue_count(lead)
    page = open_page(lead)
    page.overdue.setChecked(True)
    page.table.selectRow(0)
    dialog = page.ask_not_needed()
    assert isinstance(dialog, ReasonDialog)
    assert not dialog.confirm.isEnabled()
    dialog.reason.setPlainText("Declined; has support from family and GP.")
    assert dialog.confirm.isEnabled()
    dialog.confirm.click()
    idle(qtbot, page)
    assert page.model.total == overdue - 1
    assert page.note.text().startswith("Not needed: ")


def test_filters_by_step_type_and_owner(open_page: Any, lead: Any) -> None:
    page = open_page(lead)
    source = lead.incidents().support_queue()
    page.step_type.setCurrentIndex(1)
    step = page.step_type.currentData()
    assert page.model.total == source.count(PageRequest(filters={"step_type": step}))
    page.step_type.setCurrentIndex(0)
    page.owner_role.setCurrentIndex(1)
    owner = page.owner_role.currentData()
    assert page.model.total == source.count(PageRequest(filters={"owner_role": owner}))


def test_mark_done_updates_the_sidebar_badge_and_open_incident_opens_it(
    make_window: Any, lead: Any, summary_shown: Any, qtbot: Any
) -> None:
    window = make_window(lead)
    summary_shown(window)
    before = overdue_count(lead)
    assert window.show_page("support")
    page = window.pages["support"]
    page.overdue.setChecked(True)
    page.table.selectRow(0)
    dialog = page.mark_done()
    assert dialog is not None
    dialog.confirm.click()
    idle(qtbot, page)
    row = window.visible_page_keys().index("support")
    item = window.sidebar.item(row)
    qtbot.waitUntil(lambda: item.text() == f"Support queue ({before - 1:,})", timeout=WAIT_MS)
    page.table.selectRow(0)
    incident_id = page.selected()[2]
    page.open_selected_incident()
    incidents = window.pages["incidents"]
    assert window.current_page() is incidents
    assert incidents.detail.detail is not None and incidents.detail.detail.id == incident_id


def test_a_staff_side_rep_sees_neither_incidents_nor_the_support_queue(
    make_window: Any, demo_db: Any
) -> None:
    from vpr_desktop.services.container import build_services

    window = make_window(build_services(demo_db, "demo.staffside"))
    assert "incidents" not in window.pages and "support" not in window.pages
    assert not window.show_page("incidents") and not window.show_page("support")


def test_every_focusable_widget_has_an_accessible_name(open_page: Any, lead: Any) -> None:
    page = open_page(lead)
    page.table.selectRow(0)
    missing = [
        f"{type(w).__name__}#{w.objectName()}"
        for w in page.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not w.accessibleName()
        and w.objectName() != "qt_scrollarea_viewport"
    ]
    assert missing == []


def _at(dialog: StepDoneDialog, when: dt.datetime) -> None:
    dialog.date.setText(format_date(when.date()))
    dialog.time.setText(when.strftime("%H:%M"))


def test_mark_done_asks_when_and_a_step_done_on_time_but_logged_late_counts_on_time(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    service = lead.incidents()
    page = open_page(lead)
    page.overdue.setChecked(True)
    page.table.selectRow(0)
    step_id, _version, incident_id, _row = page.selected()
    detail = service.get(incident_id)
    step = next(s for s in detail.steps if s.id == step_id)
    assert step.state is StepState.OVERDUE
    dialog = page.mark_done()
    assert isinstance(dialog, StepDoneDialog)
    assert dialog.windowTitle() == "When was the step done?"
    now = london(service.now())
    assert dialog.date.text() == format_date(now.date())  # default today
    _at(dialog, now + dt.timedelta(days=2))
    assert dialog.error.text() == "That is in the future; give the date it was done."
    assert not dialog.confirm.isEnabled()
    occurred = london(detail.occurred_at)
    _at(dialog, occurred - dt.timedelta(days=1))
    assert dialog.error.text().startswith("That is before the incident happened")
    assert not dialog.confirm.isEnabled()
    done = london(step.due_by) - dt.timedelta(minutes=30)  # on time, recorded today
    if step.not_before is not None:
        done = max(done, london(step.not_before))
    _at(dialog, done)
    assert dialog.error.isHidden() and dialog.confirm.isEnabled()
    dialog.confirm.click()
    idle(qtbot, page)
    assert page.note.text().startswith("Done: ")
    after = next(s for s in service.get(incident_id).steps if s.id == step_id)
    assert after.state is StepState.DONE_ON_TIME
    assert london(after.done_at).replace(second=0, microsecond=0) == done.replace(
        second=0, microsecond=0
    )


def test_a_trim_assessment_before_its_72_hour_point_gets_a_warning(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    service = lead.incidents()
    # The demo's pathway is the first settings shape (TRiM due at 72 hours, no earliest time);
    # the default pathway says "no sooner than 72 hours", as a trust would set it.
    service.save_pathway(DEFAULT_PATHWAY, service.pathway_version())
    page = open_page(lead)
    page.step_type.setCurrentIndex(page.step_type.findData("trim_72h"))
    assert page.model.total > 0
    page.table.selectRow(0)
    step_id, _version, incident_id, _row = page.selected()
    detail = service.get(incident_id)
    step = next(s for s in detail.steps if s.id == step_id)
    assert step.not_before is not None
    dialog = page.mark_done()
    assert isinstance(dialog, StepDoneDialog)
    occurred = london(detail.occurred_at)
    _at(dialog, occurred + dt.timedelta(hours=24))
    warning = dialog.warning.text()
    assert warning.startswith("Warning: this is before the step's earliest time (")
    assert "72 hours after the incident for a TRiM assessment" in warning
    assert not dialog.warning.isHidden()
    assert dialog.confirm.isEnabled()  # it happened: it can still be recorded
    assert occurred + dt.timedelta(hours=73) < london(service.now())
    _at(dialog, occurred + dt.timedelta(hours=73))
    assert dialog.warning.isHidden() and dialog.warning.text() == ""
    dialog.reject()


def _me(services: Any) -> int:
    """The signed-in lead's person record, linked to a staff member for the test if the demo
    left the account unlinked."""
    from sqlalchemy import select

    from vpr_desktop.domain.models import Person
    from vpr_desktop.domain.models import User
    from vpr_desktop.services.common.unit_of_work import UnitOfWork

    mine = services.incidents().my_person_id()
    if mine is not None:
        return int(mine)
    with UnitOfWork(services.db, services.actor) as uow:
        user = uow.get(User, services.actor.user_id)
        user.person_id = uow.session.scalar(select(Person.id).order_by(Person.id).limit(1))
        return int(user.person_id)


def test_bulk_reassign_to_me_and_the_mine_filter_shows_them(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    from PySide6.QtCore import QItemSelection
    from PySide6.QtCore import QItemSelectionModel

    from vpr_desktop.views.incidents.step_owner import ReassignDialog

    me = _me(lead)
    source = lead.incidents().support_queue()
    mine_before = source.count(PageRequest(filters={"mine": True}))
    page = open_page(lead)
    assert page.mine.isEnabled()
    model = page.model
    last = model.columnCount() - 1
    page.table.selectionModel().select(
        QItemSelection(model.index(0, 0), model.index(2, last)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    picked = page.selected_steps()
    assert len(picked) == 3
    assert page.selected_text.text().startswith("3 steps selected.")
    dialog = page.reassign()
    assert isinstance(dialog, ReassignDialog)
    assert dialog.heading.text() == "Reassign 3 steps"
    dialog.owner.set_person(me, None)
    assert dialog.confirm.isEnabled()
    dialog.confirm.click()
    idle(qtbot, page)
    assert page.note.text() == "Reassigned 3 steps."
    service = lead.incidents()
    assert {service.step(step_id).owner_id for step_id, _v in picked} == {me}
    page.mine.setChecked(True)
    mine = source.count(PageRequest(filters={"mine": True}))
    assert mine == mine_before + 3  # the demo's steps start unassigned
    assert page.model.total == mine
    owner = page.model.column_index("owner")
    names = {page.model.row_values(r)[owner] for r in range(page.model.rowCount())}
    assert len(names) == 1 and "Unassigned" not in names
    page.mine.setChecked(False)
    page.owner.setCurrentIndex(page.owner.findText("Unassigned"))
    unassigned = source.count(PageRequest(filters={"owner_id": "unassigned"}))
    assert page.model.total == unassigned


def test_plan_a_trim_step_inside_72_hours_warns(open_page: Any, lead: Any, qtbot: Any) -> None:
    from vpr_desktop.views.incidents.step_done import PlanStepDialog

    service = lead.incidents()
    service.save_pathway(DEFAULT_PATHWAY, service.pathway_version())  # "no sooner than 72 h"
    page = open_page(lead)
    page.step_type.setCurrentIndex(page.step_type.findData("trim_72h"))
    assert page.model.total > 0
    page.table.selectRow(0)
    step = lead.incidents().step(page.selected()[0])
    assert step.not_before is not None
    dialog = page.plan()
    assert isinstance(dialog, PlanStepDialog)
    early = london(step.not_before) - dt.timedelta(hours=3)
    dialog.date.setText(format_date(early.date()))
    dialog.time.setText(early.strftime("%H:%M"))
    assert dialog.warning.text().startswith("Warning: this is before the step's earliest time")
    assert dialog.confirm.isEnabled()
    dialog.date.setText("")
    assert dialog.confirm.isEnabled() and dialog.values() is None  # clears the plan
    _at(dialog, early)
    dialog.confirm.click()
    idle(qtbot, page)
    planned = service.step(step.id)
    assert planned.planned_too_early
    assert london(planned.planned_at).strftime("%d %H:%M") == early.strftime("%d %H:%M")
    assert page.note.text().startswith("Planned: ")

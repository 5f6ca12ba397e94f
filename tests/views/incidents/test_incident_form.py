"""The Incidents page on a private copy of the demo trust: filters, the form, the detail.

Figures read off the page are compared with what the services say for the same request.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.support_pathway import PersonFacts
from vpr_desktop.domain.support_pathway import applicable_steps
from vpr_desktop.domain.support_pathway import is_serious
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.incidents.form import IncidentForm
from vpr_desktop.views.incidents.form import london
from vpr_desktop.views.incidents.page import IncidentsPage

WAIT_MS = 15000


@pytest.fixture
def open_page(opened: Any, qtbot: Any) -> Any:
    def make(services: Any, size: tuple[int, int] = (1280, 760)) -> IncidentsPage:
        page = opened(IncidentsPage, "incidents", services, size)
        assert page.model is not None
        return page

    return make


def idle(qtbot: Any, page: IncidentsPage) -> None:
    assert page.detail is not None
    qtbot.waitUntil(lambda: not page.detail.runner.is_busy(), timeout=WAIT_MS)


def fill(form: IncidentForm, qtbot: Any, day: dt.date, *, location: int = 1) -> None:
    form.occurred_date.setText(format_date(day))
    form.occurred_time.setText("10:30")
    form.location.setCurrentIndex(location)
    form.type_boxes[IncidentType.PHYSICAL].setChecked(True)
    form.harm.setCurrentIndex(form.harm.findData(Harm.LOW.value))


def add_person(form: IncidentForm, employee_number: str) -> None:
    form.staff_picker.setText(employee_number)
    assert form.add_picked_staff(), form.staff_picker_error.text()


def yesterday(service: Any) -> dt.date:
    return london(service.now()).date() - dt.timedelta(days=1)


def test_new_incident_with_two_staff_creates_the_pathways_steps_for_both(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    service = lead.incidents()
    page = open_page(lead)
    before = page.model.total
    form = page.new_incident()
    assert isinstance(form, IncidentForm) and page.full_form
    assert not page.detail.save_button.isEnabled()  # empty: not valid yet
    fill(form, qtbot, yesterday(service))
    people = service.find_staff("a", limit=5)
    assert len(people) >= 2
    for _pid, number, _name in people[:2]:
        add_person(form, number)
    assert len(form.staff_rows) == 2
    form.staff_rows[1].days_absent.setValue(2)
    assert form.problems() == {}
    assert page.detail.save_button.isEnabled()
    qtbot.keyClick(page.detail.save_button, Qt.Key.Key_Space)
    idle(qtbot, page)
    detail = page.detail.detail
    assert detail is not None and not page.detail.editing, page.detail.banner_message()

    pathway = service.pathway()
    serious = is_serious([IncidentType.PHYSICAL], Harm.LOW)
    expected = {
        pid: applicable_steps(
            pathway,
            PersonFacts(
                serious=serious,
                physical=True,
                injury=False,
                police_informed=False,
                is_reporter=i == 0,
                days_absent=2 if i == 1 else 0,
            ),
        )
        for i, (pid, _n, _nm) in enumerate(people[:2])
    }
    assert len(detail.steps) == sum(len(steps) for steps in expected.values())
    for pid, steps in expected.items():
        assert sorted(s.step_type for s in detail.steps if s.person_id == pid) == sorted(
            s.key for s in steps
        )
    texts = page.detail.staff_texts()
    assert len(texts) == 2
    for text, (pid, _n, name) in zip(texts, people[:2], strict=True):
        assert text.startswith(name)
        for step in expected[pid]:
            assert step.label in text
    notice = page.detail.notice_text()
    assert notice.startswith(f"Saved {detail.reference}. RIDDOR:")
    assert "for 2 people" in notice
    assert "RIDDOR" in page.detail.riddor_status.parent().accessibleName()
    assert page.detail.riddor_status.text().startswith("Decision: ")
    assert page.model.total == before + 1
    assert page.showing.text().endswith(f"of {before + 1:,} incidents")


def test_a_future_date_disables_save_and_says_so(open_page: Any, lead: Any, qtbot: Any) -> None:
    service = lead.incidents()
    page = open_page(lead)
    form = page.new_incident()
    fill(form, qtbot, yesterday(service))
    assert page.detail.save_button.isEnabled()
    form.occurred_date.clear()
    qtbot.keyClicks(form.occurred_date, format_date(yesterday(service) + dt.timedelta(days=2)))
    assert not page.detail.save_button.isEnabled()
    error = form.errors["occurred_date"]
    assert error.isVisible() and error.text() == "Date is after today."
    assert form.occurred_date.accessibleDescription() == "Date is after today."
    assert page.detail.save_note.text() == "Fix the problems shown above to save."


def test_hate_motivated_needs_its_strand(open_page: Any, lead: Any, qtbot: Any) -> None:
    page = open_page(lead)
    form = page.new_incident()
    fill(form, qtbot, yesterday(lead.incidents()))
    form.type_boxes[IncidentType.HATE_MOTIVATED].setChecked(True)
    assert "hate_strand" in form.problems()
    assert not page.detail.save_button.isEnabled()
    form.hate_strand.setCurrentIndex(1)
    assert form.problems() == {}
    assert page.detail.save_button.isEnabled()


def test_filtering_to_one_location_shows_the_services_count(open_page: Any, lead: Any) -> None:
    page = open_page(lead)
    bar = page.filter_bar
    assert bar.location.count() > 1
    bar.location.setCurrentIndex(1)
    location_id = bar.location.currentData()
    expected = lead.incident_list().count(PageRequest(filters={"location_id": location_id}))
    assert 0 < expected < lead.incident_list().count(PageRequest())
    assert page.model.total == expected
    assert page.showing.text() == (
        f"Showing {min(expected, 500):,} of {expected:,} "
        f"incident{'s' if expected != 1 else ''} (filtered)"
    )
    bar.near_miss.setCurrentIndex(bar.near_miss.findData(True))
    both = lead.incident_list().count(
        PageRequest(filters={"location_id": location_id, "near_miss": True})
    )
    assert page.model.total == both
    bar.clear()
    assert page.model.total == lead.incident_list().count(PageRequest())


def test_date_range_filter_and_a_bad_date_in_words(open_page: Any, lead: Any) -> None:
    page = open_page(lead)
    bar = page.filter_bar
    bar.date_from.setText("01/03/2026")
    bar.date_to.setText("31/03/2026")
    bar.date_to.editingFinished.emit()
    expected = lead.incident_list().count(
        PageRequest(filters={"from": dt.date(2026, 3, 1), "to": dt.date(2026, 3, 31)})
    )
    assert page.model.total == expected
    bar.date_to.setText("31/13/2026")
    bar.date_to.editingFinished.emit()
    assert bar.problem.text() == "To date: write it as dd/mm/yyyy."


def test_enter_opens_the_detail_with_its_riddor_box_and_timeline(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    due = lead.incidents().riddor_due()
    page = open_page(lead)
    target = due[0] if due else None
    if target is not None:
        page.show_incident(target.incident_id)
    else:
        page.table.selectRow(0)
        page.open_form()
    detail = page.detail
    assert page.full_form and detail.detail is not None
    assert detail.back_button.isVisible()
    if target is not None:
        assert detail.riddor_status.text() == "Decision: Reportable to HSE"
        assert detail.riddor_deadline.text() == f"Deadline: {format_date(target.deadline)}"
        assert detail.riddor_button.isVisible()
    assert (
        detail.timeline.text()
        .splitlines()[0]
        .endswith(
            "Incident occurred" + (f" – {detail.detail.location}" if detail.detail.location else "")
        )
    )
    qtbot.keyClick(detail, Qt.Key.Key_Escape)
    assert not page.full_form and page.table.isVisible()


def test_a_stale_save_keeps_the_typed_values_and_offers_reload(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    page = open_page(lead)
    page.table.selectRow(0)
    detail = page.detail
    assert detail.detail is not None
    detail.start_edit()
    form = detail.form
    form.description.setPlainText("Typed by me")
    # Someone else saves the same incident meanwhile.
    other = lead.incidents()
    current = other.get(detail.detail.id)
    import dataclasses

    other.update(
        current.id, dataclasses.replace(current.as_input(), description="Theirs"), current.version
    )
    detail.save()
    idle(qtbot, page)
    assert detail.editing
    assert "Someone else saved this incident" in detail.banner_message()
    assert detail.reload_button.isVisible()
    assert form.description.toPlainText() == "Typed by me"
    detail.reload_keeping_changes()
    assert form.description.toPlainText() == "Typed by me"
    detail.save()
    idle(qtbot, page)
    assert detail.detail.description == "Typed by me" and not detail.editing


def test_characteristics_only_for_users_allowed_to_see_them(
    open_page: Any, demo_db: Any, lead: Any, actor_with: Any, services_as: Any
) -> None:
    from vpr_desktop.domain.permissions import Permission

    viewer = lead.actor.can(Permission.READ_PROTECTED_CHARACTERISTICS)
    page = open_page(lead)
    form = page.new_incident()
    add_person(form, lead.incidents().find_staff("a")[0][1])
    assert (form.staff_rows[0].pc_consent is not None) == viewer
    if viewer:
        row = form.staff_rows[0]
        assert not row._pc_box.isVisibleTo(row)  # only once consent is ticked
        row.pc_consent.setChecked(True)
        assert row._pc_box.isVisibleTo(row)
    lead_roles = [r for r in lead.actor.roles if r is not Role.ADMINISTRATOR]
    editor = actor_with(*lead_roles)
    if editor.can(Permission.READ_PROTECTED_CHARACTERISTICS):
        return
    other = open_page(services_as(lead, editor))
    other_form = other.new_incident()
    if other_form is not None:
        add_person(other_form, lead.incidents().find_staff("a")[0][1])
        assert other_form.staff_rows[0].pc_consent is None


def test_every_focusable_widget_has_an_accessible_name(open_page: Any, lead: Any) -> None:
    page = open_page(lead)
    page.table.selectRow(0)
    form = page.new_incident()
    add_person(form, lead.incidents().find_staff("a")[0][1])
    missing = [
        f"{type(w).__name__}#{w.objectName()}"
        for w in page.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not w.accessibleName()
        and w.objectName() != "qt_scrollarea_viewport"
    ]
    assert missing == []

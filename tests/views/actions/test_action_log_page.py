"""The Action log page on a private copy of the demo trust: list, filters, detail, sign-off,
reopen, conflicts, meetings, export, and that every control is named.

Every figure a test reads off the page is compared with what the service says for the same
request, so the screen is checked against the database, not against itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.action_rules import LIVE_STATUSES
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import Side
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.views.actions.dialogs import NewActionDialog
from vpr_desktop.views.actions.dialogs import ReasonDialog
from vpr_desktop.views.actions.forms import due_date_check
from vpr_desktop.views.actions.forms import parse_date
from vpr_desktop.views.actions.page import SETTINGS_SPLITTER
from vpr_desktop.views.actions.page import ActionLogPage

LIVE = {"status": sorted(s.value for s in LIVE_STATUSES)}
STAFF_SIDE_USER = "demo.staffside"
WAIT_MS = 15000


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def demo_db(demo_copy: Path) -> Iterator[Any]:
    from vpr_desktop.store.database import open_database

    db = open_database(demo_copy)
    yield db
    db.close()


@pytest.fixture
def lead(demo_db: Any) -> Any:
    """The demo's creator: administrator and VPR lead (management side)."""
    from vpr_desktop.services.container import build_services

    return build_services(demo_db)


@pytest.fixture
def rep(demo_db: Any) -> Any:
    from vpr_desktop.services.container import build_services

    return build_services(demo_db, STAFF_SIDE_USER)


@pytest.fixture
def open_page(opened: Any, qtbot: Any) -> Any:
    def make(services: Any, size: tuple[int, int] = (1280, 760)) -> ActionLogPage:
        page = opened(ActionLogPage, "actions", services, size)
        assert page.model is not None
        return page

    return make


def idle(qtbot: Any, page: ActionLogPage) -> None:
    """Wait until the page's background writes have reported back."""
    qtbot.waitUntil(
        lambda: (
            not page.detail.runner.is_busy()
            and not page.meetings.runner.is_busy()
            and not page.exporter.is_busy()
        ),
        timeout=WAIT_MS,
    )


def first(services: Any, status: ActionStatus) -> Any:
    """The first demo action with ``status`` (due date order), as the service sees it."""
    briefs = services.action_log().briefs({"status": status.value})
    assert briefs, f"the demo has no {status.value} action"
    return briefs[0]


def shown(page: ActionLogPage, reference: str, qtbot: Any) -> Any:
    page.show_action(reference)
    qtbot.waitUntil(
        lambda: page.detail.detail is not None and page.detail.detail.reference == reference,
        timeout=WAIT_MS,
    )
    return page.detail


# --------------------------------------------------------------------------- the list


def test_lists_the_demos_actions_with_the_services_total(open_page: Any, lead: Any) -> None:
    source = lead.action_list()
    live = source.count(PageRequest(filters=LIVE))
    everything = source.count(PageRequest())
    assert 0 < live < everything
    page = open_page(lead)
    assert page.model.total == live  # opens on the live actions
    assert page.showing.text() == f"Showing {live:,} of {live:,} actions"
    page.status_filter.setCurrentIndex(page.status_filter.findData("all"))
    assert page.model.total == everything
    assert page.showing.text() == f"Showing {everything:,} of {everything:,} actions"
    assert page.stack.currentWidget() is page.splitter


def test_overdue_only_shows_exactly_the_services_overdue_actions(open_page: Any, lead: Any) -> None:
    count, rows = lead.action_log().overdue()
    assert count > 0
    page = open_page(lead)
    page.overdue_filter.setChecked(True)
    assert page.model.total == count
    shown_refs = [page.model.row_values(r)[0] for r in range(page.model.rowCount())]
    assert sorted(shown_refs) == sorted(b.reference for b in rows)
    overdue_column = page.model.column_index("overdue")
    assert {page.model.index(r, overdue_column).data() for r in range(page.model.rowCount())} == {
        "Overdue"
    }  # said in words in the table, not by colour


def test_owner_source_and_my_actions_filters_match_the_service(open_page: Any, rep: Any) -> None:
    source = rep.action_list()
    page = open_page(rep)
    page.status_filter.setCurrentIndex(page.status_filter.findData("all"))
    person = page.staff_filter.itemData(1)
    assert person is not None
    page.staff_filter.setCurrentIndex(1)
    assert page.model.total == source.count(PageRequest(filters={"staff_side_owner_id": person}))
    page.clear_filters()
    page.mine_filter.setChecked(True)  # the demo staff-side rep owns some actions
    mine = source.count(PageRequest(filters={**LIVE, "mine": True}))
    assert mine > 0 and page.model.total == mine
    page.clear_filters()
    page.source_filter.setCurrentIndex(page.source_filter.findData("risk"))
    assert page.model.total == source.count(PageRequest(filters={**LIVE, "source": ["risk"]}))


def test_search_waits_for_a_pause_then_filters(open_page: Any, lead: Any, qtbot: Any) -> None:
    page = open_page(lead)
    reference = page.model.row_values(0)[0]
    qtbot.keyClicks(page.search, reference)
    assert page.model.request.search == ""  # debounced
    qtbot.waitUntil(lambda: page.model.request.search == reference, timeout=3000)
    assert page.model.total == 1
    assert page.showing.text() == "Showing 1 of 1 action"


def test_selecting_a_row_shows_its_title_status_and_timeline(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    page = open_page(lead)
    page.table.selectRow(2)
    reference = page.model.row_values(2)[0]
    detail = lead.action_log().get_by_reference(reference)
    qtbot.waitUntil(lambda: page.detail.heading.text() == detail.title, timeout=3000)
    assert page.detail.status_line.text().startswith("Status: ")
    if detail.overdue:
        assert "Overdue" in page.detail.status_line.text()
    entries = page.detail.timeline_texts()
    assert len(entries) == len(detail.timeline) > 0
    newest = detail.timeline[-1]
    assert newest.by_name in entries[0]  # newest first, who is named
    if newest.text:
        assert newest.text in entries[0]


def test_enter_opens_the_full_form_and_escape_goes_back(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    page = open_page(lead)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.full_form and page.table.isHidden() and page.detail.back_button.isVisible()
    qtbot.keyClick(page.detail.form.title, Qt.Key.Key_Escape)
    assert not page.full_form and page.table.isVisible()


def test_unsaved_changes_are_not_lost_by_choosing_another_row_or_refreshing(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    action = first(lead, ActionStatus.OPEN)
    page = open_page(lead)
    panel = shown(page, action.reference, qtbot)
    panel.form.title.setText("Half-typed new title")
    other = next(
        r for r in range(page.model.rowCount()) if page.model.row_values(r)[0] != action.reference
    )
    page.table.selectRow(other)
    assert "Save or undo your changes to " + action.reference in panel.banner_message()
    assert panel.detail.reference == action.reference
    assert panel.form.title.text() == "Half-typed new title"
    page.refresh()  # F5
    assert panel.form.title.text() == "Half-typed new title"
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert panel.form.title.text() == action.title


def test_ctrl_n_opens_a_new_action_and_the_meetings_tab_a_new_meeting(
    make_window: Any, lead: Any, qtbot: Any
) -> None:
    window = make_window(lead)
    window.show_page("actions")
    page = window.pages["actions"]
    window.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus, timeout=3000)
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(page.new_dialog, NewActionDialog)
    page.new_dialog.reject()
    page.tabs.setCurrentWidget(page.meetings)
    qtbot.keyClick(page.meetings.list, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.meetings.open_dialog is not None
    assert page.meetings.open_dialog.windowTitle() == "New committee meeting"
    page.meetings.open_dialog.reject()


def test_the_splitter_position_is_remembered(open_page: Any, lead: Any, settings: Any) -> None:
    page = open_page(lead)
    sizes = page.splitter.sizes()
    page.splitter.setSizes([sizes[0] - 120, sizes[1] + 120])
    page.splitter.splitterMoved.emit(0, 1)
    assert settings.value(SETTINGS_SPLITTER) is not None
    again = open_page(lead)
    assert abs(again.splitter.sizes()[1] - page.splitter.sizes()[1]) <= 2


def test_an_empty_log_says_what_to_do_next(open_page: Any, empty_services: Any) -> None:
    page = open_page(empty_services)
    assert page.stack.currentWidget() is not page.splitter
    assert page.empty.isVisibleTo(page)
    assert page.empty.text().startswith("No actions yet")
    assert "New action (Ctrl+N)" in page.empty.text()


# --------------------------------------------------------------------------- editing


def test_staff_side_sees_management_fields_read_only_and_a_forced_change_is_refused(
    open_page: Any, rep: Any, qtbot: Any
) -> None:
    action = first(rep, ActionStatus.IN_PROGRESS)
    page = open_page(rep)
    detail = shown(page, action.reference, qtbot)
    form = detail.form
    assert form.due.isReadOnly() and form.title.isReadOnly()
    assert not form.staff_side_owner.isReadOnly()
    assert "read-only" in form.captions["due_date"].text()
    assert "only management" in form.due.accessibleName()
    assert not detail.save_button.isEnabled()
    form.due.setReadOnly(False)  # forced: the service must still refuse
    form.due.selectAll()
    qtbot.keyClicks(form.due, "31/12/2027")
    assert detail.save_button.isEnabled()
    qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, page)
    assert "belongs to the management side; you may not change it" in detail.banner_message()
    assert form.due.text() == "31/12/2027"  # what was typed is kept
    assert rep.action_log().get(action.id).due_date == action.due_date


def test_form_validates_as_you_type_and_save_waits_until_valid_and_changed(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    action = first(lead, ActionStatus.OPEN)
    page = open_page(lead)
    detail = shown(page, action.reference, qtbot)
    form = detail.form
    assert not detail.save_button.isEnabled()  # nothing changed yet
    form.title.clear()
    assert form.errors["title"].text() == "Give the action a title."
    assert not detail.save_button.isEnabled()
    qtbot.keyClicks(form.title, "Fit a panic alarm in the ward office")
    assert form.errors["title"].isHidden()
    form.due.setText("31/02/2027")
    assert form.errors["due_date"].text().startswith("Write the date as dd/mm/yyyy")
    assert form.due.accessibleDescription() == form.errors["due_date"].text()
    assert not detail.save_button.isEnabled()
    form.due.setText("1 Mar 2027")
    assert detail.save_button.isEnabled()
    page.window().activateWindow()
    detail.save()  # what Ctrl+S does
    idle(qtbot, page)
    saved = lead.action_log().get(action.id)
    assert saved.title == "Fit a panic alarm in the ward office"
    assert saved.due_date.isoformat() == "2027-03-01"
    assert not detail.save_button.isEnabled()
    assert "Changed title" in detail.timeline_texts()[0]


def test_a_stale_save_shows_the_conflict_and_keeps_the_typed_text(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    action = first(lead, ActionStatus.OPEN)
    page = open_page(lead)
    detail = shown(page, action.reference, qtbot)
    loaded = detail.detail
    lead.action_log().update_fields(
        action.id, loaded.version, {"description": "Changed by a colleague meanwhile."}
    )
    detail.form.title.clear()
    qtbot.keyClicks(detail.form.title, "Typed by me")
    qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, page)
    message = detail.banner_message()
    assert "changed by someone else" in message and "Nothing was overwritten" in message
    assert "Traceback" not in message
    assert detail.form.title.text() == "Typed by me"
    assert detail.reload_button.isVisible() and detail.keep_button.isVisible()
    qtbot.mouseClick(detail.keep_button, Qt.MouseButton.LeftButton)
    assert detail.form.title.text() == "Typed by me"
    assert detail.form.description.toPlainText() == "Changed by a colleague meanwhile."
    qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, page)
    assert lead.action_log().get(action.id).title == "Typed by me"


def test_signing_off_for_both_sides_closes_the_action(
    open_page: Any, lead: Any, rep: Any, qtbot: Any
) -> None:
    action = first(lead, ActionStatus.IN_PROGRESS)
    management = open_page(lead)
    panel = shown(management, action.reference, qtbot)
    assert panel.sign_lines[Side.MANAGEMENT].text() == "Management: not yet signed"
    assert panel.sign_lines[Side.STAFF_SIDE].text() == "Staff side: not yet signed"
    # Still in progress: no side can sign it off until it is marked done.
    assert not panel.sign_buttons[Side.STAFF_SIDE].isVisibleTo(panel)
    assert not panel.sign_buttons[Side.MANAGEMENT].isVisibleTo(panel)
    assert panel.sign_summary.text().startswith(
        "Not signed yet. Sign-off opens once the action is marked done"
    )
    done = panel.progress_buttons[ActionStatus.AWAITING_SIGN_OFF]
    assert done.text() == "Mark done" and done.isVisibleTo(panel)
    qtbot.mouseClick(done, Qt.MouseButton.LeftButton)
    idle(qtbot, management)
    assert panel.status_line.text().startswith("Status: Done — awaiting sign-off.")
    assert panel.sign_buttons[Side.MANAGEMENT].isVisibleTo(panel)
    qtbot.mouseClick(panel.sign_buttons[Side.MANAGEMENT], Qt.MouseButton.LeftButton)
    idle(qtbot, management)
    assert panel.status_line.text().startswith("Status: Done — awaiting sign-off.")
    assert (
        panel.sign_lines[Side.MANAGEMENT]
        .text()
        .startswith(f"Management: signed by {lead.actor.display_name} on ")
    )
    assert panel.sign_summary.text().startswith("Waiting for the staff side to sign it off")

    staff = open_page(rep)
    other = shown(staff, action.reference, qtbot)
    assert other.sign_lines[Side.STAFF_SIDE].text() == "Staff side: not yet signed"
    qtbot.mouseClick(other.sign_buttons[Side.STAFF_SIDE], Qt.MouseButton.LeftButton)
    idle(qtbot, staff)
    assert other.status_line.text().startswith("Status: Closed.")
    assert (
        other.sign_lines[Side.STAFF_SIDE]
        .text()
        .startswith(f"Staff side: signed by {rep.actor.display_name} on ")
    )
    assert other.sign_summary.text().startswith("Closed on ")
    assert "both sides have signed it off" in other.sign_summary.text()
    assert lead.action_log().get(action.id).status is ActionStatus.CLOSED


def test_reopening_requires_a_reason(open_page: Any, lead: Any, qtbot: Any) -> None:
    action = first(lead, ActionStatus.CLOSED)
    page = open_page(lead)
    panel = shown(page, action.reference, qtbot)
    assert panel.reopen_button.isVisibleTo(panel)
    qtbot.mouseClick(panel.reopen_button, Qt.MouseButton.LeftButton)
    dialog = panel.open_dialog
    assert isinstance(dialog, ReasonDialog)
    assert not dialog.confirm.isEnabled()
    assert dialog.needed.isVisibleTo(dialog)
    assert "will be withdrawn" in dialog.explanation.text()
    qtbot.keyClicks(dialog.reason, "Alarm failed its monthly test.")
    assert dialog.confirm.isEnabled()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    idle(qtbot, page)
    assert panel.open_dialog is None or not panel.open_dialog.isVisible()
    assert panel.status_line.text().startswith("Status: In progress.")
    assert "Alarm failed its monthly test." in panel.timeline_texts()[0]
    assert panel.sign_lines[Side.MANAGEMENT].text() == "Management: not yet signed"
    assert lead.action_log().get(action.id).status is ActionStatus.IN_PROGRESS


def test_cancelling_asks_for_a_reason_and_says_what_changes(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    action = first(lead, ActionStatus.OPEN)
    page = open_page(lead)
    panel = shown(page, action.reference, qtbot)
    dialog = panel.ask_cancel()
    assert dialog is not None and dialog.back.text() == "Keep the action"
    assert "leave the list of live actions" in dialog.explanation.text()
    assert not dialog.confirm.isEnabled()
    qtbot.keyClicks(dialog.reason, "Superseded by the trust-wide alarm project.")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    idle(qtbot, page)
    assert panel.status_line.text().startswith("Status: Cancelled.")
    assert "Superseded by the trust-wide alarm project." in panel.sign_summary.text()
    assert action.reference not in [
        page.model.row_values(r)[0] for r in range(page.model.rowCount())
    ]  # not live now


def test_new_action_checks_as_you_type_then_creates_and_selects_it(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    page = open_page(lead)
    before = page.model.total
    changed: list[bool] = []
    page.data_changed.connect(lambda: changed.append(True))
    page.window().activateWindow()
    dialog = page.new_action()
    assert isinstance(dialog, NewActionDialog)
    assert not dialog.confirm.isEnabled()
    assert dialog.form.errors["title"].isHidden()  # not shouted before anything is typed
    qtbot.keyClicks(dialog.form.title, "Review lone working at night")
    dialog.form.due.setText("01/01/2020")
    assert "before the action was raised" in dialog.form.errors["due_date"].text()
    assert not dialog.confirm.isEnabled()
    dialog.form.due.setText("")
    qtbot.keyClicks(dialog.form.staff_side_owner, "Nobody Matches This")
    assert "Choose a person" in dialog.form.errors["staff_side_owner_id"].text()
    dialog.form.staff_side_owner.clear()
    assert dialog.confirm.isEnabled()
    someone = lead.action_people().find("son")[0]  # not yet an owner: looked up as typed
    owner = dialog.form.management_owner
    qtbot.keyClicks(owner, "son")
    qtbot.waitUntil(lambda: someone.label in owner.completer().model().stringList(), timeout=3000)
    owner.setText(someone.label)  # what choosing the suggestion does
    assert dialog.form.errors["management_owner_id"].isHidden()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    idle(qtbot, page)
    assert page.model.total == before + 1
    assert page.detail.heading.text() == "Review lone working at night"
    assert page.detail.detail.management_owner_id == someone.id
    assert changed


def test_writes_refresh_the_sidebar_badge(
    make_window: Any, lead: Any, summary_shown: Any, qtbot: Any
) -> None:
    from vpr_desktop.views.sidebar_words import badge_counts

    window = make_window(lead)
    before = badge_counts(summary_shown(window).badges)["actions"]
    assert f"Action log ({before:,})" in window.sidebar_texts()
    window.show_page("actions")
    page = window.pages["actions"]
    action = first(lead, ActionStatus.IN_PROGRESS)
    panel = shown(page, action.reference, qtbot)
    done = panel.progress_buttons[ActionStatus.AWAITING_SIGN_OFF]
    qtbot.mouseClick(done, Qt.MouseButton.LeftButton)  # Mark done: it now awaits sign-off
    idle(qtbot, page)
    # Awaiting sign-off now: one more needing attention, unless it was already overdue
    # (the badge counts each action once, however many cards it is on).
    attention = PageRequest(filters={"attention": True})
    after = lead.action_list().count(attention)
    assert after in (before, before + 1)
    qtbot.waitUntil(lambda: f"Action log ({after:,})" in window.sidebar_texts(), timeout=WAIT_MS)
    assert window.note_label.full_text().endswith("is now done — awaiting sign-off")


# --------------------------------------------------------------------------- meetings


def test_meetings_show_the_agenda_and_record_a_decision(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    service = lead.action_log()
    page = open_page(lead)
    page.tabs.setCurrentWidget(page.meetings)
    view = page.meetings
    assert view.list.count() == len(service.meetings())
    dialog = view.ask_new_meeting()
    assert dialog is not None and not dialog.confirm.isEnabled()
    day = service.today.replace(day=1)
    day = day.replace(month=day.month % 12 + 1, year=day.year + (day.month == 12))
    qtbot.keyClicks(dialog.date, day.strftime("%d/%m/%Y"))
    assert dialog.confirm.isEnabled()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    idle(qtbot, page)
    assert view.list.count() == len(service.meetings())
    assert view.list.currentItem().text().startswith("Next meeting – ")
    agenda = service.agenda(day, 28)
    assert view.agenda_tree.topLevelItemCount() == len(agenda) > 0
    assert view.agenda_tree.topLevelItem(0).text(0).startswith("Overdue by ")
    view.agenda_tree.setCurrentItem(view.agenda_tree.topLevelItem(0))
    decision = view.record_decision()
    assert decision is not None
    qtbot.keyClicks(decision.decision, "Escalate to the executive lead.")
    qtbot.mouseClick(decision.confirm, Qt.MouseButton.LeftButton)
    idle(qtbot, page)
    assert view.reviews_tree.topLevelItemCount() == 1
    assert view.reviews_tree.topLevelItem(0).text(3) == "Escalate to the executive lead."
    reference = agenda[0].action.reference
    timeline = service.get_by_reference(reference).timeline
    assert "Escalate to the executive lead." in (timeline[-1].text or "")


# --------------------------------------------------------------------------- export


def test_export_writes_the_filtered_rows_and_their_timelines(
    open_page: Any, lead: Any, qtbot: Any, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    page = open_page(lead)
    page.overdue_filter.setChecked(True)
    refs = [page.model.row_values(r)[0] for r in range(page.model.rowCount())]
    assert len(refs) == page.model.total > 0
    notes: list[str] = []
    page.exporter.note.connect(notes.append)
    target = tmp_path / "overdue.xlsx"
    page.export_to(target)
    idle(qtbot, page)
    assert notes[-1] == f"Saved to {target}"
    assert page.export_note.text().startswith(f"Saved {len(refs):,} actions and ")
    book = load_workbook(target, read_only=True)
    rows = list(book["Actions"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    reference = header.index("Reference")
    assert [row[reference] for row in body] == refs  # same rows, same order as the screen
    timeline = list(book["Timeline"].iter_rows(values_only=True))[1:]
    expected = sum(len(lead.action_log().get_by_reference(r).timeline) for r in refs)
    assert len(timeline) == expected
    book.close()


# --------------------------------------------------------------------------- accessibility


def test_every_focusable_widget_has_an_accessible_name(
    open_page: Any, lead: Any, qtbot: Any
) -> None:
    page = open_page(lead)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=3000)
    page.tabs.setCurrentWidget(page.meetings)
    dialogs = [page.new_action(), page.meetings.ask_new_meeting()]
    page.tabs.setCurrentIndex(0)
    dialogs.append(page.detail.ask_cancel())
    roots: list[QWidget] = [page, *(d for d in dialogs if d is not None)]
    missing = []
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not widget.accessibleName():
                if widget.objectName() == "qt_scrollarea_viewport":
                    continue
                missing.append(f"{type(widget).__name__}#{widget.objectName()}")
    assert missing == []
    for dialog in dialogs:
        if dialog is not None:
            dialog.reject()


def test_tab_order_follows_the_reading_order(open_page: Any, lead: Any) -> None:
    page = open_page(lead)
    order = [
        page.export_button,
        page.new_button,
        page.tabs.tabBar(),
        page.search,
        page.status_filter,
        page.source_filter,
        page.management_filter,
        page.staff_filter,
        page.overdue_filter,
        page.mine_filter,
        page.clear_button,
        page.table,
    ]
    chain: list[QWidget] = []
    widget: QWidget = order[0]
    for _ in range(200):  # the focus chain, as Tab walks it, reduced to these controls
        if widget in order and widget not in chain:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain == order


# --------------------------------------------------------------------------- pure helpers


def test_dates_are_read_as_people_type_them_in_the_uk() -> None:
    import datetime as dt

    assert parse_date("31/03/2027") == dt.date(2027, 3, 31)
    assert parse_date("7 Mar 2027") == dt.date(2027, 3, 7)
    assert parse_date("2027-03-31") == dt.date(2027, 3, 31)
    assert parse_date("  ") is None
    for bad in ("31/02/2027", "next week", "03/31/2027"):
        with pytest.raises(ValueError):
            parse_date(bad)
    today = dt.date(2026, 11, 25)
    assert due_date_check(dt.date(2040, 1, 1), raised=today, today=today, changed=True)[0]
    assert due_date_check(dt.date(2020, 1, 1), raised=today, today=today, changed=False) == ("", "")
    assert due_date_check(
        dt.date(2026, 11, 1), raised=dt.date(2026, 1, 1), today=today, changed=True
    ) == ("", "This date has passed, so the action will show as overdue.")


# --------------------------------------------------------------------------- proposals


def test_a_staff_side_proposal_waits_for_management_to_accept_and_name_its_owner(
    open_page: Any, lead: Any, rep: Any, qtbot: Any
) -> None:
    """Issue 18, acceptance 3 in the window: the rep's proposal reads as waiting, offers the
    rep no moves, and management accepts it once a management owner is chosen."""
    from vpr_desktop.domain.enums import ActionSource
    from vpr_desktop.services.actions.records import ActionDraft

    mine = rep.action_people().owners().me
    assert mine is not None  # the demo rep's account names their staff record
    proposal = rep.action_log().create(
        ActionDraft(
            title="Panic alarms in the community base",
            source=ActionSource.COMMITTEE,
            staff_side_owner_id=mine.id,
        )
    )
    assert proposal.proposed_by is Side.STAFF_SIDE
    theirs = open_page(rep, (1366, 768))
    panel = shown(theirs, proposal.reference, qtbot)
    assert panel.status_line.text().startswith("Status: Proposed by the staff side")
    assert not panel.accept_button.isVisibleTo(panel)
    assert not any(b.isVisibleTo(panel) for b in panel.progress_buttons.values())

    page = open_page(lead, (1366, 768))
    panel = shown(page, proposal.reference, qtbot)
    model = page.model
    row = page.row_of(proposal.reference)
    assert row >= 0
    status = model.index(row, model.column_index("status")).data()
    assert status == "Proposed – waiting for management"
    assert panel.accept_button.isVisibleTo(panel) and not panel.accept_button.isEnabled()
    assert panel.accept_hint.isVisibleTo(panel)
    assert not any(b.isVisibleTo(panel) for b in panel.progress_buttons.values())
    assert panel.cancel_button.isVisibleTo(panel)  # management may turn it down, saying why
    owners = lead.action_people().owners().management
    owner = owners[0]
    panel.form.management_owner.set_person(owner.id, owner.name)
    qtbot.waitUntil(panel.accept_button.isEnabled, timeout=WAIT_MS)
    assert not panel.accept_hint.isVisibleTo(panel)
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    idle(qtbot, page)
    detail = panel.detail
    assert detail is not None and detail.proposed_by is None
    assert detail.management_owner_id == owner.id
    accepted = f"Accepted by management; management owner {detail.management_owner_name}."
    assert any(accepted in t for t in panel.timeline_texts())
    assert not panel.accept_button.isVisibleTo(panel)
    assert panel.status_line.text().startswith("Status: Open.")
    assert any(b.isVisibleTo(panel) for b in panel.progress_buttons.values())


def test_a_management_proposal_waits_for_the_staff_side_to_accept_and_name_its_owner(
    open_page: Any, lead: Any, rep: Any, qtbot: Any
) -> None:
    """Both ways (issue 18): the lead's action waits for the staff side; the rep accepts it
    once a staff-side owner is chosen; the "waiting for me" box counts the filter's rows."""
    from vpr_desktop.domain.enums import ActionSource
    from vpr_desktop.services.actions.records import ActionDraft

    owners = lead.action_people().owners()
    proposal = lead.action_log().create(
        ActionDraft(
            title="Lone-working alarms for the community team",
            source=ActionSource.COMMITTEE,
            management_owner_id=owners.management[0].id,
        )
    )
    assert proposal.proposed_by is Side.MANAGEMENT
    page = open_page(lead, (1366, 768))
    panel = shown(page, proposal.reference, qtbot)
    assert panel.status_line.text().startswith(
        "Status: Proposed by the management side – waiting for the staff side"
    )
    assert not panel.accept_button.isVisibleTo(panel)

    theirs = open_page(rep, (1366, 768))
    waiting = rep.action_log().waiting_counts()[Side.STAFF_SIDE]
    assert waiting >= 1
    box = theirs.filter_bar.waiting
    assert box.text() == f"Waiting for me ({waiting:,})"
    box.setChecked(True)
    qtbot.waitUntil(lambda: theirs.model.total == waiting, timeout=WAIT_MS)
    panel = shown(theirs, proposal.reference, qtbot)
    model = theirs.model
    row = theirs.row_of(proposal.reference)
    status = model.index(row, model.column_index("status")).data()
    assert status == "Proposed – waiting for the staff side"
    assert panel.accept_button.text() == "Accept for the staff side"
    assert panel.accept_button.isVisibleTo(panel) and not panel.accept_button.isEnabled()
    assert (
        panel.accept_hint.text() == "Choose the staff-side owner below, then accept the proposal."
    )
    me = rep.action_people().owners().me
    assert me is not None
    panel.form.staff_side_owner.set_person(me.id, me.name)
    qtbot.waitUntil(panel.accept_button.isEnabled, timeout=WAIT_MS)
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    idle(qtbot, theirs)
    detail = rep.action_log().get(proposal.id)
    assert detail.proposed_by is None and detail.staff_side_owner_id == me.id
    assert rep.action_log().waiting_counts()[Side.STAFF_SIDE] == waiting - 1
    qtbot.waitUntil(lambda: box.text() == f"Waiting for me ({waiting - 1:,})", timeout=WAIT_MS)
    assert theirs.model.total == waiting - 1

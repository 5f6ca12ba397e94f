"""The action log's small dialogs: New action, a reason (reopen, cancel), a committee meeting and a
meeting's decision. Each waits until what it needs is typed, hands the values over once per
press, closes only when the caller says the save worked, and on failure keeps everything typed
and says why. Values handed over are saved through the real service where it matters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.action_rules import SIDE_LABELS
from vpr_desktop.domain.enums import Priority
from vpr_desktop.domain.enums import Side
from vpr_desktop.services.actions.people import PersonChoice
from vpr_desktop.views.actions.dialogs import NewActionDialog
from vpr_desktop.views.actions.dialogs import ReasonDialog
from vpr_desktop.views.actions.meeting_dialogs import DEFAULT_COMMITTEE
from vpr_desktop.views.actions.meeting_dialogs import DecisionDialog
from vpr_desktop.views.actions.meeting_dialogs import MeetingDialog

TODAY = dt.date(2026, 6, 1)
MANAGERS = [PersonChoice(1, "Mo Manager", "E001")]
REPS = [PersonChoice(3, "Ray Rep", "S003")]


def shown(qtbot: Any, dialog: Any) -> Any:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def unnamed(root: QWidget) -> list[str]:
    return [
        type(w).__name__
        for w in root.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.isVisibleTo(root)
        and not w.accessibleName()
        and w.objectName() != "qt_scrollarea_viewport"
    ]


# --------------------------------------------------------------------------- reason


@pytest.fixture
def reason(qtbot: Any) -> ReasonDialog:
    return shown(
        qtbot,
        ReasonDialog(
            "Cancel action A-0007",
            "A cancelled action stays in the log, marked cancelled.",
            "Why is it being cancelled?",
            "Cancel action",
            back="Keep it",
        ),
    )


def test_a_reason_is_needed_before_confirming(reason: ReasonDialog, qtbot: Any) -> None:
    assert reason.windowTitle() == "Cancel action A-0007"
    assert not reason.confirm.isEnabled()
    assert reason.needed.isVisibleTo(reason)
    assert reason.needed.text() == "A reason is needed; it is kept in the action's timeline."
    qtbot.keyClicks(reason.reason, "   ")
    assert not reason.confirm.isEnabled()
    qtbot.keyClicks(reason.reason, "Duplicate of A-0003")
    assert reason.confirm.isEnabled() and not reason.needed.isVisibleTo(reason)
    assert reason.side is None  # one side only: not asked
    assert reason.values() == ("Duplicate of A-0003", None)


def test_confirming_hands_over_once_and_waits_for_the_save(
    reason: ReasonDialog, qtbot: Any
) -> None:
    qtbot.keyClicks(reason.reason, "No longer needed")
    seen: list[Any] = []
    reason.submitted.connect(seen.append)
    qtbot.mouseClick(reason.confirm, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(reason.confirm, Qt.MouseButton.LeftButton)  # a second press while saving
    assert seen == [("No longer needed", None)]
    assert not reason.confirm.isEnabled() and reason.isVisible()
    reason.done_ok()
    assert not reason.isVisible()
    assert reason.result() == ReasonDialog.DialogCode.Accepted


def test_a_failed_save_keeps_the_reason_and_says_why(reason: ReasonDialog, qtbot: Any) -> None:
    qtbot.keyClicks(reason.reason, "Superseded")
    reason.confirm.click()
    reason.failed("Someone else changed this action. Close this and open it again.")
    assert reason.isVisible()
    assert reason.problem.isVisibleTo(reason)
    assert reason.problem.text() == (
        "Someone else changed this action. Close this and open it again."
    )
    assert reason.reason.toPlainText() == "Superseded"
    assert reason.confirm.isEnabled()


def test_back_closes_without_saving(reason: ReasonDialog, qtbot: Any) -> None:
    assert reason.back.text() == "Keep it"
    assert reason.back.accessibleName() == "Keep it, without saving"
    with qtbot.assertNotEmitted(reason.submitted):
        qtbot.mouseClick(reason.back, Qt.MouseButton.LeftButton)
    assert reason.result() == ReasonDialog.DialogCode.Rejected


def test_someone_acting_for_both_sides_says_which(qtbot: Any) -> None:
    dialog = shown(
        qtbot,
        ReasonDialog(
            "Reopen",
            "",
            "Why reopen it?",
            "Reopen action",
            sides=(Side.MANAGEMENT, Side.STAFF_SIDE),
        ),
    )
    assert dialog.side is not None
    assert [dialog.side.itemText(i) for i in range(dialog.side.count())] == [
        SIDE_LABELS[Side.MANAGEMENT],
        SIDE_LABELS[Side.STAFF_SIDE],
    ]
    assert dialog.side.accessibleName() == "Acting for which side"
    assert not dialog.explanation.isVisibleTo(dialog)  # no explanation given: none shown
    dialog.side.setCurrentIndex(1)
    qtbot.keyClicks(dialog.reason, "Not finished")
    assert dialog.values() == ("Not finished", Side.STAFF_SIDE)
    assert dialog.side.view().accessibleName() == "Acting for which side: choices"


# --------------------------------------------------------------------------- new action


@pytest.fixture
def new_action(qtbot: Any) -> NewActionDialog:
    return shown(qtbot, NewActionDialog(lambda _t: [], (MANAGERS, REPS), today=lambda: TODAY))


def test_create_waits_for_a_valid_form(new_action: NewActionDialog, qtbot: Any) -> None:
    assert new_action.windowTitle() == "New action"
    assert new_action.confirm.text() == "Create action"
    assert not new_action.confirm.isEnabled()
    qtbot.keyClicks(new_action.form.title, "Install panic alarms")
    assert new_action.confirm.isEnabled()
    qtbot.keyClicks(new_action.form.due, "31/02/2027")
    assert not new_action.confirm.isEnabled()
    new_action.form.due.setText("30/09/2026")
    assert new_action.confirm.isEnabled()
    with qtbot.waitSignal(new_action.submitted, timeout=1000) as signal:
        qtbot.mouseClick(new_action.confirm, Qt.MouseButton.LeftButton)
    values = signal.args[0]
    assert values["title"] == "Install panic alarms"
    assert values["due_date"] == dt.date(2026, 9, 30)


def test_cancel_creates_nothing(new_action: NewActionDialog, qtbot: Any) -> None:
    assert new_action.back.accessibleName() == "Cancel, without creating an action"
    qtbot.keyClicks(new_action.form.title, "Something")
    with qtbot.assertNotEmitted(new_action.submitted):
        new_action.back.click()
    assert not new_action.isVisible()


def test_a_new_action_from_the_dialog_is_saved_by_the_service(qtbot: Any, lead: Any) -> None:
    from vpr_desktop.services.actions.records import ActionDraft

    people = lead.action_people()
    owners = people.owners()
    choices = (owners.management, owners.staff_side)
    dialog = shown(qtbot, NewActionDialog(people.find, choices, today=dt.date.today))
    qtbot.keyClicks(dialog.form.title, "Review the lone-working policy")
    dialog.form.priority.setCurrentIndex(dialog.form.priority.findData(Priority.HIGH.value))
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as signal:
        dialog.confirm.click()
    values = signal.args[0]
    detail = lead.action_log().create(ActionDraft(**values))
    dialog.done_ok()
    saved = lead.action_log().get(detail.id)
    assert saved.title == "Review the lone-working policy"
    assert saved.priority is Priority.HIGH
    assert saved.reference.startswith("A")


def test_every_control_of_the_new_action_dialog_is_named(new_action: NewActionDialog) -> None:
    assert unnamed(new_action) == []


# --------------------------------------------------------------------------- meeting


@pytest.fixture
def meeting(qtbot: Any) -> MeetingDialog:
    return shown(qtbot, MeetingDialog(today=lambda: TODAY))


def test_a_meeting_needs_a_date(meeting: MeetingDialog, qtbot: Any) -> None:
    assert meeting.committee.text() == DEFAULT_COMMITTEE
    assert not meeting.confirm.isEnabled()
    assert meeting.date_error.text() == "Give the date of the meeting."
    assert meeting.date.accessibleDescription() == "Give the date of the meeting."
    qtbot.keyClicks(meeting.date, "tomorrow")
    assert meeting.date_error.text() == "Write the date as dd/mm/yyyy."
    meeting.date.clear()
    qtbot.keyClicks(meeting.date, "14/05/2026")
    assert meeting.confirm.isEnabled()
    assert not meeting.date_error.isVisibleTo(meeting)
    assert meeting.values() == (DEFAULT_COMMITTEE, dt.date(2026, 5, 14), None)


def test_a_meeting_far_off_asks_to_check_the_year(meeting: MeetingDialog, qtbot: Any) -> None:
    qtbot.keyClicks(meeting.date, "14/05/2062")
    assert meeting.date_error.text() == "That date is more than three years away; check the year."
    assert not meeting.confirm.isEnabled()


def test_a_meeting_needs_its_committee(meeting: MeetingDialog, qtbot: Any) -> None:
    qtbot.keyClicks(meeting.date, "14/05/2026")
    meeting.committee.clear()
    assert meeting.committee_error.text() == "Name the committee that met."
    assert not meeting.confirm.isEnabled()
    meeting.committee.setText("x" * 256)
    assert meeting.committee_error.text() == "Keep the committee's name under 255 characters."
    meeting.committee.setText("  Health and Safety Committee ")
    qtbot.keyClicks(meeting.notes, "Quorate. ")
    assert meeting.values() == ("Health and Safety Committee", dt.date(2026, 5, 14), "Quorate.")


def test_every_control_of_the_meeting_dialog_is_named(meeting: MeetingDialog) -> None:
    assert unnamed(meeting) == []
    assert meeting.back.accessibleName() == "Cancel, without creating a meeting"


# --------------------------------------------------------------------------- decision


def test_a_decision_names_the_action_and_the_meeting(qtbot: Any) -> None:
    dialog = shown(
        qtbot,
        DecisionDialog(
            "VPR Group", dt.date(2026, 5, 14), "A-0012", "Fit door closers", decision="Carry on"
        ),
    )
    assert dialog.windowTitle() == "Decision on A-0012"
    assert dialog.explanation.text().startswith(
        "A-0012: Fit door closers\nAt VPR Group on 14 May 2026."
    )
    assert dialog.decision.toPlainText() == "Carry on"
    assert dialog.confirm.isEnabled()  # an empty decision is allowed too
    dialog.decision.clear()
    assert dialog.confirm.isEnabled() and dialog.values() is None
    qtbot.keyClicks(dialog.decision, "  Extend to July  ")
    assert dialog.values() == "Extend to July"
    assert unnamed(dialog) == []

"""A risk's controls: the table in words, Add/Edit/Remove by role and selection, and the control
dialog's rules (a description, an owner from the suggestions, no implementation in the future,
a barrier note once the control is late). No database: the controls are hand-made views, the
owner search a small function; the dialog hands back the ``ControlInput`` the service takes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import ControlType
from vpr_desktop.domain.enums import Effectiveness
from vpr_desktop.services.risks.queries import ControlView
from vpr_desktop.views.risks.controls import CONTROL_COLUMNS
from vpr_desktop.views.risks.controls import ControlDialog
from vpr_desktop.views.risks.controls import ControlsTab
from vpr_desktop.views.risks.controls import control_state

TODAY = dt.date(2026, 6, 1)
OWNERS = [(5, "0000005", "Olu Owner"), (6, "0000006", "Pat Parker")]


def control(**changes: Any) -> ControlView:
    values: dict[str, Any] = {
        "id": 1,
        "version": 1,
        "risk_id": 9,
        "control_type": ControlType.TRAINING,
        "description": "Conflict resolution training for the ward team",
        "owner_id": 5,
        "owner": "Olu Owner",
        "expected_date": dt.date(2026, 3, 1),
        "implemented_date": dt.date(2026, 2, 20),
        "barrier_note": None,
        "effectiveness": Effectiveness.EFFECTIVE,
        "next_review_date": dt.date(2026, 9, 1),
        "late": False,
        "review_overdue": False,
        "on_time": True,
    }
    values.update(changes)
    return ControlView(**values)


def lookup(term: str) -> list[tuple[int, str, str]]:
    return [row for row in OWNERS if term.lower() in row[2].lower() or term in row[1]]


# --------------------------------------------------------------------------- the words


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({}, "On time"),
        ({"on_time": False}, "Implemented late"),
        ({"late": True, "on_time": None, "implemented_date": None}, "Late – no barrier note"),
        (
            {"late": True, "on_time": None, "implemented_date": None, "barrier_note": "Budget"},
            "Late – barrier noted",
        ),
        ({"on_time": None, "implemented_date": None}, "Not yet due"),
        ({"on_time": None, "implemented_date": None, "expected_date": None}, "No expected date"),
    ],
)
def test_control_state_in_words(changes: dict[str, Any], words: str) -> None:
    assert control_state(control(**changes)) == words


# --------------------------------------------------------------------------- the table


@pytest.fixture
def tab(qtbot: Any) -> ControlsTab:
    widget = ControlsTab()
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cells(tab: ControlsTab, row: int) -> list[str]:
    return [tab.table.item(row, c).text() for c in range(tab.table.columnCount())]


def test_no_controls_says_so_and_offers_add_to_an_editor(tab: ControlsTab) -> None:
    tab.set_controls((), can_edit=True)
    assert tab.empty_note.isVisibleTo(tab)
    assert tab.empty_note.text().startswith("No controls recorded yet")
    assert tab.table.rowCount() == 0
    assert tab.add_button.isVisibleTo(tab) and tab.add_button.isEnabled()
    assert not tab.edit_button.isEnabled() and not tab.remove_button.isEnabled()
    assert tab.selected() is None


def test_each_control_is_a_row_in_words(tab: ControlsTab) -> None:
    late = control(
        id=2,
        control_type=ControlType.LONE_WORKER_DEVICE,
        description="Lone worker devices",
        owner_id=None,
        owner=None,
        implemented_date=None,
        late=True,
        on_time=None,
        effectiveness=Effectiveness.NOT_ASSESSED,
        next_review_date=None,
    )
    tab.set_controls((control(), late), can_edit=False)
    headers = [tab.table.horizontalHeaderItem(c).text() for c in range(tab.table.columnCount())]
    assert headers == list(CONTROL_COLUMNS)
    assert cells(tab, 0) == [
        "Training",
        "Conflict resolution training for the ward team",
        "Olu Owner",
        "01 Mar 2026",
        "20 Feb 2026",
        "Effective",
        "01 Sep 2026",
        "On time",
    ]
    assert cells(tab, 1) == [
        "Lone worker device",
        "Lone worker devices",
        "",
        "01 Mar 2026",
        "",
        "Not assessed",
        "",
        "Late – no barrier note",
    ]
    assert tab.table.item(1, 7).toolTip() == "Late – no barrier note"
    assert not tab.empty_note.isVisibleTo(tab)


def test_a_reader_sees_the_rows_but_no_buttons(tab: ControlsTab, qtbot: Any) -> None:
    tab.set_controls((control(),), can_edit=False)
    for button in (tab.add_button, tab.edit_button, tab.remove_button):
        assert not button.isVisibleTo(tab)
    tab.table.selectRow(0)
    with qtbot.assertNotEmitted(tab.edit_requested):
        tab.table.doubleClicked.emit(tab.table.model().index(0, 1))


def test_choosing_a_row_enables_edit_and_remove_for_that_control(
    tab: ControlsTab, qtbot: Any
) -> None:
    second = control(id=2, description="Door entry system")
    tab.set_controls((control(), second), can_edit=True)
    tab.table.selectRow(1)
    assert tab.selected() is second
    assert tab.edit_button.isEnabled() and tab.remove_button.isEnabled()
    with qtbot.waitSignal(tab.edit_requested, timeout=1000) as edit:
        qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    assert edit.args == [second]
    with qtbot.waitSignal(tab.remove_requested, timeout=1000) as remove:
        qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert remove.args == [second]
    with qtbot.waitSignal(tab.add_requested, timeout=1000):
        qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)


def test_the_chosen_control_stays_chosen_when_the_list_is_refreshed(tab: ControlsTab) -> None:
    first, second = control(), control(id=2, description="Door entry system")
    tab.set_controls((first, second), can_edit=True)
    tab.table.selectRow(1)
    renewed = control(id=2, version=2, description="Door entry system (all doors)")
    tab.set_controls((first, renewed), can_edit=True)
    assert tab.selected() is renewed
    assert tab.table.item(1, 1).text() == "Door entry system (all doors)"


def test_while_saving_the_buttons_wait(tab: ControlsTab) -> None:
    tab.set_controls((control(),), can_edit=True)
    tab.table.selectRow(0)
    tab.set_busy(True)
    assert not tab.add_button.isEnabled()
    assert not tab.edit_button.isEnabled() and not tab.remove_button.isEnabled()
    tab.set_busy(False)
    assert tab.add_button.isEnabled() and tab.edit_button.isEnabled()


def test_the_table_and_buttons_have_names(tab: ControlsTab) -> None:
    tab.set_controls((control(),), can_edit=True)
    assert tab.table.accessibleName() == "Controls"
    assert tab.add_button.accessibleName() == "Add a control"
    assert tab.edit_button.accessibleName() == "Edit the selected control"
    assert tab.remove_button.accessibleName() == "Remove the selected control"


# --------------------------------------------------------------------------- the dialog


@pytest.fixture
def make_dialog(qtbot: Any) -> Any:
    def make(existing: ControlView | None = None) -> ControlDialog:
        dialog = ControlDialog(existing, lookup, "R-0042 Violence on Ward 1", today=lambda: TODAY)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def test_adding_starts_empty_with_save_off_and_says_what_it_is_for(make_dialog: Any) -> None:
    dialog = make_dialog()
    assert dialog.windowTitle() == "Add a control – R-0042 Violence on Ward 1"
    assert dialog.accessibleName() == "Add a control"
    assert not dialog.save_button.isEnabled()
    assert dialog.problems() == {"description": "Describe the control."}
    assert dialog.description_error.isVisibleTo(dialog)
    assert dialog.description_error.text() == "Describe the control."
    assert dialog.expected.value() is None and dialog.implemented.value() is None
    assert dialog.expected.text() == "Not set"


def test_typing_a_description_is_enough_to_save(make_dialog: Any, qtbot: Any) -> None:
    dialog = make_dialog()
    qtbot.keyClicks(dialog.description, "  Two staff on every night shift ")
    dialog.type_box.setCurrentIndex(dialog.type_box.findData(ControlType.STAFFING))
    assert dialog.save_button.isEnabled()
    assert not dialog.description_error.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as signal:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    value = signal.args[0]
    assert value.control_type is ControlType.STAFFING
    assert value.description == "Two staff on every night shift"
    assert value.owner_id is None and value.barrier_note is None
    assert value.effectiveness is Effectiveness(dialog.effectiveness.itemData(0))
    assert not dialog.save_button.isEnabled()  # one press, one save


def test_an_owner_must_come_from_the_suggestions(make_dialog: Any, qtbot: Any) -> None:
    dialog = make_dialog()
    qtbot.keyClicks(dialog.description, "Door entry system")
    qtbot.keyClicks(dialog.owner, "Pat")
    assert dialog.problems() == {
        "owner": "Choose the owner from the suggestions (type a name or employee number)."
    }
    assert dialog.owner_error.isVisibleTo(dialog)
    assert not dialog.save_button.isEnabled()
    dialog.owner.suggest_now()
    dialog.owner.setText("Pat Parker (0000006)")
    assert dialog.problems() == {}
    assert dialog.control_input().owner_id == 6


def test_a_future_implementation_date_is_refused(make_dialog: Any, qtbot: Any) -> None:
    dialog = make_dialog()
    qtbot.keyClicks(dialog.description, "Alarm test")
    dialog.implemented.set_value(TODAY + dt.timedelta(days=1))
    assert dialog.problems() == {"implemented": "Date is after today."}
    assert dialog.implemented_error.text() == "Date is after today."
    dialog.implemented.set_value(TODAY)
    assert dialog.save_button.isEnabled()


def test_a_late_control_needs_a_barrier_note(make_dialog: Any, qtbot: Any) -> None:
    dialog = make_dialog()
    qtbot.keyClicks(dialog.description, "Replace the ward doors")
    dialog.expected.set_value(dt.date(2026, 4, 30))
    assert dialog.problems() == {
        "barrier": (
            "The control was expected by 30 Apr 2026 and is not implemented: "
            "say what is in the way."
        )
    }
    assert dialog.barrier_error.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.barrier, "Waiting for estates funding")
    assert dialog.save_button.isEnabled()
    assert dialog.control_input().barrier_note == "Waiting for estates funding"
    # Implemented after all: no barrier needed.
    dialog.barrier.clear()
    dialog.implemented.set_value(dt.date(2026, 5, 20))
    assert dialog.problems() == {}


def test_delete_clears_a_date(make_dialog: Any, qtbot: Any) -> None:
    dialog = make_dialog()
    dialog.next_review.set_value(dt.date(2026, 12, 1))
    assert dialog.next_review.value() == dt.date(2026, 12, 1)
    qtbot.keyClick(dialog.next_review, Qt.Key.Key_Delete)
    assert dialog.next_review.value() is None
    assert dialog.next_review.accessibleDescription() == "Press Delete to clear the date"


def test_editing_shows_the_control_and_saves_only_a_change(make_dialog: Any, qtbot: Any) -> None:
    existing = control()
    dialog = make_dialog(existing)
    assert dialog.windowTitle() == "Edit control – R-0042 Violence on Ward 1"
    assert dialog.description.toPlainText() == existing.description
    assert dialog.owner.text() == "Olu Owner" and dialog.owner.value() == 5
    assert dialog.expected.value() == existing.expected_date
    assert dialog.implemented.value() == existing.implemented_date
    assert dialog.next_review.value() == existing.next_review_date
    assert dialog.effectiveness.currentData() == Effectiveness.EFFECTIVE
    assert not dialog.save_button.isEnabled()  # nothing changed
    dialog.effectiveness.setCurrentIndex(
        dialog.effectiveness.findData(Effectiveness.PARTIALLY_EFFECTIVE)
    )
    assert dialog.save_button.isEnabled()
    value = dialog.control_input()
    assert value.effectiveness is Effectiveness.PARTIALLY_EFFECTIVE
    assert value.owner_id == 5 and value.description == existing.description
    dialog.effectiveness.setCurrentIndex(dialog.effectiveness.findData(Effectiveness.EFFECTIVE))
    assert not dialog.save_button.isEnabled()  # back as it was


def test_a_failed_save_says_why_and_keeps_what_was_typed(make_dialog: Any, qtbot: Any) -> None:
    dialog = make_dialog()
    qtbot.keyClicks(dialog.description, "CCTV in the corridor")
    dialog.save_button.click()
    dialog.show_failure("Someone else changed this risk. Reload it and try again.")
    assert dialog.message.isVisibleTo(dialog)
    assert dialog.message.text() == "Someone else changed this risk. Reload it and try again."
    assert dialog.description.toPlainText() == "CCTV in the corridor"
    assert dialog.save_button.isEnabled()  # may try again


def test_cancel_changes_nothing(make_dialog: Any, qtbot: Any) -> None:
    dialog = make_dialog()
    qtbot.keyClicks(dialog.description, "Something")
    with qtbot.assertNotEmitted(dialog.submitted):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_every_field_of_the_dialog_has_a_name(make_dialog: Any) -> None:
    dialog = make_dialog(control())
    missing = [
        type(w).__name__
        for w in dialog.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.isVisibleTo(dialog)
        and not w.accessibleName()
    ]
    assert missing == []
    assert dialog.barrier.accessibleDescription() == (
        "What is in the way, needed when the control is past its expected date"
    )

"""The action form on its own: dates typed the UK way, the due-date rules in words, owners picked
from suggestions, only changed fields handed back, and each side's fields read-only for the
other side (a staff-side rep cannot change management's fields, and is told which and why)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.action_rules import PRIORITY_LABELS
from vpr_desktop.domain.action_rules import SOURCE_LABELS
from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import Priority
from vpr_desktop.services.actions.people import PersonChoice
from vpr_desktop.views.actions.forms import FIELD_TITLES
from vpr_desktop.views.actions.forms import FIELDS
from vpr_desktop.views.actions.forms import MAX_TITLE
from vpr_desktop.views.actions.forms import ActionForm
from vpr_desktop.views.actions.forms import FlowLayout
from vpr_desktop.views.actions.forms import PersonField
from vpr_desktop.views.actions.forms import due_date_check
from vpr_desktop.views.actions.forms import name_combo_lists
from vpr_desktop.views.actions.forms import parse_date

TODAY = dt.date(2026, 6, 1)
MANAGERS = [PersonChoice(1, "Mo Manager", "E001"), PersonChoice(2, "Mia Manager", "E002")]
REPS = [PersonChoice(3, "Ray Rep", "S003")]
OTHERS = [PersonChoice(4, "Olly Other", "E004")]
STAFF_SIDE_ONLY = frozenset({"staff_side_owner_id"})
MANAGEMENT_ONLY = frozenset(FIELDS) - STAFF_SIDE_ONLY


def finder(term: str) -> list[PersonChoice]:
    return [p for p in [*MANAGERS, *REPS, *OTHERS] if term.lower() in p.label.lower()]


@pytest.fixture
def form(qtbot: Any) -> ActionForm:
    widget = ActionForm(finder, (MANAGERS, REPS), today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(520, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown(form: ActionForm, key: str) -> str:
    error = form.errors[key]
    return error.text() if error.isVisibleTo(form) else ""


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("31/03/2027", dt.date(2027, 3, 31)),
        ("1/4/2027", dt.date(2027, 4, 1)),
        ("31.03.2027", dt.date(2027, 3, 31)),
        ("31-03-2027", dt.date(2027, 3, 31)),
        ("31 Mar 2027", dt.date(2027, 3, 31)),
        ("31 March 2027", dt.date(2027, 3, 31)),
        ("2027-03-31", dt.date(2027, 3, 31)),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_date_reads_what_people_type(text: str, date: dt.date | None) -> None:
    assert parse_date(text) == date


@pytest.mark.parametrize("text", ["31/02/2027", "03/31/2027", "next week", "2027", "31 Foo 2027"])
def test_parse_date_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_due_date_rules_in_words() -> None:
    raised = dt.date(2026, 5, 1)
    check = lambda d, changed=True: due_date_check(d, raised=raised, today=TODAY, changed=changed)  # noqa: E731
    assert check(None) == ("", "")
    assert check(dt.date(2026, 4, 1)) == (
        "The due date is before the action was raised (on 01 May 2026).",
        "",
    )
    assert check(dt.date(2026, 5, 20)) == (
        "",
        "This date has passed, so the action will show as overdue.",
    )
    assert check(dt.date(2032, 1, 1)) == (
        "The due date is more than 5 years away; check the year.",
        "",
    )
    assert check(dt.date(2026, 9, 1)) == ("", "")
    assert check(dt.date(2020, 1, 1), changed=False) == ("", "")  # an old date never blocks
    same_day = due_date_check(dt.date(2026, 5, 31), raised=TODAY, today=TODAY, changed=True)
    assert same_day[0] == "The due date is before the action was raised (today)."


# --------------------------------------------------------------------------- a new action


def test_a_new_action_needs_only_a_title(form: ActionForm, qtbot: Any) -> None:
    assert form.problems() == {"title": "Give the action a title."}
    assert shown(form, "title") == ""  # not shouted at before typing
    assert form.source.currentData() == ActionSource.OTHER.value
    assert form.priority.currentData() == Priority.MEDIUM.value
    qtbot.keyClicks(form.title, "  Fit a second door to the seclusion room ")
    assert form.is_valid()
    values = form.values()
    assert values["title"] == "Fit a second door to the seclusion room"
    assert values["description"] is None and values["due_date"] is None
    assert values["management_owner_id"] is None and values["staff_side_owner_id"] is None
    assert values["source"] is ActionSource.OTHER and values["priority"] is Priority.MEDIUM


def test_clearing_the_title_says_so(form: ActionForm, qtbot: Any) -> None:
    qtbot.keyClicks(form.title, "x")
    qtbot.keyClick(form.title, Qt.Key.Key_Backspace)
    assert shown(form, "title") == "Give the action a title."
    assert form.title.accessibleDescription() == "Give the action a title."


def test_a_long_title_is_counted_not_cut(form: ActionForm) -> None:
    form.title.setText("x" * (MAX_TITLE + 20))
    assert form.problems()["title"] == (
        f"Keep the title under {MAX_TITLE} characters (it has {MAX_TITLE + 20:,}); "
        "put the detail in the description."
    )
    assert len(form.title.text()) == MAX_TITLE + 20


def test_a_badly_written_due_date_gives_an_example(form: ActionForm, qtbot: Any) -> None:
    qtbot.keyClicks(form.title, "Review lone working")
    qtbot.keyClicks(form.due, "soon")
    assert shown(form, "due_date") == "Write the date as dd/mm/yyyy, for example 30/08/2026."
    assert not form.is_valid()


def test_a_past_due_date_is_a_hint_not_a_problem(form: ActionForm, qtbot: Any) -> None:
    qtbot.keyClicks(form.title, "Review lone working")
    qtbot.keyClicks(form.due, "01/05/2026")
    # raised today, so a past date is before it was raised: an error
    assert shown(form, "due_date") == "The due date is before the action was raised (today)."
    form.due.setText("15/06/2026")
    assert shown(form, "due_date") == ""
    assert form.values()["due_date"] == dt.date(2026, 6, 15)


def test_owners_come_from_the_suggestions(form: ActionForm, qtbot: Any) -> None:
    qtbot.keyClicks(form.title, "Debrief the team")
    qtbot.keyClicks(form.management_owner, "Mo Manager (E001)")
    qtbot.keyClicks(form.staff_side_owner, "ray rep")
    assert form.is_valid()
    values = form.values()
    assert (values["management_owner_id"], values["staff_side_owner_id"]) == (1, 3)
    form.management_owner.setText("Nobody Known")
    assert shown(form, "management_owner_id") == (
        "Choose a person from the suggestions (type part of their name)."
    )


def test_typing_part_of_a_name_looks_others_up(form: ActionForm, qtbot: Any) -> None:
    field = form.management_owner
    assert "Olly Other (E004)" not in field.completer().model().stringList()
    form.activateWindow()
    field.setFocus()
    qtbot.keyClicks(field, "Olly")
    qtbot.waitUntil(
        lambda: "Olly Other (E004)" in field.completer().model().stringList(), timeout=3000
    )
    field.setText("Olly Other (E004)")
    assert field.person_id() == 4


def test_choosing_source_and_priority(form: ActionForm, qtbot: Any) -> None:
    qtbot.keyClicks(form.title, "Audit")
    form.source.setCurrentIndex(form.source.findData(ActionSource.RISK.value))
    form.priority.setCurrentIndex(form.priority.findData(Priority.HIGH.value))
    values = form.values()
    assert values["source"] is ActionSource.RISK
    assert values["priority"] is Priority.HIGH
    assert [form.source.itemText(i) for i in range(form.source.count())] == list(
        SOURCE_LABELS.values()
    )
    assert [form.priority.itemText(i) for i in range(form.priority.count())] == list(
        PRIORITY_LABELS.values()
    )


# --------------------------------------------------------------------------- an existing action


def test_an_existing_action_hands_back_only_what_changed(
    qtbot: Any, lead: Any, demo_copy: Any
) -> None:
    import sqlite3

    con = sqlite3.connect(demo_copy)
    try:
        (action_id,) = con.execute("SELECT min(id) FROM action").fetchone()
    finally:
        con.close()
    detail = lead.action_log().get(action_id)
    form = ActionForm(finder, (MANAGERS, REPS), today=lambda: TODAY)
    qtbot.addWidget(form)
    form.load(detail)
    assert form.title.text() == detail.title
    assert form.description.toPlainText() == (detail.description or "")
    assert form.changes() == {} and not form.has_changes()
    assert form.is_valid() or "due_date" not in form.problems()  # an old due date never blocks
    form.priority.setCurrentIndex(
        form.priority.findData(
            (Priority.LOW if detail.priority is not Priority.LOW else Priority.HIGH).value
        )
    )
    assert list(form.changes()) == ["priority"]
    form.description.setPlainText("Added by the test")
    assert set(form.changes()) == {"priority", "description"}
    assert form.changes()["description"] == "Added by the test"


# --------------------------------------------------------------------------- sides


def test_a_staff_side_rep_sees_managements_fields_read_only(form: ActionForm) -> None:
    form.set_editable(STAFF_SIDE_ONLY)
    for key in MANAGEMENT_ONLY:
        widget = form.widgets[key]
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            assert widget.isReadOnly(), key
        else:
            assert not widget.isEnabled(), key
        assert widget.accessibleName() == (
            f"{FIELD_TITLES[key]} (read-only: only management can change it)"
        )
        assert form.captions[key].text() == f"{FIELD_TITLES[key]} – read-only"
    assert not form.staff_side_owner.isReadOnly()
    assert form.staff_side_owner.accessibleName() == "Staff-side owner"
    assert form.note.isVisibleTo(form)
    assert form.note.text() == (
        "The title, description, source, priority, due date and management owner belong to "
        "management and are read-only for you."
    )


def test_management_sees_the_staff_side_owner_read_only(form: ActionForm) -> None:
    form.set_editable(MANAGEMENT_ONLY)
    assert form.staff_side_owner.isReadOnly()
    assert form.staff_side_owner.accessibleName() == (
        "Staff-side owner (read-only: only the staff side can change it)"
    )
    assert (
        form.note.text()
        == "The staff-side owner belongs to the staff side and is read-only for you."
    )
    assert form.captions["title"].text() == "Title (required)"
    assert form.title.accessibleName() == "Title (required)"


def test_nothing_editable_says_why(form: ActionForm) -> None:
    form.set_editable(frozenset(), "This action is closed.")
    assert form.note.text() == "This action is closed."
    form.set_editable(frozenset())
    assert form.note.text() == "You can read this action but not change its details."
    form.set_editable(frozenset(FIELDS))
    assert not form.note.isVisibleTo(form)


def test_focus_first_skips_read_only_fields(form: ActionForm, qtbot: Any) -> None:
    form.activateWindow()
    form.set_editable(STAFF_SIDE_ONLY)
    form.focus_first()
    qtbot.waitUntil(form.staff_side_owner.hasFocus, timeout=2000)
    form.set_editable(frozenset(FIELDS))
    form.focus_first()
    qtbot.waitUntil(form.title.hasFocus, timeout=2000)


def test_the_tab_chain_follows_the_fields_and_every_field_is_named(form: ActionForm) -> None:
    assert form.tab_chain() == [form.widgets[k] for k in FIELDS]
    for key in FIELDS:
        assert form.captions[key].buddy() is form.widgets[key]
        assert form.widgets[key].accessibleName().startswith(FIELD_TITLES[key])


def test_combo_lists_get_names(form: ActionForm) -> None:
    name_combo_lists(form)
    for combo in form.findChildren(QComboBox):
        assert combo.view().accessibleName() == f"{combo.accessibleName()}: choices"


# --------------------------------------------------------------------------- small parts


def test_person_field_tells_apart_people_with_one_name(qtbot: Any) -> None:
    twins = [PersonChoice(8, "Sam Smith", "E008"), PersonChoice(9, "Sam Smith", "E009")]
    field = PersonField(lambda _t: [], twins)
    qtbot.addWidget(field)
    field.setText("sam smith")
    assert field.problem() == (
        "More than one person has that name; choose one from the suggestions."
    )
    field.setText("Sam Smith (E009)")
    assert field.person_id() == 9 and field.problem() == ""
    field.set_person(77, "Someone Gone")
    assert field.text() == "Someone Gone" and field.person_id() == 77
    field.set_person(None, None)
    assert field.text() == "" and field.person_id() is None


def test_flow_layout_wraps_when_narrow(qtbot: Any) -> None:
    from PySide6.QtWidgets import QPushButton

    host = QWidget()
    qtbot.addWidget(host)
    layout = FlowLayout(host, spacing=8)
    buttons = [QPushButton(f"Filter number {i}", host) for i in range(6)]
    for button in buttons:
        layout.addWidget(button)
    host.resize(2000, 200)
    host.show()
    qtbot.waitExposed(host)
    assert len({b.y() for b in buttons}) == 1  # one line when wide
    narrow = buttons[0].sizeHint().width() * 2 + 20
    assert layout.heightForWidth(narrow) > layout.heightForWidth(2000)
    host.resize(narrow, 400)
    qtbot.waitUntil(lambda: len({b.y() for b in buttons}) > 1, timeout=2000)
    assert layout.count() == 6

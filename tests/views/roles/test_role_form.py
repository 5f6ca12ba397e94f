"""The roles-register form on its own: what a person types, the words it answers with, and the
entry it hands the page. No database: people come from a small in-memory finder, so every
message and value checked here is the form's own rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit

from vpr_desktop.domain.enums import ScopeLevel
from vpr_desktop.domain.enums import VprRoleType
from vpr_desktop.domain.vpr_roles_rules import DEFAULT_COMPETENCE
from vpr_desktop.domain.vpr_roles_rules import RoleLevel
from vpr_desktop.services.roles.service import RoleEntry
from vpr_desktop.views.roles.form import FIELD_TITLES
from vpr_desktop.views.roles.form import MAX_HOURS
from vpr_desktop.views.roles.form import PersonPick
from vpr_desktop.views.roles.form import RoleForm
from vpr_desktop.views.roles.form import format_hours
from vpr_desktop.views.roles.form import parse_hours
from vpr_desktop.views.roles.form import person_finder

TODAY = dt.date(2026, 6, 1)
PEOPLE = [
    PersonPick(1, "Ann Able", "0000001"),
    PersonPick(2, "Bob Baker", "0000002"),
    PersonPick(3, "Cat Cole", ""),
]
SITES = [(10, "Riverside Hospital"), (11, "Hilltop Unit")]
LOCATIONS = [(20, "Ward 1"), (21, "Ward 2")]


def find(term: str) -> list[PersonPick]:
    t = term.lower()
    return [p for p in PEOPLE if t in p.name.lower() or t in p.employee_number]


@pytest.fixture
def form(qtbot: Any) -> RoleForm:
    widget = RoleForm(find, SITES, LOCATIONS, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(500, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.holder.add_choices(PEOPLE)
    widget.deputy.add_choices(PEOPLE)
    return widget


def entry(**changes: Any) -> RoleEntry:
    values: dict[str, Any] = {
        "id": 7,
        "version": 3,
        "role_type": VprRoleType.VPR_LEAD,
        "role_label": "VPR lead",
        "level": RoleLevel.STRATEGIC,
        "required": True,
        "scope": "Trust-wide",
        "holder_id": 1,
        "holder_name": "Ann Able",
        "deputy_id": 2,
        "deputy_name": "Bob Baker",
        "hours_per_week": 7.5,
        "start_date": dt.date(2025, 1, 6),
        "review_date": dt.date(2027, 1, 6),
        "competence_required": "RSPH level 3",
        "competence_held": "RSPH level 4",
        "competence_expires": dt.date(2028, 3, 1),
        "notes": "Covers the community teams too.",
        "gaps": (),
    }
    values.update(changes)
    return RoleEntry(**values)


def shown_error(form: RoleForm, key: str) -> str:
    error = form.errors[key]
    return error.text() if error.isVisibleTo(form) else ""


# --------------------------------------------------------------------------- small helpers


@pytest.mark.parametrize(
    ("text", "hours"), [("7.5", 7.5), (" 12 ", 12.0), ("3,5", 3.5), ("", None), ("  ", None)]
)
def test_parse_hours_reads_numbers_with_a_point_or_a_comma(text: str, hours: float | None) -> None:
    assert parse_hours(text) == hours


def test_parse_hours_refuses_words() -> None:
    with pytest.raises(ValueError):
        parse_hours("half a day")


@pytest.mark.parametrize(
    ("hours", "text"), [(None, ""), (7.5, "7.5"), (12.0, "12"), (0.25, "0.25")]
)
def test_format_hours_drops_a_trailing_zero(hours: float | None, text: str) -> None:
    assert format_hours(hours) == text


def test_person_finder_turns_service_rows_into_labelled_picks() -> None:
    rows = [(4, "Dan Dee", "0000004"), (5, "Eve Ede", None)]
    finder = person_finder(lambda term: [r for r in rows if term.lower() in r[1].lower()])
    picks = finder("d")
    assert [p.label for p in picks] == ["Dan Dee (0000004)", "Eve Ede"]
    assert [p.id for p in finder("eve")] == [5]


# --------------------------------------------------------------------------- a new entry


def test_a_new_entry_starts_as_a_required_trust_wide_vpr_lead(form: RoleForm) -> None:
    assert form.role_type.currentData() == VprRoleType.VPR_LEAD.value
    assert form.required.isChecked()
    assert form.scope_level.currentData() == ScopeLevel.TRUST.value
    assert form.competence_required.text() == DEFAULT_COMPETENCE[VprRoleType.VPR_LEAD]
    assert not form.has_changes()
    assert form.is_valid()
    # No scope field is offered for a trust-wide role.
    for key in ("site_id", "location_id", "directorate"):
        assert not form.widgets[key].isVisibleTo(form)
    # Nothing typed yet, so no error is shown.
    assert all(not e.isVisibleTo(form) for e in form.errors.values())


def test_a_new_entry_of_a_given_type_prefills_its_competence(form: RoleForm) -> None:
    form.load(None, VprRoleType.SECURITY_MANAGEMENT)
    assert form.role_type.currentData() == VprRoleType.SECURITY_MANAGEMENT.value
    assert form.competence_required.text() == "Security management qualification"
    assert not form.has_changes()


def test_changing_the_role_replaces_the_suggestion_but_not_what_was_typed(
    form: RoleForm,
) -> None:
    role = form.role_type
    role.setCurrentIndex(role.findData(VprRoleType.TRAINER_CONFLICT_RESOLUTION.value))
    assert form.competence_required.text() == "Conflict resolution trainer qualification"
    role.setCurrentIndex(role.findData(VprRoleType.LOCAL_CHAMPION.value))
    assert form.competence_required.text() == ""  # no suggestion for a champion
    form.competence_required.setText("Our own champion course")
    role.setCurrentIndex(role.findData(VprRoleType.VPR_LEAD.value))
    assert form.competence_required.text() == "Our own champion course"
    assert form.has_changes()


@pytest.mark.parametrize(
    ("scope", "key", "message"),
    [
        (ScopeLevel.SITE, "site_id", "Choose the site this role covers."),
        (ScopeLevel.LOCATION, "location_id", "Choose the location this role covers."),
        (ScopeLevel.DIRECTORATE, "directorate", "Name the directorate this role covers."),
    ],
)
def test_a_scope_shows_only_its_own_field_and_needs_it(
    form: RoleForm, scope: ScopeLevel, key: str, message: str
) -> None:
    form.scope_level.setCurrentIndex(form.scope_level.findData(scope.value))
    visible = {
        k for k in ("site_id", "location_id", "directorate") if form.widgets[k].isVisibleTo(form)
    }
    assert visible == {key}
    assert form.problems() == {key: message}
    assert shown_error(form, key) == message
    assert form.widgets[key].accessibleDescription() == message
    assert not form.is_valid()


def test_a_site_scoped_entry_carries_the_chosen_site_only(form: RoleForm) -> None:
    form.scope_level.setCurrentIndex(form.scope_level.findData(ScopeLevel.SITE.value))
    form.site.setCurrentIndex(form.site.findData(11))
    form.location.setCurrentIndex(form.location.findData(21))  # hidden: must not be saved
    assert form.is_valid()
    values = form.values()
    assert values.scope_level is ScopeLevel.SITE
    assert values.site_id == 11
    assert values.location_id is None and values.directorate is None


def test_a_directorate_is_typed_and_trimmed(form: RoleForm, qtbot: Any) -> None:
    form.scope_level.setCurrentIndex(form.scope_level.findData(ScopeLevel.DIRECTORATE.value))
    qtbot.keyClicks(form.directorate, "  Mental Health Services ")
    assert form.is_valid()
    assert form.values().directorate == "Mental Health Services"


def test_typing_hours_checks_the_number_and_the_range(form: RoleForm, qtbot: Any) -> None:
    qtbot.keyClicks(form.hours, "lots")
    assert shown_error(form, "hours_per_week") == "Write the hours as a number, for example 7.5."
    form.hours.clear()
    qtbot.keyClicks(form.hours, "81")
    assert shown_error(form, "hours_per_week") == f"Hours a week must be between 0 and {MAX_HOURS}."
    form.hours.clear()
    qtbot.keyClicks(form.hours, "37,5")
    assert shown_error(form, "hours_per_week") == ""
    assert form.values().hours_per_week == 37.5


def test_a_badly_written_date_gives_an_example_a_year_ahead(form: RoleForm, qtbot: Any) -> None:
    qtbot.keyClicks(form.start, "next spring")
    assert shown_error(form, "start_date") == (
        "Write the date as dd/mm/yyyy, for example 01/06/2027."
    )
    assert not form.is_valid()


def test_a_review_before_the_start_is_refused(form: RoleForm, qtbot: Any) -> None:
    qtbot.keyClicks(form.start, "01/03/2026")
    qtbot.keyClicks(form.review, "01/02/2026")
    assert form.problems() == {"review_date": "The review date is before the start date."}
    form.review.clear()
    qtbot.keyClicks(form.review, "01/03/2027")
    assert form.is_valid()
    values = form.values()
    assert (values.start_date, values.review_date) == (dt.date(2026, 3, 1), dt.date(2027, 3, 1))


def test_a_past_review_date_is_a_hint_that_does_not_block(form: RoleForm, qtbot: Any) -> None:
    qtbot.keyClicks(form.review, "01/01/2026")
    assert form.is_valid()
    assert form.hints()["review_date"] == (
        "This date has passed, so the review will show as overdue."
    )
    error = form.errors["review_date"]
    assert error.isVisibleTo(form) and error.objectName() == "fieldHint"


def test_an_expiry_needs_the_competence_it_belongs_to(form: RoleForm, qtbot: Any) -> None:
    qtbot.keyClicks(form.expires, "01/01/2026")
    assert form.problems() == {"competence_held": "Say what the holder has before when it expires."}
    qtbot.keyClicks(form.competence_held, "RSPH level 3")
    assert form.is_valid()
    assert form.hints()["competence_expires"] == (
        "This date has passed, so the competence will show as expired."
    )


def test_holder_picked_by_label_or_unique_name(form: RoleForm, qtbot: Any) -> None:
    qtbot.keyClicks(form.holder, "Ann Able (0000001)")
    assert form.values().holder_id == 1
    form.holder.clear()
    qtbot.keyClicks(form.holder, "bob baker")
    assert form.values().holder_id == 2
    # A holder without a deputy is a gap, said as a hint.
    assert form.hints()["deputy_id"] == "No deputy: the register will flag this as a gap."
    assert shown_error(form, "deputy_id") == "No deputy: the register will flag this as a gap."


def test_an_unknown_holder_asks_to_choose_from_the_suggestions(form: RoleForm, qtbot: Any) -> None:
    qtbot.keyClicks(form.holder, "Zed Zulu")
    assert shown_error(form, "holder_id") == (
        "Choose a person from the suggestions (type part of their name)."
    )
    assert not form.is_valid()


def test_two_people_with_one_name_must_be_told_apart(qtbot: Any) -> None:
    twins = [PersonPick(8, "Sam Smith", "0000008"), PersonPick(9, "Sam Smith", "0000009")]
    form = RoleForm(lambda _t: twins, SITES, LOCATIONS, today=lambda: TODAY)
    qtbot.addWidget(form)
    form.holder.add_choices(twins)
    form.holder.setText("Sam Smith")
    assert form.problems()["holder_id"] == (
        "More than one person has that name; choose one from the suggestions."
    )
    form.holder.setText("Sam Smith (0000009)")
    assert "holder_id" not in form.problems()
    assert form.values().holder_id == 9


def test_a_deputy_needs_a_holder_first(form: RoleForm, qtbot: Any) -> None:
    qtbot.keyClicks(form.deputy, "Bob Baker (0000002)")
    assert form.problems() == {
        "holder_id": "Name the holder before a deputy (or leave both empty)."
    }


def test_the_deputy_picker_knows_whoever_the_holder_picker_found(qtbot: Any) -> None:
    form = RoleForm(find, SITES, LOCATIONS, today=lambda: TODAY)
    qtbot.addWidget(form)
    form.holder.add_choices([PEOPLE[2]])
    form.holder.setText("Cat Cole")  # shares the people on the next change
    form.deputy.setText("Cat Cole")
    assert form.problems()["deputy_id"] == "The deputy must be someone other than the holder."


def test_notes_and_required_are_part_of_the_entry(form: RoleForm, qtbot: Any) -> None:
    qtbot.keyClicks(form.notes, "  Shared with the night team.  ")
    qtbot.keyClick(form.required, Qt.Key.Key_Space)
    values = form.values()
    assert values.notes == "Shared with the night team."
    assert values.required is False
    assert form.has_changes()


def test_edited_is_signalled_on_every_change(form: RoleForm, qtbot: Any) -> None:
    with qtbot.waitSignal(form.edited, timeout=1000):
        qtbot.keyClicks(form.hours, "4")


# --------------------------------------------------------------------------- an existing entry


def test_loading_an_entry_shows_every_field_as_saved(form: RoleForm) -> None:
    form.load(entry())
    assert form.role_type.currentText() == "VPR lead" or form.role_type.currentData() == (
        VprRoleType.VPR_LEAD.value
    )
    assert form.holder.text() == "Ann Able (0000001)"
    assert form.deputy.text() == "Bob Baker (0000002)"
    assert form.hours.text() == "7.5"
    assert form.start.text() == "06 Jan 2025"
    assert form.review.text() == "06 Jan 2027"
    assert form.competence_required.text() == "RSPH level 3"
    assert form.competence_held.text() == "RSPH level 4"
    assert form.expires.text() == "01 Mar 2028"
    assert form.notes.toPlainText() == "Covers the community teams too."
    assert not form.has_changes()
    assert form.is_valid()
    values = form.values()
    assert (values.holder_id, values.deputy_id, values.hours_per_week) == (1, 2, 7.5)


def test_undoing_a_change_by_hand_leaves_nothing_to_save(form: RoleForm) -> None:
    form.load(entry())
    form.hours.setText("8")
    assert form.has_changes()
    form.hours.setText("7.5")
    assert not form.has_changes()


def test_a_holder_not_among_the_suggestions_is_shown_by_name(form: RoleForm) -> None:
    form.load(entry(holder_id=99, holder_name="Old Holder", deputy_id=None, deputy_name=None))
    assert form.holder.text() == "Old Holder"
    assert form.values().holder_id == 99
    # An existing entry shows its hints at once, not only after typing.
    assert shown_error(form, "deputy_id") == "No deputy: the register will flag this as a gap."


def test_a_site_no_longer_offered_is_kept_under_the_entrys_scope(form: RoleForm) -> None:
    old = entry(scope_level=ScopeLevel.SITE, site_id=55, scope="Closed Annexe")
    form.load(old)
    assert form.site.currentText() == "Closed Annexe"
    assert form.values().site_id == 55
    assert form.is_valid()


def test_an_existing_entry_shows_its_problems_without_being_touched(form: RoleForm) -> None:
    form.load(entry(review_date=dt.date(2024, 1, 1)))
    assert form.problems() == {"review_date": "The review date is before the start date."}
    assert shown_error(form, "review_date") == "The review date is before the start date."


def test_typed_values_survive_a_reload(form: RoleForm, qtbot: Any) -> None:
    form.load(entry())
    qtbot.keyClick(form.competence_held, Qt.Key.Key_End)  # a loaded field shows its start
    qtbot.keyClicks(form.competence_held, " (renewed)")
    form.hours.setText("9")
    form.required.setChecked(False)
    typed = form.typed()
    form.load(entry(version=4, notes="Someone else's note"))
    assert form.hours.text() == "7.5"
    form.retype(typed)
    assert form.hours.text() == "9"
    assert form.competence_held.text() == "RSPH level 4 (renewed)"
    assert not form.required.isChecked()
    assert form.notes.toPlainText() == "Covers the community teams too."


# --------------------------------------------------------------------------- read-only, keyboard


def test_read_only_keeps_fields_readable_and_says_why(form: RoleForm) -> None:
    form.load(entry())
    form.set_editable(False, "You can read the register but not change it.")
    assert form.note.isVisibleTo(form)
    assert form.note.text() == "You can read the register but not change it."
    for key, widget in form.widgets.items():
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            assert widget.isReadOnly(), key
        else:
            assert not widget.isEnabled(), key
        assert widget.accessibleName().endswith("(read-only)"), key
    assert form.required.accessibleName() == (
        "Required: the trust must have someone in this role (read-only)"
    )
    form.set_editable(True)
    assert not form.note.isVisibleTo(form)
    assert form.hours.accessibleName() == "Hours a week"
    assert not form.hours.isReadOnly()


def test_every_field_has_its_caption_as_accessible_name_and_a_buddy(form: RoleForm) -> None:
    for key, title in FIELD_TITLES.items():
        widget = form.widgets[key]
        if key != "required":
            assert widget.accessibleName() == title
        assert form.captions[key].text() == title
        assert form.captions[key].buddy() is widget
    assert form.tab_chain() == list(form.widgets.values())
    kinds = {type(w) for w in form.tab_chain()}
    assert QComboBox in kinds and QCheckBox in kinds


def test_focus_first_puts_the_cursor_on_the_role(form: RoleForm, qtbot: Any) -> None:
    form.activateWindow()
    form.focus_first()
    qtbot.waitUntil(lambda: form.role_type.hasFocus(), timeout=2000)

"""The New pack dialog: kinds by permission, the front sheet following kind and period until
edited, folder problems in words, the formats and folder remembered, and the request it hands
the page. Nothing here generates a pack (test_packs_page.py does)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from vpr_desktop.domain.enums import Role
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.packs.model import AssuranceLevel
from vpr_desktop.services.packs.model import Purpose
from vpr_desktop.services.packs.model import SessionKind
from vpr_desktop.views.packs.dialog import FORMATS
from vpr_desktop.views.packs.dialog import KIND_LABELS
from vpr_desktop.views.packs.dialog import SETTINGS_DIR
from vpr_desktop.views.packs.dialog import SETTINGS_FORMAT
from vpr_desktop.views.packs.dialog import NewPackDialog
from vpr_desktop.views.packs.dialog import allowed_kinds
from vpr_desktop.views.packs.dialog import default_folder
from vpr_desktop.views.packs.page import short_hash
from vpr_desktop.views.packs.periods import PRESETS
from vpr_desktop.views.packs.periods import financial_year_start
from vpr_desktop.views.packs.periods import preset_period

TODAY = dt.date(2026, 11, 25)


def actor(*roles: Role) -> Actor:
    return Actor(username="someone", display_name="Someone", roles=frozenset(roles))


@pytest.fixture
def make(qtbot: Any, settings: Any, tmp_path: Path) -> Any:
    settings.setValue(SETTINGS_DIR, str(tmp_path / "packs"))

    def build(*roles: Role, **kw: Any) -> NewPackDialog:
        kw.setdefault("settings", settings)
        dialog = NewPackDialog(
            actor(*(roles or (Role.VPR_LEAD,))), today=TODAY, trust="Northshire NHS Trust", **kw
        )
        qtbot.addWidget(dialog)
        return dialog

    return build


# ---------------------------------------------------------------------- kinds


@pytest.mark.parametrize(
    ("role", "kinds"),
    [
        (Role.VPR_LEAD, ["committee", "board"]),
        (Role.COMMITTEE_CHAIR, ["committee", "board"]),
        (Role.BOARD_SECRETARY, ["board"]),
        (Role.STAFF_SIDE_REP, []),
        (Role.ADMINISTRATOR, []),
    ],
)
def test_kinds_offered_follow_the_permissions(role: Role, kinds: list[str]) -> None:
    assert allowed_kinds(actor(role)) == kinds


def test_the_kind_list_words_and_the_kind_asked_for(make: Any) -> None:
    dialog = make()
    assert [dialog.kind.itemText(i) for i in range(dialog.kind.count())] == [
        KIND_LABELS["committee"],
        KIND_LABELS["board"],
    ]
    assert dialog.selected_kind() == "committee"
    assert make(kind="board").selected_kind() == "board"
    assert make(kind="annual").selected_kind() == "committee"  # unknown: the first


def test_without_a_pack_role_nothing_can_be_generated(make: Any) -> None:
    dialog = make(Role.STAFF_SIDE_REP)
    assert dialog.kind.count() == 0
    assert not dialog.generate.isEnabled()
    assert not dialog.validate()


# ---------------------------------------------------------------------- period


def test_every_preset_is_listed_and_fills_the_dates(make: Any) -> None:
    dialog = make()
    assert [dialog.preset.itemData(i) for i in range(dialog.preset.count())] == [
        key for key, _t, _f in PRESETS
    ]
    for key, _text, _fn in PRESETS[:-1]:
        dialog.set_preset(key)
        assert dialog.period() == preset_period(key, TODAY)
        assert not dialog.start.isEnabled() and not dialog.end.isEnabled()
    assert financial_year_start(TODAY) == dt.date(2026, 4, 1)
    assert preset_period("custom", TODAY) is None
    with pytest.raises(KeyError):
        preset_period("next_year", TODAY)


def test_a_period_starting_after_today_is_refused_in_words(make: Any) -> None:
    dialog = make()
    dialog.set_preset("custom")
    dialog.start.setDate(dt.date(2026, 12, 1))
    dialog.end.setDate(dt.date(2026, 12, 31))
    assert not dialog.generate.isEnabled()
    assert dialog.period_error.text() == (
        "The period starts after today, so there is nothing to report yet."
    )
    assert dialog.start.accessibleDescription() == dialog.period_error.text()


def test_a_period_over_three_years_is_refused(make: Any) -> None:
    dialog = make()
    dialog.set_preset("custom")
    dialog.start.setDate(dt.date(2022, 1, 1))
    dialog.end.setDate(dt.date(2026, 1, 1))
    assert "longer than three years" in dialog.period_error.text()
    assert not dialog.generate.isEnabled()
    dialog.start.setDate(dt.date(2024, 1, 1))
    assert dialog.period_error.text() == ""
    assert dialog.generate.isEnabled()


# ---------------------------------------------------------------------- front sheet


def test_front_sheet_starts_with_the_committee_wording(make: Any) -> None:
    dialog = make()
    assert dialog.meeting.text() == "Health and Safety Committee"
    assert dialog.title.text() == (
        "Violence prevention and reduction: committee report, 1 October 2026 to 31 October 2026"
    )
    assert dialog.sponsor.text() == "Chief People Officer"
    assert dialog.author.text() == "Violence Prevention and Reduction Lead"
    assert "Northshire NHS Trust" in dialog.recommendation.toPlainText()
    assert dialog.session.currentData() == SessionKind.PRIVATE.value
    assert dialog.purpose.currentData() == Purpose.ASSURANCE.value
    # No level is pre-selected: the level of assurance is the author's decision.
    assert dialog.assurance.currentIndex() == -1
    assert dialog.request().assurance_level is None
    assert dialog.cycle.currentData() == "latest-signed"


def test_switching_to_board_changes_every_unedited_field(make: Any) -> None:
    dialog = make()
    dialog.kind.setCurrentIndex(dialog.kind.findData("board"))
    assert dialog.meeting.text() == "Trust Board"
    assert dialog.title.text().startswith("Violence prevention and reduction: assurance report")
    assert dialog.recommendation.toPlainText().startswith("The Board is asked to note")
    assert dialog.session.currentData() == SessionKind.PUBLIC.value
    assert dialog.route.text().endswith("then Trust Board")


def test_an_edited_field_keeps_what_was_typed(make: Any, qtbot: Any) -> None:
    dialog = make()
    dialog.title.clear()
    qtbot.keyClicks(dialog.title, "Our own title")
    dialog.recommendation.setPlainText("The Committee is asked to approve the plan.")
    dialog.set_preset("last_quarter")
    dialog.kind.setCurrentIndex(dialog.kind.findData("board"))
    assert dialog.title.text() == "Our own title"
    assert dialog.recommendation.toPlainText() == "The Committee is asked to approve the plan."
    assert dialog.meeting.text() == "Trust Board"  # not edited: still follows the kind
    request = dialog.request()
    assert request.title == "Our own title"
    assert request.recommendation == "The Committee is asked to approve the plan."
    assert request.kind == "board"
    assert (request.period_from, request.period_to) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))


def test_the_request_carries_every_front_sheet_choice(make: Any) -> None:
    dialog = make()
    dialog.agenda_item.setText("  7.2 ")
    dialog.meeting_date.setDate(dt.date(2026, 12, 3))
    dialog.purpose.setCurrentIndex(dialog.purpose.findData("approval"))
    dialog.assurance.setCurrentIndex(dialog.assurance.findData("limited"))
    dialog.session.setCurrentIndex(dialog.session.findData("public"))
    dialog.sponsor.setText("")
    request = dialog.request()
    request.check()
    assert request.agenda_item == "7.2"
    assert request.meeting_date == dt.date(2026, 12, 3)
    assert request.purpose is Purpose.APPROVAL
    assert request.assurance_level is AssuranceLevel.LIMITED
    assert request.session is SessionKind.PUBLIC
    assert request.executive_sponsor is None  # left empty: the pack uses the usual wording


def test_a_board_pack_cannot_be_generated_until_a_level_is_chosen(make: Any, qtbot: Any) -> None:
    dialog = make()
    assert dialog.generate.isEnabled()  # a committee pack may say "not stated"
    dialog.kind.setCurrentIndex(dialog.kind.findData("board"))
    assert dialog.assurance.currentIndex() == -1
    assert not dialog.generate.isEnabled()
    assert dialog.assurance_error.isVisibleTo(dialog)
    assert dialog.assurance_error.text() == (
        "Choose the level of assurance this board paper offers."
    )
    assert dialog.assurance.accessibleDescription().startswith("Choose the level")
    dialog.accept()
    assert dialog.result() == 0  # still open: nothing generated
    dialog.assurance.setFocus()
    qtbot.keyClick(dialog.assurance, Qt.Key.Key_Down)  # chosen from the keyboard
    assert dialog.assurance.currentIndex() >= 0
    assert dialog.generate.isEnabled() and not dialog.assurance_error.isVisibleTo(dialog)
    dialog.assurance.setCurrentIndex(dialog.assurance.findData("limited"))
    assert dialog.request().assurance_level is AssuranceLevel.LIMITED
    dialog.kind.setCurrentIndex(dialog.kind.findData("committee"))
    assert dialog.assurance.currentData() == "limited"  # a choice is kept, never reset


def test_the_suggested_level_is_shown_never_chosen(make: Any) -> None:
    from vpr_desktop.services.packs.assurance import AssuranceSuggestion

    dialog = make()
    dialog.kind.setCurrentIndex(dialog.kind.findData("board"))
    suggestion = AssuranceSuggestion(
        AssuranceLevel.LIMITED,
        ("146 RIDDOR reports overdue", "25 extreme risks with no action or options note"),
        TODAY,
    )
    dialog.set_suggestion(suggestion)
    assert dialog.assurance_hint.isVisibleTo(dialog)
    assert dialog.assurance_hint.text() == (
        "Limited suggested: 146 RIDDOR reports overdue; 25 extreme risks with no action or "
        "options note. A suggestion from the figures at 25 Nov 2026; the level is yours "
        "to choose."
    )
    assert dialog.assurance.currentIndex() == -1 and not dialog.generate.isEnabled()
    assert "Limited suggested" in dialog.assurance.accessibleDescription()


def test_the_self_assessment_cycle_defaults_to_the_last_signed_off(make: Any) -> None:
    from vpr_desktop.domain.enums import CycleStatus
    from vpr_desktop.services.assessment.records import CycleInfo

    def cycle(id_: int, name: str, status: CycleStatus) -> CycleInfo:
        return CycleInfo(
            id_, 1, "2024", "VPR Standard 2024", 1, False, name, dt.date(2025, 4, 1),
            dt.date(2026, 3, 31), status, None, None, None, None, None, None,
            dt.datetime(2025, 4, 1, tzinfo=dt.UTC),
        )  # fmt: skip

    dialog = make()
    dialog.set_cycles(
        [cycle(2, "2026/27", CycleStatus.DRAFT), cycle(1, "2025/26", CycleStatus.SIGNED_OFF)]
    )
    items = [dialog.cycle.itemText(i) for i in range(dialog.cycle.count())]
    assert items == [
        "Last cycle signed off by both sides",
        "Latest cycle, even a draft (marked as a draft)",
        "2026/27 (draft, marked as a draft)",
        "2025/26 (signed off)",
    ]
    assert dialog.request().assessment_cycle == "latest-signed"
    dialog.cycle.setCurrentIndex(dialog.cycle.findData("2"))
    assert dialog.request().assessment_cycle == "2"
    dialog.request().check()


# ---------------------------------------------------------------------- formats and folder


def test_formats_offered(make: Any) -> None:
    dialog = make()
    assert [dialog.format.itemText(i) for i in range(dialog.format.count())] == [
        "PDF and Excel",
        "PDF, Excel and Word",
        "PDF only",
        "Excel only",
        "Word only (accessible paper)",
    ]
    for key, _text, formats in FORMATS:
        dialog.format.setCurrentIndex(dialog.format.findData(key))
        assert dialog.formats() == formats


def test_the_folder_must_be_given_and_be_a_folder(make: Any, tmp_path: Path) -> None:
    dialog = make()
    assert dialog.folder.text() == str(tmp_path / "packs")  # the last folder used
    assert dialog.generate.isEnabled()  # a folder that does not exist yet is created
    dialog.folder.setText("   ")
    assert dialog.folder_error.text() == "Choose a folder for the pack files."
    assert not dialog.generate.isEnabled()
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    dialog.folder.setText(str(a_file))
    assert dialog.folder_error.text() == "This is a file, not a folder."
    assert dialog.folder.accessibleDescription() == "This is a file, not a folder."
    dialog.folder.setText(str(tmp_path))
    assert dialog.folder_error.text() == "" and dialog.generate.isEnabled()
    assert dialog.out_dir() == tmp_path


def test_accept_does_nothing_while_there_is_a_problem(make: Any, qtbot: Any) -> None:
    dialog = make()
    dialog.folder.setText("")
    accepted: list[bool] = []
    dialog.accepted.connect(lambda: accepted.append(True))
    dialog.accept()
    assert accepted == []
    dialog.folder.setText(str(Path.home()))
    dialog.accept()
    assert accepted == [True]


def test_folder_and_format_are_remembered(make: Any, settings: Any, tmp_path: Path) -> None:
    dialog = make()
    dialog.folder.setText(str(tmp_path / "board papers"))
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    dialog.remember()
    assert settings.value(SETTINGS_DIR) == str(tmp_path / "board papers")
    assert settings.value(SETTINGS_FORMAT) == "xlsx"
    again = make()
    assert again.folder.text() == str(tmp_path / "board papers")
    assert again.formats() == ("xlsx",)


def test_default_folder_without_settings_is_vpr_packs() -> None:
    assert default_folder(None).name == "VPR packs"


def test_short_hash_keeps_both_ends() -> None:
    digest = "0123456789abcdef" * 4
    assert short_hash(digest) == "0123456789ab…abcdef"


# ------------------------------------------------------- committee to board route


def test_the_chair_summary_starts_empty_and_takes_suggestions_on_request(make: Any) -> None:
    from vpr_desktop.services.packs.front import ChairSuggestions

    dialog = make()
    assert all(edit.toPlainText() == "" for edit in dialog.chair.values())
    assert not dialog.chair_insert["chair_alert"].isEnabled()
    dialog.set_chair_suggestions(
        ChairSuggestions(("146 RIDDOR reports overdue",), (), ("No action is overdue",), TODAY)
    )
    # Offered, never filled in.
    assert dialog.chair["chair_alert"].toPlainText() == ""
    assert dialog.chair_suggestions["chair_alert"].currentText() == "146 RIDDOR reports overdue"
    assert not dialog.chair_insert["chair_advise"].isEnabled()  # nothing to suggest
    dialog.chair["chair_alert"].setPlainText("Our own words.")
    dialog.chair_insert["chair_alert"].click()
    assert dialog.chair["chair_alert"].toPlainText() == (
        "Our own words.\n146 RIDDOR reports overdue."
    )
    dialog.chair_insert["chair_assure"].click()
    request = dialog.request()
    assert request.chair_alert == "Our own words.\n146 RIDDOR reports overdue."
    assert request.chair_assure == "No action is overdue."
    assert request.chair_advise is None
    for edit in (*dialog.chair.values(), *dialog.route_fields.values()):
        assert edit.accessibleName()


def test_the_route_fields_reach_the_request(make: Any) -> None:
    dialog = make()
    dialog.route_fields["previously_considered"].setText(" People Committee ")
    dialog.route_fields["risk_references"].setText("BAF 4")
    dialog.route_fields["financial_implications"].setText("Bank cover")
    request = dialog.request()
    assert request.previously_considered == "People Committee"
    assert request.risk_references == "BAF 4"
    assert request.financial_implications == "Bank cover"
    assert request.equality_implications is None


def test_an_empty_meeting_date_or_agenda_item_is_warned_not_blocked(make: Any) -> None:
    dialog = make()
    assert dialog.request().meeting_date is None  # never today's date by default
    assert dialog.front_warning.isVisibleTo(dialog)
    assert "The meeting date is empty" in dialog.front_warning.text()
    assert "The agenda item is empty" in dialog.front_warning.text()
    assert dialog.generate.isEnabled()  # a warning, not a refusal
    dialog.meeting_date.setDate(dt.date(2026, 12, 3))
    dialog.agenda_item.setText("7.2")
    assert not dialog.front_warning.isVisibleTo(dialog)


def test_the_rebase_month_is_checked_and_reaches_the_request(make: Any) -> None:
    dialog = make()
    assert dialog.request().rebase_from is None  # empty: limits from all months
    dialog.rebase.setText("Oct 2025")
    assert dialog.rebase_error.isVisibleTo(dialog)
    assert not dialog.generate.isEnabled()
    dialog.rebase.setText(" 2025-10 ")
    assert not dialog.rebase_error.isVisibleTo(dialog)
    assert dialog.generate.isEnabled()
    assert dialog.request().rebase_from == "2025-10"
    assert dialog.rebase.accessibleName() == "Recalculate SPC limits from (YYYY-MM)"


def test_outlier_screening_starts_off_and_reaches_the_request(make: Any) -> None:
    dialog = make()
    # Never a judgement made for the author: off, as NHS England's Excel tool.
    assert not dialog.screen_outliers.isChecked()
    assert dialog.request().screen_outliers is False
    dialog.screen_outliers.setChecked(True)
    assert dialog.request().screen_outliers is True
    assert "3.267" in dialog.screen_outliers.toolTip()

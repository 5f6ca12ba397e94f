"""The shared ``label`` of value lists: sentence case unless wording is given."""

from __future__ import annotations

from vpr_desktop.domain.costs import ClaimStatus
from vpr_desktop.domain.enums import CycleStatus
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.enums import WorkStatus
from vpr_desktop.domain.labelled_enum import LabelledEnum
from vpr_desktop.domain.labelled_enum import give_labels
from vpr_desktop.domain.labelled_enum import sentence_case
from vpr_desktop.domain.support_pathway import StepState


class Colour(LabelledEnum):
    DARK_RED = "dark_red"
    NHS_BLUE = "nhs_blue"


TABLE = give_labels(Colour, {Colour.NHS_BLUE: "NHS blue"})


def test_sentence_case_turns_a_stored_value_into_words() -> None:
    assert sentence_case("done_on_time") == "Done on time"
    assert sentence_case("board") == "Board"


def test_label_is_the_given_wording_else_the_value_in_sentence_case() -> None:
    assert Colour.DARK_RED.label == "Dark red"
    assert Colour.NHS_BLUE.label == "NHS blue"
    assert TABLE == {Colour.NHS_BLUE: "NHS blue"}
    assert Colour.NHS_BLUE == "nhs_blue" and str(Colour.NHS_BLUE) == "nhs_blue"


def test_the_value_lists_keep_their_wording() -> None:
    assert [r.label for r in Role] == [
        "Administrator",
        "VPR lead",
        "Committee chair",
        "Staff-side rep",
        "Board secretary",
    ]
    assert SettingType.AMBULANCE_CALL_HANDLING.label == "Ambulance / 111 call handling"
    assert SettingType.INPATIENT_MENTAL_HEALTH.label == "Inpatient mental health"
    assert StepState.DONE_TOO_EARLY.label == "Done too early"
    assert ClaimStatus.CLOSED.label == "Closed, nothing paid"


def test_assessment_statuses_are_labelled_as_their_screens_showed_them() -> None:
    assert [s.label for s in CycleStatus] == ["Draft", "In review", "Signed off"]
    assert [s.label for s in WorkStatus] == ["To do", "In progress", "In review", "Done"]

"""The label an import with value choices records on its batch."""

from __future__ import annotations

from vpr_desktop.services.importing.value_map import ValueChoice
from vpr_desktop.services.importing.value_map import ValueMap
from vpr_desktop.services.importing.valued_import import values_label


def test_the_label_names_the_saved_value_mapping() -> None:
    assert values_label("incidents v1", "  Datix monthly ", None) == (
        "incidents v1 + values 'Datix monthly'"
    )


def test_choices_made_but_not_saved_are_said_so() -> None:
    values = ValueMap()
    values.set("location name", "ward 9", ValueChoice("leave_out"))
    assert values_label("risks v1", None, values) == "risks v1 + value choices"


def test_without_choices_the_label_is_left_as_it_was() -> None:
    assert values_label("staff v1 + profile 'ESR'", None, ValueMap()) == "staff v1 + profile 'ESR'"
    assert values_label("staff v1", None, None) == "staff v1"


def test_a_long_name_is_cut_to_a_saved_name_and_the_label_to_the_batch_column() -> None:
    assert values_label("locations v1", "v" * 150, None) == (
        "locations v1 + values '" + "v" * 100 + "'"
    )
    long_base = "training v1 + profile '" + "p" * 200 + "'"
    assert values_label(long_base, "v" * 150, None) == (long_base + " + values '" + "v" * 100)[:255]

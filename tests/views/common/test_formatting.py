"""Dates, numbers and enum values read the same way everywhere in the window."""

from __future__ import annotations

import datetime as dt

from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.enums import Role
from vpr_desktop.views.common.formatting import enum_words
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.formatting import format_datetime
from vpr_desktop.views.common.formatting import format_number
from vpr_desktop.views.common.formatting import format_value
from vpr_desktop.views.common.formatting import plural


def test_dates_are_dd_mon_yyyy_whatever_the_locale() -> None:
    assert format_date(dt.date(2025, 3, 7)) == "07 Mar 2025"
    assert format_datetime(dt.datetime(2025, 12, 31, 8, 5)) == "31 Dec 2025 08:05"
    assert format_datetime(dt.date(2025, 1, 2)) == "02 Jan 2025"
    assert format_date(None) == "" and format_datetime(None) == ""


def test_aware_datetimes_are_shown_in_local_time() -> None:
    value = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)
    assert format_datetime(value) == format_datetime(value.astimezone().replace(tzinfo=None))


def test_numbers_have_thousands_separators() -> None:
    assert format_number(60000) == "60,000"
    assert format_number(2.5) == "2.5"
    assert format_number(3.0) == "3"
    assert plural(1, "incident") == "1 incident"
    assert plural(1200, "incident") == "1,200 incidents"


def test_enum_values_read_as_words() -> None:
    assert enum_words(Harm.NO_HARM) == "No harm"
    assert enum_words(RiddorStatus.JUDGEMENT_NEEDED) == "Judgement needed"
    assert enum_words(Role.STAFF_SIDE_REP) == "Staff-side rep"  # its own label wins
    assert enum_words("not_assessed") == "Not assessed"


def test_cells_by_kind() -> None:
    assert format_value("bool", True) == "Yes"
    assert format_value("bool", False) == "No"
    assert format_value("number", 1234) == "1,234"
    assert format_value("enum", Harm.LOW) == "Low"
    assert format_value("text", None) == ""

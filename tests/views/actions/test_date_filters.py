"""``actions.forms.date_filters``: a filter bar's typed dates as filters, or the problem."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QLineEdit

from vpr_desktop.views.actions.forms import date_filters


def _edits(qtbot: Any, start: str, end: str) -> tuple[QLineEdit, QLineEdit]:
    date_from, date_to = QLineEdit(start), QLineEdit(end)
    qtbot.addWidget(date_from)
    qtbot.addWidget(date_to)
    return date_from, date_to


def test_typed_dates_become_filters_under_the_sources_names(qtbot: Any) -> None:
    edits = _edits(qtbot, "01/03/2025", "31/03/2025")
    assert date_filters(*edits, "from", "to") == (
        {"from": dt.date(2025, 3, 1), "to": dt.date(2025, 3, 31)},
        "",
    )
    only_to = _edits(qtbot, "", "31/03/2025")
    assert date_filters(*only_to, "date_from", "date_to") == ({"date_to": dt.date(2025, 3, 31)}, "")


def test_a_date_range_that_cannot_be_read_gives_no_filter_and_says_why(qtbot: Any) -> None:
    backwards = _edits(qtbot, "31/03/2025", "01/03/2025")
    assert date_filters(*backwards, "from", "to") == ({}, "The From date is after the To date.")
    filters, problem = date_filters(*_edits(qtbot, "soon", ""), "from", "to")
    assert filters == {} and problem.startswith("From date: write it as ")

"""``whole_months``: the one check every monthly figure series makes of its period."""

from __future__ import annotations

import datetime as dt

import pytest

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.services.incidents.figures import Period
from vpr_desktop.services.incidents.stats import whole_months


def test_whole_months_pass_through_unchanged() -> None:
    quarter = Period.months("2026-04", "2026-06")
    assert whole_months(quarter) is quarter
    assert whole_months(quarter).month_list() == ("2026-04", "2026-05", "2026-06")


def test_part_months_are_refused_in_plain_words() -> None:
    part = Period(dt.date(2026, 6, 3), dt.date(2026, 6, 30))
    with pytest.raises(ValidationError, match=r"^Monthly figures need a period of whole months\.$"):
        whole_months(part)

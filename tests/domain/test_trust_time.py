"""The trust's calendar: London days bounded in UTC, stored UTC times read as London dates."""

from __future__ import annotations

import datetime as dt

from vpr_desktop.domain.base import aware
from vpr_desktop.domain.trust_time import trust_date
from vpr_desktop.domain.trust_time import trust_day_start


def test_a_summer_day_starts_an_hour_before_utc_midnight() -> None:
    assert trust_day_start(dt.date(2025, 4, 1)) == dt.datetime(2025, 3, 31, 23, 0, tzinfo=dt.UTC)


def test_a_winter_day_starts_at_utc_midnight() -> None:
    assert trust_day_start(dt.date(2025, 1, 15)) == dt.datetime(2025, 1, 15, 0, 0, tzinfo=dt.UTC)


def test_a_stored_time_after_utc_midnight_in_bst_is_the_next_london_day() -> None:
    # 23:30 UTC on 31 March 2025 is 00:30 BST on 1 April: it counts in April.
    assert trust_date(dt.datetime(2025, 3, 31, 23, 30)) == dt.date(2025, 4, 1)
    assert trust_date(dt.datetime(2025, 3, 31, 23, 30, tzinfo=dt.UTC)) == dt.date(2025, 4, 1)
    assert trust_date(dt.datetime(2025, 1, 31, 23, 30)) == dt.date(2025, 1, 31)


def test_aware_reads_naive_as_utc_and_leaves_aware_times_and_none() -> None:
    naive = dt.datetime(2025, 6, 1, 12, 0)
    assert aware(naive) == dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)
    already = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert aware(already) is already
    assert aware(None) is None

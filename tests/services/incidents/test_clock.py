"""``IncidentClock``: the one "now" and "today" of the incident service and its figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.incidents.clock import IncidentClock
from vpr_desktop.services.incidents.service_base import IncidentServiceBase
from vpr_desktop.services.incidents.stats import IncidentStats

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
NO_DB: Any = None  # the clocks never touch the database


def test_a_fixed_day_is_today_and_its_london_end_is_now() -> None:
    clock = IncidentClock(NO_DB, LEAD, today=dt.date(2026, 6, 30))
    assert clock.today() == dt.date(2026, 6, 30)
    # 23:59:59 British Summer Time is 22:59:59 UTC.
    assert clock.now() == dt.datetime(2026, 6, 30, 22, 59, 59, tzinfo=dt.UTC)


def test_a_fixed_clock_gives_utc_and_the_london_date() -> None:
    late = dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)  # already 1 July in London
    clock = IncidentClock(NO_DB, LEAD, now=lambda: late)
    assert clock.now() == late
    assert clock.today() == dt.date(2026, 7, 1)
    # A naive time from the clock is London wall-clock time.
    naive = IncidentClock(NO_DB, LEAD, now=lambda: dt.datetime(2026, 1, 15, 9, 0))
    assert naive.now() == dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)


def test_the_service_and_its_figures_share_the_clock() -> None:
    day = dt.date(2026, 3, 29)  # the clocks go forward that night
    service = IncidentServiceBase(NO_DB, LEAD, today=day)
    stats = IncidentStats(NO_DB, LEAD, today=day)
    assert service.today() == stats.today() == day
    assert service.now() == stats.now() == dt.datetime(2026, 3, 29, 22, 59, 59, tzinfo=dt.UTC)
    assert service.pathway_problem is None


def test_the_figures_admit_only_their_readers_and_the_service_everyone() -> None:
    nobody = Actor("guest", "Guest", frozenset())
    with pytest.raises(PermissionDeniedError, match=r"Guest .* may not see incident figures"):
        IncidentStats(NO_DB, nobody)
    assert IncidentServiceBase(NO_DB, nobody).actor is nobody

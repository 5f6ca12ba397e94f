"""OnTimeAsk: what IncidentStats asks the two on-time figures (support steps, RIDDOR), for a
period and month by month, so both figures follow one convention for the ``""`` entry."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.services.training.training_fixtures import LEAD
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.services.incidents import on_time_figures
from vpr_desktop.services.incidents import riddor_deadlines
from vpr_desktop.services.incidents.figures import Period
from vpr_desktop.services.incidents.follow_up_figures import RiddorOnTime
from vpr_desktop.services.incidents.stats import IncidentStats
from vpr_desktop.services.incidents.stats import OnTimeAsk
from vpr_desktop.store.database import Database

DAY = dt.date(2026, 6, 30)


def _stats(db: Database) -> IncidentStats:
    return IncidentStats(db, LEAD, today=DAY)  # type: ignore[arg-type]


def test_the_period_figure_is_asked_for_the_whole_period(sqlite_db: Database) -> None:
    stats = _stats(sqlite_db)
    asks: list[OnTimeAsk] = []

    def count(ask: OnTimeAsk) -> dict[str, int]:
        asks.append(ask)
        return {"": 7}

    part = Period(dt.date(2026, 6, 3), DAY)
    assert stats._in_period(count, part, [4]) == 7
    (ask,) = asks
    assert (ask.clock, ask.period, ask.location_ids) == (stats, part, [4])
    assert (ask.by_month, tuple(ask.total_of)) == (False, ())
    assert [str(c) for c in ask.where] == [str(c) for c in stats._where(part, [4])]
    assert "location_id" in str(ask.where[-1])


def test_month_by_month_asks_for_whole_months_with_their_total(sqlite_db: Database) -> None:
    stats = _stats(sqlite_db)
    asks: list[OnTimeAsk] = []

    def count(ask: OnTimeAsk) -> dict[str, int]:
        asks.append(ask)
        return {ym: 1 for ym in ask.period.month_list()}

    quarter = Period.months("2026-04", "2026-06")
    got = stats._month_by_month(count, quarter, None, ["2026-05", "2026-06"])
    assert got == {"2026-04": 1, "2026-05": 1, "2026-06": 1}
    (ask,) = asks
    assert (ask.by_month, list(ask.total_of), ask.location_ids) == (
        True,
        ["2026-05", "2026-06"],
        None,
    )
    with pytest.raises(ValidationError, match="whole months"):
        stats._month_by_month(count, Period(dt.date(2026, 6, 3), DAY), None, ())
    assert len(asks) == 1  # refused before anything was counted


def test_both_figures_answer_an_ask_on_an_empty_database(sqlite_db: Database) -> None:
    stats = _stats(sqlite_db)
    quarter = Period.months("2026-04", "2026-06")
    ask = OnTimeAsk(
        stats, quarter, None, stats._where(quarter), by_month=True, total_of=["2026-06"]
    )
    riddor = riddor_deadlines.riddor_on_time(ask)
    assert list(riddor) == ["2026-04", "2026-05", "2026-06", ""]
    assert riddor[""] == RiddorOnTime(DAY, 0, 0, 0, 0, 0, 0, 0, 0)
    support = on_time_figures.support_on_time(ask)
    assert list(support) == ["2026-04", "2026-05", "2026-06", ""]
    assert support[""].as_of == stats.now() and support[""].by_step == ()
    assert stats.riddor_on_time(quarter) == riddor[""]

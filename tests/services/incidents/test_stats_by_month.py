"""Issue 20: the monthly on-time figures a pack charts, counted in one pass over the months,
equal the figures of each month asked for alone (the demo trust), and only whole months may be
asked for by month."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.reports.test_pack_pdf import open_demo
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.services.incidents.figures import Period
from vpr_desktop.services.incidents.stats import IncidentStats


def test_by_month_equals_each_month_alone(demo_copy: Path) -> None:
    db, actor = open_demo(demo_copy)
    try:
        stats = IncidentStats(db, actor, today=dt.date(2026, 6, 30))
        period = Period.months("2025-07", "2026-06")
        riddor = stats.riddor_on_time_by_month(period)
        support = stats.support_on_time_by_month(period)
        assert list(riddor) == list(support) == list(period.month_list())
        for ym in period.month_list():
            alone = Period.months(ym, ym)
            assert riddor[ym] == stats.riddor_on_time(alone), ym
            assert support[ym] == stats.support_on_time(alone), ym
        assert sum(s.on_time for s in support.values()) > 0  # the demo has support steps
        assert sum(r.reportable for r in riddor.values()) > 0  # and reportable incidents
    finally:
        db.close()


def test_by_month_takes_whole_months_only(demo_copy: Path) -> None:
    db, actor = open_demo(demo_copy)
    try:
        part = Period(dt.date(2026, 6, 3), dt.date(2026, 6, 30))
        with pytest.raises(ValidationError):
            IncidentStats(db, actor).riddor_on_time_by_month(part)
        with pytest.raises(ValidationError):
            IncidentStats(db, actor).support_on_time_by_month(part)
    finally:
        db.close()


def test_splits_and_police_outcomes_in_one_pass_equal_plain_counts(demo_copy: Path) -> None:
    """Harm, intent and perpetrator splits taken together, and the police and CPS outcomes
    from one GROUP BY, equal a plain count of the period's incidents per value (the demo)."""
    from sqlalchemy import func
    from sqlalchemy import select

    from vpr_desktop.domain.enums import CpsOutcome
    from vpr_desktop.domain.enums import PoliceOutcome
    from vpr_desktop.domain.models import Incident
    from vpr_desktop.services.common.unit_of_work import reading

    db, actor = open_demo(demo_copy)
    try:
        stats = IncidentStats(db, actor, today=dt.date(2026, 6, 30))
        period = Period.months("2025-07", "2026-06")
        in_period = period.clauses()

        def plain(column: object, *where: object) -> dict[str, int]:
            with reading(db) as s:
                rows = s.execute(
                    select(column, func.count()).where(*in_period, *where).group_by(column)
                ).all()
            return {getattr(k, "value", k): int(n) for k, n in rows if k is not None}

        harm, intent, perpetrator = stats.splits(period, "harm", "intent", "perpetrator")
        for split, column in (
            (harm, Incident.harm),
            (intent, Incident.intent),
            (perpetrator, Incident.perpetrator_type),
        ):
            expected = plain(column)
            assert {k: n for k, n in split.counts if n} == expected
            assert split.total == sum(expected.values()) > 0
        assert stats.harm_split(period) == harm

        police = stats.police_outcomes(period)
        assert police.incidents == sum(plain(Incident.police_informed).values())
        assert police.police_informed == plain(Incident.police_informed).get(True, 0) > 0
        assert police.aewa_sanctions == plain(Incident.aewa_sanction).get(True, 0)
        by_police = plain(Incident.police_outcome, Incident.police_informed.is_(True))
        assert {o.value: n for o, n in police.police if n} == {
            k: n for k, n in by_police.items() if k != PoliceOutcome.NOT_REPORTED.value
        }
        by_cps = plain(Incident.cps_outcome)
        assert {o.value: n for o, n in police.cps if n} == {
            k: n for k, n in by_cps.items() if k != CpsOutcome.NOT_APPLICABLE.value
        }
    finally:
        db.close()

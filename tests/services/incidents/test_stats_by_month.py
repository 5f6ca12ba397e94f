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

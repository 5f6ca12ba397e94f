"""Issue 20: training compliance at many month ends in one set-based query gives, month by
month, exactly what ``compliance_by_course`` gives for that day (SQLite and PostgreSQL), through
renewals that overlap, a refresher done before the old one expired, a record with no expiry,
posts that start and end inside the months, and on the demo trust."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.reports.test_pack_pdf import open_demo
from tests.services.training.training_fixtures import LEAD
from tests.services.training.training_fixtures import add_records
from tests.services.training.training_fixtures import build_ward
from vpr_desktop.domain.models import Assignment
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.packs.months import months_ending
from vpr_desktop.services.packs.rates import month_end
from vpr_desktop.services.training.service import TrainingService
from vpr_desktop.store.database import Database


def by_month(
    svc: TrainingService, days: list[dt.date]
) -> dict[dt.date, dict[int, tuple[int, int]]]:
    """What one ``compliance_by_course`` call per day gives (the figures to equal)."""
    return {
        day: {r.course_id: (r.required, r.compliant) for r in svc.compliance_by_course(day)}
        for day in days
    }


def test_month_end_counts_equal_one_query_per_month(db: Database) -> None:
    ward = build_ward(db)
    d = dt.date
    add_records(
        db,
        ward,
        [
            ("0012", "BRK", d(2025, 1, 10), d(2025, 6, 30)),  # lapses on 30 June's last day
            ("0012", "BRK", d(2025, 9, 1), d(2026, 9, 1)),  # renewed after a gap
            ("0012", "CR", d(2024, 2, 1), d(2027, 2, 1)),
            ("0012", "CR", d(2025, 3, 31), d(2025, 4, 15)),  # later completion, earlier expiry
            ("1012", "CR", d(2025, 2, 28), None),  # never expires
            ("1012-2", "BRK", d(2025, 5, 31), d(2025, 10, 31)),
            ("1012-2", "BRK", d(2025, 10, 1), d(2026, 10, 1)),  # refresher before the expiry
            ("2000", "BRK", d(2026, 2, 1), d(2026, 2, 27)),  # in and out inside one month
            ("3000", "CR", d(2025, 12, 31), d(2028, 12, 31)),  # done on a month end
        ],
    )
    with UnitOfWork(db, LEAD) as uow:  # a post that ends and one that starts in the months
        uow.get(Assignment, ward.assignments["2000"]).end_date = d(2026, 3, 31)
        uow.get(Assignment, ward.assignments["3000"]).start_date = d(2025, 4, 30)
        uow.get(Assignment, ward.assignments["1012-2"]).end_date = d(2025, 11, 29)
    svc = TrainingService(db, LEAD)
    days = [month_end(ym) for ym in months_ending(d(2026, 6, 30), 24)]
    got = svc.compliance_at_month_ends(days)
    assert got == by_month(svc, days)
    # Hand count for one month: Sept 2025, 9 places required (CR for the 5 posts, BRK for the
    # 4 nurses); held: BRK 0012 (renewed 1 Sept), BRK 1012-2, CR 0012, CR 1012 (3000 not yet).
    sept = got[d(2025, 9, 30)]
    assert sum(n for n, _ok in sept.values()) == 9
    assert sept[ward.courses["BRK"]] == (4, 2)
    assert sept[ward.courses["CR"]] == (5, 2)


def test_month_end_counts_equal_one_query_per_month_on_the_demo(demo_copy: Path) -> None:
    db, actor = open_demo(demo_copy)
    try:
        svc = TrainingService(db, actor)
        days = [month_end(ym) for ym in months_ending(dt.date(2026, 6, 30), 30)]
        got = svc.compliance_at_month_ends(days)
        assert got == by_month(svc, days)
        assert sum(n for n, _ok in got[days[-1]].values()) > 100  # the demo needs training
    finally:
        db.close()


def test_month_end_counts_take_month_ends_only(db: Database) -> None:
    with pytest.raises(ValueError):
        TrainingService(db, LEAD).compliance_at_month_ends([dt.date(2026, 6, 15)])


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2024-02-28", "2024-01"),  # a leap year: 28 February is not February's last day
        ("2024-02-29", "2024-02"),
        ("2023-02-28", "2023-02"),  # a common year: it is
        ("1900-02-28", "1900-02"),  # divisible by 100, not by 400: common
        ("2000-02-28", "2000-01"),  # divisible by 400: leap
        ("2026-04-30", "2026-04"),
        ("2026-04-29", "2026-03"),
        ("2026-12-31", "2026-12"),
        ("2026-01-01", "2025-12"),
        ("2026-03-31", "2026-03"),
    ],
)
def test_last_month_end_on_or_before_a_day(day: str, expected: str) -> None:
    """The month count the SQL gives equals the month of the last month end on or before
    the day, worked out with dates (every month length, leap years included)."""
    from sqlalchemy import create_engine
    from sqlalchemy import literal
    from sqlalchemy import select

    from vpr_desktop.services.training.month_ends import _last_month_end_on_or_before
    from vpr_desktop.services.training.month_ends import month_number

    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        got = conn.scalar(select(_last_month_end_on_or_before(literal(day))))
        never = conn.scalar(select(_last_month_end_on_or_before(literal("9999-12-31"))))
    check = dt.date.fromisoformat(day)
    while (check + dt.timedelta(days=1)).day != 1:
        check -= dt.timedelta(days=1)
    assert got == month_number(expected) == month_number(check.isoformat())
    assert never is None

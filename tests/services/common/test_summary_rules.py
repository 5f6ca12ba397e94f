"""The home summary: each count equals a count made another way, each "needs attention" figure
equals the rule applied row by row in Python, and who may see it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import DEMO_ANCHOR
from vpr_desktop.domain.action_rules import LIVE_STATUSES
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.enums import RiskStatus
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.models import Action
from vpr_desktop.domain.models import Control
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import RiskAssessment
from vpr_desktop.domain.models import SupportStep
from vpr_desktop.services.admin.users import identify
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.summary import HomeSummary
from vpr_desktop.services.common.summary import SummaryService
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.store.database import Database
from vpr_desktop.store.database import open_database

TABLES = {
    "Staff": "person",
    "Assignments": "assignment",
    "Incidents": "incident",
    "Risk assessments": "risk_assessment",
    "Training records": "training_record",
    "Actions": "action",
}


@pytest.fixture
def demo(demo_copy: Path) -> Iterator[tuple[Database, Actor]]:
    db = open_database(demo_copy, mode="rw", create=False)
    try:
        yield db, identify(db)
    finally:
        db.close()


def home(demo: tuple[Database, Actor], today: dt.date = DEMO_ANCHOR) -> HomeSummary:
    db, actor = demo
    return SummaryService(db, actor).home(today=today)


def as_utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def test_counts_equal_row_counts_in_the_file(demo: tuple[Database, Actor], demo_copy: Path) -> None:
    summary = home(demo)
    con = sqlite3.connect(demo_copy)
    try:
        want = [
            (label, con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for label, table in TABLES.items()
        ]
        first, last = con.execute(
            "SELECT min(date(occurred_at)), max(date(occurred_at)) FROM incident"
        ).fetchone()
    finally:
        con.close()
    assert summary.counts == want
    assert all(n > 0 for _label, n in summary.counts)
    assert summary.first_incident == dt.date.fromisoformat(first)
    assert summary.last_incident == dt.date.fromisoformat(last)


def test_attention_figures_equal_the_rules_applied_row_by_row(
    demo: tuple[Database, Actor],
) -> None:
    db, _actor = demo
    today = DEMO_ANCHOR
    end_of_today = dt.datetime.combine(today, dt.time(23, 59, 59), tzinfo=dt.UTC)
    with reading(db) as s:
        steps = s.scalars(select(SupportStep)).all()
        incidents = s.scalars(select(Incident)).all()
        risks = s.scalars(select(RiskAssessment)).all()
        controls = s.scalars(select(Control)).all()
        actions = s.scalars(select(Action)).all()
    want = {
        "support_overdue": sum(
            st.done_at is None and not st.declined and as_utc(st.due_by) < end_of_today
            for st in steps
        ),
        "riddor_overdue": sum(
            i.riddor_status == RiddorStatus.REPORTABLE
            and i.riddor_submitted_on is None
            and i.riddor_deadline is not None
            and i.riddor_deadline < today
            for i in incidents
        ),
        "risk_reviews": sum(
            r.status != RiskStatus.CLOSED and r.review_date is not None and r.review_date < today
            for r in risks
        ),
        "control_reviews": sum(  # live risks with an overdue control, each risk once
            r.status != RiskStatus.CLOSED
            and any(
                c.risk_id == r.id and c.next_review_date is not None and c.next_review_date < today
                for c in controls
            )
            for r in risks
        ),
        "actions_overdue": sum(
            a.status in LIVE_STATUSES and a.due_date is not None and a.due_date < today
            for a in actions
        ),
        "actions_sign_off": sum(a.status == ActionStatus.AWAITING_SIGN_OFF for a in actions),
    }
    summary = home(demo, today)
    got = {item.key: item.count for item in summary.attention}
    assert got == want
    # Each item sends the reader to the page that deals with it.
    pages = {item.key: item.page for item in summary.attention}
    assert pages == {
        "support_overdue": "support",
        "riddor_overdue": "incidents",
        "risk_reviews": "risks",
        "control_reviews": "risks",
        "actions_overdue": "actions",
        "actions_sign_off": "actions",
    }


def test_overdue_figures_only_grow_as_today_moves_on(demo: tuple[Database, Actor]) -> None:
    """Nothing is done between the two dates, so nothing overdue can stop being overdue."""
    earlier = {i.key: i.count for i in home(demo, DEMO_ANCHOR - dt.timedelta(days=90)).attention}
    later = {i.key: i.count for i in home(demo, DEMO_ANCHOR + dt.timedelta(days=365)).attention}
    for key in ("riddor_overdue", "risk_reviews", "control_reviews", "actions_overdue"):
        assert later[key] >= earlier[key], key
    # Awaiting sign-off does not depend on the date.
    assert later["actions_sign_off"] == earlier["actions_sign_off"]


def test_empty_database_has_zero_counts_and_no_dates(db: Database) -> None:
    actor = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
    summary = SummaryService(db, actor).home(today=dt.date(2026, 1, 1))
    assert [n for _label, n in summary.counts] == [0] * len(TABLES)
    assert [label for label, _n in summary.counts] == list(TABLES)
    assert all(item.count == 0 for item in summary.attention)
    assert summary.last_backup is None and summary.last_backup_path is None
    assert summary.last_pack is None
    assert summary.first_incident is None and summary.last_incident is None
    assert summary.schema_revision == db.schema_revision


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_read_the_summary(db: Database, role: Role) -> None:
    actor = Actor("u", "A User", frozenset({role}))
    assert SummaryService(db, actor).home(today=dt.date(2026, 1, 1)).counts


def test_no_role_may_not(db: Database) -> None:
    nobody = Actor("u", "No Body", frozenset())
    with pytest.raises(
        PermissionDeniedError, match="No Body \\(no role\\) may not see the summary"
    ):
        SummaryService(db, nobody).home()

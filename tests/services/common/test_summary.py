"""The home summary: every count equals a plain SQL count on the file, the "needs attention"
figures follow the day asked about, and a database with nothing in it says so."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DEMO_ANCHOR
from vpr_desktop import __version__
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.summary import SummaryService

COUNTED_TABLES = {
    "Staff": "person",
    "Assignments": "assignment",
    "Incidents": "incident",
    "Risk assessments": "risk_assessment",
    "Training records": "training_record",
    "Actions": "action",
}
ATTENTION_KEYS = [
    "support_overdue",
    "riddor_overdue",
    "risk_reviews",
    "control_reviews",
    "actions_overdue",
    "actions_sign_off",
]


def scalar(path: Path, query: str, *params: Any) -> Any:
    con = sqlite3.connect(path)
    try:
        return con.execute(query, params).fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def demo(demo_copy: Path) -> Iterator[Any]:
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database

    db = open_database(demo_copy)
    services = build_services(db)
    yield services
    services.close()


def attention(summary: Any) -> dict[str, int]:
    return {item.key: item.count for item in summary.attention}


def test_record_counts_equal_sql_counts(demo: Any, demo_copy: Path) -> None:
    summary = demo.summary.home(DEMO_ANCHOR)
    assert [name for name, _ in summary.counts] == list(COUNTED_TABLES)
    for name, number in summary.counts:
        assert number == scalar(demo_copy, f"SELECT count(*) FROM {COUNTED_TABLES[name]}"), name
    assert dict(summary.counts)["Incidents"] > 1000


def test_incident_range_is_the_first_and_last_occurrence(demo: Any, demo_copy: Path) -> None:
    summary = demo.summary.home(DEMO_ANCHOR)
    first = scalar(demo_copy, "SELECT min(occurred_at) FROM incident")
    last = scalar(demo_copy, "SELECT max(occurred_at) FROM incident")
    assert summary.first_incident == dt.date.fromisoformat(first[:10])
    assert summary.last_incident == dt.date.fromisoformat(last[:10])
    assert summary.first_incident < summary.last_incident <= DEMO_ANCHOR


def test_attention_items_name_their_page_in_order(demo: Any) -> None:
    summary = demo.summary.home(DEMO_ANCHOR)
    assert [a.key for a in summary.attention] == ATTENTION_KEYS
    pages = {a.key: a.page for a in summary.attention}
    assert pages == {
        "support_overdue": "support",
        "riddor_overdue": "incidents",
        "risk_reviews": "risks",
        "control_reviews": "risks",
        "actions_overdue": "actions",
        "actions_sign_off": "actions",
    }
    labels = [a.label for a in summary.attention]
    assert labels[0] == "Support steps overdue" and labels[-1] == "Actions awaiting sign-off"


def test_review_and_sign_off_counts_equal_sql(demo: Any, demo_copy: Path) -> None:
    today = DEMO_ANCHOR
    counts = attention(demo.summary.home(today))
    assert counts["risk_reviews"] == scalar(
        demo_copy,
        "SELECT count(*) FROM risk_assessment WHERE status <> 'closed' AND review_date < ?",
        today.isoformat(),
    )
    assert counts["control_reviews"] == scalar(  # risks, each once, as the register lists
        demo_copy,
        "SELECT count(*) FROM risk_assessment r WHERE r.status <> 'closed' AND EXISTS "
        "(SELECT 1 FROM risk_control c WHERE c.risk_id = r.id AND c.next_review_date < ?)",
        today.isoformat(),
    )
    assert counts["actions_sign_off"] == scalar(
        demo_copy, "SELECT count(*) FROM action WHERE status = 'awaiting_sign_off'"
    )
    assert counts["actions_overdue"] == scalar(
        demo_copy,
        "SELECT count(*) FROM action WHERE status IN ('open', 'in_progress', "
        "'awaiting_sign_off') AND due_date IS NOT NULL AND due_date < ?",
        today.isoformat(),
    )
    assert counts["riddor_overdue"] == scalar(
        demo_copy,
        "SELECT count(*) FROM incident WHERE riddor_status = 'reportable' "
        "AND riddor_submitted_on IS NULL AND riddor_deadline < ?",
        today.isoformat(),
    )


def test_each_badge_counts_a_record_once_however_many_cards_it_is_on(
    demo: Any, demo_copy: Path
) -> None:
    today = DEMO_ANCHOR.isoformat()
    summary = demo.summary.home(DEMO_ANCHOR)
    badges = {b.page: (b.count, b.view) for b in summary.badges}
    counts = attention(summary)
    assert badges["support"] == (counts["support_overdue"], "overdue")
    assert badges["incidents"] == (counts["riddor_overdue"], "riddor=overdue")
    assert badges["risks"] == (
        scalar(
            demo_copy,
            "SELECT count(*) FROM risk_assessment r WHERE r.status <> 'closed' AND "
            "(r.review_date < ? OR EXISTS (SELECT 1 FROM risk_control c "
            "WHERE c.risk_id = r.id AND c.next_review_date < ?))",
            today,
            today,
        ),
        "attention",
    )
    assert badges["actions"] == (
        scalar(
            demo_copy,
            "SELECT count(*) FROM action WHERE status = 'awaiting_sign_off' OR (status IN "
            "('open', 'in_progress') AND due_date IS NOT NULL AND due_date < ?)",
            today,
        ),
        "attention",
    )
    # Some awaiting sign-off are overdue too: the sum of the cards would count them twice.
    assert badges["actions"][0] < counts["actions_overdue"] + counts["actions_sign_off"]


def test_overdue_actions_agree_with_the_action_log(demo: Any) -> None:
    for today in (DEMO_ANCHOR, DEMO_ANCHOR - dt.timedelta(days=180)):
        counts = attention(demo.summary.home(today))
        number, _rows = demo.action_log().overdue(today)
        assert counts["actions_overdue"] == number


def test_an_earlier_day_never_has_more_overdue(demo: Any) -> None:
    """Overdue means "due before today": going back in time can only lower each figure."""
    later = attention(demo.summary.home(DEMO_ANCHOR))
    earlier = attention(demo.summary.home(DEMO_ANCHOR - dt.timedelta(days=365)))
    for key in ("risk_reviews", "control_reviews", "actions_overdue", "riddor_overdue"):
        assert earlier[key] <= later[key], key
    # far in the past nothing is due yet
    ancient = attention(demo.summary.home(dt.date(1990, 1, 1)))
    assert ancient["risk_reviews"] == ancient["control_reviews"] == 0
    assert ancient["actions_overdue"] == ancient["riddor_overdue"] == 0
    assert ancient["support_overdue"] == 0


def test_database_description_and_versions(demo: Any, demo_copy: Path) -> None:
    summary = demo.summary.home(DEMO_ANCHOR)
    assert summary.database == f"SQLite {demo.db.location}"
    assert str(demo_copy.name) in summary.database
    assert summary.schema_revision == demo.db.schema_revision and summary.schema_revision
    assert summary.app_version == __version__


def test_the_latest_backup_is_reported(demo: Any, tmp_path: Path) -> None:
    before = demo.summary.home(DEMO_ANCHOR)
    result = demo.backups.backup_now(tmp_path / "copy.db")
    after = demo.summary.home(DEMO_ANCHOR)
    assert after.last_backup is not None
    assert before.last_backup is None or after.last_backup >= before.last_backup
    assert after.last_backup_path == str(result.path)


def test_an_empty_database_counts_nothing(db: Any) -> None:
    from vpr_desktop.services.admin.users import identify

    summary = SummaryService(db, identify(db)).home(DEMO_ANCHOR)
    assert all(n == 0 for _name, n in summary.counts)
    assert all(a.count == 0 for a in summary.attention)
    assert summary.first_incident is None and summary.last_incident is None
    assert summary.last_backup is None and summary.last_backup_path is None
    assert summary.last_pack is None


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_read_the_summary(db: Any, role: Role) -> None:
    actor = Actor(username="someone", display_name="Someone", roles=frozenset({role}))
    summary = SummaryService(db, actor).home(DEMO_ANCHOR)
    assert [name for name, _ in summary.counts] == list(COUNTED_TABLES)


def test_no_role_no_summary(sqlite_db: Any) -> None:
    nobody = Actor(username="guest", display_name="Guest", roles=frozenset())
    with pytest.raises(PermissionDeniedError):
        SummaryService(sqlite_db, nobody).home(DEMO_ANCHOR)


def test_every_role_sees_the_same_numbers_on_home(demo: Any) -> None:
    """A staff-side rep or a board secretary, who may not open the risk register or the
    support queue, sees those cards as plain numbers -- the same numbers and words the VPR
    lead sees (the control card counted controls for them: 54 against the lead's 39)."""
    seen = {}
    for role in (Role.VPR_LEAD, Role.STAFF_SIDE_REP, Role.BOARD_SECRETARY, Role.COMMITTEE_CHAIR):
        actor = Actor(f"{role.value}.user", role.label, frozenset({role}))
        summary = SummaryService(demo.db, actor).home(DEMO_ANCHOR)
        seen[role] = {(a.key, a.label, a.count) for a in summary.attention}
    lead = seen.pop(Role.VPR_LEAD)
    assert any(key == "control_reviews" for key, _label, _n in lead)
    for role, cards in seen.items():
        assert cards == lead, role

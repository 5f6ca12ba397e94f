"""The demo-trust generator: realistic shape, referential integrity, determinism, cancel.

Small size only (about 13k rows, a fraction of a second per build) so the suite stays fast; the
large size is timed by ``benchmarks/bench_demo.py``, never in a unit test.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import text

from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import ControlType
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.enums import VprRoleType
from vpr_desktop.domain.models import Base
from vpr_desktop.domain.models import Site
from vpr_desktop.domain.refresher_dates import add_months
from vpr_desktop.services.demo.generate import DemoCancelled
from vpr_desktop.services.demo.generate import DemoStats
from vpr_desktop.services.demo.generate import generate_demo

ANCHOR = dt.date(2026, 6, 30)


def _engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA foreign_keys=ON")  # so a bad FK fails the insert itself

    Base.metadata.create_all(engine)
    return engine


def _build(path: Path, **kw: Any) -> tuple[Engine, DemoStats]:
    engine = _engine(path)
    with engine.begin() as conn:
        stats = generate_demo(conn, **{"size": "small", "seed": 1, "anchor": ANCHOR, **kw})
    return engine, stats


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, DemoStats]]:
    engine, stats = _build(tmp_path_factory.mktemp("demo") / "demo.db")
    yield engine, stats
    engine.dispose()


def q(engine: Engine, sql: str, **params: Any) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(text(sql), params))


def one(engine: Engine, sql: str, **params: Any) -> Any:
    return q(engine, sql, **params)[0][0]


def content_hash(engine: Engine) -> str:
    """SHA-256 over every table's rows in id order (the whole demo, not a sample)."""
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            digest.update(table.name.encode())
            for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_counts_match_the_small_trust(demo: tuple[Engine, DemoStats]) -> None:
    engine, stats = demo
    assert one(engine, "SELECT count(*) FROM staff_group") == 9
    assert one(engine, "SELECT count(*) FROM staff_group WHERE clinical = 0") == 2
    assert one(engine, "SELECT count(*) FROM site") == 3
    assert one(engine, "SELECT count(*) FROM person") == 800
    assert 1_000 <= one(engine, "SELECT count(*) FROM incident") <= 1_400
    assert one(engine, "SELECT count(*) FROM risk_assessment") == 120
    assert one(engine, "SELECT count(*) FROM action") == 60
    assert 3_000 <= one(engine, "SELECT count(*) FROM training_record") <= 8_000
    for table, count in stats.counts.items():
        assert one(engine, f'SELECT count(*) FROM "{table}"') == count, table
    assert stats.total_rows == sum(stats.counts.values()) > 10_000


def test_every_setting_type_has_a_location(demo: tuple[Engine, DemoStats]) -> None:
    engine, _ = demo
    found = {r[0] for r in q(engine, "SELECT DISTINCT setting_type FROM location")}
    assert found == {s.value for s in SettingType}
    assert one(engine, "SELECT count(*) FROM location WHERE directorate IS NULL") == 0
    # More incidents where they happen most: inpatient mental health and ED lead.
    top = [
        r[0]
        for r in q(
            engine,
            "SELECT l.setting_type FROM incident i JOIN location l "
            "ON l.id = i.location_id GROUP BY 1 ORDER BY count(*) DESC",
        )
    ]
    assert set(top[:2]) == {"inpatient_mental_health", "emergency_department"}


def test_no_orphan_foreign_keys(demo: tuple[Engine, DemoStats]) -> None:
    engine, _ = demo
    assert q(engine, "PRAGMA foreign_key_check") == []


def test_incident_month_matches_occurred_at(demo: tuple[Engine, DemoStats]) -> None:
    engine, _ = demo
    assert (
        one(engine, "SELECT count(*) FROM incident WHERE month <> substr(occurred_at, 1, 7)") == 0
    )
    refs = [r[0] for r in q(engine, "SELECT reference FROM incident ORDER BY id")]
    assert all(re.fullmatch(r"VPR-\d{6}", r) for r in refs)
    occurred = [r[0] for r in q(engine, "SELECT occurred_at FROM incident ORDER BY id")]
    assert occurred == sorted(occurred)  # VPR-000001 is the oldest
    # Whole months: the first month is complete, nothing after the anchor.
    first, last = q(engine, "SELECT min(occurred_at), max(occurred_at) FROM incident")[0]
    assert first[:10] >= "2024-07-01" and last[:10] < ANCHOR.isoformat()
    share = one(engine, "SELECT avg(external_ref IS NOT NULL) FROM incident")
    assert 0.85 <= share <= 0.95
    assert 0.05 <= one(engine, "SELECT avg(near_miss) FROM incident") <= 0.15
    assert one(
        engine,
        "SELECT count(*) FROM incident_type t JOIN incident i "
        "ON i.id = t.incident_id AND i.primary_type = t.incident_type",
    ) == one(engine, "SELECT count(*) FROM incident")
    assert (
        one(
            engine,
            "SELECT count(*) FROM (SELECT incident_id FROM incident_type "
            "GROUP BY 1 HAVING count(*) = 2)",
        )
        > 50
    )


def test_riddor_follows_the_rules(demo: tuple[Engine, DemoStats]) -> None:
    engine, _ = demo
    rows = q(
        engine,
        "SELECT (SELECT max(x.days_absent + x.restricted_duties_days) FROM incident_staff x "
        "WHERE x.incident_id = i.id), i.specified_injury, i.riddor_deadline, "
        "date(i.occurred_at), i.riddor_submitted_on, "
        "EXISTS(SELECT 1 FROM incident_type t WHERE t.incident_id = i.id "
        "AND t.incident_type = 'physical') FROM incident i "
        "WHERE riddor_status = :s",
        s=RiddorStatus.REPORTABLE.value,
    )
    assert len(rows) >= 10
    # Incapacity is days absent plus days on restricted duties (the domain rule's count).
    for days, specified, deadline, occurred, _submitted, physical in rows:
        assert physical and (days > 7 or specified)
        limit = 10 if specified else 15
        assert dt.date.fromisoformat(deadline) - dt.date.fromisoformat(occurred) == dt.timedelta(
            days=limit
        )
    overdue = [r for r in rows if r[4] is None and r[2] < ANCHOR.isoformat()]
    assert overdue, "some reportable incidents should be overdue and unsubmitted"


def test_support_steps_only_recent_and_some_overdue(demo: tuple[Engine, DemoStats]) -> None:
    engine, _ = demo
    oldest = one(
        engine,
        "SELECT min(i.occurred_at) FROM support_step s JOIN incident i ON i.id = s.incident_id",
    )
    assert oldest[:10] >= (ANCHOR - dt.timedelta(days=183)).isoformat()
    assert {r[0] for r in q(engine, "SELECT DISTINCT step_type FROM support_step")} == {
        "manager_check_in",
        "trim_72h",
        "occupational_health_offer",
        "trim_28d",
        "feedback_to_reporter",
    }
    assert (
        one(
            engine,
            "SELECT count(*) FROM support_step WHERE done_at IS NULL AND due_by < :now",
            now=ANCHOR.isoformat(),
        )
        > 0
    )
    # Affected staff were employed on the day of the incident.
    assert (
        one(
            engine,
            "SELECT count(*) FROM incident_staff x JOIN incident i "
            "ON i.id = x.incident_id WHERE NOT EXISTS (SELECT 1 FROM assignment a "
            "WHERE a.person_id = x.person_id AND a.start_date <= date(i.occurred_at) "
            "AND coalesce(a.end_date, '9999') >= date(i.occurred_at))",
        )
        == 0
    )
    assert one(
        engine,
        "SELECT count(*) FROM support_step s JOIN incident_staff x "
        "ON x.incident_id = s.incident_id AND x.person_id = s.person_id",
    ) == one(engine, "SELECT count(*) FROM support_step")


def test_risk_scores_are_valid_on_the_5x5(demo: tuple[Engine, DemoStats]) -> None:
    engine, _ = demo
    for row in q(
        engine,
        "SELECT inherent_likelihood, inherent_consequence, current_likelihood,"
        " current_consequence, target_likelihood, target_consequence, "
        "current_score FROM risk_assessment",
    ):
        assert all(1 <= v <= 5 for v in row[:6])
        assert row[6] == row[2] * row[3] and 1 <= row[6] <= 25
        assert row[2] <= row[0] and row[3] <= row[1]  # controls never make a risk worse
    types = {r[0] for r in q(engine, "SELECT DISTINCT control_type FROM risk_control")}
    assert types == {c.value for c in ControlType}
    assert (
        one(
            engine,
            "SELECT count(*) FROM risk_assessment WHERE review_date < :d AND status = 'open'",
            d=ANCHOR.isoformat(),
        )
        > 0
    )
    assert one(engine, "SELECT count(*) FROM risk_review") > 0


def test_training_compliance_is_realistic(demo: tuple[Engine, DemoStats]) -> None:
    engine, _ = demo
    compliance = one(
        engine,
        """
        SELECT avg(EXISTS(SELECT 1 FROM training_record r WHERE r.assignment_id = a.id
                          AND r.course_id = tr.course_id AND r.expires_on >= :d))
        FROM assignment a JOIN location l ON l.id = a.location_id
        JOIN training_requirement tr ON tr.staff_group_id = a.staff_group_id
             AND tr.setting_type = l.setting_type
        WHERE a.end_date IS NULL""",
        d=ANCHOR.isoformat(),
    )
    assert 0.70 <= compliance <= 0.95
    for days in (30, 60, 90):
        until = (ANCHOR + dt.timedelta(days=days)).isoformat()
        assert (
            one(
                engine,
                "SELECT count(*) FROM training_record WHERE expires_on BETWEEN :a AND :b",
                a=ANCHOR.isoformat(),
                b=until,
            )
            > 0
        )
    names = {r[0] for r in q(engine, "SELECT raw_competency FROM training_record")}
    assert "NHS|CSTF|Conflict Resolution|3 Years|" in names
    assert "457|LOCAL|Personal Safety Awareness|" in names
    assert (
        one(
            engine,
            "SELECT count(*) FROM compliance_target WHERE location_id IS NULL "
            "AND target_percent = 85",
        )
        == 6
    )
    # Completions fall inside the assignment and before the anchor.
    assert (
        one(
            engine,
            "SELECT count(*) FROM training_record r JOIN assignment a "
            "ON a.id = r.assignment_id WHERE r.completed_on < a.start_date "
            "OR r.completed_on > coalesce(a.end_date, :d) OR r.completed_on >= :d",
            d=ANCHOR.isoformat(),
        )
        == 0
    )


def test_staff_numbers_are_text_with_leading_zeros(demo: tuple[Engine, DemoStats]) -> None:
    engine, _ = demo
    assert one(engine, "SELECT count(*) FROM person WHERE employee_number LIKE '00%'") > 0
    second = one(engine, "SELECT count(*) FROM assignment WHERE assignment_number LIKE '%-2'")
    assert 5 <= second <= 50  # about 3% of 800
    assert (
        one(engine, "SELECT count(*) FROM assignment WHERE end_date < :d", d=ANCHOR.isoformat()) > 0
    )
    assert (
        one(
            engine,
            "SELECT count(*) FROM assignment a JOIN person p ON p.id = a.person_id "
            "WHERE a.assignment_number NOT LIKE p.employee_number || '%'",
        )
        == 0
    )


def test_users_roles_actions_and_settings(demo: tuple[Engine, DemoStats]) -> None:
    engine, _ = demo
    roles = q(
        engine,
        "SELECT u.username, r.role FROM app_user u JOIN user_role r "
        "ON r.user_id = u.id ORDER BY 1, 2",
    )
    assert roles == sorted(
        [
            ("vpr.lead", Role.ADMINISTRATOR.value),
            ("vpr.lead", "vpr_lead"),
            ("demo.chair", "committee_chair"),
            ("demo.staffside", "staff_side_rep"),
            ("demo.boardsec", "board_secretary"),
        ]
    )
    assert {r[0] for r in q(engine, "SELECT DISTINCT source FROM action")} == {
        s.value for s in ActionSource
    }
    assert {r[0] for r in q(engine, "SELECT DISTINCT status FROM action")} == {
        s.value for s in ActionStatus
    }
    # Closed actions carry both sign-offs; awaiting ones exactly the management one.
    assert (
        one(
            engine,
            "SELECT count(*) FROM action a WHERE status = 'closed' AND "
            "(SELECT count(*) FROM action_sign_off s WHERE s.action_id = a.id) <> 2",
        )
        == 0
    )
    assert (
        one(
            engine,
            "SELECT count(*) FROM action a WHERE status = 'awaiting_sign_off' AND "
            "(SELECT group_concat(side) FROM action_sign_off s "
            "WHERE s.action_id = a.id) IS NOT 'management'",
        )
        == 0
    )
    assert one(engine, "SELECT count(*) FROM meeting_action_review") > 0
    assert {r[0] for r in q(engine, "SELECT DISTINCT role_type FROM role_assignment")} == {
        r.value for r in VprRoleType
    }
    assert one(engine, "SELECT count(*) FROM role_assignment WHERE holder_id IS NULL") >= 1
    assert (
        one(
            engine,
            "SELECT count(*) FROM role_assignment WHERE competence_expires < :d",
            d=ANCHOR.isoformat(),
        )
        >= 1
    )
    assert (
        one(
            engine,
            "SELECT count(*) FROM role_assignment r JOIN assignment a "
            "ON a.person_id = r.holder_id WHERE a.end_date < :d",
            d=ANCHOR.isoformat(),
        )
        >= 1
    )
    settings = dict(q(engine, "SELECT key, value FROM setting"))
    assert "Northmoor" in settings["trust"]
    assert "trim_72h" in settings["support_pathway"]


def test_posts_needing_a_competence_hold_it_until_their_expiry(
    demo: tuple[Engine, DemoStats],
) -> None:
    engine, _ = demo
    rows = q(
        engine,
        "SELECT role_type, competence_required, competence_held, competence_expires "
        "FROM role_assignment WHERE competence_held IS NOT NULL ORDER BY id",
    )
    day = dt.timedelta(days=1)
    assert [(r[0], r[1], r[2], dt.date.fromisoformat(str(r[3]))) for r in rows] == [
        (
            "vpr_lead",
            "VPR lead development programme",
            "VPR lead development programme (2024)",
            ANCHOR + 400 * day,
        ),
        (
            "post_incident_support_lead",
            "TRiM practitioner",
            "TRiM practitioner",
            ANCHOR + 200 * day,
        ),
        (
            "trainer_restrictive_intervention",
            "RRN-certified trainer (BILD ACT)",
            "RRN-certified trainer (BILD ACT)",
            ANCHOR - 45 * day,
        ),
        (
            "trainer_conflict_resolution",
            "Conflict resolution trainer",
            "Conflict resolution trainer",
            ANCHOR + 300 * day,
        ),
    ]


def test_rows_are_stamped_from_the_anchor_not_the_clock(demo: tuple[Engine, DemoStats]) -> None:
    engine, _ = demo
    assert one(engine, "SELECT count(*) FROM person WHERE version <> 1") == 0
    midnight = f"{ANCHOR.isoformat()} 00:00:00.000000"  # SQLite's DateTime text form
    for table in ("incident", "action", "action_update", "support_step", "person"):
        assert one(engine, f'SELECT max(created_at) FROM "{table}"') <= midnight
        assert one(engine, f'SELECT max(updated_at) FROM "{table}"') <= midnight


_BUILD_IN_CHILD = """
import datetime as dt, sys
from tests.services.demo.test_demo import _build
engine, _ = _build(sys.argv[1], seed=7, anchor=dt.date.fromisoformat(sys.argv[2]))
engine.dispose()
"""


def test_same_seed_and_anchor_give_identical_content(tmp_path: Path) -> None:
    # The twin is built in another process with another string-hash seed, so an iteration
    # over a set or dict of strings somewhere in the generator would show up here.
    subprocess.run(
        [sys.executable, "-c", _BUILD_IN_CHILD, str(tmp_path / "b.db"), ANCHOR.isoformat()],
        check=True,
        cwd=Path(__file__).parents[3],
        env={**os.environ, "PYTHONHASHSEED": "4242"},
    )
    a, _ = _build(tmp_path / "a.db", seed=7)
    b = create_engine(f"sqlite:///{tmp_path / 'b.db'}")
    c, _ = _build(tmp_path / "c.db", seed=8)
    try:
        assert content_hash(a) == content_hash(b)
        assert content_hash(a) != content_hash(c)
    finally:
        for engine in (a, b, c):
            engine.dispose()


def test_cancel_raises_and_rollback_leaves_tables_empty(tmp_path: Path) -> None:
    engine = _engine(tmp_path / "cancel.db")
    written: list[int] = []

    with pytest.raises(DemoCancelled), engine.begin() as conn:

        def cancelled() -> bool:  # cancel only once rows have really been inserted
            written.append(conn.execute(text("SELECT count(*) FROM incident")).scalar_one())
            return written[-1] > 0

        generate_demo(conn, anchor=ANCHOR, is_cancelled=cancelled)
    assert written[-1] > 0
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            assert conn.execute(select(func.count()).select_from(table)).scalar() == 0
    engine.dispose()


def test_progress_is_reported_in_order(tmp_path: Path) -> None:
    seen: list[tuple[int, str]] = []
    engine, _ = _build(tmp_path / "p.db", progress=lambda pct, stage: seen.append((pct, stage)))
    engine.dispose()
    percents = [p for p, _ in seen]
    assert percents == sorted(percents) and percents[0] == 0 and percents[-1] == 100
    assert len({s for _, s in seen}) >= 6


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2026, 6, 30), -36) == dt.date(2023, 6, 30)
    assert add_months(dt.date(2025, 12, 15), 1) == dt.date(2026, 1, 15)


def test_a_trust_of_a_chosen_size_and_incident_rate(tmp_path: Path) -> None:
    """400 staff at 120 incidents per 1,000 a year over the small preset's two years: 96."""
    engine, stats = _build(tmp_path / "scaled.db", staff=400, incidents_per_1000=120.0)
    assert stats.counts["person"] == 400
    assert stats.counts["incident"] == 96
    assert one(engine, "SELECT detail FROM audit_event WHERE entity = 'demo'") == (
        "Demo trust generated (small, seed 1, anchor 2026-06-30, 400 staff, 96 incidents)"
    )
    engine.dispose()
    with pytest.raises(ValueError, match="at least 100 staff"):
        _build(tmp_path / "tiny.db", staff=20)
    with pytest.raises(ValueError, match="more than 0"):
        _build(tmp_path / "none.db", staff=400, incidents_per_1000=0.0)


def test_rejects_unknown_size(tmp_path: Path) -> None:
    engine = _engine(tmp_path / "x.db")
    with pytest.raises(ValueError, match="size"), engine.begin() as conn:
        generate_demo(conn, size="huge")  # type: ignore[arg-type]
    engine.dispose()


def test_postgresql_sequences_continue_after_the_demo(pg_url: str) -> None:
    """Ids are assigned by the generator, so PostgreSQL serials must be moved past them."""
    engine = create_engine(pg_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        Base.metadata.create_all(engine)
        with engine.begin() as conn:
            stats = generate_demo(conn, anchor=ANCHOR)
        with engine.begin() as conn:
            new_id = conn.execute(
                insert(Site)
                .values(code="NEW", name="New site", active=True, version=1)
                .returning(Site.id)
            ).scalar()
        assert new_id == stats.counts["site"] + 1
    finally:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()


def test_staff_have_line_managers_and_support_steps_their_owner(
    demo: tuple[Engine, DemoStats],
) -> None:
    """Each location's manager manages the others posted there, and a support step belongs to
    its staff member's line manager, as a real incident's steps do by default."""
    engine, _ = demo
    with engine.connect() as conn:
        people, managed = conn.execute(
            text("SELECT count(*), count(line_manager_id) FROM person")
        ).one()
        steps, owned = conn.execute(
            text("SELECT count(*), count(owner_id) FROM support_step")
        ).one()
        mismatched = conn.execute(
            text(
                "SELECT count(*) FROM support_step s JOIN person p ON p.id = s.person_id "
                "WHERE s.owner_id IS NOT p.line_manager_id"
            )
        ).scalar()
        own_manager = conn.execute(
            text("SELECT count(*) FROM person WHERE line_manager_id = id")
        ).scalar()
    assert managed > people * 0.7 and owned > steps * 0.7
    assert mismatched == 0 and own_manager == 0

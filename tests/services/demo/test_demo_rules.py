"""The demo trust obeys the rules the app enforces on real data: time runs forwards, nothing
happens after the anchor date, characteristics only with consent, police and court outcomes
follow each other, RIDDOR decisions agree with the domain rule, and action statuses agree with
their timelines and sign-offs.

Why: the demo is what a trust sees first and what the screenshots and training use; a record
the app itself could never produce (an action closed with one signature, a characteristic kept
without consent) would teach the wrong thing. Read from the session's demo file (read-only).
"""

from __future__ import annotations

import collections
import datetime as dt
import itertools
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DEMO_ANCHOR
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import ActionUpdateKind
from vpr_desktop.domain.enums import CpsOutcome
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import PoliceOutcome
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.enums import Side
from vpr_desktop.domain.riddor import PersonIncapacity
from vpr_desktop.domain.riddor import RiddorFacts
from vpr_desktop.domain.riddor import assess

END = (DEMO_ANCHOR + dt.timedelta(days=1)).isoformat()  # stored times are before this


@pytest.fixture(scope="module")
def con(demo_db_file: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{demo_db_file}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()


def count(con: sqlite3.Connection, sql: str, *params: Any) -> int:
    return int(con.execute(sql, params).fetchone()[0])


# ----------------------------------------------------------------------------- dates


def test_incidents_are_reported_after_they_happen_and_before_the_anchor(
    con: sqlite3.Connection,
) -> None:
    assert count(con, "SELECT count(*) FROM incident") > 1000
    assert count(con, "SELECT count(*) FROM incident WHERE reported_at IS NULL") == 0
    assert count(con, "SELECT count(*) FROM incident WHERE reported_at < occurred_at") == 0
    assert count(con, "SELECT count(*) FROM incident WHERE reported_at >= ?", END) == 0
    assert (
        count(
            con,
            "SELECT count(*) FROM incident WHERE feedback_given_on IS NOT NULL AND "
            "(feedback_given_on < date(occurred_at) OR feedback_given_on > ?)",
            DEMO_ANCHOR.isoformat(),
        )
        == 0
    )


def test_support_steps_fall_after_the_report(con: sqlite3.Connection) -> None:
    rows = con.execute(
        "SELECT s.due_by, s.done_at, s.declined, s.done_by, i.reported_at FROM support_step s "
        "JOIN incident i ON i.id = s.incident_id"
    ).fetchall()
    assert len(rows) > 100
    for due, done, declined, done_by, reported in rows:
        assert due > reported
        if done is not None:
            assert reported <= done < END
            assert done_by
        else:
            assert not declined and done_by is None  # declining is recorded as done
    assert any(declined for _d, _x, declined, _b, _r in rows)


def test_training_and_reviews_are_never_in_the_future(con: sqlite3.Connection) -> None:
    anchor = DEMO_ANCHOR.isoformat()
    assert count(con, "SELECT count(*) FROM training_record WHERE completed_on > ?", anchor) == 0
    assert count(con, "SELECT count(*) FROM training_record WHERE expires_on <= completed_on") == 0
    assert count(con, "SELECT count(*) FROM risk_review WHERE reviewed_on > ?", anchor) == 0
    assert count(con, "SELECT count(*) FROM assignment WHERE end_date < start_date") == 0
    # Training was done while employed on that assignment.
    assert (
        count(
            con,
            "SELECT count(*) FROM training_record r JOIN assignment a ON a.id = r.assignment_id "
            "WHERE a.end_date IS NOT NULL AND r.completed_on > a.end_date",
        )
        == 0
    )


# ----------------------------------------------------------------------------- consent


def test_characteristics_are_kept_only_with_consent(con: sqlite3.Connection) -> None:
    with_consent = count(
        con,
        "SELECT count(*) FROM staff_characteristic c JOIN incident_staff x "
        "ON x.id = c.incident_staff_id WHERE x.pc_consent = 1",
    )
    assert with_consent > 0
    assert count(con, "SELECT count(*) FROM staff_characteristic") == with_consent
    # A hate incident where the person consented records the characteristic targeted.
    missing = count(
        con,
        "SELECT count(*) FROM incident i JOIN incident_staff x ON x.incident_id = i.id "
        "WHERE i.hate_strand IS NOT NULL AND x.pc_consent = 1 AND NOT EXISTS "
        "(SELECT 1 FROM staff_characteristic c WHERE c.incident_staff_id = x.id)",
    )
    assert missing == 0


def test_contact_consent_answers_carry_their_day_and_recorder(con: sqlite3.Connection) -> None:
    rows = con.execute(
        "SELECT contact_consent, contact_consent_on, contact_consent_by FROM incident_staff"
    ).fetchall()
    for answer, on, by in rows:
        if answer is None:
            assert on is None and by is None
        else:
            assert on is not None and on <= DEMO_ANCHOR.isoformat() and by


# ----------------------------------------------------------------------------- police


def test_police_fields_agree(con: sqlite3.Connection) -> None:
    rows = con.execute(
        "SELECT police_informed, crime_reference, police_outcome, cps_outcome, aewa_sanction "
        "FROM incident"
    ).fetchall()
    informed = [r for r in rows if r[0]]
    assert 0 < len(informed) < len(rows)
    for told, crime_ref, police, cps, aewa in rows:
        assert (crime_ref is not None) == bool(told)
        assert (police == PoliceOutcome.NOT_REPORTED) == (not told)
        if police != PoliceOutcome.CHARGED:
            assert cps == CpsOutcome.NOT_APPLICABLE
        if aewa:
            assert cps == CpsOutcome.CONVICTED
    assert any(r[3] == CpsOutcome.CONVICTED for r in rows)


# ----------------------------------------------------------------------------- RIDDOR


def _riddor_cases(con: sqlite3.Connection) -> list[tuple[str, RiddorStatus, dict[str, Any]]]:
    types: dict[int, list[str]] = collections.defaultdict(list)
    for iid, kind in con.execute("SELECT incident_id, incident_type FROM incident_type"):
        types[iid].append(kind)
    people: dict[int, list[PersonIncapacity]] = collections.defaultdict(list)
    for iid, absent, restricted, stress in con.execute(
        "SELECT incident_id, days_absent, restricted_duties_days, absence_reason_stress "
        "FROM incident_staff"
    ):
        people[iid].append(PersonIncapacity(absent, restricted, bool(stress)))
    out = []
    for iid, ref, occurred, near, dispute, injury, specified, status in con.execute(
        "SELECT id, reference, occurred_at, near_miss, personal_dispute, injury, "
        "specified_injury, riddor_status FROM incident WHERE riddor_status <> ?",
        (RiddorStatus.NOT_ASSESSED.value,),
    ):
        facts = RiddorFacts(
            dt.date.fromisoformat(occurred[:10]),
            frozenset(IncidentType(v) for v in types[iid]),
            near_miss=bool(near),
            personal_dispute=bool(dispute),
            injury=bool(injury),
            specified_injury=bool(specified),
            people=tuple(people[iid]),
        )
        restricted = any(p.restricted_duties_days for p in people[iid])
        out.append(
            (ref, assess(facts).status, {"stored": status, "restricted": restricted, "f": facts})
        )
    return out


def test_riddor_agrees_with_the_rule_when_no_restricted_duties(con: sqlite3.Connection) -> None:
    cases = [c for c in _riddor_cases(con) if not c[2]["restricted"]]
    assert len(cases) > 1000
    wrong = [(ref, rule, info["stored"]) for ref, rule, info in cases if rule != info["stored"]]
    assert wrong == []
    statuses = {rule for _ref, rule, _info in cases}
    assert {RiddorStatus.REPORTABLE, RiddorStatus.NOT_REPORTABLE} <= statuses


def test_riddor_agrees_with_the_rule_for_every_assessed_incident(
    con: sqlite3.Connection,
) -> None:
    wrong = [(ref, rule, i["stored"]) for ref, rule, i in _riddor_cases(con) if rule != i["stored"]]
    assert wrong == []


def test_reportable_incidents_have_deadlines_and_submissions_follow(
    con: sqlite3.Connection,
) -> None:
    rows = con.execute(
        "SELECT riddor_status, riddor_deadline, riddor_submitted_on, riddor_reference, "
        "date(occurred_at) FROM incident"
    ).fetchall()
    for status, deadline, submitted, reference, occurred in rows:
        if status == RiddorStatus.REPORTABLE:
            assert deadline is not None and deadline > occurred
        else:
            assert deadline is None and submitted is None and reference is None
        if submitted is not None:
            assert occurred < submitted <= DEMO_ANCHOR.isoformat()
            assert reference is not None and reference.startswith(submitted[:4])


# ----------------------------------------------------------------------------- actions


def test_action_statuses_agree_with_closing_and_cancelling(con: sqlite3.Connection) -> None:
    rows = con.execute(
        "SELECT id, status, closed_at, cancel_reason, created_at FROM action"
    ).fetchall()
    assert {r[1] for r in rows} == {s.value for s in ActionStatus}
    for _id, status, closed_at, reason, created in rows:
        assert (closed_at is not None) == (status == ActionStatus.CLOSED)
        assert (reason is not None) == (status == ActionStatus.CANCELLED)
        if closed_at is not None:
            assert created <= closed_at < END


def test_closed_actions_hold_both_signatures_before_closing(con: sqlite3.Connection) -> None:
    closed = con.execute(
        "SELECT id, closed_at FROM action WHERE status = ?", (ActionStatus.CLOSED.value,)
    ).fetchall()
    assert closed
    for aid, closed_at in closed:
        signed = dict(
            con.execute(
                "SELECT side, signed_at FROM action_sign_off WHERE action_id = ?", (aid,)
            ).fetchall()
        )
        assert set(signed) == {s.value for s in Side}, aid
        assert all(at <= closed_at for at in signed.values())
    # Nobody signs an action that is still open or in progress.
    assert (
        count(
            con,
            "SELECT count(*) FROM action_sign_off s JOIN action a ON a.id = s.action_id "
            "WHERE a.status IN (?, ?)",
            ActionStatus.OPEN.value,
            ActionStatus.IN_PROGRESS.value,
        )
        == 0
    )


def test_each_timeline_runs_forwards_and_ends_in_the_status(con: sqlite3.Connection) -> None:
    actions = dict(con.execute("SELECT id, status FROM action").fetchall())
    created = dict(con.execute("SELECT id, created_at FROM action").fetchall())
    timeline: dict[int, list[tuple[str, str, str | None, str | None]]] = collections.defaultdict(
        list
    )
    for aid, at, kind, old, new in con.execute(
        "SELECT action_id, at, kind, old_status, new_status FROM action_update ORDER BY at, id"
    ):
        timeline[aid].append((at, kind, old, new))
    for aid, status in actions.items():
        events = timeline[aid]
        assert all(created[aid] <= at < END for at, *_ in events), aid
        changes = [
            (old, new)
            for _at, kind, old, new in events
            if kind in (ActionUpdateKind.STATUS_CHANGE, ActionUpdateKind.REOPEN) and new
        ]
        if status == ActionStatus.OPEN:
            assert not changes or changes[-1][1] == ActionStatus.OPEN
        else:
            assert changes, aid
            assert changes[-1][1] == status, aid
        # Each change starts from where the previous one ended.
        for (_o1, n1), (o2, _n2) in itertools.pairwise(changes):
            assert o2 == n1, aid

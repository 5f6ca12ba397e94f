"""Support steps owned by people (issue 18), on SQLite and PostgreSQL: the default owner is the
reporter's line manager where the staff record names one; steps are reassigned one or many at
once in one transaction, audited; the queue filters by owner, "unassigned" and "mine"; a step
planned before its earliest time carries the warning; the reporter-feedback step reads as such.
"""

# ruff: noqa: F811  (the fixtures ref and svc come from the incident service tests)

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func
from sqlalchemy import select

from tests.services.incidents.test_incidents import CHAIR
from tests.services.incidents.test_incidents import LEAD
from tests.services.incidents.test_incidents import TODAY
from tests.services.incidents.test_incidents import UTC
from tests.services.incidents.test_incidents import Ref
from tests.services.incidents.test_incidents import physical
from tests.services.incidents.test_incidents import ref  # noqa: F401
from tests.services.incidents.test_incidents import staff
from tests.services.incidents.test_incidents import steps_by_person
from tests.services.incidents.test_incidents import svc  # noqa: F401
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import ConflictError
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import SupportStep
from vpr_desktop.domain.models import User
from vpr_desktop.domain.support_pathway import shown_label
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents.service import IncidentService
from vpr_desktop.services.incidents.support_queue import UNASSIGNED
from vpr_desktop.services.incidents.support_queue import SupportQueueSource


def _manage(db, ref: Ref, number: str, manager: str) -> None:  # type: ignore[no-untyped-def]
    with UnitOfWork(db, LEAD) as uow:
        person = uow.get(Person, ref.people[number])
        person.line_manager_id = ref.people[manager]


def test_steps_default_to_the_reporters_line_manager_else_unassigned(
    db, svc: IncidentService, ref: Ref
) -> None:  # type: ignore[no-untyped-def]
    unmanaged = svc.create(physical(ref))
    assert {s.owner_id for s in unmanaged.steps} == {None}
    _manage(db, ref, "1001", "1003")
    managed = svc.create(physical(ref))
    assert {s.owner_id for s in managed.steps} == {ref.people["1003"]}
    assert {s.owner_name for s in managed.steps} == {"Jo Bloggs"}
    # the reporter's manager owns the colleague's steps too; the other reporter's do not
    other = svc.create(physical(ref, staff=(staff(ref, "1002"), staff(ref, "1001"))))
    assert {s.owner_id for s in other.steps} == {None}


def test_bulk_reassign_is_one_audited_transaction(db, svc: IncidentService, ref: Ref) -> None:  # type: ignore[no-untyped-def]
    d = svc.create(physical(ref))
    picked = [(s.id, s.version) for s in d.steps[:3]]
    assert svc.reassign_steps(picked, ref.people["1003"]) == 3
    with reading(db) as s:
        owners = s.scalars(
            select(SupportStep.owner_id).where(SupportStep.id.in_([i for i, _ in picked]))
        )
        assert set(owners) == {ref.people["1003"]}
        audited = s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.entity == "support_step", AuditEvent.action == AuditAction.UPDATE)
        )
    assert audited == 3
    # one stale version: nothing changes, not even the fresh ones
    fresh = [(s.id, svc.step(s.id).version) for s in d.steps[:2]]
    stale = (d.steps[3].id, d.steps[3].version + 5)
    with pytest.raises(ConflictError):
        svc.reassign_steps([*fresh, stale], ref.people["1002"])
    assert {svc.step(i).owner_id for i, _ in fresh} == {ref.people["1003"]}
    # a closed step cannot be reassigned; an unknown person is refused
    done = svc.complete_step(d.steps[4].id, dt.datetime(2026, 6, 2, 9, 0, tzinfo=UTC))
    with pytest.raises(ValidationError, match="already done"):
        svc.reassign_steps([(done.id, done.version)], ref.people["1002"])
    with pytest.raises(ValidationError, match="no longer on the staff list"):
        svc.reassign_steps(fresh, 999_999)
    # back to unassigned
    assert svc.reassign_steps(fresh, None) == 2
    assert {svc.step(i).owner_id for i, _ in fresh} == {None}
    with pytest.raises(PermissionDeniedError):
        IncidentService(db, CHAIR, today=TODAY).reassign_steps(fresh, ref.people["1003"])


def test_queue_filters_owner_unassigned_and_mine(db, svc: IncidentService, ref: Ref) -> None:  # type: ignore[no-untyped-def]
    d = svc.create(physical(ref))
    mine = [(s.id, s.version) for s in d.steps[:2]]
    svc.reassign_steps(mine, ref.people["1002"])
    svc.reassign_steps([(d.steps[2].id, d.steps[2].version)], ref.people["1003"])
    with UnitOfWork(db, LEAD) as uow:
        user = User(username="sam", display_name="Sam Shah", person_id=ref.people["1002"])
        uow.session.add(user)
        uow.session.flush()
        user_id = user.id
    sam = Actor("sam", "Sam Shah", frozenset({Role.VPR_LEAD}), user_id=user_id)
    queue = IncidentService(db, sam, today=TODAY).support_queue()
    total = queue.count(PageRequest())
    assert total == len(d.steps)
    assert queue.count(PageRequest(filters={"mine": True})) == 2
    assert queue.count(PageRequest(filters={"owner_id": ref.people["1003"]})) == 1
    assert queue.count(PageRequest(filters={"owner_id": UNASSIGNED})) == total - 3
    rows = queue.page(PageRequest(filters={"mine": True})).rows
    owner = [c.key for c in SupportQueueSource.columns].index("owner")
    assert {r[owner] for r in rows} == {"Sam Shah"}
    assert "Unassigned" in {r[owner] for r in queue.page(PageRequest()).rows}
    # an account linked to no person owns nothing
    assert svc.support_queue().count(PageRequest(filters={"mine": True})) == 0
    assert [p[0] for p in svc.step_owners()] == [ref.people["1003"], ref.people["1002"]]


def test_planned_before_the_earliest_time_is_warned_not_refused(
    svc: IncidentService, ref: Ref
) -> None:
    d = svc.create(physical(ref, types=(IncidentType.PHYSICAL,)))
    trim = steps_by_person(d)[ref.people["1001"]]["trim_72h"]
    assert trim.not_before == dt.datetime(2026, 6, 4, 10, 0, tzinfo=UTC)
    early = svc.plan_step(trim.id, dt.datetime(2026, 6, 3, 9, 0, tzinfo=UTC), trim.version)
    assert early.planned_at == dt.datetime(2026, 6, 3, 9, 0, tzinfo=UTC)
    assert early.planned_too_early
    later = svc.plan_step(trim.id, dt.datetime(2026, 6, 5, 9, 0, tzinfo=UTC), early.version)
    assert not later.planned_too_early
    with pytest.raises(ValidationError, match="before the incident"):
        svc.plan_step(trim.id, dt.datetime(2026, 5, 1, tzinfo=UTC), later.version)
    cleared = svc.plan_step(trim.id, None, later.version)
    assert cleared.planned_at is None and not cleared.planned_too_early


def test_reporter_feedback_step_reads_as_such(svc: IncidentService, ref: Ref) -> None:
    d = svc.create(physical(ref))
    feedback = [s for s in d.steps if s.is_reporter_feedback]
    assert [s.person_id for s in feedback] == [ref.people["1001"]]
    queue = svc.support_queue()
    step = [c.key for c in SupportQueueSource.columns].index("step")
    rows = queue.page(PageRequest(filters={"step_type": "feedback_to_reporter"})).rows
    assert [r[step] for r in rows] == ["Feedback to the reporter"]
    # a trust's own word for it still says what it is
    assert shown_label("feedback_to_reporter", "Close the loop") == (
        "Close the loop (feedback to the reporter)"
    )
    assert shown_label("welfare_check", "Close the loop") == "Close the loop"

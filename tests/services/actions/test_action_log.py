"""The joint action log service — on SQLite and PostgreSQL (the ``db`` fixture)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy import text

from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import ActionUpdateKind
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import Side
from vpr_desktop.domain.errors import ConflictError
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import User
from vpr_desktop.services.actions.listing import ActionListSource
from vpr_desktop.services.actions.records import ActionDraft
from vpr_desktop.services.actions.service import ActionLogService
from vpr_desktop.services.admin.users import create_user
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading

St = ActionStatus
M, S = Side.MANAGEMENT, Side.STAFF_SIDE
TODAY = dt.date(2026, 6, 30)
DAY = dt.timedelta(days=1)


@dataclass
class World:
    db: Any
    lead: Actor
    chair: Actor
    rep: Actor
    rep2: Actor
    board: Actor
    people: dict[str, int]

    def svc(self, actor: Actor) -> ActionLogService:
        return ActionLogService(self.db, actor, today=TODAY)


def make_world(db: Any) -> World:
    """An administrator, a VPR lead, a chair, two staff-side reps, a board secretary; four
    people (two managers, two staff-side reps), each rep's and the lead's account linked."""
    admin = create_user(db, None, "admin", "Ada Admin", [Role.ADMINISTRATOR])
    lead = create_user(db, admin, "lead", "Pat Lead", [Role.VPR_LEAD])
    chair = create_user(db, admin, "chair", "Chris Chair", [Role.COMMITTEE_CHAIR])
    rep = create_user(db, admin, "rep", "Xena Rep", [Role.STAFF_SIDE_REP])
    rep2 = create_user(db, admin, "rep2", "Yusuf Rep", [Role.STAFF_SIDE_REP])
    board = create_user(db, admin, "board", "Bo Secretary", [Role.BOARD_SECRETARY])
    names = {
        "ann": ("Ann", "Manager"),
        "ben": ("Ben", "Manager"),
        "xena": ("Xena", "Rep"),
        "yusuf": ("Yusuf", "Rep"),
    }
    people: dict[str, int] = {}
    with UnitOfWork(db, admin) as uow:
        for i, (key, (first, last)) in enumerate(names.items()):
            person = Person(employee_number=f"E{i:03d}", first_name=first, last_name=last)
            uow.session.add(person)
            uow.session.flush()
            people[key] = person.id
        for username, key in (("lead", "ann"), ("rep", "xena"), ("rep2", "yusuf")):
            user = uow.session.scalar(select(User).where(User.username == username))
            assert user is not None
            user.person_id = people[key]
    return World(db, lead, chair, rep, rep2, board, people)


@pytest.fixture
def world(db: Any) -> World:
    return make_world(db)


def draft(title: str = "Fit a second exit to the ward office", **kw: Any) -> ActionDraft:
    return ActionDraft(title=title, source=kw.pop("source", ActionSource.RISK), **kw)


def agreed(world: World, a: Any, owner: str = "xena") -> Any:
    """Management raised ``a``, so it is proposed: the staff side accepts it, naming its
    owner, and it is live (both ways: issue 18)."""
    return world.svc(world.rep).accept(a.id, a.version, world.people[owner])


def audit_for(db: Any, action_id: int) -> list[tuple[str, str, str, str]]:
    """(who, what, table, detail) for every audit row about one action, in written order."""
    out = []
    with reading(db) as s:
        for r in s.scalars(select(AuditEvent).order_by(AuditEvent.id)):
            row = r.after or r.before or {}
            if r.entity == "action" and r.entity_id == str(action_id):
                detail = (r.after or {}).get("status", "") if r.action != "sign_off" else ""
            elif r.entity == "action_update" and row.get("action_id") == action_id:
                detail = f"{row['kind']}:{row.get('new_status') or ''}"
            elif r.entity == "action_sign_off" and row.get("action_id") == action_id:
                detail = row["side"]
            else:
                continue
            out.append((r.username, str(r.action), r.entity, detail))
    return out


# ------------------------------------------------------------------------- acceptance 1
def test_action_walks_from_open_to_closed_with_joint_sign_off(world: World) -> None:
    lead, rep = world.svc(world.lead), world.svc(world.rep)
    a = lead.create(
        draft(
            management_owner_id=world.people["ann"],
            staff_side_owner_id=world.people["xena"],
            due_date=TODAY + 30 * DAY,
        )
    )
    assert (a.reference, a.status, a.version, a.proposed_by) == ("ACT-0001", St.OPEN, 1, M)
    assert (a.management_owner_name, a.staff_side_owner_name) == ("Ann Manager", "Xena Rep")
    a = agreed(world, a)
    assert a.proposed_by is None
    a = lead.set_status(a.id, a.version, St.IN_PROGRESS)
    rep.add_update(a.id, "Estates have quoted for the door.")

    with pytest.raises(ValidationError, match="both signed"):
        lead.set_status(a.id, a.version, St.CLOSED)
    with pytest.raises(ValidationError) as still_open:  # work not done: nothing to sign
        lead.sign_off(a.id)
    assert still_open.value.message == (
        "This action is still in progress; only an action marked done can be signed off."
    )
    assert lead.capabilities(a).sign_as == frozenset()  # the UI offers no sign-off either
    a = lead.set_status(a.id, a.version, St.AWAITING_SIGN_OFF)  # Mark done
    assert lead.capabilities(a).sign_as == {M}
    a = lead.sign_off(a.id)
    assert a.status is St.AWAITING_SIGN_OFF and a.signed_sides == {M}
    before = len(audit_for(world.db, a.id))
    with pytest.raises(ValidationError, match="still waiting for the staff side"):
        lead.set_status(a.id, a.version, St.CLOSED)  # closing with one signature is refused
    with pytest.raises(ValidationError, match="already signed"):
        world.svc(world.chair).sign_off(a.id)  # the chair signs for management, already done
    assert len(audit_for(world.db, a.id)) == before  # refusals write nothing

    a = rep.sign_off(a.id)  # the second side's signature closes it
    assert a.status is St.CLOSED and a.closed_at is not None
    assert a.signed_sides == {M, S}
    assert a.sign_off_for(S).signed_by_name == "Xena Rep"
    assert [(e.kind, e.new_status) for e in a.timeline[-2:]] == [
        (ActionUpdateKind.SIGN_OFF, None),
        (ActionUpdateKind.STATUS_CHANGE, St.CLOSED),
    ]

    with pytest.raises(ValidationError, match="Give a reason for reopening"):
        rep.reopen(a.id, "")
    a = rep.reopen(a.id, "The door has been wedged open again.")
    assert a.status is St.IN_PROGRESS and a.signed_sides == frozenset() and a.closed_at is None
    last = a.timeline[-1]
    assert (last.kind, last.side, last.text, last.old_status, last.new_status, last.by_name) == (
        ActionUpdateKind.REOPEN,
        S,
        "The door has been wedged open again.",
        St.CLOSED,
        St.IN_PROGRESS,
        "Xena Rep",
    )
    assert [e.at for e in a.timeline] == sorted(e.at for e in a.timeline)

    assert audit_for(world.db, a.id) == [
        ("lead", "create", "action", "open"),
        ("lead", "create", "action_update", "status_change:open"),
        ("rep", "update", "action", ""),
        ("rep", "create", "action_update", "update:"),
        ("lead", "create", "action_update", "status_change:in_progress"),
        ("lead", "update", "action", "in_progress"),
        ("rep", "create", "action_update", "update:"),
        ("lead", "create", "action_update", "status_change:awaiting_sign_off"),
        ("lead", "update", "action", "awaiting_sign_off"),
        ("lead", "create", "action_sign_off", "management"),
        ("lead", "create", "action_update", "sign_off:"),
        ("lead", "sign_off", "action", ""),
        ("rep", "create", "action_sign_off", "staff_side"),
        ("rep", "create", "action_update", "sign_off:"),
        ("rep", "create", "action_update", "status_change:closed"),
        ("rep", "update", "action", "closed"),
        ("rep", "sign_off", "action", ""),
        ("rep", "create", "action_update", "reopen:in_progress"),
        ("rep", "update", "action", "in_progress"),
        ("rep", "delete", "action_sign_off", "management"),
        ("rep", "delete", "action_sign_off", "staff_side"),
    ]


def test_one_person_cannot_sign_for_both_sides(world: World) -> None:
    both = Actor("dual", "Dee Dual", frozenset({Role.VPR_LEAD, Role.STAFF_SIDE_REP}))
    svc = world.svc(both)
    # acting for both sides and naming both owners: live at once
    a = svc.create(
        draft(management_owner_id=world.people["ann"], staff_side_owner_id=world.people["xena"])
    )
    assert a.proposed_by is None
    a = world.svc(world.lead).set_status(a.id, a.version, St.AWAITING_SIGN_OFF)
    with pytest.raises(ValidationError, match="Say which side"):
        svc.sign_off(a.id)
    svc.sign_off(a.id, side=M)
    with pytest.raises(ValidationError, match="two people"):
        svc.sign_off(a.id, side=S)
    with pytest.raises(PermissionDeniedError):
        world.svc(world.chair).sign_off(a.id, side=S)


# ------------------------------------------------------------------------- acceptance 2
def test_staff_side_editing_the_due_date_is_refused_by_the_service(world: World) -> None:
    lead, rep = world.svc(world.lead), world.svc(world.rep)
    a = lead.create(draft(due_date=TODAY))
    audit_before = len(audit_for(world.db, a.id))
    with pytest.raises(PermissionDeniedError, match=r"due date.*management side"):
        rep.update_fields(a.id, a.version, {"due_date": TODAY + 90 * DAY})
    with pytest.raises(PermissionDeniedError):
        rep.update_fields(
            a.id, a.version, {"staff_side_owner_id": world.people["xena"], "priority": "high"}
        )
    unchanged = lead.get(a.id)
    assert (unchanged.due_date, unchanged.version) == (TODAY, a.version)
    assert len(audit_for(world.db, a.id)) == audit_before

    # The staff side co-owns: it sets its own owner; management may not.
    b = rep.update_fields(a.id, a.version, {"staff_side_owner_id": world.people["xena"]})
    assert b.staff_side_owner_name == "Xena Rep" and b.version == a.version + 1
    assert b.timeline[-1].text == "Changed staff-side owner: none → Xena Rep."
    with pytest.raises(PermissionDeniedError, match="staff side"):
        lead.update_fields(b.id, b.version, {"staff_side_owner_id": world.people["yusuf"]})
    c = lead.update_fields(b.id, b.version, {"due_date": TODAY + 14 * DAY, "priority": "high"})
    assert c.due_date == TODAY + 14 * DAY and c.timeline[-1].side is M
    assert lead.update_fields(c.id, c.version, {"priority": "high"}).version == c.version


def test_stale_save_is_refused(world: World) -> None:
    lead = world.svc(world.lead)
    other = world.svc(Actor("lead2", "Lee Lead", frozenset({Role.VPR_LEAD})))
    a = lead.create(draft())
    other.update_fields(a.id, a.version, {"title": "Their title"})
    with pytest.raises(ConflictError, match="Nothing was overwritten"):
        lead.update_fields(a.id, a.version, {"title": "My title"})
    with pytest.raises(ConflictError):
        lead.set_status(a.id, a.version, St.IN_PROGRESS)
    assert lead.get(a.id).title == "Their title"


def test_board_secretary_is_refused_on_every_write(world: World) -> None:
    lead, board = world.svc(world.lead), world.svc(world.board)
    a = lead.create(draft())
    meeting = lead.create_meeting("VPR group", TODAY)
    writes = [
        lambda: board.create(draft()),
        lambda: board.update_fields(a.id, a.version, {"title": "x"}),
        lambda: board.update_fields(a.id, a.version, {"staff_side_owner_id": None}),
        lambda: board.add_update(a.id, "note"),
        lambda: board.add_comment(a.id, "note"),
        lambda: board.set_status(a.id, a.version, St.IN_PROGRESS),
        lambda: board.cancel(a.id, a.version, "no"),
        lambda: board.sign_off(a.id),
        lambda: board.reopen(a.id, "why"),
        lambda: board.create_meeting("VPR group", TODAY),
        lambda: board.record_review(meeting.id, a.id, "noted"),
    ]
    for write in writes:
        with pytest.raises(PermissionDeniedError):
            write()
    assert lead.get(a.id).version == a.version
    # Board packs get figures, never staff names.
    lead.update_fields(
        a.id, a.version, {"due_date": TODAY - DAY, "management_owner_id": world.people["ann"]}
    )
    count, rows = board.overdue()
    assert count == 1 and rows[0].management_owner is None
    assert [b.management_owner for b in board.briefs({"status": "open"})] == [None]
    assert lead.overdue()[1][0].management_owner == "Ann Manager"


def test_who_may_do_what_else(world: World) -> None:
    lead, rep, chair = world.svc(world.lead), world.svc(world.rep), world.svc(world.chair)
    with pytest.raises(PermissionDeniedError):
        chair.create(draft())  # the chair signs off and comments; the two sides raise actions
    raised = rep.create(draft("Staff side: panic alarms on ward 3"))  # the log is joint
    first = raised.timeline[0]
    assert (first.side, first.text, first.by_name, first.new_status) == (
        S,
        "Action proposed by the staff side; management accepts it and names its owner.",
        "Xena Rep",
        St.OPEN,
    )
    a = agreed(world, lead.create(draft(management_owner_id=world.people["ann"])))
    assert a.timeline[0].side is M
    chair.add_comment(a.id, "Please bring costs to the next meeting.")
    with pytest.raises(PermissionDeniedError):
        chair.add_update(a.id, "progress")
    with pytest.raises(PermissionDeniedError, match="management side"):
        rep.cancel(a.id, a.version, "not needed")
    with pytest.raises(ValidationError, match="Give a reason for cancelling"):
        lead.cancel(a.id, a.version, " ")
    c = lead.cancel(a.id, a.version, "Superseded by the trust-wide lockdown review.")
    assert c.status is St.CANCELLED and c.cancel_reason.startswith("Superseded")
    with pytest.raises(ValidationError, match="add a comment instead"):
        rep.add_update(c.id, "progress")
    rep.add_comment(c.id, "Staff side agrees.")
    with pytest.raises(PermissionDeniedError):  # only management reopens a cancelled action
        rep.reopen(c.id, "still needed")
    with pytest.raises(ValidationError, match="details are fixed"):
        lead.update_fields(c.id, c.version + 0, {"title": "x"})
    r = lead.reopen(c.id, "Still needed on ward 3.")
    assert r.status is St.IN_PROGRESS and r.cancel_reason is None
    with pytest.raises(ValidationError, match="nothing to reopen"):
        lead.reopen(r.id, "again")
    caps = rep.capabilities(r)
    assert caps.editable_fields == {"staff_side_owner_id"} and caps.sign_as == frozenset()
    assert not caps.can_cancel and lead.capabilities(r).can_cancel
    assert chair.capabilities(r).sign_as == frozenset()  # in progress: nothing to sign yet
    r = lead.set_status(r.id, r.version, St.AWAITING_SIGN_OFF)
    assert rep.capabilities(r).sign_as == {S}
    chair_caps = chair.capabilities(r)
    assert (
        chair_caps.editable_fields,
        chair_caps.status_targets,
        chair_caps.sign_as,
        chair_caps.can_add_update,
        chair_caps.can_comment,
    ) == (frozenset(), (St.IN_PROGRESS,), {M}, False, True)  # done: the chair may reopen it
    dual = world.svc(Actor("dual", "Dee Dual", frozenset({Role.VPR_LEAD, Role.STAFF_SIDE_REP})))
    signed = dual.sign_off(r.id, side=M)
    assert dual.capabilities(signed).sign_as == frozenset()  # not both sides by one person
    assert chair.capabilities(signed).can_reopen and not chair.capabilities(signed).can_cancel


def test_create_checks_its_input(world: World) -> None:
    lead = world.svc(world.lead)
    with pytest.raises(ValidationError, match="title"):
        lead.create(draft(title="   "))
    with pytest.raises(ValidationError, match="no incident with id 999"):
        lead.create(
            draft(source=ActionSource.INCIDENT_LEARNING, source_entity="incident", source_id=999)
        )
    with pytest.raises(ValidationError, match="cannot link"):
        lead.create(draft(source_entity="app_user", source_id=1))
    with pytest.raises(ValidationError, match="or neither"):
        lead.create(draft(source_entity="incident"))
    with pytest.raises(ValidationError, match="no person"):
        lead.create(draft(management_owner_id=10_000))
    meeting = lead.create_meeting("VPR group", TODAY - 10 * DAY)
    a = lead.create(
        draft(
            source=ActionSource.COMMITTEE, source_entity="committee_meeting", source_id=meeting.id
        )
    )
    b = lead.create(draft("Second"))
    assert (a.source_entity, a.source_id, b.reference) == (
        "committee_meeting",
        meeting.id,
        "ACT-0002",
    )
    with reading(world.db) as s:
        assert s.scalar(text("SELECT COUNT(*) FROM action")) == 2


# ------------------------------------------------------------------------- acceptance 3
def seed(world: World) -> dict[str, int]:
    """Actions around TODAY: which are overdue for staff-side owner Xena is known exactly."""
    lead, rep = world.svc(world.lead), world.svc(world.rep)
    p = world.people
    ids: dict[str, int] = {}

    def make(
        key: str,
        due: dt.date | None,
        staff: int | None,
        status: St = St.OPEN,
        mgmt: int | None = None,
    ) -> None:
        a = lead.create(
            draft(
                f"Action {key}",
                due_date=due,
                staff_side_owner_id=staff,
                management_owner_id=mgmt if mgmt is not None else p["ann"],
            )
        )
        if staff is not None:  # no staff-side owner: still a proposal, waiting for them
            a = rep.accept(a.id, a.version, staff)
        if status is not St.OPEN:
            a = lead.set_status(a.id, a.version, St.IN_PROGRESS)
        if status in (St.AWAITING_SIGN_OFF, St.CLOSED):
            a = lead.set_status(a.id, a.version, St.AWAITING_SIGN_OFF)
            a = lead.sign_off(a.id)
        if status is St.CLOSED:
            a = rep.sign_off(a.id)
        if status is St.CANCELLED:
            a = lead.cancel(a.id, a.version, "Not needed")
        assert a.status is status
        ids[key] = a.id

    make("late_in_progress", TODAY - 10 * DAY, p["xena"], St.IN_PROGRESS)
    make("late_awaiting", TODAY - DAY, p["xena"], St.AWAITING_SIGN_OFF)
    make("due_today", TODAY, p["xena"])
    make("late_closed", TODAY - 30 * DAY, p["xena"], St.CLOSED)
    make("late_cancelled", TODAY - 5 * DAY, p["xena"], St.CANCELLED)
    make("late_other_rep", TODAY - 10 * DAY, p["yusuf"])
    make("no_due_date", None, p["xena"])
    make("late_no_rep", TODAY - 3 * DAY, None)
    make("late_open_ben", TODAY - 2 * DAY, p["xena"], mgmt=p["ben"])
    make("due_soon", TODAY + 20 * DAY, p["yusuf"], St.IN_PROGRESS)
    make("due_later", TODAY + 40 * DAY, p["xena"])
    return ids


def refs(world: World, ids: dict[str, int], *keys: str) -> set[str]:
    lead = world.svc(world.lead)
    return {lead.get(ids[k]).reference for k in keys}


def test_filter_overdue_for_staff_side_owner_returns_exactly_those_rows(world: World) -> None:
    ids = seed(world)
    source = ActionListSource(world.db, world.lead, today=TODAY)
    request = PageRequest(filters={"overdue": True, "staff_side_owner_id": world.people["xena"]})
    page = source.page(request)
    expected = refs(world, ids, "late_in_progress", "late_awaiting", "late_open_ben")
    assert {row[0] for row in page.rows} == expected
    assert source.count(request) == 3 and page.cursor is None
    assert all(row[7] == "Xena Rep" and row[8] is True for row in page.rows)
    assert [row[5] for row in page.rows] == sorted(row[5] for row in page.rows)  # due first
    # "Mine" for Xena's account is the same set once narrowed to overdue.
    mine = ActionListSource(world.db, world.rep, today=TODAY)
    assert {
        r[0] for r in mine.page(PageRequest(filters={"overdue": True, "mine": True})).rows
    } == expected
    # Other filters, one or several values.
    assert source.count(PageRequest(filters={"status": ["closed", St.CANCELLED]})) == 2
    assert source.count(PageRequest(filters={"owner_id": world.people["ben"]})) == 1
    assert source.count(PageRequest(filters={"source": "risk", "due_within_days": 28})) == 2
    assert source.count(PageRequest(search="ACTION LATE_")) == 7
    with pytest.raises(ValidationError, match="Unknown action filter"):
        source.count(PageRequest(filters={"overdew": True}))
    with pytest.raises(ValidationError, match="not a known action status"):
        source.count(PageRequest(filters={"status": "done"}))


@pytest.mark.parametrize("sort_key", [c.key for c in ActionListSource.columns])
@pytest.mark.parametrize("descending", [False, True])
def test_keyset_pages_match_one_big_page(world: World, sort_key: str, descending: bool) -> None:
    seed(world)
    source = ActionListSource(world.db, world.lead, today=TODAY)
    request = PageRequest(sort_key=sort_key, descending=descending)
    whole = source.page(request).rows
    paged, cursor = [], None
    while True:
        page = source.page(request, cursor, limit=2)
        paged += page.rows
        if page.cursor is None:
            break
        cursor = page.cursor
    assert paged == whole and len(whole) == 11


def test_board_secretary_and_admin_cannot_list_the_log(world: World) -> None:
    with pytest.raises(PermissionDeniedError):
        ActionListSource(world.db, world.board)


# ------------------------------------------------------------------------- meetings
def test_committee_agenda_lists_overdue_then_due_soon(world: World) -> None:
    ids = seed(world)
    lead = world.svc(world.lead)
    earlier = lead.create_meeting(
        "Violence Prevention and Reduction Group", TODAY - 60 * DAY, "Quarterly review"
    )
    lead.record_review(earlier.id, ids["late_in_progress"], "Chase estates")
    detail = lead.record_review(earlier.id, ids["late_in_progress"], "Chase estates by May")
    assert [r.decision for r in detail.reviews] == ["Chase estates by May"]
    later = lead.create_meeting("Violence Prevention and Reduction Group", TODAY + 7 * DAY)
    lead.record_review(later.id, ids["late_in_progress"], "future decision")

    agenda = lead.agenda(TODAY, due_soon_days=28)
    got = [(i.category, i.action.reference, i.days_to_due) for i in agenda]
    ref = {k: lead.get(v).reference for k, v in ids.items()}
    assert got == [
        ("overdue", ref["late_in_progress"], -10),
        ("overdue", ref["late_other_rep"], -10),
        ("overdue", ref["late_no_rep"], -3),
        ("overdue", ref["late_open_ben"], -2),
        ("overdue", ref["late_awaiting"], -1),
        ("due_soon", ref["due_today"], 0),
        ("due_soon", ref["due_soon"], 20),
    ]
    first = next(i for i in agenda if i.action.id == ids["late_in_progress"])
    assert (first.last_reviewed, first.last_decision) == (TODAY - 60 * DAY, "Chase estates by May")
    assert first.action.management_owner == "Ann Manager"
    assert [m.meeting_date for m in lead.meetings()] == [TODAY + 7 * DAY, TODAY - 60 * DAY]
    assert lead.get(ids["late_in_progress"]).reviews[0].decision == "Chase estates by May"


def test_pack_figures_on_the_seeded_log(world: World) -> None:
    ids = seed(world)
    lead = world.svc(world.lead)
    count, rows = lead.overdue()
    assert count == len(rows) == 5
    awaiting = lead.awaiting_sign_off_by_side()
    assert awaiting[M] == [] and [b.id for b in awaiting[S]] == [ids["late_awaiting"]]
    closed = lead.closed_between(dt.date.today() - DAY, dt.date.today() + DAY)
    assert [b.id for b in closed] == [ids["late_closed"]]
    assert {b.id for b in lead.briefs({"status": ["closed", "cancelled"], "source": "risk"})} == {
        ids["late_closed"],
        ids["late_cancelled"],
    }
    counts = {(c.status, c.source): c.count for c in lead.counts_by_status_and_source()}
    assert counts == {
        (St.OPEN, ActionSource.RISK): 6,
        (St.IN_PROGRESS, ActionSource.RISK): 2,
        (St.AWAITING_SIGN_OFF, ActionSource.RISK): 1,
        (St.CLOSED, ActionSource.RISK): 1,
        (St.CANCELLED, ActionSource.RISK): 1,
    }


# ------------------------------------------------------------------------- demo database
@pytest.fixture
def demo(demo_copy: Any) -> Any:
    from vpr_desktop.store.database import open_database

    database = open_database(demo_copy)
    try:
        yield database
    finally:
        database.close()


def test_pack_figures_agree_with_sql_counts_on_the_demo(demo: Any) -> None:
    from tests.conftest import DEMO_ANCHOR
    from vpr_desktop.domain.trust_time import trust_day_start as day_start
    from vpr_desktop.services.admin.users import identify

    svc = ActionLogService(demo, identify(demo), today=DEMO_ANCHOR)
    live = "('open', 'in_progress', 'awaiting_sign_off')"
    with demo.engine.connect() as conn:

        def sql(query: str, **params: Any) -> Any:
            return conn.execute(text(query), params).all()

        by_cell = {
            (St(s), ActionSource(src)): n
            for s, src, n in sql(
                "SELECT status, source, COUNT(*) FROM action GROUP BY status, source"
            )
        }
        overdue = sql(
            f"SELECT COUNT(*) FROM action WHERE status IN {live} AND due_date < :d",
            d=DEMO_ANCHOR.isoformat(),
        )[0][0]
        awaiting = sql("SELECT COUNT(*) FROM action WHERE status = 'awaiting_sign_off'")[0][0]
        start, end = DEMO_ANCHOR - dt.timedelta(days=180), DEMO_ANCHOR
        bounds = {
            "a": day_start(start).strftime("%Y-%m-%d %H:%M:%S"),
            "b": day_start(end + DAY).strftime("%Y-%m-%d %H:%M:%S"),
        }
        closed = sql(
            "SELECT COUNT(*) FROM action WHERE status = 'closed' AND closed_at >= :a "
            "AND closed_at < :b",
            **bounds,
        )[0][0]
        learning = sql(
            "SELECT COUNT(*) FROM action WHERE status = 'closed' AND closed_at >= :a "
            "AND closed_at < :b AND source = 'incident_learning'",
            **bounds,
        )[0][0]
        total = sql("SELECT COUNT(*) FROM action")[0][0]

    counts = svc.counts_by_status_and_source()
    assert {(c.status, c.source): c.count for c in counts} == by_cell
    assert sum(c.count for c in counts) == total > 0
    count, rows = svc.overdue()
    assert count == len(rows) == overdue > 0
    assert all(r.due_date is not None and r.due_date < DEMO_ANCHOR for r in rows)
    sides = svc.awaiting_sign_off_by_side()
    # The demo signs for management first, so every action awaiting sign-off lacks staff side.
    assert (len(sides[M]), len(sides[S])) == (0, awaiting)
    assert len(svc.closed_between(start, end)) == closed > 0
    assert len(svc.you_said_we_did(start, end)) == learning
    assert (
        ActionListSource(demo, svc.actor, today=DEMO_ANCHOR).count(
            PageRequest(filters={"overdue": True})
        )
        == overdue
    )


def test_demo_staff_side_rep_sees_the_log_and_their_own_actions(demo: Any) -> None:
    from tests.conftest import DEMO_ANCHOR
    from vpr_desktop.services.admin.users import identify

    rep = identify(demo, "demo.staffside")
    with demo.engine.connect() as conn:
        mine = conn.execute(
            text(
                "SELECT COUNT(*) FROM action a JOIN app_user u ON u.username = 'demo.staffside' "
                "WHERE a.staff_side_owner_id = u.person_id OR a.management_owner_id = u.person_id"
            )
        ).scalar()
    source = ActionListSource(demo, rep, today=DEMO_ANCHOR)
    assert source.count(PageRequest(filters={"mine": True})) == mine > 0
    svc = ActionLogService(demo, rep, today=DEMO_ANCHOR)
    first = source.page(PageRequest(filters={"mine": True}), limit=1).rows[0]
    detail = svc.get_by_reference(first[0])
    assert detail.timeline and detail.timeline[0].text == "Action created."


def test_the_staff_side_raises_actions_and_its_database_group_may_insert_them(
    world: World, request: pytest.FixtureRequest
) -> None:
    """The joint log: a staff-side rep raises an action through the service; on PostgreSQL
    the staff-side group role (migration 0005) may INSERT the action, its timeline entry and
    the audit row, so the same write works from the rep's own database login."""
    rep = world.svc(world.rep)
    a = rep.create(draft("Lone-working alarms for community staff", due_date=TODAY + 60 * DAY))
    assert (a.status, a.timeline[0].side) == (St.OPEN, S)
    with pytest.raises(ValidationError, match="only an action marked done"):
        rep.sign_off(a.id)
    if world.db.kind != "postgresql":
        return
    from sqlalchemy import text

    group = request.getfixturevalue("pg_role_prefix") + "staff_side"
    with world.db.engine.connect() as con:
        may = {
            table: bool(
                con.scalar(
                    text("SELECT has_table_privilege(:g, :t, 'INSERT')"), {"g": group, "t": table}
                )
            )
            for table in ("action", "action_update", "audit_event", "action_sign_off")
        }
        deletes = con.scalar(
            text("SELECT has_table_privilege(:g, 'action', 'DELETE')"), {"g": group}
        )
    assert may == dict.fromkeys(may, True)
    assert not deletes  # insert and update, never delete


def test_a_staff_side_proposal_is_live_only_once_management_accepts_and_names_its_owner(
    world: World,
) -> None:
    """Issue 18, acceptance 3: a staff-side rep raises an action; it is proposed (no progress,
    no sign-off) until management accepts it and names its management owner."""
    rep, lead = world.svc(world.rep), world.svc(world.lead)
    a = rep.create(
        draft(
            "Panic alarms in the community team base",
            staff_side_owner_id=world.people["xena"],
            due_date=TODAY + 30 * DAY,
        )
    )
    assert (a.status, a.proposed_by, a.management_owner_id) == (St.OPEN, S, None)
    assert a.timeline[0].text == (
        "Action proposed by the staff side; management accepts it and names its owner."
    )
    assert not rep.capabilities(a).can_accept and lead.capabilities(a).can_accept
    assert lead.capabilities(a).status_targets == (St.CANCELLED,)
    assert rep.capabilities(a).status_targets == ()
    with pytest.raises(ValidationError, match="proposed by the staff side and not yet accepted"):
        rep.set_status(a.id, a.version, St.IN_PROGRESS)
    with pytest.raises(ValidationError, match="proposed by the staff side and not yet accepted"):
        lead.set_status(a.id, a.version, St.AWAITING_SIGN_OFF)
    with pytest.raises(ValidationError, match="only an action marked done"):
        rep.sign_off(a.id)  # an open action: refused, with the reason
    with pytest.raises(PermissionDeniedError):
        rep.accept(a.id, a.version, world.people["xena"])  # the proposing side cannot
    with pytest.raises(ValidationError, match="Name the management owner"):
        lead.accept(a.id, a.version, None)
    accepted = lead.accept(a.id, a.version, world.people["ann"])
    assert (accepted.proposed_by, accepted.management_owner_id) == (None, world.people["ann"])
    assert accepted.management_owner_name == "Ann Manager"
    assert accepted.timeline[-1].text == "Accepted by management; management owner Ann Manager."
    assert accepted.timeline[-1].side is M
    assert not lead.capabilities(accepted).can_accept
    assert St.IN_PROGRESS in rep.capabilities(accepted).status_targets
    with pytest.raises(ValidationError, match="not waiting to be accepted"):
        lead.accept(a.id, accepted.version, world.people["ben"])
    moving = rep.set_status(a.id, accepted.version, St.IN_PROGRESS)
    assert moving.status is St.IN_PROGRESS
    with reading(world.db) as s:
        stored = s.scalar(text("SELECT proposed_by FROM action WHERE id = :i"), {"i": a.id})
    assert stored is None
    # Both ways: management's own actions wait for the staff side (test below).
    own = lead.create(draft("Review the lone-working policy"))
    assert own.proposed_by is M


def test_management_may_cancel_a_proposal_saying_why(world: World) -> None:
    rep, lead = world.svc(world.rep), world.svc(world.lead)
    a = rep.create(draft("Second exit for the ward office"))
    cancelled = lead.cancel(a.id, a.version, "Covered by ACT-0001.")
    assert (cancelled.status, cancelled.cancel_reason) == (St.CANCELLED, "Covered by ACT-0001.")


def test_a_management_proposal_is_live_only_once_the_staff_side_accepts_with_both_owners(
    world: World,
) -> None:
    """Both ways (issue 18): an action management raises is proposed until the staff side
    accepts it and names its owner; both owners are named before it is live; the "waiting for
    me" count of each side is the row count of its filter."""
    rep, lead = world.svc(world.rep), world.svc(world.lead)
    a = lead.create(draft("Lone-working alarms", due_date=TODAY + 30 * DAY))
    assert (a.status, a.proposed_by, a.staff_side_owner_id) == (St.OPEN, M, None)
    assert a.timeline[0].text == (
        "Action proposed by the management side; the staff side accepts it and names its owner."
    )
    assert rep.capabilities(a).can_accept and not lead.capabilities(a).can_accept
    assert rep.capabilities(a).status_targets == ()
    with pytest.raises(ValidationError, match="proposed by the management side"):
        lead.set_status(a.id, a.version, St.IN_PROGRESS)
    with pytest.raises(PermissionDeniedError, match="staff side"):
        lead.accept(a.id, a.version, world.people["ann"])  # the proposing side cannot
    with pytest.raises(ValidationError, match="Name the staff-side owner"):
        rep.accept(a.id, a.version, None)
    with pytest.raises(ValidationError, match="management side has not named its owner"):
        rep.accept(a.id, a.version, world.people["xena"])  # both owners before it is live
    # the waiting counts are the filters' rows, per side
    staff_proposal = rep.create(draft("Panic alarms", management_owner_id=world.people["ann"]))
    source = ActionListSource(world.db, world.lead, today=TODAY)
    assert lead.waiting_counts() == {M: 1}
    assert rep.waiting_counts() == {S: 1}
    assert source.count(PageRequest(filters={"waiting_for": M})) == 1
    assert source.count(PageRequest(filters={"waiting_for": "staff_side"})) == 1
    assert source.page(PageRequest(filters={"waiting_for": S})).rows[0][3] == (
        "proposed_by_management"
    )
    assert source.page(PageRequest(filters={"waiting_for": M})).rows[0][0] == (
        staff_proposal.reference
    )
    a = lead.update_fields(a.id, a.version, {"management_owner_id": world.people["ann"]})
    accepted = rep.accept(a.id, a.version, world.people["xena"])
    assert (accepted.proposed_by, accepted.staff_side_owner_name) == (None, "Xena Rep")
    assert accepted.timeline[-1].text == "Accepted by the staff side; staff-side owner Xena Rep."
    assert accepted.timeline[-1].side is S
    assert St.IN_PROGRESS in lead.capabilities(accepted).status_targets
    assert rep.waiting_counts() == {S: 0}
    assert source.count(PageRequest(filters={"waiting_for": S})) == 0
    # a cancelled proposal waits for nobody
    lead.cancel(staff_proposal.id, staff_proposal.version, "Covered by the alarms review.")
    assert lead.waiting_counts() == {M: 0}
    assert source.count(PageRequest(filters={"waiting_for": [M, S]})) == 0
    with pytest.raises(ValidationError, match="not a known side"):
        source.count(PageRequest(filters={"waiting_for": "board"}))

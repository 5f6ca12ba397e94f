"""The action log's list on the demo trust: each documented filter lists exactly the actions the
rule picks out when applied row by row in Python, sorts follow the display order (not the text
order of stored values), keyset pages cover the list once, and bad filters are refused.

Why: the same filters serve the screen, the Excel export and the packs, so "overdue" or "owned
by X" must mean one thing; a misspelt filter must never silently show everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import DEMO_ANCHOR
from vpr_desktop.domain.action_rules import LIVE_STATUSES
from vpr_desktop.domain.action_rules import PRIORITY_ORDER
from vpr_desktop.domain.action_rules import STATUS_ORDER
from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Action
from vpr_desktop.domain.models import Person
from vpr_desktop.services.actions.listing import ActionListSource
from vpr_desktop.services.admin.users import identify
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.store.database import Database
from vpr_desktop.store.database import open_database

TODAY = DEMO_ANCHOR


@pytest.fixture(scope="module")
def demo(demo_db_file: Path) -> Iterator[tuple[Database, Actor, list[Action]]]:
    db = open_database(demo_db_file, mode="ro", create=False)
    try:
        with reading(db) as s:
            actions = list(s.scalars(select(Action).order_by(Action.id)))
        yield db, identify(db), actions
    finally:
        db.close()


def listed(source: ActionListSource, request: PageRequest) -> list[str]:
    rows = source.page(request, limit=10_000).rows
    assert source.count(request) == len(rows)
    return [str(r[0]) for r in rows]


def refs(actions: list[Action], keep: object) -> set[str]:
    return {a.reference for a in actions if keep(a)}  # type: ignore[operator]


def test_the_whole_log_is_listed(demo: tuple[Database, Actor, list[Action]]) -> None:
    db, actor, actions = demo
    source = ActionListSource(db, actor, today=TODAY)
    assert sorted(listed(source, PageRequest())) == sorted(a.reference for a in actions)
    assert len(actions) == 63  # the generator's 60 and the demo assessment's 3 gap actions


@pytest.mark.parametrize(
    "filters",
    [
        {"status": ActionStatus.OPEN},
        {"status": ["closed", "cancelled"]},
        {"source": ActionSource.INCIDENT_LEARNING.value},
        {"overdue": True},
        {"due_within_days": 30},
        {"due_within_days": 0},
        {"overdue": True, "source": [s.value for s in ActionSource]},
        {"status": [], "source": ()},  # empty choices: no condition
    ],
    ids=str,
)
def test_filters_pick_what_the_rule_picks(
    demo: tuple[Database, Actor, list[Action]], filters: dict[str, object]
) -> None:
    db, actor, actions = demo

    def keep(a: Action) -> bool:
        ok = True
        if filters.get("status"):
            wanted = filters["status"]
            wanted = [wanted] if isinstance(wanted, str) else wanted
            ok &= a.status in {ActionStatus(w) for w in wanted}  # type: ignore[union-attr]
        if filters.get("source"):
            wanted = filters["source"]
            wanted = [wanted] if isinstance(wanted, str) else wanted
            ok &= a.source in {ActionSource(w) for w in wanted}  # type: ignore[union-attr]
        if filters.get("overdue"):
            ok &= a.status in LIVE_STATUSES and a.due_date is not None and a.due_date < TODAY
        if "due_within_days" in filters:
            end = TODAY + dt.timedelta(days=int(filters["due_within_days"]))  # type: ignore[arg-type]
            ok &= (
                a.status in LIVE_STATUSES and a.due_date is not None and TODAY <= a.due_date <= end
            )
        return ok

    source = ActionListSource(db, actor, today=TODAY)
    got = listed(source, PageRequest(filters=filters))
    assert set(got) == refs(actions, keep)
    assert len(got) == len(set(got))


def test_each_filter_finds_something(demo: tuple[Database, Actor, list[Action]]) -> None:
    """The demo plants each case, so the tests above compare non-empty lists."""
    db, actor, _actions = demo
    source = ActionListSource(db, actor, today=TODAY)
    for filters in ({"overdue": True}, {"due_within_days": 30}, {"status": "open"}):
        assert listed(source, PageRequest(filters=filters)), filters


def test_owner_filters(demo: tuple[Database, Actor, list[Action]]) -> None:
    db, actor, actions = demo
    source = ActionListSource(db, actor, today=TODAY)
    owners = {a.management_owner_id for a in actions} | {a.staff_side_owner_id for a in actions}
    owners.discard(None)
    assert owners
    for pid in sorted(owners)[:5]:  # type: ignore[type-var]
        both = listed(source, PageRequest(filters={"owner_id": pid}))
        assert set(both) == refs(
            actions, lambda a, p=pid: p in (a.management_owner_id, a.staff_side_owner_id)
        )
        mgmt = listed(source, PageRequest(filters={"management_owner_id": pid}))
        side = listed(source, PageRequest(filters={"staff_side_owner_id": pid}))
        assert set(mgmt) | set(side) == set(both)


def test_mine_follows_the_linked_person(demo: tuple[Database, Actor, list[Action]]) -> None:
    db, _actor, actions = demo
    unlinked = Actor("x", "X", frozenset({Role.VPR_LEAD}), user_id=None)
    assert listed(ActionListSource(db, unlinked, TODAY), PageRequest(filters={"mine": True})) == []
    with reading(db) as s:
        from vpr_desktop.domain.models import User

        linked = s.execute(select(User.id, User.person_id).where(User.person_id.is_not(None))).all()
    for user_id, person_id in linked:
        me = Actor("u", "U", frozenset({Role.VPR_LEAD}), user_id=user_id)
        got = listed(ActionListSource(db, me, TODAY), PageRequest(filters={"mine": True}))
        assert set(got) == refs(
            actions,
            lambda a, p=person_id: p in (a.management_owner_id, a.staff_side_owner_id),
        )


def test_search_matches_reference_or_title(demo: tuple[Database, Actor, list[Action]]) -> None:
    db, actor, actions = demo
    source = ActionListSource(db, actor, today=TODAY)
    word = actions[0].title.split()[0].lower()
    got = listed(source, PageRequest(search=word.upper()))
    assert set(got) == refs(
        actions, lambda a: word in a.title.lower() or word in a.reference.lower()
    )
    assert listed(source, PageRequest(search=actions[5].reference)) == [actions[5].reference]


@pytest.mark.parametrize("descending", [False, True])
def test_status_and_priority_sort_in_display_order(
    demo: tuple[Database, Actor, list[Action]], descending: bool
) -> None:
    db, actor, actions = demo
    source = ActionListSource(db, actor, today=TODAY)
    by_ref = {a.reference: a for a in actions}
    for key, rank in (
        ("status", lambda a: STATUS_ORDER[a.status]),
        ("priority", lambda a: PRIORITY_ORDER[a.priority]),
    ):
        got = listed(source, PageRequest(sort_key=key, descending=descending))
        ranks = [rank(by_ref[r]) for r in got]
        assert ranks == sorted(ranks, reverse=descending), key


def test_no_due_date_sorts_last_and_pages_cover_the_log(
    demo: tuple[Database, Actor, list[Action]],
) -> None:
    db, actor, actions = demo
    source = ActionListSource(db, actor, today=TODAY)
    request = PageRequest(sort_key="due_date")
    seen: list[str] = []
    cursor = None
    while True:
        page = source.page(request, cursor, limit=7)
        seen.extend(str(r[0]) for r in page.rows)
        if page.cursor is None:
            break
        cursor = page.cursor
    assert sorted(seen) == sorted(a.reference for a in actions) and len(seen) == len(set(seen))
    due = {a.reference: a.due_date for a in actions}
    keys = [due[r] or dt.date.max for r in seen]
    assert keys == sorted(keys)


def test_the_overdue_column_agrees_with_the_filter(
    demo: tuple[Database, Actor, list[Action]],
) -> None:
    db, actor, _actions = demo
    source = ActionListSource(db, actor, today=TODAY)
    rows = source.page(PageRequest(), limit=10_000).rows
    flagged = {str(r[0]) for r in rows if r[8]}
    assert flagged == set(listed(source, PageRequest(filters={"overdue": True})))


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"overdue_by": 3}, "Unknown action filter: overdue_by."),
        ({"status": "finished"}, "'finished' is not a known action status."),
        ({"source": ["risk", "gossip"]}, "'gossip' is not a known action source."),
    ],
)
def test_bad_filters_are_refused_in_words(
    demo: tuple[Database, Actor, list[Action]], filters: dict[str, object], message: str
) -> None:
    db, actor, _actions = demo
    with pytest.raises(ValidationError) as info:
        ActionListSource(db, actor, today=TODAY).page(PageRequest(filters=filters))
    assert info.value.message == message


def test_reading_the_log_needs_its_permission(
    demo: tuple[Database, Actor, list[Action]],
) -> None:
    db, _actor, _actions = demo
    board = Actor("bs", "Bo Sec", frozenset({Role.BOARD_SECRETARY}))
    with pytest.raises(PermissionDeniedError, match="see the action log"):
        ActionListSource(db, board)


def test_owner_names_come_from_the_people(demo: tuple[Database, Actor, list[Action]]) -> None:
    db, actor, actions = demo
    with reading(db) as s:
        names = {p.id: f"{p.first_name} {p.last_name}" for p in s.scalars(select(Person))}
    rows = ActionListSource(db, actor, today=TODAY).page(PageRequest(), limit=10_000).rows
    by_ref = {a.reference: a for a in actions}
    for r in rows:
        a = by_ref[str(r[0])]
        assert r[6] == (names[a.management_owner_id] if a.management_owner_id else None)
        assert r[7] == (names[a.staff_side_owner_id] if a.staff_side_owner_id else None)

"""People for the action log's screens — on SQLite and PostgreSQL (the ``db`` fixture)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.services.actions.test_action_log import TODAY
from tests.services.actions.test_action_log import draft
from tests.services.actions.test_action_log import make_world
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.services.actions.people import ActionPeople


def test_owners_are_the_people_owning_actions_on_each_side(db: Any) -> None:
    world = make_world(db)
    lead = world.svc(world.lead)
    p = world.people
    lead.create(draft(management_owner_id=p["ann"], staff_side_owner_id=p["xena"]))
    lead.create(draft("Second", management_owner_id=p["ben"], due_date=TODAY))
    owners = ActionPeople(db, world.lead).owners()
    assert [o.name for o in owners.management] == ["Ann Manager", "Ben Manager"]
    assert [o.name for o in owners.staff_side] == ["Xena Rep"]
    assert owners.me is not None and owners.me.id == p["ann"]  # the lead's own record
    assert owners.management[0].label.startswith("Ann Manager (E")
    assert [o.name for o in owners.everyone()] == ["Ann Manager", "Ben Manager", "Xena Rep"]


def test_find_matches_part_of_a_name_or_an_employee_number(db: Any) -> None:
    world = make_world(db)
    people = ActionPeople(db, world.rep)
    assert [c.name for c in people.find("manag")] == ["Ann Manager", "Ben Manager"]
    assert [c.name for c in people.find("E002")] == ["Xena Rep"]
    assert people.find("   ") == []
    assert people.find("100%_") == []  # wildcards are literal


def test_those_who_may_not_see_the_log_may_not_list_its_people(db: Any) -> None:
    world = make_world(db)
    with pytest.raises(PermissionDeniedError):
        ActionPeople(db, world.board).owners()
    with pytest.raises(PermissionDeniedError):
        ActionPeople(db, world.board).find("Ann")

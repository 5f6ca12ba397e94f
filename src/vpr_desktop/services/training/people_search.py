"""Finding people in the training screens: search by name or employee or assignment number.

Each hit names where the person works today (locations and staff groups of the assignments in
post, all of them if none is) and whether they have left, so the right person can be picked
among namesakes before their training record is opened.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import exists, func, or_, select

from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.models import (
    Assignment,
    Location,
    Person,
    StaffGroup,
)
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.locations import location_label
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.training.catalogue import TrainingCatalogue
from vpr_desktop.services.training.records import (
    PersonHit,
)
from vpr_desktop.services.training.requirements import (
    _today,
)


class TrainingPeopleSearch(TrainingCatalogue):
    """Search people and show one person's compliance summary."""

    # -- people
    def search_people(self, text: str = "", *, limit: int = 200) -> list[PersonHit]:
        """People whose first or last name, employee number or an assignment number
        contains every word of ``text`` (case-insensitive LIKE in SQL), by last, first name.
        Empty text lists everyone (up to ``limit``)."""
        self.actor.require(Permission.READ_TRAINING_NAMES, "search for staff")
        a = Assignment
        stmt = select(Person.id, Person.first_name, Person.last_name, Person.employee_number)
        for word in text.split():
            pattern = _like(word)
            stmt = stmt.where(
                or_(
                    func.lower(Person.first_name).like(pattern, escape="\\"),
                    func.lower(Person.last_name).like(pattern, escape="\\"),
                    func.lower(Person.employee_number).like(pattern, escape="\\"),
                    exists().where(
                        a.person_id == Person.id,
                        func.lower(a.assignment_number).like(pattern, escape="\\"),
                    ),
                )
            )
        stmt = stmt.order_by(
            func.lower(Person.last_name), func.lower(Person.first_name), Person.id
        ).limit(limit)
        with reading(self.db) as s:
            people = [tuple(r) for r in s.execute(stmt)]
            return _hits(s, people, _today())  # type: ignore[arg-type]

    def person_summary(self, person_id: int) -> PersonHit:
        """One person in the search's shape (the header of the person panel)."""
        self.actor.require(Permission.READ_TRAINING_NAMES, "see a person's training")
        with reading(self.db) as s:
            row = s.execute(
                select(
                    Person.id, Person.first_name, Person.last_name, Person.employee_number
                ).where(Person.id == person_id)
            ).first()
            if row is None:
                raise NotFoundError(
                    f"Person {person_id} no longer exists.",
                    "Someone may have removed them; search again.",
                )
            return _hits(s, [tuple(row)], _today())[0]  # type: ignore[list-item]


def _like(word: str) -> str:
    """A case-folded LIKE pattern matching ``word`` anywhere (``%``, ``_`` taken literally)."""
    escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _join_names(names: Iterable[str | None]) -> str:
    return "; ".join(dict.fromkeys(n for n in names if n))


def _hits(s: Any, people: list[tuple[int, str, str, str]], today: dt.date) -> list[PersonHit]:
    """PersonHits for ``(id, first, last, employee number)`` rows, in the order given: one
    query for all their assignments."""
    ids = [p[0] for p in people]
    posts: dict[int, list[tuple[str, str | None, str, bool]]] = defaultdict(list)
    if ids:
        a = Assignment
        for pid, number, loc, group, end in s.execute(
            select(a.person_id, a.assignment_number, location_label(), StaffGroup.name, a.end_date)
            .join(StaffGroup, StaffGroup.id == a.staff_group_id)
            .join(Location, Location.id == a.location_id, isouter=True)
            .where(a.person_id.in_(ids))
            .order_by(a.person_id, a.primary.desc(), a.assignment_number)
        ):
            current = end is None or end >= today
            posts[pid].append((number, loc, group, current))
    out = []
    for pid, first, last, emp in people:
        mine = posts.get(pid, [])
        shown = [p for p in mine if p[3]] or mine
        out.append(
            PersonHit(
                pid,
                f"{first} {last}".strip(),
                emp,
                tuple(p[0] for p in mine),
                _join_names(p[1] for p in shown),
                _join_names(p[2] for p in shown),
                bool(mine) and not any(p[3] for p in mine),
            )
        )
    return out

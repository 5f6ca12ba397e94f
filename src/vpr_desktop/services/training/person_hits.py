"""How the training screens describe a person found: where they work today and whether they
have left, so the right one can be picked among namesakes.

Apart from the search itself (``people_search``) because this reads the assignments of the
people already found, in one query for all of them: the search decides who, this says where.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.services.common.locations import location_label
from vpr_desktop.services.training.records import PersonHit


def _join_names(names: Iterable[str | None]) -> str:
    return "; ".join(dict.fromkeys(n for n in names if n))


def person_hits(s: Any, people: list[tuple[int, str, str, str]], today: dt.date) -> list[PersonHit]:
    """PersonHits for ``(id, first, last, employee number)`` rows, in the order given: one
    query for all their assignments. A search's hits and one person's panel header both
    come from here, so a person is described the same way in both."""
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

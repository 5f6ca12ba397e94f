"""The person search behind the pickers that name someone from the staff list (an incident's
affected staff, a risk's owner): the same words find the same people in every picker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import literal
from sqlalchemy import select

from vpr_desktop.domain.models import Person
from vpr_desktop.services.common.search_text import like_anywhere
from vpr_desktop.services.common.unit_of_work import reading

if TYPE_CHECKING:
    from vpr_desktop.store.database import Database


def find_people(db: Database, term: str, limit: int) -> list[tuple[int, str, str]]:
    """(person id, employee number, "First Last") of at most ``limit`` people whose name
    holds ``term`` (any case; ``%`` and ``_`` taken literally) or whose employee number is
    ``term``, by last then first name; nobody for a blank ``term``. The caller checks that
    its reader may search (each picker has its own permission)."""
    term = term.strip()
    if not term:
        return []
    like = like_anywhere(term)
    name = Person.first_name + literal(" ") + Person.last_name
    with reading(db) as s:
        rows = s.execute(
            select(Person.id, Person.employee_number, name)
            .where(name.ilike(like, escape="\\") | (Person.employee_number == term))
            .order_by(Person.last_name, Person.first_name)
            .limit(limit)
        )
        return [(i, n, nm) for i, n, nm in rows]

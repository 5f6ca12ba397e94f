"""People for the action log's screens: who owns actions on each side, and finding an owner.

The log's filter bar offers the people who own at least one action on a side; the owner fields
of the action form suggest people by name or employee number as the user types. Both are small,
indexed reads that return plain values (never ORM rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement
from sqlalchemy import select

from vpr_desktop.domain.models import Action
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import User
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.search_text import like_anywhere
from vpr_desktop.services.common.unit_of_work import reading

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

FIND_LIMIT = 20


@dataclass(frozen=True)
class PersonChoice:
    """A person who may be chosen as an action owner."""

    id: int
    name: str  # "First Last"
    employee_number: str

    @property
    def label(self) -> str:
        """``Ann Manager (E001)``: the employee number tells two people of one name apart."""
        return f"{self.name} ({self.employee_number})"


@dataclass(frozen=True)
class OwnerChoices:
    """The people who may own actions for each side, and the user's own record."""

    management: tuple[PersonChoice, ...]  # people who own an action for management
    staff_side: tuple[PersonChoice, ...]  # people who own an action for the staff side
    me: PersonChoice | None  # the signed-in user's own person record, if linked

    def everyone(self) -> tuple[PersonChoice, ...]:
        """Every choice once, sorted by name."""
        seen: dict[int, PersonChoice] = {p.id: p for p in self.management}
        seen.update((p.id, p) for p in self.staff_side)
        if self.me is not None:
            seen.setdefault(self.me.id, self.me)
        return tuple(sorted(seen.values(), key=lambda p: (p.name.lower(), p.id)))


class ActionPeople:
    """``ActionPeople(db, actor)``: reads need ``READ_ACTIONS``, as the log itself does."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    def owners(self) -> OwnerChoices:
        """People owning at least one action on each side, by name; and the user's person."""
        self.actor.require(Permission.READ_ACTIONS, "see the action log")
        with reading(self.db) as session:
            out = []
            for column in (Action.management_owner_id, Action.staff_side_owner_id):
                owners = select(column).where(column.is_not(None)).distinct()
                out.append(tuple(self._choices(session, Person.id.in_(owners))))
            me = None
            if self.actor.user_id is not None:
                mine = select(User.person_id).where(User.id == self.actor.user_id)
                found = self._choices(session, Person.id.in_(mine.scalar_subquery()))
                me = found[0] if found else None
        return OwnerChoices(out[0], out[1], me)

    def find(self, term: str, limit: int = FIND_LIMIT) -> list[PersonChoice]:
        """People whose name contains ``term`` or whose employee number is ``term``."""
        self.actor.require(Permission.READ_ACTIONS, "see the action log")
        term = (term or "").strip()
        if not term:
            return []
        like = like_anywhere(term)
        name = Person.first_name + " " + Person.last_name
        with reading(self.db) as session:
            return self._choices(
                session,
                name.ilike(like, escape="\\") | (Person.employee_number == term),
                limit=limit,
            )

    @staticmethod
    def _choices(
        session: object, where: ColumnElement[bool], limit: int | None = None
    ) -> list[PersonChoice]:
        stmt = (
            select(Person.id, Person.first_name, Person.last_name, Person.employee_number)
            .where(where)
            .order_by(Person.last_name, Person.first_name, Person.id)
        )
        if limit is not None:
            stmt = stmt.limit(limit)
        rows = session.execute(stmt).all()  # type: ignore[attr-defined]
        return [PersonChoice(pid, f"{first} {last}", number) for pid, first, last, number in rows]

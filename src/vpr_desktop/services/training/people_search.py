"""Finding people in the training screens: search by name or employee or assignment number.

Each hit names where the person works today (``person_hits``: locations and staff groups of
the assignments in post, all of them if none is) and whether they have left, so the right
person can be picked among namesakes before their training record is opened.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import aliased

from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.search_text import like_anywhere
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.training.catalogue import TrainingCatalogue
from vpr_desktop.services.training.person_hits import person_hits
from vpr_desktop.services.training.records import PersonHit
from vpr_desktop.services.training.requirements import _today


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
            pattern = like_anywhere(word.lower())
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
            return person_hits(s, people, _today())  # type: ignore[arg-type]

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
            hit = person_hits(s, [tuple(row)], _today())[0]  # type: ignore[list-item]
            manager = aliased(Person)
            found = s.execute(
                select(
                    Person.version,
                    manager.id,
                    manager.first_name,
                    manager.last_name,
                    manager.employee_number,
                )
                .join(manager, manager.id == Person.line_manager_id, isouter=True)
                .where(Person.id == person_id)
            ).one()
            version, mid, first, last, number = found
            return replace(
                hit,
                line_manager_id=mid,
                line_manager_name=f"{first or ''} {last or ''}".strip(),
                line_manager_number=number or "",
                version=version,
            )

    def set_line_manager(self, person_id: int, manager_id: int | None, version: int) -> None:
        """Name (or clear, ``None``) the person's line manager, whom the support steps of an
        incident they report will belong to by default. A lead's decision (EDIT_TRAINING,
        like the rest of the staff record); one audited transaction, refused when someone
        changed the person since ``version`` was read."""
        self.actor.require(Permission.EDIT_TRAINING, "change a person's line manager")
        if manager_id == person_id:
            raise ValidationError(
                "A person cannot be their own line manager.", "Choose someone else, or nobody."
            )
        with UnitOfWork(self.db, self.actor) as uow:
            person = uow.get(Person, person_id, expected_version=version)
            if manager_id is not None and uow.session.get(Person, manager_id) is None:
                raise ValidationError(
                    "The chosen line manager is no longer on the staff list.",
                    "Search for them again, or choose someone else.",
                )
            if person.line_manager_id != manager_id:
                person.line_manager_id = manager_id

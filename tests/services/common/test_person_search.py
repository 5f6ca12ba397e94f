"""find_people: the staff-list search the affected-staff and risk-owner pickers share."""

from __future__ import annotations

from tests.services.training.training_fixtures import LEAD
from vpr_desktop.domain.models import Person
from vpr_desktop.services.common.person_search import find_people
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.store.database import Database

PEOPLE = [
    ("E100", "Sam", "Okafor"),
    ("E200", "Ann", "Lee"),
    ("E300", "Bob", "Lee"),
    ("E400", "Jo", "50%_Smith"),
]


def _add_people(db: Database) -> dict[str, int]:
    with UnitOfWork(db, LEAD) as uow:  # type: ignore[arg-type]
        people = [Person(employee_number=n, first_name=f, last_name=la) for n, f, la in PEOPLE]
        uow.session.add_all(people)
        uow.session.flush()
        return {p.employee_number: p.id for p in people}


def test_a_name_part_finds_people_by_last_then_first_name(db: Database) -> None:
    ids = _add_people(db)
    assert find_people(db, "  lee ", 20) == [
        (ids["E200"], "E200", "Ann Lee"),
        (ids["E300"], "E300", "Bob Lee"),
    ]
    assert find_people(db, "lee", 1) == [(ids["E200"], "E200", "Ann Lee")]
    assert find_people(db, "SAM OK", 20) == [(ids["E100"], "E100", "Sam Okafor")]


def test_an_employee_number_must_be_whole_and_wildcards_are_literal(db: Database) -> None:
    ids = _add_people(db)
    assert find_people(db, "E300", 20) == [(ids["E300"], "E300", "Bob Lee")]
    assert find_people(db, "E30", 20) == []
    assert find_people(db, "%", 20) == [(ids["E400"], "E400", "Jo 50%_Smith")]
    assert find_people(db, "_", 20) == [(ids["E400"], "E400", "Jo 50%_Smith")]


def test_a_blank_term_finds_nobody(db: Database) -> None:
    _add_people(db)
    assert find_people(db, "   ", 20) == []
    assert find_people(db, "", 20) == []

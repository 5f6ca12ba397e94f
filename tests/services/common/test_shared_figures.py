"""The small shared pieces the figures and searches rely on, on SQLite and PostgreSQL.

``like_anywhere`` and ``count_if`` are SQL: they are run against a real database of each
backend, because a pattern that escapes rightly on one and not the other would find different
rows for the same words.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from tests.services.common.test_one_read import add_site
from tests.services.training.training_fixtures import LEAD
from vpr_desktop.domain.models import Site
from vpr_desktop.services.common.conditional_count import count_if
from vpr_desktop.services.common.filter_values import is_many
from vpr_desktop.services.common.filter_values import many
from vpr_desktop.services.common.search_text import like_anywhere
from vpr_desktop.services.common.shares import percent_of
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.store.database import Database

NAMES = ("50% ward", "500 ward", "A_1 unit", "AB1 unit", "back\\slash", "plain")


def found(db: Database, term: str) -> Sequence[str]:
    with reading(db) as s:
        query = select(Site.name).where(Site.name.like(like_anywhere(term), escape="\\"))
        return sorted(s.scalars(query))


def test_a_search_takes_wildcards_literally_on_both_backends(db: Database) -> None:
    for i in range(len(NAMES)):
        add_site(db, f"S{i}")
    named(db)
    assert found(db, "50%") == ["50% ward"]
    assert found(db, "A_1") == ["A_1 unit"]
    assert found(db, "k\\s") == ["back\\slash"]
    assert found(db, "ward") == ["50% ward", "500 ward"]
    assert found(db, "") == sorted(NAMES)


def named(db: Database) -> None:
    """Give the sites the names under test (``add_site`` names them by code)."""
    with UnitOfWork(db, LEAD) as uow:
        for i, name in enumerate(NAMES):
            site = uow.session.scalars(select(Site).where(Site.code == f"S{i}")).one()
            site.name = name


def test_a_conditional_count_is_zero_over_no_rows_on_both_backends(db: Database) -> None:
    with reading(db) as s:
        assert s.scalar(select(count_if(Site.code == "X"))) == 0
    for code in ("A", "B", "C"):
        add_site(db, code)
    with reading(db) as s:
        assert s.scalar(select(count_if(Site.code != "B"))) == 2


def test_a_share_of_nothing_is_not_a_number() -> None:
    assert percent_of(1, 3) == 33.3
    assert percent_of(2, 3) == 66.7
    assert percent_of(0, 5) == 0.0
    assert percent_of(5, 0) is None
    assert percent_of(5, None) is None


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_a_share_has_one_decimal_place(part: int, whole: int) -> None:
    share = percent_of(part, whole)
    assert share is not None and round(share, 1) == share
    assert abs(share - 100 * part / whole) <= 0.05 + 1e-9


def test_a_filter_value_is_one_or_several() -> None:
    assert many("ward") == ["ward"] and not is_many("ward")
    assert sorted(many({"a", "b"})) == ["a", "b"] and is_many(frozenset())
    assert many(("a",)) == ["a"] and many(["x", "y"]) == ["x", "y"]
    assert many(None) == [None]

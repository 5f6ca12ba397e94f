"""Keyset paging, search and sort of ``ListSource`` on SQLite and PostgreSQL.

A small list over ``Site`` exercises the shared machinery itself (not one screen's filters): every
row appears exactly once across pages, ties on the sort value are broken by id in both directions,
search treats ``%`` and ``_`` as the characters typed, and an unknown sort key falls back to the
default rather than to SQL built from input.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from sqlalchemy import select

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.models import Site
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.paging import AnySelect
from vpr_desktop.services.common.paging import Column
from vpr_desktop.services.common.paging import ListSource
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.common.paging import SqlColumn
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.store.database import Database

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))

# code, name: names repeat so the sort needs the id to break ties.
SITES = [
    ("S01", "Northgate"),
    ("S02", "Southgate"),
    ("S03", "Northgate"),
    ("S04", "East 100% Unit"),
    ("S05", "West_Wing"),
    ("S06", "Westxwing"),
    ("S07", "Northgate"),
    ("S08", "Abbey"),
    ("S09", "Zetland"),
    ("S10", "Southgate"),
    ("S11", "Back\\slash"),
]


class SiteList(ListSource):
    """The smallest useful list: code and name, sorted by name by default."""

    columns = (Column("code", "Code"), Column("name", "Name"))
    default_sort = "name"

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.search_columns = (Site.name,)

    def base_query(self) -> AnySelect:
        return select(Site.code, Site.name)

    def sort_expressions(self) -> Mapping[str, SqlColumn[object]]:
        return {"code": Site.code, "name": Site.name}

    def id_column(self) -> SqlColumn[int]:
        return Site.id


@pytest.fixture
def sites(db: Database) -> SiteList:
    with UnitOfWork(db, LEAD) as uow:
        for code, name in SITES:
            uow.session.add(Site(code=code, name=name))
    return SiteList(db)


def all_pages(source: SiteList, request: PageRequest, limit: int) -> list[list[tuple[str, str]]]:
    pages: list[list[tuple[str, str]]] = []
    cursor = None
    while True:
        page = source.page(request, cursor, limit=limit)
        pages.append([(str(r[0]), str(r[1])) for r in page.rows])
        if page.cursor is None:
            return pages
        cursor = page.cursor


def expected(descending: bool, key: int = 1) -> list[tuple[str, str]]:
    """Sorted by the column, ties by insertion order (the id), the whole key reversed."""
    ranked = sorted(enumerate(SITES), key=lambda p: (p[1][key], p[0]), reverse=descending)
    return [row for _i, row in ranked]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("limit", [1, 2, 3, 4, 11, 50])
def test_pages_hold_every_row_once_in_sort_order(
    sites: SiteList, descending: bool, limit: int
) -> None:
    request = PageRequest(sort_key="name", descending=descending)
    pages = all_pages(sites, request, limit)
    flat = [row for page in pages for row in page]
    assert flat == expected(descending)
    assert all(len(page) == limit for page in pages[:-1])
    # A full last page needs one more (empty) fetch to know the list has ended.
    assert len(pages) == len(SITES) // limit + 1


def test_ties_on_the_sort_value_are_split_by_id_across_pages(sites: SiteList) -> None:
    first = sites.page(PageRequest(sort_key="name"), limit=3)
    assert [r[1] for r in first.rows] == ["Abbey", "Back\\slash", "East 100% Unit"]
    # Stop in the middle of the three Northgates: the next page starts with the next one.
    cursor = None
    seen: list[str] = []
    while True:
        page = sites.page(PageRequest(sort_key="name"), cursor, limit=4)
        seen.extend(str(r[0]) for r in page.rows)
        if page.cursor is None:
            break
        cursor = page.cursor
    northgates = [code for code in seen if dict(SITES)[code] == "Northgate"]
    assert northgates == ["S01", "S03", "S07"]


def test_an_unknown_sort_key_uses_the_default(sites: SiteList) -> None:
    unknown = PageRequest(sort_key="name; DROP TABLE site", descending=True)
    rows = sites.page(unknown).rows
    # The default sort (name, ascending): the request's direction goes with its unknown key.
    assert [(r[0], r[1]) for r in rows] == expected(False)
    assert sites.count(PageRequest()) == len(SITES)


def test_sort_by_another_column(sites: SiteList) -> None:
    rows = sites.page(PageRequest(sort_key="code", descending=True)).rows
    assert [r[0] for r in rows] == sorted((c for c, _n in SITES), reverse=True)


@pytest.mark.parametrize(
    ("term", "codes"),
    [
        ("gate", {"S01", "S02", "S03", "S07", "S10"}),
        ("NORTH", {"S01", "S03", "S07"}),  # case does not matter
        ("100%", {"S04"}),  # % is a character, not "anything"
        ("%", {"S04"}),
        ("st_w", {"S05"}),  # _ is a character: "Westxwing" does not match
        ("\\", {"S11"}),  # the escape character itself is searched literally
        ("  abbey  ", {"S08"}),  # surrounding spaces are ignored
        ("nowhere", set()),
    ],
)
def test_search_matches_the_text_typed(sites: SiteList, term: str, codes: set[str]) -> None:
    request = PageRequest(search=term)
    assert {str(r[0]) for r in sites.page(request).rows} == codes
    assert sites.count(request) == len(codes)


def test_search_pages_by_keyset_too(sites: SiteList) -> None:
    request = PageRequest(search="gate", sort_key="name", descending=True)
    flat = [row for page in all_pages(sites, request, 2) for row in page]
    assert flat == [row for row in expected(True) if "gate" in row[1]]


def test_an_empty_list_has_no_rows_and_no_cursor(db: Database) -> None:
    source = SiteList(db)
    page = source.page(PageRequest(), limit=5)
    assert page.rows == [] and page.cursor is None
    assert source.count(PageRequest(search="x")) == 0

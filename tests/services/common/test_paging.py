"""The shared keyset pager (``ListSource``) on both backends: pages neither repeat nor skip a
row whatever the sort, ties are broken by id, a search matches ``%`` and ``_`` literally, and a
sort key that is not allow-listed falls back to the default."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Site
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.paging import Column
from vpr_desktop.services.common.paging import ListSource
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.common.unit_of_work import UnitOfWork

LEAD = Actor(username="lead", display_name="VPR lead", roles=frozenset({Role.VPR_LEAD}))

#: (code, name, directorate): names repeat (ties for the keyset) and hold LIKE wildcards.
WARDS = [
    ("W01", "Ash ward", "Medicine"),
    ("W02", "Beech ward", "Medicine"),
    ("W03", "Ash ward", "Surgery"),
    ("W04", "Cedar 100% safe", "Surgery"),
    ("W05", "Damson_unit", None),
    ("W06", "Damson unit", "Mental health"),
    ("W07", "Elm ward", None),
    ("W08", "Ash ward", "Community"),
    ("W09", "Fir ward", "Mental health"),
    ("W10", "Ash ward", "Medicine"),
    ("W11", "Gorse ward", "Surgery"),
    ("W12", "Holly ward", "Community"),
    ("W13", "Back\\slant ward", None),
]


class WardSource(ListSource):
    """A list of locations, as the app's list sources are written."""

    columns = (
        Column("code", "Code", width=60),
        Column("name", "Name"),
        Column("directorate", "Directorate"),
    )
    default_sort = "code"
    default_descending = False

    def __init__(self, db: Any) -> None:
        super().__init__(db)
        self.search_columns = (Location.name,)

    def base_query(self) -> Select[Any]:
        return select(Location.code, Location.name, Location.directorate)

    def sort_expressions(self) -> dict[str, ColumnElement[Any]]:
        return {
            "code": Location.code,
            "name": Location.name,
            "directorate": func.coalesce(Location.directorate, ""),
        }

    def id_column(self) -> ColumnElement[int]:
        return Location.id

    def filter_clauses(self, request: PageRequest) -> list[ColumnElement[bool]]:
        directorate = request.filters.get("directorate")
        return [] if directorate is None else [Location.directorate == directorate]


@pytest.fixture
def wards(db: Any) -> WardSource:
    with UnitOfWork(db, LEAD) as uow:
        site = Site(code="MAIN", name="Main hospital")
        uow.session.add(site)
        uow.session.flush()
        for code, name, directorate in WARDS:
            uow.session.add(
                Location(
                    site_id=site.id,
                    code=code,
                    name=name,
                    directorate=directorate,
                    setting_type=SettingType.ACUTE_WARD,
                )
            )
    return WardSource(db)


def every_page(source: ListSource, request: PageRequest, limit: int) -> list[list[Any]]:
    pages: list[list[Any]] = []
    cursor = None
    while True:
        page = source.page(request, cursor, limit)
        pages.append(page.rows)
        cursor = page.cursor
        if cursor is None:
            return pages
        assert len(pages) < 100  # a cursor that never ends would be a bug


def codes(pages: list[list[Any]]) -> list[str]:
    return [row[0] for page in pages for row in page]


def test_first_page_in_the_default_order(wards: WardSource) -> None:
    page = wards.page(PageRequest(), limit=5)
    assert [r[0] for r in page.rows] == ["W01", "W02", "W03", "W04", "W05"]
    assert page.rows[0] == ("W01", "Ash ward", "Medicine")
    assert page.cursor is not None and page.cursor[0] == "W05"
    assert wards.count(PageRequest()) == len(WARDS)


@pytest.mark.parametrize("limit", [1, 2, 4, 5, 13, 50])
def test_pages_neither_repeat_nor_skip(wards: WardSource, limit: int) -> None:
    pages = every_page(wards, PageRequest(), limit)
    assert codes(pages) == [code for code, _n, _d in WARDS]
    assert all(len(p) <= limit for p in pages)


@pytest.mark.parametrize("descending", [False, True])
def test_ties_on_the_sort_key_are_broken_by_id(wards: WardSource, descending: bool) -> None:
    request = PageRequest(sort_key="name", descending=descending)
    got = codes(every_page(wards, request, 2))
    by_id = {code: i for i, (code, _n, _d) in enumerate(WARDS)}
    expected = sorted(
        (code for code, _n, _d in WARDS),
        key=lambda c: (next(n for k, n, _d in WARDS if k == c), by_id[c]),
        reverse=descending,
    )
    assert got == expected
    ash = [c for c in got if next(n for k, n, _d in WARDS if k == c) == "Ash ward"]
    assert ash == (["W10", "W08", "W03", "W01"] if descending else ["W01", "W03", "W08", "W10"])


def test_a_nullable_sort_is_coalesced_so_no_row_is_dropped(wards: WardSource) -> None:
    got = codes(every_page(wards, PageRequest(sort_key="directorate"), 3))
    assert sorted(got) == sorted(code for code, _n, _d in WARDS)
    assert got[:3] == ["W05", "W07", "W13"]  # no directorate sorts first (as "")


def test_search_is_case_insensitive_and_counts_agree(wards: WardSource) -> None:
    request = PageRequest(search="  ASH  ")
    assert wards.count(request) == 4
    assert codes(every_page(wards, request, 3)) == ["W01", "W03", "W08", "W10"]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("%", ["W04"]),  # only the name with a real per cent sign
        ("_", ["W05"]),  # only the name with a real underscore
        ("Damson_", ["W05"]),
        ("100%", ["W04"]),
        ("\\", ["W13"]),
        ("no such ward", []),
    ],
)
def test_like_wildcards_in_a_search_are_literal(
    wards: WardSource, term: str, expected: list[str]
) -> None:
    request = PageRequest(search=term)
    assert codes(every_page(wards, request, 50)) == expected
    assert wards.count(request) == len(expected)


def test_filters_and_search_combine(wards: WardSource) -> None:
    request = PageRequest(search="ash", filters={"directorate": "Medicine"})
    assert codes(every_page(wards, request, 1)) == ["W01", "W10"]
    assert wards.count(request) == 2
    assert wards.count(PageRequest(filters={"directorate": "Surgery"})) == 3


def test_an_unknown_sort_key_falls_back_to_the_default(wards: WardSource) -> None:
    request = PageRequest(sort_key="name; DROP TABLE location", descending=True)
    got = codes(every_page(wards, request, 4))
    assert got == [code for code, _n, _d in WARDS]  # default: code ascending
    assert wards.count(PageRequest()) == len(WARDS)  # the table is still there


def test_a_full_last_page_ends_with_an_empty_one(wards: WardSource) -> None:
    """13 rows in pages of 13: the cursor says "maybe more", the next page is empty."""
    first = wards.page(PageRequest(), None, len(WARDS))
    assert len(first.rows) == len(WARDS) and first.cursor is not None
    after = wards.page(PageRequest(), first.cursor, len(WARDS))
    assert after.rows == [] and after.cursor is None

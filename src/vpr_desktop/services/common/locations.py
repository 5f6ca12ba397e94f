"""A location as a person sees it: its name, and its site when another location has that name.

Trusts reuse ward names across sites ("Ward 7" at Northgate and at Southfield), so a filter,
a list or a pack that shows only "Ward 7" twice leaves the reader guessing which is which. Every
place that shows or offers a location uses one of these two, so the rule is the same
everywhere: a unique name stays as it is ("Emergency Department"), a shared one carries its
site in brackets ("Ward 7 (Southfield)").

:func:`location_label` is the SQL form, for queries that already select from ``Location``
(lists, filters: sorting and paging stay in the database); :func:`location_labels` the Python
form, for code that holds location ids (packs, compliance tables).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import case
from sqlalchemy import exists
from sqlalchemy import literal
from sqlalchemy import select
from sqlalchemy.orm import aliased

from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Site

if TYPE_CHECKING:
    from sqlalchemy.orm import Session
    from sqlalchemy.sql.elements import ColumnElement


@cache
def location_label() -> ColumnElement[str]:
    """SQL for the label of ``Location`` in the enclosing query (see the module docstring);
    NULL where the enclosing query's location is NULL (an outer join).

    Built once and shared (SQLAlchemy expressions are immutable, and each statement copies
    what it uses): building it, with its alias and correlated subquery, cost about 2 ms a
    call, three calls before the risk register's first paint."""
    other = aliased(Location)
    shared = exists().where(other.name == Location.name, other.id != Location.id)
    site = select(Site.name).where(Site.id == Location.site_id).scalar_subquery()
    return case(
        (shared, Location.name + literal(" (") + site + literal(")")),
        else_=Location.name,
    )


def location_labels(s: Session, ids: Iterable[int] | None = None) -> dict[int, str]:
    """Location id -> label, for ``ids`` (every location when None)."""
    rows = s.execute(
        select(Location.id, Location.name, Site.name).join(Site, Site.id == Location.site_id)
    ).all()
    shared = Counter(name for _lid, name, _site in rows)
    wanted = None if ids is None else set(ids)
    return {
        lid: f"{name} ({site})" if shared[name] > 1 else name
        for lid, name, site in rows
        if wanted is None or lid in wanted
    }

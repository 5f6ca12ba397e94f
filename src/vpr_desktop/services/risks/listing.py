"""The risk register's list source: filters, sorts and pages for the register screen.

Kept apart from the other risk reads because it is the one piece the paged list framework
(``services.common.paging``) drives: what differs from other lists is declared here (base query,
sort columns, filter clauses), not how paging works.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import and_
from sqlalchemy import func
from sqlalchemy import literal_column
from sqlalchemy import select

from vpr_desktop.domain.enums import RiskStatus
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.risk_matrix import RiskMatrix
from vpr_desktop.domain.risk_matrix import trend
from vpr_desktop.services.common.locations import location_label
from vpr_desktop.services.common.paging import AnySelect
from vpr_desktop.services.common.paging import Column
from vpr_desktop.services.common.paging import ListSource
from vpr_desktop.services.common.paging import Page
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.common.paging import SqlColumn
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.risks.queries import _FAR_FUTURE
from vpr_desktop.services.risks.queries import RA
from vpr_desktop.services.risks.queries import control_review_overdue_clause
from vpr_desktop.services.risks.queries import needs_attention_clause
from vpr_desktop.services.risks.queries import overdue_clause
from vpr_desktop.services.risks.queries import owner_name
from vpr_desktop.services.risks.queries import previous_score
from vpr_desktop.services.risks.queries import target_score

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


class RiskListSource(ListSource):
    """The register as a paged list (``paging.py``): sorting and filtering happen in SQL.

    Each row holds the column values in ``columns`` order, then the risk's ``id`` and
    ``version`` (not shown; for opening the risk): ``row[ID_INDEX]``, ``row[VERSION_INDEX]``.
    ``current`` and ``target`` are :class:`ScoreCell` (``str()`` is "Extreme 16"; the band
    colours are on it); ``trend`` is a :class:`Trend`; ``status`` a :class:`RiskStatus`.

    Filters (``PageRequest.filters``): ``status`` (one or a list), ``location_id`` (one or a
    list), ``owner_id``, ``band`` (a band key of the matrix, on the current score), ``cell``
    (``(likelihood, consequence, "current"|"target")``, a heat-map click), ``overdue``
    (review date before ``as_of``, default today), ``control_overdue`` (a control's review date
    before ``as_of``), ``attention`` (either: the sidebar badge), ``above_target``,
    ``activity``. The overdue filters are live risks only, as the Home cards count them.
    """

    columns = (
        Column("reference", "Reference", width=90),
        Column("title", "Title", width=260),
        Column("location", "Location", width=200),
        Column("activity", "Activity / hazard", width=160),
        Column("current", "Current score", "score", width=110),
        Column("target", "Target score", "score", width=100),
        Column("trend", "Trend", "enum", width=90),
        Column("review_date", "Review date", "date", width=100),
        Column("status", "Status", "enum", width=90),
        Column("owner", "Owner", width=160),
    )
    ID_INDEX = len(columns)
    VERSION_INDEX = ID_INDEX + 1
    default_sort = "current"
    default_descending = True

    def __init__(
        self,
        db: Database,
        actor: Actor,
        matrix: RiskMatrix,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        actor.require(Permission.READ_RISKS, "see the risk register")
        super().__init__(db)
        self.matrix = matrix
        self.today = today
        self._base: AnySelect | None = None
        self._sorts: dict[str, SqlColumn[Any]] | None = None
        self.search_columns = (RA.reference, RA.title, RA.activity, Location.name)

    def base_query(self) -> AnySelect:
        # Built once per source: statements are immutable, and building this one (with its
        # correlated subquery) costs more than running it on a 500-row page.
        """The columns shown, then id and version; built once per source (see the comment)."""
        if self._base is None:
            self._base = self._build_base()
        return self._base

    def _build_base(self) -> AnySelect:
        return (
            select(
                RA.reference,
                RA.title,
                location_label(),
                RA.activity,
                RA.current_likelihood,
                RA.current_consequence,
                RA.current_score,
                RA.target_likelihood,
                RA.target_consequence,
                previous_score().label("previous"),
                RA.review_date,
                RA.status,
                owner_name().label("owner"),
                RA.id,
                RA.version,
            )
            .select_from(RA)
            .outerjoin(Location, Location.id == RA.location_id)
            .outerjoin(Person, Person.id == RA.owner_id)
        )

    def sort_expressions(self) -> dict[str, SqlColumn[Any]]:
        """Allow-listed sort keys (built once): a header never puts user text into SQL."""
        if self._sorts is None:
            self._sorts = self._build_sorts()
        return self._sorts

    def _build_sorts(self) -> dict[str, SqlColumn[Any]]:
        # Non-null expressions only (keyset comparison with NULL would drop rows). ``current``
        # is the stored, indexed current_score: the default sort reads the index.
        return {
            "reference": RA.reference,
            "title": RA.title,
            "location": func.coalesce(Location.name, ""),
            "activity": func.coalesce(RA.activity, ""),
            "current": RA.current_score,
            "target": target_score(),
            "review_date": func.coalesce(RA.review_date, _FAR_FUTURE),
            "status": RA.status,
            "owner": func.coalesce(owner_name(), ""),
        }

    def id_column(self) -> SqlColumn[int]:
        """The keyset tie-breaker: risk ids are unique, so equal sort values still page in a stable
        order."""
        return RA.id

    def filter_clauses(self, request: PageRequest) -> list[ColumnElement[bool]]:
        """The list's filters (status, location, flags…) as SQL clauses combined with AND."""
        f = request.filters
        out: list[ColumnElement[bool]] = []
        if (status := f.get("status")) is not None:
            values = [status] if isinstance(status, str) else list(status)
            out.append(RA.status.in_([RiskStatus(s) for s in values]))
        if (loc := f.get("location_id")) is not None:
            out.append(
                RA.location_id.in_(list(loc))
                if isinstance(loc, list | tuple | set)
                else RA.location_id == loc
            )
        if (owner := f.get("owner_id")) is not None:
            out.append(RA.owner_id == owner)
        if band := f.get("band"):
            lo, hi = self.matrix.band_range(str(band))
            out.append(RA.current_score.between(lo, hi))
        if cell := f.get("cell"):
            lk, cq = int(cell[0]), int(cell[1])
            which = cell[2] if len(cell) > 2 else "current"
            if which == "target":
                out += [RA.target_likelihood == lk, RA.target_consequence == cq]
            else:
                out += [RA.current_likelihood == lk, RA.current_consequence == cq]
        as_of = f.get("as_of") or self.today()
        if f.get("overdue"):
            out.append(overdue_clause(as_of))
        if f.get("control_overdue"):
            out.append(control_review_overdue_clause(as_of))
        if f.get("attention"):
            out.append(needs_attention_clause(as_of))
        if f.get("above_target"):
            out.append(RA.current_score > target_score())
        if activity := f.get("activity"):
            out.append(RA.activity == activity)
        return out

    def page_where(self, request: PageRequest) -> list[ColumnElement[bool]]:
        """A page's WHERE, with the status test on ``status || ''`` (the same test, but not one
        SQLite can look up in ix_risk_status_review).

        Why: a page is the first 500 in the sort's order. Looked up by status, SQLite works
        out every live risk's row, location label and trend before sorting them all (93k
        correlated subqueries at 102k risks); without statistics (ANALYZE, which the app
        never runs) it chooses that plan. Walking the sort's index instead, it works out
        rows until the page is full (10.7 -> 4.0 ms at 2k risks). The count keeps the status
        index: it reads every match anyway."""
        status = request.filters.get("status")
        if status is None:
            return self._where(request)
        others = {k: v for k, v in request.filters.items() if k != "status"}
        where = self._where(replace(request, filters=others))
        values = [status] if isinstance(status, str) else list(status)
        plain = RA.status.op("||")(literal_column("''"))
        where.append(plain.in_([RiskStatus(s).value for s in values]))
        return where

    def count(self, request: PageRequest) -> int:
        """Counted on the risk table alone (joining location only for a search, which looks
        at its name): SQLite keeps LEFT JOINs in a count, and without them a count is
        answered from an index (102k risks: 2 ms instead of 50)."""
        stmt = select(func.count()).select_from(RA)
        if request.search.strip():
            stmt = stmt.outerjoin(Location, Location.id == RA.location_id)
        where = self._where(request)
        if where:
            stmt = stmt.where(and_(*where))
        with reading(self.db) as session:
            return int(session.scalar(stmt) or 0)

    def page(
        self, request: PageRequest, cursor: tuple[Any, int] | None = None, limit: int = 500
    ) -> Page:
        """A page of rows, each with its risk's cells and trend worked out for display."""
        raw = super().page(request, cursor, limit)
        m = self.matrix
        rows = []
        for (
            ref,
            title,
            loc,
            activity,
            cl,
            cc,
            cs,
            tl,
            tc,
            prev,
            review,
            status,
            owner,
            rid,
            version,
        ) in raw.rows:
            rows.append(
                (
                    ref,
                    title,
                    loc,
                    activity,
                    m.cell_for_score(cs, cl, cc),
                    m.cell(tl, tc),
                    trend(prev, cs),
                    review,
                    RiskStatus(status),
                    owner,
                    rid,
                    version,
                )
            )
        return Page(rows=rows, cursor=raw.cursor)

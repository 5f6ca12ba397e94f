"""Read side of the risk register: result types, the paged list, pack figures and flag rules.

Split from ``risk_register.py`` (the service with the writes) for length. Everything here
returns plain frozen dataclasses or tuples -- never ORM objects -- so screens, packs and the
CLI can hold results after the session is closed.

Definitions the packs rely on (documented once, here):

* **Live risk**: status open or tolerated (closed risks are history).
* **Trend**: the current score now against the current score recorded by the most recent
  review (``RiskReview.current_likelihood x current_consequence``, the position the review
  started from; see ``RiskRegisterService.record_review``). Up = worse.
* **Above target**: current score > target likelihood x target consequence.
* **Review overdue**: a live risk whose review date is before ``as_of``.
* **Controls implemented on time**: of the controls with an expected date that were either
  implemented, or are past their expected date, the share implemented on or before it.
* **15+ without a plan**: an open risk in the top band (Extreme 15-25 by default, whatever the
  trust's top band starts at) with neither an options note nor a non-cancelled action raised
  from it (``Action.source == risk`` and ``source_id`` = the risk's id).
* **Too generic**: no location, no staff group or no control.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import aliased

from vpr_desktop.domain.enums import (
    ActionSource,
    ActionStatus,
    ControlType,
    Effectiveness,
    RiskStatus,
)
from vpr_desktop.domain.models import (
    Action,
    Control,
    Incident,
    Location,
    Person,
    RiskAssessment,
    RiskReview,
    RiskStaffGroup,
    StaffGroup,
)
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.risk_matrix import RiskMatrix, ScoreCell, Trend, trend
from vpr_desktop.services.common.paging import Column, ListSource, Page, PageRequest
from vpr_desktop.services.common.unit_of_work import reading

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

LIVE = (RiskStatus.OPEN, RiskStatus.TOLERATED)
INCIDENT_WINDOW_DAYS = 365
_FAR_FUTURE = dt.date(9999, 12, 31)
RA = RiskAssessment


# ------------------------------------------------------------------------ result types


class FlagCode(StrEnum):
    TOO_GENERIC = "too_generic"
    HIGH_WITHOUT_PLAN = "high_without_plan"  # 15+ without options note or action
    REVIEW_OVERDUE = "review_overdue"
    NO_REVIEW_DATE = "no_review_date"
    CONTROL_REVIEW_OVERDUE = "control_review_overdue"
    CONTROL_LATE_NO_BARRIER = "control_late_no_barrier"
    INCIDENTS_SUGGEST_HIGHER = "incidents_suggest_higher"


@dataclass(frozen=True)
class RiskFlag:
    code: FlagCode
    severity: str  # "warning" (data quality) | "attention" (needs a decision)
    message: str


@dataclass(frozen=True)
class RiskRow:
    """One risk as a line of a list or a pack table."""

    id: int
    version: int
    reference: str
    title: str
    location_id: int | None
    location: str | None
    activity: str | None
    status: RiskStatus
    owner: str | None  # None when the caller may not see names
    inherent: ScoreCell
    current: ScoreCell
    target: ScoreCell
    review_date: dt.date | None
    previous_score: int | None
    trend: Trend


@dataclass(frozen=True)
class StaffGroupRef:
    id: int
    code: str
    name: str
    clinical: bool


@dataclass(frozen=True)
class ControlView:
    id: int
    version: int
    risk_id: int
    control_type: ControlType
    description: str
    owner_id: int | None
    owner: str | None
    expected_date: dt.date | None
    implemented_date: dt.date | None
    barrier_note: str | None
    effectiveness: Effectiveness
    next_review_date: dt.date | None
    late: bool  # not implemented and past its expected date
    review_overdue: bool
    on_time: bool | None  # implemented by the expected date; None when not yet decidable


@dataclass(frozen=True)
class ReviewView:
    """A dated snapshot. ``found`` is where the review started; ``agreed`` what it decided."""

    id: int
    reviewed_on: dt.date
    reviewed_by: str
    found: ScoreCell
    agreed: ScoreCell | None
    target: ScoreCell | None
    status: str | None
    note: str | None
    snapshot: dict[str, Any]


@dataclass(frozen=True)
class ActionRef:
    id: int
    reference: str
    title: str
    status: ActionStatus
    due_date: dt.date | None


@dataclass(frozen=True)
class IncidentEvidence:
    """Incidents at the risk's location in the last 12 months and what they suggest."""

    location_id: int
    incidents: int
    since: dt.date
    until: dt.date
    suggested_likelihood: int
    rated_likelihood: int
    prompt: str | None  # set when the suggestion is higher than the rating
    rule: str  # the rule in words, for help


@dataclass(frozen=True)
class RiskDetail:
    row: RiskRow
    description: str | None
    owner_id: int | None
    options_note: str | None
    import_batch_id: int | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    staff_groups: tuple[StaffGroupRef, ...]
    controls: tuple[ControlView, ...]
    reviews: tuple[ReviewView, ...]  # newest first
    actions: tuple[ActionRef, ...]
    flags: tuple[RiskFlag, ...]
    incidents: IncidentEvidence | None

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def version(self) -> int:
        return self.row.version


@dataclass(frozen=True)
class HeatMap:
    """Counts of live risks per (likelihood, consequence) cell; ``counts[l-1][c-1]``."""

    which: str  # "current" | "target"
    statuses: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    matrix: RiskMatrix = field(repr=False, compare=False)

    def count(self, likelihood: int, consequence: int) -> int:
        return self.counts[likelihood - 1][consequence - 1]

    @property
    def total(self) -> int:
        return sum(sum(r) for r in self.counts)

    def cells(self) -> list[tuple[ScoreCell, int]]:
        """Every cell, likelihood 5 row first (as the matrix is drawn), with its count."""
        return [
            (self.matrix.cell(lk, c), self.count(lk, c))
            for lk in range(5, 0, -1)
            for c in range(1, 6)
        ]

    def band_totals(self) -> dict[str, int]:
        out = {b.key: 0 for b in self.matrix.bands}
        for lk in range(1, 6):
            for c in range(1, 6):
                out[self.matrix.band(lk, c).key] += self.count(lk, c)
        return out


@dataclass(frozen=True)
class OnTimeShare:
    as_of: dt.date
    on_time: int
    due: int  # controls whose on-time-ness is decided (implemented, or past expected date)
    implemented_late: int
    overdue_not_implemented: int

    @property
    def percent(self) -> float | None:
        return None if self.due == 0 else round(100.0 * self.on_time / self.due, 1)


# ------------------------------------------------------------------------ SQL helpers


def owner_name() -> ColumnElement[str]:
    return Person.first_name + literal(" ") + Person.last_name


def previous_score() -> ColumnElement[int]:
    """The current score recorded by the risk's most recent review (correlated; may be NULL)."""
    rr = aliased(RiskReview)
    return (
        select(rr.current_likelihood * rr.current_consequence)
        .where(rr.risk_id == RA.id)
        .order_by(rr.reviewed_on.desc(), rr.id.desc())
        .limit(1)
        .correlate(RA)
        .scalar_subquery()
    )


def target_score() -> ColumnElement[int]:
    return RA.target_likelihood * RA.target_consequence


def risk_select(with_owner: bool = True) -> Select[Any]:
    owner = owner_name() if with_owner else literal(None)
    stmt = (
        select(
            RA.id,
            RA.version,
            RA.reference,
            RA.title,
            RA.location_id,
            Location.name,
            RA.activity,
            RA.status,
            owner.label("owner"),
            RA.inherent_likelihood,
            RA.inherent_consequence,
            RA.current_likelihood,
            RA.current_consequence,
            RA.target_likelihood,
            RA.target_consequence,
            RA.review_date,
            previous_score().label("previous"),
        )
        .select_from(RA)
        .outerjoin(Location, Location.id == RA.location_id)
    )
    # Without the owner no person row is read: a board secretary's login may not read them.
    return stmt.outerjoin(Person, Person.id == RA.owner_id) if with_owner else stmt


def to_row(r: Any, matrix: RiskMatrix) -> RiskRow:
    current = matrix.cell(r.current_likelihood, r.current_consequence)
    prev = None if r.previous is None else int(r.previous)
    return RiskRow(
        id=r.id,
        version=r.version,
        reference=r.reference,
        title=r.title,
        location_id=r.location_id,
        location=r.name,
        activity=r.activity,
        status=RiskStatus(r.status),
        owner=r.owner,
        inherent=matrix.cell(r.inherent_likelihood, r.inherent_consequence),
        current=current,
        target=matrix.cell(r.target_likelihood, r.target_consequence),
        review_date=r.review_date,
        previous_score=prev,
        trend=trend(prev, current.score),
    )


def has_plan() -> ColumnElement[bool]:
    """An options note, or a non-cancelled action raised from the risk."""
    action = exists().where(
        Action.source == ActionSource.RISK,
        Action.source_id == RA.id,
        Action.status != ActionStatus.CANCELLED,
    )
    return or_(func.length(func.trim(func.coalesce(RA.options_note, ""))) > 0, action)


def high_without_plan_clause(matrix: RiskMatrix) -> ColumnElement[bool]:
    return and_(
        RA.status == RiskStatus.OPEN,
        RA.current_score >= matrix.top_band.min_score,
        not_(has_plan()),
    )


def too_generic_clause() -> ColumnElement[bool]:
    return or_(
        RA.location_id.is_(None),
        not_(exists().where(RiskStaffGroup.risk_id == RA.id)),
        not_(exists().where(Control.risk_id == RA.id)),
    )


def overdue_clause(as_of: dt.date) -> ColumnElement[bool]:
    return and_(RA.status.in_(LIVE), RA.review_date < as_of)


# ------------------------------------------------------------------------ pack figures


def risk_rows(
    session: Session,
    matrix: RiskMatrix,
    *where: ColumnElement[bool],
    order: Sequence[Any] = (),
    limit: int | None = None,
    with_owner: bool = True,
) -> list[RiskRow]:
    stmt = risk_select(with_owner)
    if where:
        stmt = stmt.where(*where)
    stmt = stmt.order_by(*(order or (RA.current_score.desc(), RA.id.desc())))
    if limit is not None:
        stmt = stmt.limit(limit)
    return [to_row(r, matrix) for r in session.execute(stmt)]


def heat_map(
    session: Session,
    matrix: RiskMatrix,
    which: str = "current",
    statuses: Iterable[RiskStatus] = LIVE,
) -> HeatMap:
    """Counts per cell by SQL ``GROUP BY`` (never by loading risks)."""
    if which not in ("current", "target"):
        raise ValueError("which must be 'current' or 'target'")
    lk = RA.current_likelihood if which == "current" else RA.target_likelihood
    cq = RA.current_consequence if which == "current" else RA.target_consequence
    wanted = tuple(RiskStatus(s) for s in statuses)
    stmt = select(lk, cq, func.count()).where(RA.status.in_(wanted)).group_by(lk, cq)
    grid = [[0] * 5 for _ in range(5)]
    for li, ci, n in session.execute(stmt):
        grid[li - 1][ci - 1] = int(n)
    return HeatMap(which, tuple(s.value for s in wanted), tuple(tuple(r) for r in grid), matrix)


def controls_on_time(
    session: Session, as_of: dt.date, period: tuple[dt.date, dt.date] | None = None
) -> OnTimeShare:
    """The share of controls implemented by their expected date (see module docstring).

    ``period`` narrows to controls whose expected date falls in [from, to] -- a pack reports
    the controls that fell due in its period.
    """
    decided = and_(
        Control.expected_date.is_not(None),
        or_(Control.implemented_date.is_not(None), Control.expected_date < as_of),
    )
    on_time = and_(
        Control.implemented_date.is_not(None), Control.implemented_date <= Control.expected_date
    )
    late = and_(
        Control.implemented_date.is_not(None), Control.implemented_date > Control.expected_date
    )
    missing = and_(Control.implemented_date.is_(None), Control.expected_date < as_of)
    stmt = select(
        func.count(),
        func.sum(case((on_time, 1), else_=0)),
        func.sum(case((late, 1), else_=0)),
        func.sum(case((missing, 1), else_=0)),
    ).where(decided)
    if period is not None:
        stmt = stmt.where(Control.expected_date >= period[0], Control.expected_date <= period[1])
    due, ok, late_n, missing_n = session.execute(stmt).one()
    return OnTimeShare(as_of, int(ok or 0), int(due or 0), int(late_n or 0), int(missing_n or 0))


def incidents_at(
    session: Session, location_id: int, until: dt.date, days: int = INCIDENT_WINDOW_DAYS
) -> tuple[int, dt.date]:
    since = until - dt.timedelta(days=days)
    start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    n = session.scalar(
        select(func.count())
        .select_from(Incident)
        .where(
            Incident.location_id == location_id,
            Incident.occurred_at >= start,
            Incident.occurred_at < end,
        )
    )
    return int(n or 0), since


def incident_evidence(
    session: Session,
    matrix: RiskMatrix,
    location_id: int | None,
    rated_likelihood: int,
    today: dt.date,
) -> IncidentEvidence | None:
    if location_id is None:
        return None
    n, since = incidents_at(session, location_id, today)
    suggested = matrix.likelihood_from_incidents(n, INCIDENT_WINDOW_DAYS)
    prompt = None
    if suggested > rated_likelihood:
        prompt = (
            f"{n} incident(s) at this location in the last 12 months suggest likelihood "
            f"{matrix.likelihood_label(suggested)}, higher than the rated "
            f"{matrix.likelihood_label(rated_likelihood)}. Review the likelihood."
        )
    return IncidentEvidence(
        location_id,
        n,
        since,
        today,
        suggested,
        rated_likelihood,
        prompt,
        matrix.likelihood_rule_text(),
    )


# ------------------------------------------------------------------------ flag rules


def control_view(c: Control, owner: str | None, today: dt.date) -> ControlView:
    late = c.implemented_date is None and c.expected_date is not None and c.expected_date < today
    on_time = (
        None
        if c.expected_date is None or (c.implemented_date is None and not late)
        else c.implemented_date is not None and c.implemented_date <= c.expected_date
    )
    return ControlView(
        c.id,
        c.version,
        c.risk_id,
        c.control_type,
        c.description,
        c.owner_id,
        owner,
        c.expected_date,
        c.implemented_date,
        c.barrier_note,
        c.effectiveness,
        c.next_review_date,
        late,
        c.next_review_date is not None and c.next_review_date < today,
        on_time,
    )


def flags_for(
    row: RiskRow,
    *,
    matrix: RiskMatrix,
    staff_groups: int,
    controls: Sequence[ControlView],
    options_note: str | None,
    open_actions: int,
    evidence: IncidentEvidence | None,
    today: dt.date,
) -> list[RiskFlag]:
    """The register's warnings for one risk (pure: the facts are passed in)."""
    out: list[RiskFlag] = []
    if row.status is RiskStatus.CLOSED:
        return out
    missing = [
        w
        for w, gap in (
            ("a location", row.location_id is None),
            ("a staff group", staff_groups == 0),
            ("a control", not controls),
        )
        if gap
    ]
    if missing:
        out.append(
            RiskFlag(
                FlagCode.TOO_GENERIC,
                "warning",
                "Too generic: add " + _and(missing) + " so the assessment says "
                "where, who and what is done about it.",
            )
        )
    top = matrix.top_band
    if (
        row.status is RiskStatus.OPEN
        and row.current.score >= top.min_score
        and not (options_note or "").strip()
        and open_actions == 0
    ):
        out.append(
            RiskFlag(
                FlagCode.HIGH_WITHOUT_PLAN,
                "attention",
                f"Scores {row.current.label} with no options note and no action: "
                "record the options considered or raise an action.",
            )
        )
    if row.review_date is None:
        out.append(RiskFlag(FlagCode.NO_REVIEW_DATE, "warning", "No review date set."))
    elif row.review_date < today:
        out.append(
            RiskFlag(
                FlagCode.REVIEW_OVERDUE,
                "attention",
                f"Review overdue since {row.review_date:%d %b %Y}.",
            )
        )
    overdue = [c for c in controls if c.review_overdue]
    if overdue:
        out.append(
            RiskFlag(
                FlagCode.CONTROL_REVIEW_OVERDUE,
                "attention",
                f"{len(overdue)} control effectiveness review(s) overdue.",
            )
        )
    late = [c for c in controls if c.late and not (c.barrier_note or "").strip()]
    if late:
        out.append(
            RiskFlag(
                FlagCode.CONTROL_LATE_NO_BARRIER,
                "warning",
                f"{len(late)} control(s) past their expected date with no barrier "
                "note: say what is in the way.",
            )
        )
    if evidence is not None and evidence.prompt:
        out.append(RiskFlag(FlagCode.INCIDENTS_SUGGEST_HIGHER, "attention", evidence.prompt))
    return out


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# ------------------------------------------------------------------------ the paged list


class RiskListSource(ListSource):
    """The register as a paged list (``paging.py``): sorting and filtering happen in SQL.

    Each row holds the column values in ``columns`` order, then the risk's ``id`` and
    ``version`` (not shown; for opening the risk): ``row[ID_INDEX]``, ``row[VERSION_INDEX]``.
    ``current`` and ``target`` are :class:`ScoreCell` (``str()`` is "Extreme 16"; the band
    colours are on it); ``trend`` is a :class:`Trend`; ``status`` a :class:`RiskStatus`.

    Filters (``PageRequest.filters``): ``status`` (one or a list), ``location_id`` (one or a
    list), ``owner_id``, ``band`` (a band key of the matrix, on the current score), ``cell``
    (``(likelihood, consequence, "current"|"target")``, a heat-map click), ``overdue``
    (review date before ``as_of``, default today), ``above_target``, ``activity``.
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
        self._base: Select[Any] | None = None
        self._sorts: dict[str, ColumnElement[Any]] | None = None
        self.search_columns = (RA.reference, RA.title, RA.activity, Location.name)

    def base_query(self) -> Select[Any]:
        # Built once per source: statements are immutable, and building this one (with its
        # correlated subquery) costs more than running it on a 500-row page.
        if self._base is None:
            self._base = self._build_base()
        return self._base

    def _build_base(self) -> Select[Any]:
        return (
            select(
                RA.reference,
                RA.title,
                Location.name,
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

    def sort_expressions(self) -> dict[str, ColumnElement[Any]]:
        if self._sorts is None:
            self._sorts = self._build_sorts()
        return self._sorts

    def _build_sorts(self) -> dict[str, ColumnElement[Any]]:
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

    def id_column(self) -> ColumnElement[int]:
        return RA.id

    def filter_clauses(self, request: PageRequest) -> list[ColumnElement[bool]]:
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
        if f.get("overdue"):
            out.append(overdue_clause(f.get("as_of") or self.today()))
        if f.get("above_target"):
            out.append(RA.current_score > target_score())
        if activity := f.get("activity"):
            out.append(RA.activity == activity)
        return out

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


# ------------------------------------------------------------------------ bulk (export)


@dataclass(frozen=True)
class ExportRisk:
    """A risk with everything the Excel register shows (children flattened to text)."""

    row: RiskRow
    location_code: str | None
    description: str | None
    owner_employee_number: str | None
    staff_groups: tuple[str, ...]
    options_note: str | None
    controls: tuple[ControlView, ...]
    flags: tuple[RiskFlag, ...]


def export_risks(
    session: Session,
    matrix: RiskMatrix,
    where: Sequence[ColumnElement[bool]],
    today: dt.date,
    with_owner: bool,
    chunk: int = 500,
) -> list[ExportRisk]:
    """Risks (current score first) with staff groups, controls and flags, in chunks of ids."""
    rows = risk_rows(session, matrix, *where, with_owner=with_owner)
    evidence_counts = dict(
        session.execute(
            select(Incident.location_id, func.count())
            .where(
                Incident.occurred_at
                >= dt.datetime.combine(
                    today - dt.timedelta(days=INCIDENT_WINDOW_DAYS), dt.time(), tzinfo=dt.UTC
                ),
                Incident.occurred_at
                < dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC),
            )
            .group_by(Incident.location_id)
        ).all()
    )
    out: list[ExportRisk] = []
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        ids = [r.id for r in part]
        extra = {
            rid: (code, desc, number, note)
            for rid, code, desc, number, note in session.execute(
                select(
                    RA.id, Location.code, RA.description, Person.employee_number, RA.options_note
                )
                .outerjoin(Location, Location.id == RA.location_id)
                .outerjoin(Person, Person.id == RA.owner_id)
                .where(RA.id.in_(ids))
            )
        }
        groups: dict[int, list[str]] = {}
        for rid, name in session.execute(
            select(RiskStaffGroup.risk_id, StaffGroup.name)
            .join(StaffGroup, StaffGroup.id == RiskStaffGroup.staff_group_id)
            .where(RiskStaffGroup.risk_id.in_(ids))
            .order_by(StaffGroup.name)
        ):
            groups.setdefault(rid, []).append(name)
        controls: dict[int, list[ControlView]] = {}
        for c, owner in session.execute(
            select(Control, owner_name())
            .outerjoin(Person, Person.id == Control.owner_id)
            .where(Control.risk_id.in_(ids))
            .order_by(Control.id)
        ):
            controls.setdefault(c.risk_id, []).append(control_view(c, owner, today))
        actions = dict(
            session.execute(
                select(Action.source_id, func.count())
                .where(
                    Action.source == ActionSource.RISK,
                    Action.source_id.in_(ids),
                    Action.status != ActionStatus.CANCELLED,
                )
                .group_by(Action.source_id)
            ).all()
        )
        for r in part:
            code, desc, number, note = extra[r.id]
            evidence = None
            if r.location_id is not None:
                n = int(evidence_counts.get(r.location_id, 0))
                suggested = matrix.likelihood_from_incidents(n)
                evidence = IncidentEvidence(
                    r.location_id,
                    n,
                    today - dt.timedelta(days=INCIDENT_WINDOW_DAYS),
                    today,
                    suggested,
                    r.current.likelihood or 1,
                    None
                    if suggested <= (r.current.likelihood or 1)
                    else f"{n} incident(s) here in 12 months suggest likelihood "
                    f"{matrix.likelihood_label(suggested)}.",
                    "",
                )
            cs = tuple(controls.get(r.id, []))
            flags = flags_for(
                r,
                matrix=matrix,
                staff_groups=len(groups.get(r.id, [])),
                controls=cs,
                options_note=note,
                open_actions=int(actions.get(r.id, 0)),
                evidence=evidence,
                today=today,
            )
            out.append(
                ExportRisk(
                    r,
                    code,
                    desc,
                    number if with_owner else None,
                    tuple(groups.get(r.id, [])),
                    note,
                    cs,
                    tuple(flags),
                )
            )
    return out


@dataclass(frozen=True)
class RegisterExport:
    """Everything the Excel register holds (built by ``export_data``; rendered in reports)."""

    risks: list[ExportRisk]
    heat_current: HeatMap
    heat_target: HeatMap
    on_time: OnTimeShare
    matrix: RiskMatrix
    as_of: dt.date
    generated_by: str


def review_view(r: RiskReview, m: RiskMatrix) -> ReviewView:
    """A review as history shows it; older snapshots (no ``agreed`` key) read as agreed."""
    snap = dict(r.snapshot or {})
    agreed = snap.get("agreed", snap)

    def cell(pair: Any) -> ScoreCell | None:
        try:
            return m.cell(int(pair[0]), int(pair[1]))
        except (TypeError, ValueError, IndexError, KeyError):
            return None

    return ReviewView(
        r.id,
        r.reviewed_on,
        r.reviewed_by,
        m.cell(r.current_likelihood, r.current_consequence),
        cell(agreed.get("current")),
        cell(agreed.get("target")),
        agreed.get("status"),
        r.note,
        snap,
    )

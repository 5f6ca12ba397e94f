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
from collections.abc import Iterable
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import Row
from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import literal_column
from sqlalchemy import not_
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import aliased

from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import RiskStatus
from vpr_desktop.domain.models import Action
from vpr_desktop.domain.models import Control
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import RiskAssessment
from vpr_desktop.domain.models import RiskReview
from vpr_desktop.domain.models import RiskStaffGroup
from vpr_desktop.domain.risk_matrix import RiskMatrix
from vpr_desktop.domain.risk_matrix import ScoreCell
from vpr_desktop.domain.risk_matrix import trend
from vpr_desktop.services.common.locations import location_label
from vpr_desktop.services.common.paging import AnySelect
from vpr_desktop.services.common.paging import SqlColumn
from vpr_desktop.services.common.same_named import from_same_named
from vpr_desktop.services.risks.records import ControlView
from vpr_desktop.services.risks.records import FlagCode
from vpr_desktop.services.risks.records import HeatMap
from vpr_desktop.services.risks.records import IncidentEvidence
from vpr_desktop.services.risks.records import OnTimeShare
from vpr_desktop.services.risks.records import ReviewView
from vpr_desktop.services.risks.records import RiskFlag
from vpr_desktop.services.risks.records import RiskRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


LIVE = (RiskStatus.OPEN, RiskStatus.TOLERATED)
INCIDENT_WINDOW_DAYS = 365
_FAR_FUTURE = dt.date(9999, 12, 31)
RA = RiskAssessment


# ------------------------------------------------------------------------ result types


# ------------------------------------------------------------------------ SQL helpers


def owner_name() -> ColumnElement[str]:
    """The risk owner's display name built in SQL, so lists can sort and search on it."""
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
    """The target score in SQL (likelihood times consequence), to compare with the current."""
    return RA.target_likelihood * RA.target_consequence


def risk_select(with_owner: bool = True) -> AnySelect:
    """The SELECT every risk row is built from (see ``to_row``); the owner's name is left NULL for
    readers who may not see names."""
    owner = owner_name() if with_owner else literal(None)
    stmt = (
        select(
            RA.id,
            RA.version,
            RA.reference,
            RA.title,
            RA.location_id,
            location_label().label("name"),
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


def to_row(r: Row[*tuple[Any, ...]], matrix: RiskMatrix) -> RiskRow:
    """One ``risk_select`` row as a RiskRow, with cells and trend worked out against the trust's
    matrix."""
    current = matrix.cell(r.current_likelihood, r.current_consequence)
    prev = None if r.previous is None else int(r.previous)
    return from_same_named(
        RiskRow,
        r,
        location=r.name,
        status=RiskStatus(r.status),
        inherent=matrix.cell(r.inherent_likelihood, r.inherent_consequence),
        current=current,
        target=matrix.cell(r.target_likelihood, r.target_consequence),
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
    """Open risks in the matrix's top band with no options note or action: a decision is due."""
    return and_(
        RA.status == RiskStatus.OPEN,
        RA.current_score >= matrix.top_band.min_score,
        not_(has_plan()),
    )


def too_generic_clause() -> ColumnElement[bool]:
    """Risks too vague to act on: no location, no staff group or no control."""
    return or_(
        RA.location_id.is_(None),
        not_(exists().where(RiskStaffGroup.risk_id == RA.id)),
        not_(exists().where(Control.risk_id == RA.id)),
    )


def overdue_clause(as_of: dt.date) -> ColumnElement[bool]:
    """Live risks whose review date has passed."""
    return and_(RA.status.in_(LIVE), RA.review_date < as_of)


def control_review_overdue_clause(as_of: dt.date) -> ColumnElement[bool]:
    """Live risks with at least one control whose effectiveness review date has passed (a
    risk with three such controls is one row, counted once)."""
    overdue = exists().where(Control.risk_id == RA.id, Control.next_review_date < as_of)
    return and_(RA.status.in_(LIVE), overdue)


def needs_attention_clause(as_of: dt.date) -> ColumnElement[bool]:
    """Live risks whose review, or a control's review, is overdue: the sidebar badge's rows."""
    return or_(overdue_clause(as_of), control_review_overdue_clause(as_of))


# ------------------------------------------------------------------------ pack figures


def risk_rows(
    session: Session,
    matrix: RiskMatrix,
    *where: ColumnElement[bool],
    order: Sequence[SqlColumn[Any]] = (),
    limit: int | None = None,
    with_owner: bool = True,
) -> list[RiskRow]:
    """Risk rows matching ``where`` (highest current score first unless ``order`` says otherwise),
    in one query."""
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
    # ``status || ''``: the same test, but not one SQLite can look up in ix_risk_status_review
    # (which, without statistics, it prefers: a search of every live risk, then a sort). So it
    # walks the covering cell index (migration 0010) in group order instead: 15x faster at 100k.
    status = RA.status.op("||")(literal_column("''"))
    stmt = select(lk, cq, func.count()).where(status.in_(wanted)).group_by(lk, cq)
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
    """Incidents at a location in the window ending ``until``, and the window's first day."""
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
    """What recent incidents at the risk's location suggest for its likelihood; None without a
    location."""
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
    """A control as shown: late when past its expected date and not implemented; on time decided
    only once it can be."""
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


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


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


# ------------------------------------------------------------------------ the paged list


# ------------------------------------------------------------------------ bulk (export)


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

"""Demo self-assessment: two cycles of the 2024 edition on every demo database.

Why separate from the demo generator: the generator writes raw rows fast and knows nothing of
standards; the assessment has rules (carry forward, sign-off by two people, gap actions linked
both ways) that only the services apply correctly. So this goes through the services, as a
person would: a cycle for the previous financial year signed off by both sides (the VPR lead
for management, the staff-side rep for staff side), then the current year's cycle carried
forward from it and left in draft, re-rated with some improvements and some declines, evidence
links (some past their review date), and gap actions for red indicators with owners on both
sides.

``create_demo_database`` calls it after the generator's transaction, with its own random stream
(not the generator's), so adding the cycles leaves every incident, risk and training row exactly
as before. Gap actions are due after the anchor date, so the overdue figures stay the
generator's too. Deterministic for a seed and anchor date, and safe to call twice (it does
nothing when the demo cycles exist).

Every narrative says it is demo text, and the indicator wording stays marked as our working
summary.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import DateTime
from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import null
from sqlalchemy import select
from sqlalchemy import update

from vpr_desktop.domain.base import Base
from vpr_desktop.domain.enums import Priority
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import Side
from vpr_desktop.domain.enums import WorkStatus
from vpr_desktop.domain.models import AssessmentCycle
from vpr_desktop.domain.models import Rating
from vpr_desktop.domain.models import User
from vpr_desktop.domain.models import UserRole
from vpr_desktop.services.assessment.service import AssessmentService
from vpr_desktop.services.common.actor import SYSTEM
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import reading

if TYPE_CHECKING:
    from vpr_desktop.store.database import Database

EDITION = "vpr-2024"
NARRATIVES = {
    Rag.RED: (
        "Demo: not yet in place; a named owner will scope the work this year.",
        "Demo: arrangements exist on paper only and are not followed in practice.",
    ),
    Rag.AMBER: (
        "Demo: in place in most areas; community teams not yet covered.",
        "Demo: agreed and started; evidence of consistent use is still being gathered.",
    ),
    Rag.GREEN: (
        "Demo: in place across the trust and reviewed at the last committee.",
        "Demo: embedded; audited this year with no significant findings.",
    ),
}
EVIDENCE = (
    "Board minutes",
    "Committee terms of reference",
    "Policy",
    "Audit report",
    "Training compliance report",
    "Risk register extract",
    "Joint meeting minutes",
)
#: Tables the services write to here whose rows get demo times (see ``_restamp``).
STAMPED = (
    "standard",
    "standard_domain",
    "indicator",
    "crosswalk_link",
    "assessment_cycle",
    "rating",
    "evidence",
    "rating_evidence",
    "action",
    "action_update",
)
GAP_ACTIONS = 3  # a few, beside the generator's own: the action log's mix stays the generator's


@dataclass(frozen=True)
class DemoAssessment:
    """The two demo assessment cycles (last year's, signed off; this year's, in draft), so the
    demo shows a year-on-year comparison."""

    previous_cycle_id: int
    current_cycle_id: int
    created: bool  # False: the demo cycles were already there


def financial_year(day: dt.date) -> tuple[dt.date, dt.date]:
    """The NHS financial year (1 April to 31 March) containing ``day``."""
    start_year = day.year if day.month >= 4 else day.year - 1
    return dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)


def _actor_with(db: Database, role: Role) -> Actor | None:
    with reading(db) as session:
        user = session.scalar(
            select(User)
            .join(UserRole)
            .where(UserRole.role == role, User.active.is_(True))
            .order_by(User.id)
            .limit(1)
        )
        if user is None:
            return None
        roles = frozenset(Role(r.role) for r in user.roles)
        return Actor(user.username, user.display_name, roles, user.id)


def _person(db: Database, actor: Actor | None) -> int | None:
    if actor is None or actor.user_id is None:
        return None
    with reading(db) as session:
        return session.scalar(select(User.person_id).where(User.id == actor.user_id))


def _last_ids(db: Database) -> dict[str, int]:
    """The highest id in each stamped table before the cycles are added."""
    with db.engine.connect() as conn:
        return {
            name: conn.execute(select(func.max(table.c.id))).scalar() or 0
            for name, table in Base.metadata.tables.items()
            if name in STAMPED
        }


def _restamp(
    db: Database, before: dict[str, int], made: DemoAssessment, today: dt.date, signed: dt.date
) -> None:
    """Give the rows the services just wrote demo times instead of the clock's.

    Why: the generator stamps every row at the anchor's midnight and places nothing after the
    anchor, so a demo made for a past anchor (the tests', a screenshot's) must not hold
    sign-offs and gap actions dated the day it was built. Everything new is stamped at the
    anchor's midnight; last year's cycle was opened a month before ``signed``, rated on it and
    signed (lead first, then staff side) that day, and the ratings carried forward from it keep
    that date. The audit trail is append-only and keeps the real times: it says truly when the
    demo was built.
    """
    now = dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)
    rated = dt.datetime(signed.year, signed.month, signed.day, 10, tzinfo=dt.UTC)
    opened, hour = rated - dt.timedelta(days=30), dt.timedelta(hours=1)
    with db.engine.begin() as conn:
        for name, table in Base.metadata.tables.items():
            if name not in STAMPED:
                continue
            times = {  # one statement per table: each UPDATE would set updated_at to the clock
                col.name: case((col.is_(None), null()), else_=now)
                for col in table.columns
                if isinstance(col.type, DateTime)
            }
            conn.execute(update(table).where(table.c.id > before[name]).values(times))
        ratings = Rating.__table__
        conn.execute(
            update(ratings)
            .where(ratings.c.cycle_id == made.previous_cycle_id)
            .values(created_at=opened, updated_at=rated, rated_at=rated)
        )
        conn.execute(
            update(ratings)
            .where(ratings.c.cycle_id == made.current_cycle_id, ratings.c.carried_forward.is_(True))
            .values(
                rated_at=case((ratings.c.rated_at.is_(None), null()), else_=rated), updated_at=now
            )
        )
        cycles = AssessmentCycle.__table__
        conn.execute(
            update(cycles)
            .where(cycles.c.id == made.previous_cycle_id)
            .values(
                created_at=opened,
                management_signed_at=case(
                    (cycles.c.management_signed_at.is_(None), null()), else_=rated + hour
                ),
                staff_side_signed_at=case(
                    (cycles.c.staff_side_signed_at.is_(None), null()), else_=rated + 4 * hour
                ),
                updated_at=rated + 4 * hour,
            )
        )


def add_demo_assessment(
    db: Database, anchor: dt.date | None = None, seed: int = 1
) -> DemoAssessment:
    """Create the demo cycles (see the module docstring); ``anchor`` is the demo's today."""
    today = anchor or dt.date.today()
    rng = random.Random(f"demo-assessment-{seed}")  # its own stream: see the module docstring
    lead = _actor_with(db, Role.VPR_LEAD) or SYSTEM
    rep = _actor_with(db, Role.STAFF_SIDE_REP)
    svc = AssessmentService(db, lead, today=today)
    start, end = financial_year(today)
    prev_start, prev_end = financial_year(start - dt.timedelta(days=1))
    names = (
        f"{prev_start.year}/{prev_end.year % 100:02d} self-assessment (demo)",
        f"{start.year}/{end.year % 100:02d} self-assessment (demo)",
    )
    last_ids = _last_ids(db)  # before the services load the shipped editions
    existing = {c.name: c.id for c in svc.list_cycles(EDITION)}
    if all(n in existing for n in names):
        return DemoAssessment(existing[names[0]], existing[names[1]], False)

    previous = svc.create_cycle(EDITION, names[0], prev_start, prev_end).cycle
    first: dict[str, Rag] = {}
    for node in svc.tree(previous.id).domains:
        for view in node.ratings:
            rag = rng.choices((Rag.RED, Rag.AMBER, Rag.GREEN), (3, 5, 2))[0]
            first[view.code] = rag
            svc.rate(view.id, rag, WorkStatus.DONE, rng.choice(NARRATIVES[rag]))
            if rng.random() < 0.6:
                title = rng.choice(EVIDENCE)
                dated = prev_start + dt.timedelta(days=rng.randint(0, 300))
                svc.add_evidence_link(  # a year or so later: some are past review by now
                    view.id,
                    f"https://intranet.example.nhs.uk/vpr/{view.code}/{title.lower()}".replace(
                        " ", "-"
                    ),
                    title=f"{title} (demo)",
                    owner="VPR lead (demo)",
                    evidence_date=dated,
                    review_date=dated + dt.timedelta(days=rng.randint(180, 540)),
                )
    svc.submit_for_review(previous.id)
    if rep is not None:
        svc.sign_off(previous.id, Side.MANAGEMENT)
        AssessmentService(db, rep, today=today).sign_off(previous.id, Side.STAFF_SIDE)

    current = svc.create_cycle(EDITION, names[1], start, end, carry_from=previous.id).cycle
    owner, rep_person = _person(db, lead), _person(db, rep)
    gaps = 0
    for node in svc.tree(current.id).domains:
        for view in node.ratings:
            roll = rng.random()
            if roll < 0.15:
                continue  # left "carried forward — confirm"
            before = first[view.code]
            rag = (
                (Rag.GREEN if before is Rag.AMBER else Rag.AMBER)
                if roll < 0.45
                else (Rag.RED if before is Rag.AMBER and roll > 0.9 else before)
            )
            svc.rate(view.id, rag, rng.choice(list(WorkStatus)), rng.choice(NARRATIVES[rag]))
            if rag is Rag.RED and gaps < GAP_ACTIONS:
                svc.raise_gap_action(
                    view.id,
                    due_date=today + dt.timedelta(days=rng.randint(14, 120)),
                    management_owner_id=owner,
                    staff_side_owner_id=rep_person,
                    priority=rng.choice(list(Priority)),
                )
                gaps += 1
    made = DemoAssessment(previous.id, current.id, True)
    signed = min(prev_end + dt.timedelta(days=30), today - dt.timedelta(days=1))
    _restamp(db, last_ids, made, today, signed)
    return made

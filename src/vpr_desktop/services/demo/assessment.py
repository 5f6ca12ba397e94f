"""Demo self-assessment: two cycles of the 2024 edition on a demo database, on request.

Why separate from the demo generator: the generator writes raw rows fast and knows nothing of
standards; the assessment has rules (carry forward, sign-off by two people, gap actions linked
both ways) that only the services apply correctly. So this goes through the services, as a
person would: a signed-off cycle for the previous financial year, then the current year's
cycle carried forward from it, re-rated with some improvements and some declines, evidence
links (some past their review date), and gap actions for red indicators with owners on both
sides. Deterministic for a seed and anchor date, and safe to call twice (it does nothing when
the demo cycles exist).

Every narrative says it is demo text, and the indicator wording stays marked as our working
summary.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from vpr_desktop.domain.enums import CycleStatus, Priority, Rag, Role, Side, WorkStatus
from vpr_desktop.domain.models import User, UserRole
from vpr_desktop.services.assessment.service import AssessmentService
from vpr_desktop.services.common.actor import SYSTEM, Actor
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


@dataclass(frozen=True)
class DemoAssessment:
    """The two demo assessment cycles (last year's and this year's), so the demo shows a year-on-
    year comparison."""

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


def add_demo_assessment(
    db: Database, anchor: dt.date | None = None, seed: int = 1
) -> DemoAssessment:
    """Create the demo cycles (see the module docstring); ``anchor`` is the demo's today."""
    today = anchor or dt.date.today()
    rng = random.Random(seed)
    lead = _actor_with(db, Role.VPR_LEAD) or SYSTEM
    rep = _actor_with(db, Role.STAFF_SIDE_REP)
    svc = AssessmentService(db, lead, today=today)
    start, end = financial_year(today)
    prev_start, prev_end = financial_year(start - dt.timedelta(days=1))
    names = (
        f"{prev_start.year}/{prev_end.year % 100:02d} self-assessment (demo)",
        f"{start.year}/{end.year % 100:02d} self-assessment (demo)",
    )
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
            if rag is Rag.RED and gaps < 8:
                svc.raise_gap_action(
                    view.id,
                    due_date=today + dt.timedelta(days=rng.randint(-20, 120)),
                    management_owner_id=owner,
                    staff_side_owner_id=rep_person,
                    priority=rng.choice(list(Priority)),
                )
                gaps += 1
    if svc.cycle(current.id).status is CycleStatus.DRAFT and rng.random() < 0.5:
        svc.submit_for_review(current.id)
    return DemoAssessment(previous.id, current.id, True)

"""Demo trust: risk assessments with their controls, staff groups and review history.

A stage of the generator (``generate.py`` says why it is deterministic); the draw-order rule in
``events.py`` applies here too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from vpr_desktop.domain.enums import ControlType
from vpr_desktop.domain.enums import Effectiveness
from vpr_desktop.domain.enums import RiskStatus
from vpr_desktop.domain.models import Control
from vpr_desktop.domain.models import RiskAssessment
from vpr_desktop.domain.models import RiskReview
from vpr_desktop.domain.models import RiskStaffGroup
from vpr_desktop.services.demo import names
from vpr_desktop.services.demo.context import Ctx
from vpr_desktop.services.demo.context import Picker
from vpr_desktop.services.demo.events import DAY


def write_risks(ctx: Ctx) -> None:
    """Risk assessments per location and activity, scored on the 5x5, with controls of every
    type, exposed staff groups and a few dated reviews."""
    rng, w, today = ctx.rng, ctx.w, ctx.anchor
    locs = Picker(
        ctx.locations,
        [loc.headcount * names.SETTINGS[loc.setting].incident_rate ** 0.5 for loc in ctx.locations],
    )
    statuses = Picker.of({RiskStatus.OPEN: 78, RiskStatus.TOLERATED: 14, RiskStatus.CLOSED: 8})
    effect = Picker.of(
        {
            Effectiveness.EFFECTIVE: 50,
            Effectiveness.PARTIALLY_EFFECTIVE: 30,
            Effectiveness.INEFFECTIVE: 8,
            Effectiveness.NOT_ASSESSED: 12,
        }
    )
    ctypes = list(ControlType)
    n_controls = 0
    for k in range(1, ctx.size.risks + 1):
        loc = locs(rng)
        activity, _, hazard = rng.choice([a for a in names.ACTIVITIES if loc.setting in a[1]])
        li, ci = rng.randint(3, 5), rng.randint(2, 5)
        lc, cc = max(1, li - rng.randint(0, 2)), max(1, ci - rng.randint(0, 1))
        lt, ct = max(1, lc - rng.randint(0, 2)), max(1, cc - rng.randint(0, 1))
        status = statuses(rng)
        created = ctx.now - rng.randint(30, 365 * ctx.size.years) * DAY
        if status is RiskStatus.CLOSED or rng.random() < 0.22:
            review = today - rng.randint(1, 200) * DAY  # overdue (or closed) reviews
        else:
            review = today + rng.randint(1, 365) * DAY
        rid = w.add(
            RiskAssessment.__table__,
            {
                "reference": f"RA-{k:05d}",
                "title": f"{activity} – {loc.name}",
                "location_id": loc.id,
                "activity": activity,
                "description": f"{hazard} Applies to {loc.name}.",
                "owner_id": ctx.manager_for(loc.id),
                "inherent_likelihood": li,
                "inherent_consequence": ci,
                "current_likelihood": lc,
                "current_consequence": cc,
                "target_likelihood": lt,
                "target_consequence": ct,
                "current_score": lc * cc,
                "review_date": review,
                "status": status,
                "options_note": (
                    "Tolerated by the executive lead: further controls not reasonably practicable."
                    if status is RiskStatus.TOLERATED
                    else None
                ),
                "created_at": created,
                "updated_at": created + rng.randint(0, 29) * DAY,
            },
        )
        ctx.risks.append((rid, loc.id))
        mix = sorted(names.SETTINGS[loc.setting].staff_mix)
        for g in rng.sample(mix, min(len(mix), rng.randint(1, 3))):
            w.add(RiskStaffGroup.__table__, {"risk_id": rid, "staff_group_id": ctx.groups[g]})
        for _ in range(rng.randint(2, 5)):
            ctype = ctypes[n_controls] if n_controls < len(ctypes) else rng.choice(ctypes)
            n_controls += 1
            row: dict[str, Any] = {
                "risk_id": rid,
                "control_type": ctype,
                "description": rng.choice(names.CONTROLS[ctype]),
                "owner_id": ctx.manager_for(loc.id),
            }
            if rng.random() < 0.7:
                done = min(created.date() + rng.randint(0, 400) * DAY, today - DAY)
                row |= {
                    "implemented_date": done,
                    "expected_date": done + rng.randint(-30, 60) * DAY,
                    "effectiveness": effect(rng),
                    "next_review_date": today + rng.randint(-60, 365) * DAY,
                }
            else:
                row |= {
                    "expected_date": today + rng.randint(-90, 180) * DAY,
                    "barrier_note": rng.choice(
                        (
                            None,
                            "Awaiting capital funding",
                            "Supplier lead time",
                            "Staffing vacancies",
                            "Awaiting estates survey",
                        )
                    ),
                }
            w.add(Control.__table__, row)
        if rng.random() < 0.3:
            _risk_reviews(ctx, rid, created, (li, ci), (lc, cc), (lt, ct), status)


def _risk_reviews(
    ctx: Ctx,
    rid: int,
    created: dt.datetime,
    inherent: tuple[int, int],
    current: tuple[int, int],
    target: tuple[int, int],
    status: str,
) -> None:
    rng = ctx.rng
    span = max(1, (ctx.now - created).days)
    for offset in sorted(rng.sample(range(1, span + 1), min(span, rng.randint(1, 3)))):
        lk = rng.randint(current[0], inherent[0])
        ck = rng.randint(current[1], inherent[1])
        ctx.w.add(
            RiskReview.__table__,
            {
                "risk_id": rid,
                "reviewed_on": (created + offset * DAY).date(),
                "reviewed_by": ctx.creator,
                "current_likelihood": lk,
                "current_consequence": ck,
                "note": rng.choice(
                    (
                        "Controls reviewed with the team.",
                        "No change in incidents.",
                        "Incidents increased; controls strengthened.",
                    )
                ),
                "snapshot": {
                    "inherent": list(inherent),
                    "current": [lk, ck],
                    "target": list(target),
                    "status": str(status),
                },
            },
        )

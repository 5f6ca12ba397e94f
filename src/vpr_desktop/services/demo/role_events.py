"""Demo trust: VPR roles (executive and non-executive leads, VPR and security leads, committee
chair, staff-side representatives, support lead, trainers) and the trust's settings.

The last of the generator's stages (see ``generate.py`` for why it is deterministic): it runs
after people exist so each post can go to a different manager while they last.
"""

from __future__ import annotations

from typing import Any

from vpr_desktop.domain.enums import ScopeLevel
from vpr_desktop.domain.enums import VprRoleType
from vpr_desktop.domain.models import RoleAssignment
from vpr_desktop.domain.models import Setting
from vpr_desktop.services.demo import names
from vpr_desktop.services.demo.context import Ctx
from vpr_desktop.services.demo.events import DAY


def write_roles_and_settings(ctx: Ctx) -> None:
    """Roles register (one vacancy, an expired competence, a holder who has left), the
    support pathway and trust settings."""
    rng, w, today = ctx.rng, ctx.w, ctx.anchor
    taken = set(ctx.people.values())
    pool = [p for p in ctx.all_managers if p not in taken]
    rng.shuffle(pool)

    def take() -> int:  # a different manager for each post while they last
        return pool.pop() if pool else rng.choice(ctx.all_managers)

    def role(kind: VprRoleType, holder: int | None, **extra: Any) -> None:
        w.add(
            RoleAssignment.__table__,
            {
                "role_type": kind,
                "scope_level": ScopeLevel.TRUST,
                "holder_id": holder,
                "deputy_id": take() if holder and rng.random() < 0.5 else None,
                "hours_per_week": extra.pop("hours", 4.0),
                "start_date": today - rng.randint(90, 1500) * DAY,
                "review_date": today + rng.randint(-60, 300) * DAY,
                **extra,
            },
        )

    role(
        VprRoleType.EXECUTIVE_LEAD,
        take(),
        hours=2.0,
        competence_required="Board-level accountability for health and safety",
    )
    role(
        VprRoleType.NON_EXECUTIVE_CHAMPION,
        None,
        hours=None,
        notes="Vacant: the board is appointing a non-executive champion.",
    )
    role(VprRoleType.STRATEGIC_LEAD, take(), hours=8.0)
    role(
        VprRoleType.VPR_LEAD,
        ctx.people[ctx.creator],
        hours=30.0,
        competence_required="VPR lead development programme",
        competence_held="VPR lead development programme (2024)",
        competence_expires=today + 400 * DAY,
    )
    role(
        VprRoleType.SECURITY_MANAGEMENT,
        rng.choice(ctx.leavers) if ctx.leavers else None,
        hours=15.0,
        notes="Holder has left the trust; reassign.",
    )
    role(VprRoleType.HS_COMMITTEE_CHAIR, ctx.people["demo.chair"], hours=2.0)
    for k, pid in enumerate(ctx.staff_side):
        role(VprRoleType.STAFF_SIDE_HS_REP, pid, hours=7.5 if k == 0 else 3.0)
    role(
        VprRoleType.POST_INCIDENT_SUPPORT_LEAD,
        take(),
        hours=6.0,
        competence_required="TRiM practitioner",
        competence_held="TRiM practitioner",
        competence_expires=today + 200 * DAY,
    )
    role(
        VprRoleType.TRAINER_RESTRICTIVE_INTERVENTION,
        take(),
        hours=15.0,
        competence_required="RRN-certified trainer (BILD ACT)",
        competence_held="RRN-certified trainer (BILD ACT)",
        competence_expires=today - 45 * DAY,
        notes="Trainer certification has expired.",
    )
    role(
        VprRoleType.TRAINER_CONFLICT_RESOLUTION,
        take(),
        hours=10.0,
        competence_required="Conflict resolution trainer",
        competence_held="Conflict resolution trainer",
        competence_expires=today + 300 * DAY,
    )
    for k, (sid, _) in enumerate(ctx.sites):
        holder = None if k % 3 == 2 else take()
        role(
            VprRoleType.LOCAL_CHAMPION,
            holder,
            hours=2.0,
            scope_level=ScopeLevel.SITE,
            site_id=sid,
            notes=None if holder else "Vacant.",
        )
    w.add(
        Setting.__table__,
        {
            "key": "trust",
            "value": {
                "name": names.TRUST_NAME,
                "short_name": names.TRUST_SHORT,
                "vpd_code": names.VPD_CODE,
                "demo": True,
            },
        },
    )
    w.add(
        Setting.__table__,
        {
            "key": "support_pathway",
            "value": {
                "starts_from": "reported_at",
                "steps": [
                    {"type": t, "label": label, "due_hours": h, "applies_to": a}
                    for t, label, h, a in names.SUPPORT_PATHWAY
                ],
            },
        },
    )

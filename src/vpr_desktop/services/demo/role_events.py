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

    def certified(
        kind: VprRoleType,
        holder: int | None,
        hours: float,
        competence: str,
        expires_in_days: int,
        held: str | None = None,
        **extra: Any,
    ) -> None:
        # A post whose holder needs a competence: held as required (or as ``held`` words
        # it), expiring ``expires_in_days`` from today (negative: already expired).
        role(
            kind,
            holder,
            hours=hours,
            competence_required=competence,
            competence_held=held or competence,
            competence_expires=today + expires_in_days * DAY,
            **extra,
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
    certified(
        VprRoleType.VPR_LEAD,
        ctx.people[ctx.creator],
        30.0,
        "VPR lead development programme",
        400,
        held="VPR lead development programme (2024)",
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
    certified(VprRoleType.POST_INCIDENT_SUPPORT_LEAD, take(), 6.0, "TRiM practitioner", 200)
    certified(
        VprRoleType.TRAINER_RESTRICTIVE_INTERVENTION,
        take(),
        15.0,
        "RRN-certified trainer (BILD ACT)",
        -45,
        notes="Trainer certification has expired.",
    )
    certified(
        VprRoleType.TRAINER_CONFLICT_RESOLUTION, take(), 10.0, "Conflict resolution trainer", 300
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

"""Roles and responsibilities: who leads VPR (committee, with names) and whether each role is
filled (board, never a name). HSE found unclear roles and untested competence; a board must see
the gaps, and the committee who holds what."""

from __future__ import annotations

from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import Bullets
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.roles.service import RolesRegisterService
from vpr_desktop.services.roles.service import RolesSummary


def _summary_line(s: RolesSummary) -> str:
    return (
        f"{s.filled:,} of {s.roles:,} VPR roles filled; {s.vacant:,} required role(s) "
        f"vacant, {s.competence_gaps:,} competence gap(s), {s.no_deputy:,} without a deputy, "
        f"{s.holders_left:,} holder(s) who have left, {s.reviews_overdue:,} review(s) "
        "overdue."
    )


def _who_table(svc: RolesRegisterService, *, names: bool) -> Table:
    rows = svc.who_does_what(include_names=names)
    return Table(
        id="who_does_what",
        title="Who does what" if names else "VPR roles: filled or vacant",
        columns=(
            Column("Level", "text", 1.0),
            Column("Role", "text", 2.2),
            Column("Scope", "text", 1.4),
            Column("Holder" if names else "Filled?", "text", 1.6 if names else 1.0),
            Column("Deputy", "text", 1.6 if names else 1.0),
            Column("Hours a week", "float", 0.9),
            Column("Review due", "date", 1.0),
        ),
        rows=tuple(
            (r.level, r.role, r.scope, r.holder, r.deputy, r.hours_per_week, r.review_date)
            for r in rows
        ),
        empty_text="No VPR roles are recorded in the roles register.",
    )


def roles_section(ctx: PackContext) -> Section:
    """Committee: the one-page who-does-what table (names in a private session only), and
    the gap list."""
    svc = RolesRegisterService(ctx.db, ctx.reader, today=ctx.as_at)
    summary = svc.summary()
    ctx.summary.append("Roles: " + _summary_line(summary))
    gaps = svc.gap_list()
    return Section(
        "roles",
        "Roles and responsibilities",
        (
            Bullets((_summary_line(summary),)),
            _who_table(svc, names=ctx.names),
            Table(
                id="role_gaps",
                title="Gaps in the roles register",
                columns=(Column("Gap", "text", 4.0),),
                rows=tuple((g.message,) for g in gaps),
                empty_text="No gaps: every required role is filled, deputised, competent and "
                "reviewed.",
            ),
        ),
        sheet_name="Roles",
    )


def board_roles_section(ctx: PackContext) -> Section:
    """Board: roles and whether they are filled — never a name."""
    svc = RolesRegisterService(ctx.db, ctx.reader, today=ctx.as_at)
    summary = svc.summary()
    if summary.vacant:
        ctx.decisions.append(
            f"Note the {summary.vacant:,} vacant required VPR role(s) and the plan to fill them."
        )
    return Section(
        "roles",
        "VPR roles and responsibilities",
        (
            Bullets((_summary_line(summary),)),
            _who_table(svc, names=False),
        ),
        sheet_name="Roles",
    )

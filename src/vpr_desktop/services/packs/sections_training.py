"""Training compliance against target by course and location (committee) and by course
(board). Counts are per assignment, as ESR reports compliance; no names ever appear here."""

from __future__ import annotations

from collections.abc import Sequence

from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import Bullets, Column, Section, Table
from vpr_desktop.services.packs.more_spc import figure_blocks, training_figure
from vpr_desktop.services.training.records import ComplianceRow
from vpr_desktop.services.training.service import TrainingService

PDF_LIST = 30


def _course_totals(rows: Sequence[ComplianceRow]) -> list[tuple[str, int, int, float, float]]:
    """(course, required, compliant, %, target) from per-course rows, whose target is the
    course's own (a location's target applies to that location's row only)."""
    acc: dict[str, list[float]] = {}
    for r in rows:
        a = acc.setdefault(r.course_name, [0, 0, r.target_percent])
        a[0] += r.required
        a[1] += r.compliant
    out = []
    for name, (required, compliant, target) in sorted(acc.items()):
        percent = 100.0 * compliant / required if required else 100.0
        out.append((name, int(required), int(compliant), percent, float(target)))
    return out


def _status(percent: float, target: float) -> str:
    return "Meets target" if percent >= target else f"Below target by {target - percent:.1f}"


def _course_table(totals: list[tuple[str, int, int, float, float]]) -> Table:
    return Table(
        id="training_by_course",
        title="Compliance by course (staff who need it)",
        columns=(
            Column("Course", "text", 2.4),
            Column("Required", "int", 0.9),
            Column("Compliant", "int", 0.9),
            Column("Compliance %", "float", 0.9),
            Column("Target %", "float", 0.8),
            Column("Against target", "text", 1.4),
        ),
        rows=tuple(
            (name, req, comp, round(pct, 1), tgt, _status(pct, tgt))
            for name, req, comp, pct, tgt in totals
        ),
        footnotes=(
            "Counted per ESR assignment; required means the training-needs analysis "
            "requires the course for the assignment's staff group and setting.",
        ),
        empty_text="No training is required by the training-needs analysis yet.",
    )


def _summary(totals: list[tuple[str, int, int, float, float]]) -> str:
    below = [t for t in totals if t[3] < t[4]]
    if not totals:
        return "Training: no course is required by the training-needs analysis yet."
    return f"Training: {len(totals) - len(below)} of {len(totals)} courses meet their target" + (
        f"; below target: {', '.join(f'{t[0]} {t[3]:.1f}%' for t in below)}." if below else "."
    )


def training_section(ctx: PackContext) -> Section:
    svc = TrainingService(ctx.db, ctx.reader)
    detail = svc.compliance(ctx.as_at)  # one query; both roll-ups below reuse it
    by_location = svc.compliance_by_course_location(ctx.as_at, detail)
    totals = _course_totals(svc.compliance_by_course(ctx.as_at, rows=detail))
    ctx.summary.append(_summary(totals))
    below = sorted(
        (r for r in by_location if r.below_target),
        key=lambda r: (r.percent, r.course_name, r.location_name),
    )
    expiring = svc.expiring_counts(ctx.as_at)
    groups = svc.staff_groups_below_target(ctx.as_at, detail)
    return Section(
        "training",
        "Training compliance",
        (
            Bullets((_summary(totals),)),
            _course_table(totals),
            *figure_blocks(training_figure(ctx)),
            Table(
                id="training_below_by_location",
                title="Course and location combinations below target (lowest first)",
                columns=(
                    Column("Course", "text", 2.0),
                    Column("Location", "text", 2.2),
                    Column("Required", "int", 0.8),
                    Column("Compliance %", "float", 0.9),
                    Column("Target %", "float", 0.8),
                ),
                rows=tuple(
                    (
                        r.course_name,
                        r.location_name,
                        required,
                        round(r.percent, 1),
                        r.target_percent,
                    )
                    # Staff counts by location: disclosure-controlled in a public session.
                    for r, required in zip(
                        below,
                        ctx.breakdown([r.required for r in below], total_shown=False),
                        strict=True,
                    )
                ),
                footnotes=ctx.disclosure_footnote(),
                empty_text="Every location meets its target for every course.",
                pdf_rows=PDF_LIST,
            ),
            Table(
                id="training_expiring",
                title="Required training expiring soon (assignments)",
                columns=(
                    Column("Course", "text", 2.4),
                    Column("Within 30 days", "int", 1.0),
                    Column("Within 60 days", "int", 1.0),
                    Column("Within 90 days", "int", 1.0),
                ),
                rows=tuple(
                    (name, c.get(30, 0), c.get(60, 0), c.get(90, 0))
                    for name, c in sorted(expiring.items())
                ),
                empty_text="Nothing required expires in the next 90 days.",
            ),
            Table(
                id="training_groups_below",
                title="Staff groups below target",
                columns=(
                    Column("Course", "text", 2.2),
                    Column("Staff group", "text", 2.2),
                    Column("Compliance %", "float", 1.0),
                    Column("Target %", "float", 0.8),
                ),
                rows=tuple(
                    (r.course_name, r.staff_group_name, round(r.percent, 1), r.target_percent)
                    for r in groups
                ),
                empty_text="Every staff group meets its target.",
                pdf_rows=PDF_LIST,
            ),
        ),
        sheet_name="Training",
    )


def board_training_section(ctx: PackContext) -> Section:
    svc = TrainingService(ctx.db, ctx.reader)
    totals = _course_totals(svc.compliance_by_course(ctx.as_at))  # one GROUP BY course
    ctx.summary.append(_summary(totals))
    return Section(
        "training",
        "Training compliance against target",
        (Bullets((_summary(totals),)), _course_table(totals), *figure_blocks(training_figure(ctx))),
        sheet_name="Training",
    )

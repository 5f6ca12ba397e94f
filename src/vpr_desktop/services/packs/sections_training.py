"""Training compliance against target by course and location (committee) and by course
(board). Counts are per assignment, as ESR reports compliance; no names ever appear here."""

from __future__ import annotations

from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import Bullets
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.more_spc import figure_blocks
from vpr_desktop.services.packs.more_spc import training_figure
from vpr_desktop.services.packs.training_by_course import course_table
from vpr_desktop.services.packs.training_by_course import course_totals
from vpr_desktop.services.packs.training_by_course import training_summary
from vpr_desktop.services.training.service import TrainingService

PDF_LIST = 30


def training_section(ctx: PackContext) -> Section:
    svc = TrainingService(ctx.db, ctx.reader)
    detail = svc.compliance(ctx.as_at)  # one query; both roll-ups below reuse it
    by_location = svc.compliance_by_course_location(ctx.as_at, detail)
    totals = course_totals(svc.compliance_by_course(ctx.as_at, rows=detail))
    ctx.summary.append(training_summary(totals))
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
            Bullets((training_summary(totals),)),
            course_table(totals),
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
    totals = course_totals(svc.compliance_by_course(ctx.as_at))  # one GROUP BY course
    ctx.summary.append(training_summary(totals))
    return Section(
        "training",
        "Training compliance against target",
        (
            Bullets((training_summary(totals),)),
            course_table(totals),
            *figure_blocks(training_figure(ctx)),
        ),
        sheet_name="Training",
    )

"""Self-assessment sections: RAG by domain and change since the last cycle (committee), the RAG
summary (board).

Figures come from ``AssessmentService.summary`` -- the one summary every screen, pack and
export shows, so a pack never counts "how many are red" on its own. Which cycle is reported
(by default the latest signed off by both sides) is
:mod:`vpr_desktop.services.packs.assessment_cycle`; the figure and tables are
:mod:`vpr_desktop.services.packs.assessment_blocks`.
"""

from __future__ import annotations

from vpr_desktop.domain.standard_library import Change
from vpr_desktop.services.packs.assessment_blocks import change_table
from vpr_desktop.services.packs.assessment_blocks import rag_figure
from vpr_desktop.services.packs.assessment_cycle import cycle_line
from vpr_desktop.services.packs.assessment_cycle import cycle_section
from vpr_desktop.services.packs.assessment_cycle import cycle_summary
from vpr_desktop.services.packs.assessment_cycle import draft_word
from vpr_desktop.services.packs.assessment_cycle import no_cycle_section
from vpr_desktop.services.packs.assessment_cycle import no_cycle_text
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import Bullets
from vpr_desktop.services.packs.model import Paragraph
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.sections_statement import statement_blocks
from vpr_desktop.services.packs.since_signed import since_signed_blocks
from vpr_desktop.services.packs.wording import plural


def assessment_section(ctx: PackContext) -> Section:
    summary = cycle_summary(ctx)
    if summary is None:
        ctx.summary.append(f"Self-assessment: {no_cycle_text(ctx)}")
        return no_cycle_section(ctx, "Self-assessment against the VPR standard")
    counts = summary.change_counts
    improved, declined = counts.get(Change.IMPROVED, 0), counts.get(Change.DECLINED, 0)
    o = summary.overall
    ctx.summary.append(
        f"Self-assessment ({summary.cycle.name}{draft_word(summary)}): {o.red:,} red, "
        f"{o.amber:,} amber, {o.green:,} green; {improved:,} improved and {declined:,} "
        "declined since the last cycle."
    )
    if declined:
        ctx.decisions.append(
            f"Agree actions for the {plural(declined, 'indicator')} rated "
            "lower than in the last cycle."
        )
    previous = (
        f"compared with {summary.previous_cycle.name}"
        if summary.previous_cycle
        else "no earlier cycle of this edition to compare with"
    )
    return cycle_section(
        "Self-assessment against the VPR standard",
        summary,
        (
            Paragraph(cycle_line(summary, ctx.names) + f" Changes are {previous}."),
            rag_figure(summary),
            rag_figure(summary).data,
            Bullets(
                (
                    f"{improved:,} indicators improved, {declined:,} declined, "
                    f"{counts.get(Change.UNCHANGED, 0):,} unchanged, "
                    f"{counts.get(Change.NEW, 0):,} rated for the first time.",
                    f"{summary.open_gap_actions:,} open actions address gaps; "
                    f"{summary.no_evidence:,} indicators have no evidence and "
                    f"{summary.evidence_past_review:,} evidence past its review date.",
                )
            ),
            change_table(summary),
            *statement_blocks(ctx, summary),
        ),
    )


def board_assessment_section(ctx: PackContext) -> Section:
    summary = cycle_summary(ctx)
    if summary is None:
        return no_cycle_section(ctx, "Self-assessment RAG summary")
    o = summary.overall
    ctx.summary.append(
        f"Self-assessment ({summary.cycle.name}{draft_word(summary)}): {o.red:,} red, "
        f"{o.amber:,} amber, {o.green:,} green of {o.total:,} indicators."
    )
    fig = rag_figure(summary)
    return cycle_section(
        "Self-assessment RAG summary",
        summary,
        (
            Paragraph(cycle_line(summary)),
            fig,
            fig.data,
            *since_signed_blocks(ctx, summary),
            *statement_blocks(ctx, summary),
        ),
    )

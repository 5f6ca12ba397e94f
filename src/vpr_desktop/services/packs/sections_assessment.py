"""Self-assessment sections: RAG by domain and change since the last cycle (committee), the RAG
summary (board).

Figures come from ``AssessmentService.summary`` -- the one summary every screen, pack and
export shows, so a pack never counts "how many are red" on its own. The cycle reported is the
latest whose period starts on or before the pack's period end (a board sees where the trust
stood at the time). Ratings are shown as their label *and* colour (never colour alone).
"""

from __future__ import annotations

from sqlalchemy import select

from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.models import AssessmentCycle
from vpr_desktop.domain.standard_library import Change
from vpr_desktop.services.assessment.records import CycleSummary
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import (
    Badge,
    Bullets,
    CellValue,
    ChartSpec,
    Column,
    Figure,
    Paragraph,
    Section,
    Series,
    Table,
)
from vpr_desktop.services.packs.sections_risks import plural

RAGS = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_RATED)


def cycle_summary(ctx: PackContext) -> CycleSummary | None:
    """The summary of the cycle the pack reports on, or None when there is none yet."""
    with reading(ctx.db) as s:
        cycle_id = s.scalar(
            select(AssessmentCycle.id)
            .where(AssessmentCycle.period_start <= ctx.request.period_to)
            .order_by(AssessmentCycle.period_end.desc(), AssessmentCycle.id.desc())
            .limit(1)
        )
    if cycle_id is None:
        return None
    from vpr_desktop.services.assessment.service import AssessmentService

    return AssessmentService(ctx.db, ctx.reader, today=ctx.as_at).summary(cycle_id)


def _badge(summary: CycleSummary, rag: Rag | None) -> Badge | str:
    if rag is None:
        return "Not in the previous cycle"
    level = summary.level(rag)
    return Badge(level.label, level.colour, level.text_colour)


def rag_figure(summary: CycleSummary) -> Figure:
    """RAG counts per domain: a stacked bar in the rating colours, with its table."""
    labels = {r: summary.level(r).label for r in RAGS}
    rows: tuple[tuple[CellValue, ...], ...] = tuple(
        (f"{d.code}. {d.title}", *(d.counts.of(r) for r in RAGS), d.counts.percent_rated)
        for d in summary.domains
    )
    o = summary.overall
    data = Table(
        "assessment_rag",
        "Ratings by domain",
        (
            Column("Domain", "text", 3.0),
            *(Column(labels[r], "int", 0.8) for r in RAGS),
            Column("Rated", "percent", 0.8),
        ),
        (*rows, ("All domains", *(o.of(r) for r in RAGS), o.percent_rated)),
    )
    chart = ChartSpec(
        kind="stacked",
        title="Self-assessment ratings by domain",
        categories=tuple(f"{d.code}. {d.title}" for d in summary.domains),
        series=tuple(
            Series(labels[r], tuple(float(d.counts.of(r)) for d in summary.domains)) for r in RAGS
        ),
        series_colours=tuple(summary.level(r).colour for r in RAGS),
        y_label="Indicators",
    )
    caption = (
        f"{summary.cycle.name}: {o.rated:,} of {o.total:,} indicators rated "
        f"({o.percent_rated:.0f}%): {o.red:,} {labels[Rag.RED].lower()}, "
        f"{o.amber:,} {labels[Rag.AMBER].lower()}, {o.green:,} "
        f"{labels[Rag.GREEN].lower()}."
    )
    return Figure(
        "assessment_rag_chart",
        chart,
        caption,
        data,
        alt_text="Stacked bars of indicator ratings per domain.",
    )


def _cycle_line(summary: CycleSummary) -> str:
    c = summary.cycle
    signed = (
        "signed off by both sides" if c.read_only else f"status {c.status.value.replace('_', ' ')}"
    )
    return (
        f"Cycle {c.name} ({c.edition_title}), {c.period_start:%d %b %Y} to "
        f"{c.period_end:%d %b %Y}, {signed}."
    )


def assessment_section(ctx: PackContext) -> Section:
    summary = cycle_summary(ctx)
    if summary is None:
        ctx.summary.append("Self-assessment: no cycle covers this period yet.")
        return Section(
            "assessment",
            "Self-assessment against the VPR standard",
            (Paragraph("No self-assessment cycle covers this period yet."),),
            "Self-assessment",
        )
    counts = summary.change_counts
    improved, declined = counts.get(Change.IMPROVED, 0), counts.get(Change.DECLINED, 0)
    o = summary.overall
    ctx.summary.append(
        f"Self-assessment ({summary.cycle.name}): {o.red:,} red, {o.amber:,} "
        f"amber, {o.green:,} green; {improved:,} improved and {declined:,} "
        "declined since the last cycle."
    )
    if declined:
        ctx.decisions.append(
            f"Agree actions for the {plural(declined, 'indicator')} rated "
            "lower than in the last cycle."
        )
    changed = [c for c in summary.changes if c.change in (Change.DECLINED, Change.IMPROVED)]
    change_rows: tuple[tuple[CellValue, ...], ...] = tuple(
        (c.code, c.text, _badge(summary, c.previous), _badge(summary, c.current), c.change.label)
        for c in changed
    )
    previous = (
        f"compared with {summary.previous_cycle.name}"
        if summary.previous_cycle
        else "no earlier cycle of this edition to compare with"
    )
    return Section(
        "assessment",
        "Self-assessment against the VPR standard",
        (
            Paragraph(_cycle_line(summary) + f" Changes are {previous}."),
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
            Table(
                "assessment_changes",
                "Indicators whose rating changed",
                (
                    Column("Indicator", "text", 0.8),
                    Column("Text", "text", 4.0),
                    Column("Was", "text", 1.1),
                    Column("Now", "text", 1.1),
                    Column("Change", "text", 0.9),
                ),
                change_rows,
                empty_text="No indicator changed rating.",
            ),
        ),
        sheet_name="Self-assessment",
    )


def board_assessment_section(ctx: PackContext) -> Section:
    summary = cycle_summary(ctx)
    if summary is None:
        return Section(
            "assessment",
            "Self-assessment RAG summary",
            (Paragraph("No self-assessment cycle covers this period yet."),),
            "Self-assessment",
        )
    o = summary.overall
    ctx.summary.append(
        f"Self-assessment: {o.red:,} red, {o.amber:,} amber, {o.green:,} green "
        f"of {o.total:,} indicators."
    )
    fig = rag_figure(summary)
    return Section(
        "assessment",
        "Self-assessment RAG summary",
        (Paragraph(_cycle_line(summary)), fig, fig.data),
        sheet_name="Self-assessment",
    )

"""Self-assessment sections: RAG by domain and change since the last cycle (committee), the RAG
summary (board).

Figures come from ``AssessmentService.summary`` -- the one summary every screen, pack and
export shows, so a pack never counts "how many are red" on its own. The cycle reported is, by
default, the latest *signed off by both sides* whose period starts on or before the pack's
period end (a board sees the position management and the staff side agreed); a newer draft is
shown only when the author chooses it, marked as a draft on the section and on every page.
Ratings are shown as their label *and* colour (never colour alone).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from vpr_desktop.domain.enums import CycleStatus, Rag
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.models import AssessmentCycle
from vpr_desktop.domain.standard_library import Change, strip_mark
from vpr_desktop.services.assessment.records import CycleSummary
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.packs.context import LATEST_SIGNED, TRUST_ZONE, PackContext
from vpr_desktop.services.packs.model import (
    DRAFT_MARK,
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
from vpr_desktop.services.packs.sections_statement import statement_blocks
from vpr_desktop.services.packs.since_signed import since_signed_blocks
from vpr_desktop.services.packs.wording import plural

RAGS = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_RATED)


def chosen_cycle_id(ctx: PackContext) -> int | None:
    """The cycle the request asks for, among those whose period starts by the pack's end.

    ``latest-signed`` (the default): the newest cycle both sides signed off -- a draft the
    staff side never agreed is not presented to a board as the trust's position. ``latest``:
    the newest cycle whatever its status. A number: that cycle."""
    choice = ctx.request.assessment_cycle
    with reading(ctx.db) as s:
        if choice.isdigit():
            found = s.scalar(select(AssessmentCycle.id).where(AssessmentCycle.id == int(choice)))
            if found is None:
                raise NotFoundError(
                    f"There is no self-assessment cycle {choice}.",
                    "Choose another cycle, or the last one both sides signed off.",
                )
            return int(found)
        stmt = select(AssessmentCycle.id).where(
            AssessmentCycle.period_start <= ctx.request.period_to
        )
        if choice == LATEST_SIGNED:
            stmt = stmt.where(AssessmentCycle.status == CycleStatus.SIGNED_OFF)
        return s.scalar(
            stmt.order_by(AssessmentCycle.period_end.desc(), AssessmentCycle.id.desc()).limit(1)
        )


def cycle_summary(ctx: PackContext) -> CycleSummary | None:
    """The summary of the cycle the pack reports on, or None when there is none to show. A
    cycle not signed off adds the draft mark to every page of the PDF (``ctx.marks``)."""
    cycle_id = chosen_cycle_id(ctx)
    if cycle_id is None:
        return None
    from vpr_desktop.services.assessment.service import AssessmentService

    summary = AssessmentService(ctx.db, ctx.reader, today=ctx.as_at).summary(cycle_id)
    if not summary.cycle.read_only:
        ctx.marks.append(f"Self-assessment {summary.cycle.name}: {DRAFT_MARK}")
    return summary


def no_cycle_text(ctx: PackContext) -> str:
    """Why no self-assessment is shown, in words."""
    if ctx.request.assessment_cycle == LATEST_SIGNED:
        return (
            "No self-assessment cycle covering this period has been signed off by both "
            "management and the staff side yet."
        )
    return "No self-assessment cycle covers this period yet."


def draft_blocks(summary: CycleSummary) -> tuple[Paragraph, ...]:
    """The draft mark as the section's first line, when the cycle is not signed off."""
    return () if summary.cycle.read_only else (Paragraph(DRAFT_MARK, "callout"),)


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


def _signed(when: dt.datetime | None, who: str | None, names: bool) -> str:
    if when is None:
        return "not yet signed"
    by = f" by {who}" if names and who else ""
    return f"signed{by} on {when.astimezone(TRUST_ZONE):%d %b %Y}"


def _cycle_line(summary: CycleSummary, names: bool = False) -> str:
    """The cycle, its period and each side's sign-off date (names only where a pack may show
    them: never in a board pack)."""
    c = summary.cycle
    state = (
        "signed off by both sides" if c.read_only else f"{c.status_label.lower()}, not signed off"
    )
    # The shipped edition's title carries the app's working-summary mark (an instruction to
    # the lead); a board paper names the standard and says plainly whose wording was rated.
    edition = strip_mark(c.edition_title)
    if c.working_summary:
        edition += "; indicator wording as summarised in VPR Desktop, not NHS England's text"
    return (
        f"Cycle {c.name} ({edition}), {c.period_start:%d %b %Y} to "
        f"{c.period_end:%d %b %Y}, {state}: management "
        f"{_signed(c.management_signed_at, c.management_signed_by, names)}; staff side "
        f"{_signed(c.staff_side_signed_at, c.staff_side_signed_by, names)}."
    )


def assessment_section(ctx: PackContext) -> Section:
    summary = cycle_summary(ctx)
    if summary is None:
        ctx.summary.append(f"Self-assessment: {no_cycle_text(ctx)}")
        return Section(
            "assessment",
            "Self-assessment against the VPR standard",
            (Paragraph(no_cycle_text(ctx)),),
            "Self-assessment",
        )
    counts = summary.change_counts
    improved, declined = counts.get(Change.IMPROVED, 0), counts.get(Change.DECLINED, 0)
    o = summary.overall
    ctx.summary.append(
        f"Self-assessment ({summary.cycle.name}{_draft_word(summary)}): {o.red:,} red, "
        f"{o.amber:,} amber, {o.green:,} green; {improved:,} improved and {declined:,} "
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
        "Self-assessment against the VPR standard"
        + ("" if summary.cycle.read_only else " (draft)"),
        (
            *draft_blocks(summary),
            Paragraph(_cycle_line(summary, ctx.names) + f" Changes are {previous}."),
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
            *statement_blocks(ctx, summary),
        ),
        sheet_name="Self-assessment",
    )


def board_assessment_section(ctx: PackContext) -> Section:
    summary = cycle_summary(ctx)
    if summary is None:
        return Section(
            "assessment",
            "Self-assessment RAG summary",
            (Paragraph(no_cycle_text(ctx)),),
            "Self-assessment",
        )
    o = summary.overall
    ctx.summary.append(
        f"Self-assessment ({summary.cycle.name}{_draft_word(summary)}): {o.red:,} red, "
        f"{o.amber:,} amber, {o.green:,} green of {o.total:,} indicators."
    )
    fig = rag_figure(summary)
    return Section(
        "assessment",
        "Self-assessment RAG summary" + ("" if summary.cycle.read_only else " (draft)"),
        (
            *draft_blocks(summary),
            Paragraph(_cycle_line(summary)),
            fig,
            fig.data,
            *since_signed_blocks(ctx, summary),
            *statement_blocks(ctx, summary),
        ),
        sheet_name="Self-assessment",
    )


def _draft_word(summary: CycleSummary) -> str:
    return "" if summary.cycle.read_only else f", {DRAFT_MARK[0].lower()}{DRAFT_MARK[1:]}"

"""What changed, domain by domain, since the last self-assessment cycle both sides signed off:
the board pack's answer to "is the position better or worse than the one we agreed?".

Why against the last *signed-off* cycle rather than the cycle this one was carried from: a
board compares positions management and the staff side agreed. The cycle a draft was carried
from may itself have been a draft nobody signed.

A domain's change is judged from its indicators, each compared with its own rating in the
earlier cycle (red < amber < green; "not rated" in either is not a change of rating): more
indicators rated higher than lower is *improved*, more lower than higher is *worsened*, and
otherwise *unchanged* -- always with the counts in words, so a reader sees "2 higher, 2 lower"
rather than a verdict alone. Cycles of different editions are not compared (their domains and
indicators differ), and the pack says so.
"""

from __future__ import annotations

from sqlalchemy import select

from vpr_desktop.domain.enums import CycleStatus
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.models import AssessmentCycle
from vpr_desktop.services.assessment.records import CycleSummary
from vpr_desktop.services.assessment.records import DomainSummary
from vpr_desktop.services.assessment.records import RagCounts
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import Block
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Paragraph
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.wording import plural

RANK = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}
IMPROVED, WORSENED, UNCHANGED = "Improved", "Worsened", "Unchanged"


def previous_signed_off(ctx: PackContext, summary: CycleSummary) -> CycleSummary | None:
    """The last cycle both sides signed off that started before ``summary``'s cycle."""
    c = summary.cycle
    with reading(ctx.db) as s:
        found = s.scalar(
            select(AssessmentCycle.id)
            .where(
                AssessmentCycle.status == CycleStatus.SIGNED_OFF,
                AssessmentCycle.id != c.id,
                AssessmentCycle.period_start < c.period_start,
            )
            .order_by(AssessmentCycle.period_start.desc(), AssessmentCycle.id.desc())
            .limit(1)
        )
    if found is None:
        return None
    from vpr_desktop.services.assessment.service import AssessmentService

    return AssessmentService(ctx.db, ctx.reader, today=ctx.as_at).summary(int(found))


def counts_words(counts: RagCounts) -> str:
    """ "3 red, 2 amber, 1 green, 4 not rated" (not rated only when there are some)."""
    out = f"{counts.red:,} red, {counts.amber:,} amber, {counts.green:,} green"
    return out + (f", {counts.not_rated:,} not rated" if counts.not_rated else "")


def domain_change(code: str, now: CycleSummary, then: CycleSummary) -> tuple[str, int, int]:
    """The domain's verdict and how many of its indicators were rated higher and lower."""
    before = {c.code: c.current for c in then.changes if c.domain_code == code}
    higher = lower = 0
    for c in now.changes:
        old = before.get(c.code)
        if c.domain_code != code or old not in RANK or c.current not in RANK:
            continue
        step = RANK[c.current] - RANK[old]
        higher, lower = higher + (step > 0), lower + (step < 0)
    verdict = IMPROVED if higher > lower else WORSENED if lower > higher else UNCHANGED
    return verdict, higher, lower


def change_words(verdict: str, higher: int, lower: int) -> str:
    """The verdict with its counts: "Improved: 2 indicators rated higher, 1 lower"."""
    if not higher and not lower:
        return f"{verdict}: no indicator's rating changed"
    return f"{verdict}: {plural(higher, 'indicator')} rated higher, {lower:,} rated lower"


def since_signed_blocks(ctx: PackContext, summary: CycleSummary) -> tuple[Block, ...]:
    """The board pack's "changed since the last signed-off cycle" table (or why there is
    none), and a line for the executive summary."""
    then = previous_signed_off(ctx, summary)
    title = "Changed since the last signed-off cycle"
    if then is None:
        text = (
            f"There is no earlier self-assessment cycle signed off by both sides to compare "
            f"{summary.cycle.name} with."
        )
        ctx.summary.append(f"Self-assessment: {text[0].lower()}{text[1:]}")
        return (Paragraph(f"{title}: {text[0].lower()}{text[1:]}"),)
    if then.cycle.edition != summary.cycle.edition:
        text = (
            f"The last cycle signed off before {summary.cycle.name}, {then.cycle.name}, "
            f"used the {then.cycle.edition_title} edition; domains are not compared across "
            "editions of the standard."
        )
        return (Paragraph(f"{title}: {text}"),)
    earlier: dict[str, DomainSummary] = {d.code: d for d in then.domains}
    rows = []
    tally = {IMPROVED: 0, WORSENED: 0, UNCHANGED: 0}
    for d in summary.domains:
        old = earlier.get(d.code)
        if old is None:
            rows.append(
                (
                    f"{d.code}. {d.title}",
                    "Not in the earlier cycle",
                    counts_words(d.counts),
                    "New domain",
                )
            )
            continue
        verdict, higher, lower = domain_change(d.code, summary, then)
        tally[verdict] += 1
        rows.append(
            (
                f"{d.code}. {d.title}",
                counts_words(old.counts),
                counts_words(d.counts),
                change_words(verdict, higher, lower),
            )
        )
    ctx.summary.append(
        f"Self-assessment since {then.cycle.name}, the last cycle signed off by both sides: "
        f"{plural(tally[IMPROVED], 'domain')} improved, {tally[WORSENED]:,} worsened, "
        f"{tally[UNCHANGED]:,} unchanged."
    )
    return (
        Table(
            "assessment_since_signed",
            f"{title}: {then.cycle.name} to {summary.cycle.name}",
            (
                Column("Domain", "text", 2.4),
                Column(then.cycle.name, "text", 1.8),
                Column(summary.cycle.name, "text", 1.8),
                Column("Change", "text", 2.4),
            ),
            tuple(rows),
            footnotes=(
                "Each indicator is compared with its own rating in the earlier cycle (red, "
                "then amber, then green); a domain improved when more of its indicators were "
                "rated higher than lower, worsened when more were rated lower, and is "
                "otherwise unchanged. An indicator not rated in either cycle is not a change.",
            ),
        ),
    )

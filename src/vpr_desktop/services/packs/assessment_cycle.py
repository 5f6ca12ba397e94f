"""Which self-assessment cycle a pack reports on, and how the pack names it.

The cycle reported is, by default, the latest *signed off by both sides* whose period starts
on or before the pack's period end (a board sees the position management and the staff side
agreed); a newer draft is shown only when the author chooses it, marked as a draft on the
section and on every page. Kept apart from the sections
(:mod:`vpr_desktop.services.packs.sections_assessment`) because the choice and its wording
are the same for the committee and the board.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select

from vpr_desktop.domain.enums import CycleStatus
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.models import AssessmentCycle
from vpr_desktop.domain.standard_library import strip_mark
from vpr_desktop.services.assessment.records import CycleSummary
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.packs.context import LATEST_SIGNED
from vpr_desktop.services.packs.context import TRUST_ZONE
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import DRAFT_MARK
from vpr_desktop.services.packs.model import Block
from vpr_desktop.services.packs.model import Paragraph
from vpr_desktop.services.packs.model import Section


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


def _signed(when: dt.datetime | None, who: str | None, names: bool) -> str:
    if when is None:
        return "not yet signed"
    by = f" by {who}" if names and who else ""
    return f"signed{by} on {when.astimezone(TRUST_ZONE):%d %b %Y}"


def cycle_line(summary: CycleSummary, names: bool = False) -> str:
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


def draft_word(summary: CycleSummary) -> str:
    """ ", draft" (the mark's wording) after a cycle's name in the summary, when not signed off."""
    return "" if summary.cycle.read_only else f", {DRAFT_MARK[0].lower()}{DRAFT_MARK[1:]}"


def no_cycle_section(ctx: PackContext, title: str) -> Section:
    """The self-assessment section when there is no cycle to show: ``title`` and why not.
    The committee's and the board's sections say it alike (:func:`no_cycle_text`)."""
    return Section("assessment", title, (Paragraph(no_cycle_text(ctx)),), "Self-assessment")


def cycle_section(title: str, summary: CycleSummary, blocks: Sequence[Block]) -> Section:
    """The self-assessment section for a cycle: ``title`` with "(draft)" and the draft mark
    before ``blocks`` when both sides have not signed it off, so neither the committee's nor
    the board's section can show a draft unmarked."""
    return Section(
        "assessment",
        title + ("" if summary.cycle.read_only else " (draft)"),
        (*draft_blocks(summary), *blocks),
        sheet_name="Self-assessment",
    )

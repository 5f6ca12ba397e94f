"""Risk register sections: heat map, top risks, overdue reviews (committee) and the board's
short version. Figures come from ``RiskRegisterService``'s pack functions; a board pack reads
them through the pack-only reader, so owner names never arrive."""

from __future__ import annotations

from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.model import Block
from vpr_desktop.services.packs.model import Bullets
from vpr_desktop.services.packs.model import Paragraph
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.risk_blocks import heat_figure
from vpr_desktop.services.packs.risk_blocks import risk_table
from vpr_desktop.services.packs.wording import plural

#: Long lists show this many rows in the PDF (a pack holds short lists); Excel holds them all.
PDF_LIST = 30


def risk_section(ctx: PackContext) -> Section:
    """Committee: heat map, top risks, overdue reviews, risks above target and without a plan."""
    svc = ctx.risks()
    hm = svc.heat_map("current")
    top = svc.top_risks(limit=ctx.request.top_risks)
    overdue = svc.overdue_reviews(ctx.as_at)
    above = svc.above_target()
    no_plan = svc.high_without_plan()
    on_time = svc.controls_on_time(ctx.as_at, (ctx.request.period_from, ctx.request.period_to))
    m = svc.matrix()
    extreme = hm.band_totals()[m.top_band.key]
    ctx.summary.append(
        f"Risk register: {plural(hm.total, 'live risk')}, {extreme:,} {m.top_band.label.lower()}; "
        f"{plural(len(overdue), 'review')} overdue; {len(above):,} above target."
    )
    if no_plan:
        ctx.decisions.append(
            f"Agree owners for the {plural(len(no_plan), 'top-band risk')} with no options "
            "note and no action."
        )
    share = (
        "no controls fell due in the period"
        if on_time.percent is None
        else f"{on_time.on_time:,} of {on_time.due:,} controls due in the period were "
        f"implemented by their expected date ({on_time.percent:.0f}%)"
    )
    blocks: list[Block] = [
        Paragraph(
            f"The register holds {plural(hm.total, 'live risk')} (open or tolerated). "
            f"{len(above):,} are scored above their target and "
            f"{plural(len(no_plan), 'risk')} in the top band "
            f"({m.top_band.label}) have neither an options note nor an action. "
            f"Controls: {share}."
        ),
        heat_figure(hm, "risk_heat"),
        risk_table("top_risks", f"Top {len(top)} risks by current score", top, names=ctx.names),
        risk_table(
            "overdue_reviews",
            f"Risk reviews overdue at {ctx.as_at:%d %b %Y} (longest overdue first)",
            overdue,
            names=ctx.names,
            as_at=ctx.as_at,
            empty="No risk review is overdue.",
            pdf_rows=PDF_LIST,
        ),
    ]
    if no_plan:
        blocks.append(
            risk_table(
                "no_plan",
                f"{m.top_band.label} risks with no plan",
                no_plan,
                names=ctx.names,
                pdf_rows=PDF_LIST,
            )
        )
    return Section("risks", "Risk register", tuple(blocks), sheet_name="Risks")


def board_risk_section(ctx: PackContext) -> Section:
    """Board: the heat map, the top risks and how many reviews are overdue (no names)."""
    svc = ctx.risks()
    hm = svc.heat_map("current")
    top = svc.top_risks(limit=min(ctx.request.top_risks, 10))
    overdue = svc.overdue_reviews(ctx.as_at)
    m = svc.matrix()
    extreme = hm.band_totals()[m.top_band.key]
    ctx.summary.append(
        f"{plural(hm.total, 'live risk')}, {extreme:,} "
        f"{m.top_band.label.lower()}; {plural(len(overdue), 'review')} overdue."
    )
    return Section(
        "risks",
        "Top risks",
        (
            Bullets(
                (
                    f"{plural(extreme, 'risk')} scored {m.top_band.label} "
                    f"({m.top_band.min_score} or more).",
                    f"{plural(len(overdue), 'risk review')} overdue at {ctx.as_at:%d %b %Y}.",
                )
            ),
            heat_figure(hm, "risk_heat"),
            risk_table("top_risks", f"Top {len(top)} risks by current score", top, names=False),
        ),
        sheet_name="Risks",
    )
